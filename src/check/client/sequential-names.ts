/**
 * Sequential names (zk-client-semantics.md 1.5): the sequential creates that succeeded under one parent
 * (one incarnation of it: the counter restarts only when the parent is deleted and created again) get
 * the requested prefix plus a 10-digit counter, unique, increasing with zxid (and within a multi, with
 * the sub-op order).
 */
import type { OpRecord, RunHistory } from '../../history/index.ts';
import { parentOf } from '../../zk/protocol/index.ts';
import type { Checker, CheckResult } from '../types.ts';
import { changeIndexOf } from './change-index.ts';
import type { ChangeIndex } from './change-index.ts';
import { atMs, hex, opLabel, push } from './ops.ts';
import { Violations, count, result } from './verdict.ts';

const NAME = 'sequential-names';

export const sequentialNames: Checker = {
  name: NAME,
  description: 'successful sequential creates under one parent get unique names whose counters increase with zxid',
  check,
};

interface Named {
  readonly op: OpRecord;
  readonly zxid: number;
  readonly sub: number;
  readonly prefix: string;
  readonly name: string;
}

function check(history: RunHistory): CheckResult {
  const v = new Violations(NAME);
  const named = sequentialCreates(history);
  if (named.length === 0) return result(v, '', 'no successful sequential creates');
  const changes = changeIndexOf(history);
  const groups = new Map<string, Named[]>();
  const creates = new Map<string, number[]>();
  for (const n of named) {
    const counter = counterOf(n);
    if (counter === undefined) {
      v.add(`${opLabel(n.op)} asked for ${n.prefix} and got ${n.name}, not the prefix and a 10-digit counter`, atMs(n.op), [n.op.id]);
      continue;
    }
    const parent = parentOf(n.prefix);
    push(groups, `${parent} ${incarnation(creates, changes, parent, n.zxid)}`, n);
  }
  for (const list of groups.values()) increasing(list, v);
  return result(v, `${count(named.length)} sequential names under ${count(groups.size)} parents unique and increasing`);
}

function sequentialCreates(history: RunHistory): Named[] {
  const out: Named[] = [];
  for (const op of history.ops) {
    if (op.outcome !== 'ok' || op.zxid === undefined) continue;
    if (op.op === 'create' && op.sequential === true && op.createdPath !== undefined) {
      out.push({ op, zxid: op.zxid, sub: 0, prefix: op.path, name: op.createdPath });
    }
    if (op.op !== 'multi') continue;
    (op.subOps ?? []).forEach((s, i) => {
      const r = op.subResults?.[i];
      if (s.op === 'create' && s.sequential === true && r !== undefined && r.ok && r.path !== undefined && op.zxid !== undefined) {
        out.push({ op, zxid: op.zxid, sub: i, prefix: s.path, name: r.path });
      }
    });
  }
  return out;
}

function counterOf(n: Named): number | undefined {
  if (!n.name.startsWith(n.prefix)) return undefined;
  const suffix = n.name.slice(n.prefix.length);
  return /^-?\d{10}$/.test(suffix) ? Number(suffix) : undefined;
}

/** How many times the parent was created at or before zxid z (0 for nodes that always existed). */
function incarnation(cache: Map<string, number[]>, changes: ChangeIndex, parent: string, z: number): number {
  let zs = cache.get(parent);
  if (zs === undefined) {
    zs = changes.onPath(parent).filter((c) => c.kind === 'create').map((c) => c.zxid);
    cache.set(parent, zs);
  }
  let lo = 0;
  let hi = zs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((zs[mid] ?? Infinity) <= z) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function increasing(list: Named[], v: Violations): void {
  list.sort((a, b) => a.zxid - b.zxid || a.sub - b.sub);
  const names = new Map<string, Named>();
  let prev: Named | undefined;
  for (const n of list) {
    const same = names.get(n.name);
    if (same !== undefined) v.add(`${opLabel(n.op)} and ${opLabel(same.op)} both created ${n.name}`, atMs(n.op), [same.op.id, n.op.id]);
    names.set(n.name, n);
    const c = counterOf(n) ?? 0;
    const p = prev === undefined ? undefined : counterOf(prev);
    if (prev !== undefined && p !== undefined && same === undefined && c <= p) {
      v.add(`${opLabel(n.op)} got counter ${c} at ${hex(n.zxid)} after ${opLabel(prev.op)} got ${p} at ${hex(prev.zxid)}`, atMs(n.op), [prev.op.id, n.op.id]);
    }
    prev = n;
  }
}
