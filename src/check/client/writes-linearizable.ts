/**
 * Writes are linearizable (zk-client-semantics.md 7): the answered writes, failed ones with their error
 * txn included, are totally ordered by zxid; each txn has its own zxid; a write that completed before
 * another was invoked has the smaller zxid; and replaying them in zxid order on the tree model gives
 * exactly the answers the clients got (codes, sequential names, returned Stats, multi all-or-nothing).
 * Indeterminate writes may be assumed to have happened when that explains what was seen.
 */
import type { OpRecord, RunHistory } from '../../history/index.ts';
import type { Checker, CheckResult } from '../types.ts';
import { atMs, hex, indexOf, opLabel, sortBy, txnZxid } from './ops.ts';
import { WRITES_CHECKER, modelOf } from './replay.ts';
import { Violations, count, result } from './verdict.ts';

export const writesLinearizable: Checker = {
  name: WRITES_CHECKER,
  description: 'answered writes are totally ordered by unique zxids that respect real time, and replaying them on a tree model gives the answers the clients got',
  check,
};

function check(history: RunHistory): CheckResult {
  const v = new Violations(WRITES_CHECKER);
  const writes = history.ops.filter((o) => txnZxid(o) !== undefined);
  const run = modelOf(history);
  if (writes.length === 0) return result(v, '', `no answered writes among ${count(history.ops.length)} ops`);
  uniqueZxids(writes, v);
  realTimeOrder(history, v);
  v.addAll(run.writeViolations.kept, run.writeViolations.count);
  const assumed = run.indeterminate === 0 ? '' : `; ${count(run.assumedOps)} of ${count(run.indeterminate)} indeterminate writes assumed to have happened`;
  const closes = run.assumedCloses === 0 ? '' : `; ${count(run.assumedCloses)} session closes assumed`;
  return result(v, `${count(history.ops.length)} ops, ${count(writes.length)} writes in zxid order${assumed}${closes}`);
}

/** Sorted zxids, adjacent duplicates; the ops only looked up when there is one. */
function uniqueZxids(writes: readonly OpRecord[], v: Violations): void {
  const zs = new Float64Array(writes.length);
  writes.forEach((op, i) => {
    zs[i] = txnZxid(op) ?? -1;
  });
  zs.sort();
  const dups = new Set<number>();
  for (let i = 1; i < zs.length; i++) if (zs[i] === zs[i - 1]) dups.add(zs[i] ?? -1);
  if (dups.size === 0) return;
  const owner = new Map<number, OpRecord>();
  for (const op of writes) {
    const z = txnZxid(op);
    if (z === undefined || !dups.has(z)) continue;
    const other = owner.get(z);
    if (other === undefined) owner.set(z, op);
    else v.add(`two txns share zxid ${hex(z)}: ${opLabel(other)} and ${opLabel(op)}`, atMs(op), [other.id, op.id]);
  }
}

/**
 * Real time, as one sweep: invocations and completions in seq order, keeping the largest zxid of the
 * writes completed so far; a write invoked after it must have a larger zxid.
 */
function realTimeOrder(history: RunHistory, v: Violations): void {
  const invoked = history.ops.filter((o) => txnZxid(o) !== undefined);
  sortBy(invoked, (o) => o.invokeSeq);
  const completed = indexOf(history).completed;
  let next = 0;
  let before: OpRecord | undefined;
  let beforeZxid = -Infinity;
  for (const b of invoked) {
    for (; next < completed.length; next++) {
      const a = completed[next];
      if (a === undefined || a.completeSeq >= b.invokeSeq) break;
      const z = txnZxid(a);
      if (z !== undefined && z > beforeZxid) {
        beforeZxid = z;
        before = a;
      }
    }
    const zb = txnZxid(b);
    if (before !== undefined && zb !== undefined && zb <= beforeZxid) {
      v.add(`${opLabel(before)} completed before ${opLabel(b)} was invoked, yet ${hex(zb)} <= ${hex(beforeZxid)}`, atMs(b), [before.id, b.id]);
    }
  }
}
