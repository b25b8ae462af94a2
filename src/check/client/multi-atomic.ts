/**
 * multi is atomic (zk-client-semantics.md 4): one zxid for all its ops, all or nothing. A successful
 * multi reports every sub-op ok and its effects are visible together: a read of a node it created or set
 * at reply zxid >= its zxid shows czxid (created) or mzxid (set) >= it, and of a node it deleted shows a
 * later incarnation; a failed multi reports OK before the culprit, the culprit's code, RUNTIMEINCONSISTENCY
 * after it. The tree model applies multis atomically and holds their answers (the write checker's
 * violations about multis are repeated here); a failed multi changes nothing there.
 */
import type { OpRecord, RunHistory } from '../../history/index.ts';
import type { Checker, CheckResult } from '../types.ts';
import { atMs, hex, opLabel, push, replyZxid } from './ops.ts';
import { MULTI_CHECKER, modelOf } from './replay.ts';
import { Violations, count, result } from './verdict.ts';

export const multiAtomic: Checker = {
  name: MULTI_CHECKER,
  description: 'a multi\'s effects are all visible at and after its zxid and none before; a failed multi has no effect',
  check,
};

interface Touch {
  readonly zxid: number;
  readonly kind: 'create' | 'delete' | 'setData';
  readonly op: OpRecord;
}

function check(history: RunHistory): CheckResult {
  const v = new Violations(MULTI_CHECKER);
  const multis = history.ops.filter((o) => o.op === 'multi' && (o.outcome === 'ok' || o.outcome === 'fail') && o.zxid !== undefined);
  if (multis.length === 0) return result(v, '', 'no answered multis');
  const touches = new Map<string, Touch[]>();
  for (const m of multis) {
    results(m, v);
    if (m.outcome === 'ok' && m.zxid !== undefined) {
      for (const [i, s] of (m.subOps ?? []).entries()) {
        const r = m.subResults?.[i];
        const path = s.op === 'create' && r !== undefined && r.ok && r.path !== undefined ? r.path : s.path;
        if (s.op !== 'check') push(touches, path, { zxid: m.zxid, kind: s.op, op: m });
      }
    }
  }
  for (const list of touches.values()) list.sort((a, b) => a.zxid - b.zxid);
  const reads = visibility(history, touches, v);
  const run = modelOf(history);
  v.addAll(run.multiViolations.kept, run.multiViolations.count);
  return result(v, `${count(multis.length)} multis all-or-nothing; ${count(reads)} reads of their nodes see them whole`);
}

/** The shape of a multi's results: all ok, or OK.. culprit RUNTIMEINCONSISTENCY.. with the multi's code. */
function results(m: OpRecord, v: Violations): void {
  const rs = m.subResults;
  if (rs === undefined) return;
  const n = m.subOps?.length ?? rs.length;
  if (rs.length !== n) v.add(`${opLabel(m)} has ${n} ops but ${rs.length} results`, atMs(m), [m.id]);
  if (m.outcome === 'ok') {
    const bad = rs.findIndex((r) => !r.ok);
    if (bad >= 0) v.add(`${opLabel(m)} succeeded but its sub-op ${bad} failed`, atMs(m), [m.id]);
    return;
  }
  const culprit = rs.findIndex((r) => !r.ok && r.code !== 'OK' && r.code !== 'RUNTIMEINCONSISTENCY');
  const shape = rs.every((r, i) => (i < culprit ? !r.ok && r.code === 'OK' : i > culprit ? !r.ok && r.code === 'RUNTIMEINCONSISTENCY' : true));
  const culpritCode = rs[culprit];
  if (culprit < 0 || !shape || culpritCode === undefined || culpritCode.ok || culpritCode.code !== m.code) {
    v.add(`${opLabel(m)} failed ${m.code ?? '?'} with results ${rs.map((r) => (r.ok ? 'ok' : r.code)).join(',')}: not OK.. culprit RUNTIMEINCONSISTENCY..`, atMs(m), [m.id]);
  }
}

/** Reads of a node a multi touched, at or after its zxid, show its effect (or a later one). */
function visibility(history: RunHistory, touches: ReadonlyMap<string, Touch[]>, v: Violations): number {
  let n = 0;
  for (const op of history.ops) {
    const list = touches.get(op.path);
    const z = replyZxid(op);
    if (list === undefined || z === undefined || op.outcome !== 'ok' || op.stat === undefined || op.op === 'multi') continue;
    const t = lastAtOrBefore(list, z);
    if (t === undefined) continue;
    n++;
    const stat = op.stat;
    const fine = t.kind === 'delete' ? stat.czxid > t.zxid : t.kind === 'create' ? stat.czxid >= t.zxid : stat.mzxid >= t.zxid;
    if (!fine) {
      const shown = t.kind === 'setData' ? `mzxid ${hex(stat.mzxid)}` : `czxid ${hex(stat.czxid)}`;
      v.add(`${opLabel(op)} shows ${op.path} with ${shown}, without the ${t.kind} of ${opLabel(t.op)} (${hex(t.zxid)} <= ${hex(z)})`, atMs(op), [t.op.id, op.id]);
    }
  }
  return n;
}

function lastAtOrBefore(list: readonly Touch[], z: number): Touch | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.zxid ?? Infinity) <= z) lo = mid + 1;
    else hi = mid;
  }
  return list[lo - 1];
}
