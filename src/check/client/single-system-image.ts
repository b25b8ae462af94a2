/**
 * Single system image (zk-client-semantics.md 6.6, 7): a client never sees an older view than one it
 * has seen, even after reconnecting to another server. Per client, the reply zxids of answered ops never
 * decrease in completion order, and no returned Stat names a zxid above the reply's own.
 */
import type { OpRecord, RunHistory, StatLite } from '../../history/index.ts';
import type { Checker, CheckResult } from '../types.ts';
import { atMs, hex, indexOf, opLabel, replyZxid } from './ops.ts';
import { Violations, count, result } from './verdict.ts';

const NAME = 'single-system-image';

export const singleSystemImage: Checker = {
  name: NAME,
  description: 'per client, reply zxids never go back (across reconnects too) and no Stat is newer than its reply',
  check,
};

function check(history: RunHistory): CheckResult {
  const v = new Violations(NAME);
  const index = indexOf(history);
  const last = new Map<string, OpRecord>();
  let answered = 0;
  for (const op of index.completed) {
    const z = replyZxid(op);
    if (z === undefined) continue;
    answered++;
    const prev = last.get(op.client);
    const prevZxid = prev === undefined ? undefined : replyZxid(prev);
    if (prev !== undefined && prevZxid !== undefined && z < prevZxid) {
      v.add(`${op.client} saw ${hex(prevZxid)} (${opLabel(prev)}) and then the older ${hex(z)} (${opLabel(op)})`, atMs(op), [prev.id, op.id]);
    }
    if (prevZxid === undefined || z >= prevZxid) last.set(op.client, op);
    for (const stat of stats(op)) statNotNewer(op, z, stat, v);
  }
  if (answered === 0) return result(v, '', 'no answered ops');
  return result(v, `${count(answered)} replies to ${count(last.size)} clients never went back in zxid (${count(reconnects(history))} reconnects)`);
}

function stats(op: OpRecord): StatLite[] {
  const out: StatLite[] = [];
  if (op.stat !== undefined) out.push(op.stat);
  for (const r of op.subResults ?? []) if (r.ok && r.stat !== undefined) out.push(r.stat);
  return out;
}

function statNotNewer(op: OpRecord, z: number, stat: StatLite, v: Violations): void {
  const newest = Math.max(stat.mzxid, stat.czxid, stat.pzxid);
  if (newest > z) v.add(`${opLabel(op)} returned a Stat with zxid ${hex(newest)} above its reply zxid ${hex(z)}`, atMs(op), [op.id]);
}

/** Connections after a client's first one. */
function reconnects(history: RunHistory): number {
  const seen = new Set<string>();
  let n = 0;
  for (const e of history.clientEvents) {
    if (e.kind !== 'session' || (e.state !== 'connected' && e.state !== 'readonly')) continue;
    if (seen.has(e.client)) n++;
    else seen.add(e.client);
  }
  return n;
}
