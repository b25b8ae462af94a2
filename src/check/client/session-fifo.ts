/**
 * Per-session FIFO (zk-client-semantics.md 3.0, 7): a client's answered requests complete in the order it
 * sent them, a request still pending at the end was not overtaken by a later one unless the connection
 * dropped in between, and its answered writes got increasing zxids in that order. Indeterminate (info)
 * completions are the client library's and are not ordered.
 */
import type { ClientEvent, OpRecord, RunHistory } from '../../history/index.ts';
import type { Checker, CheckResult } from '../types.ts';
import { atMs, hex, indexOf, opLabel, txnZxid } from './ops.ts';
import { Violations, count, result } from './verdict.ts';

const NAME = 'session-fifo';

export const sessionFifo: Checker = {
  name: NAME,
  description: 'each client\'s answered requests complete in invocation order and its answered writes get increasing zxids',
  check,
};

function check(history: RunHistory): CheckResult {
  const v = new Violations(NAME);
  const index = indexOf(history);
  let answered = 0;
  for (const [client, ops] of index.byClient) {
    answered += completionOrder(ops, v);
    pendingOvertaken(ops, breaks(index.eventsByClient.get(client) ?? []), v);
    writeOrder(ops, v);
  }
  if (answered === 0) return result(v, '', 'no answered ops');
  return result(v, `${count(answered)} answered ops of ${count(index.byClient.size)} clients complete in invocation order`);
}

function completionOrder(ops: readonly OpRecord[], v: Violations): number {
  let prev: OpRecord | undefined;
  let n = 0;
  for (const op of ops) {
    if (op.outcome !== 'ok' && op.outcome !== 'fail') continue;
    n++;
    if (prev !== undefined && op.completeSeq < prev.completeSeq) {
      v.add(`${opLabel(op)} was invoked after ${opLabel(prev)} but completed before it`, atMs(op), [prev.id, op.id]);
    }
    prev = op;
  }
  return n;
}

/** Seqs at which a client's connection broke (disconnected, expired, closed, auth failed). */
function breaks(events: readonly ClientEvent[]): number[] {
  return events.filter((e) => e.kind === 'session' && e.state !== 'connected' && e.state !== 'readonly').map((e) => e.seq);
}

/** A request pending at the end must not be overtaken by a later answered one on the same connection. */
function pendingOvertaken(ops: readonly OpRecord[], breakSeqs: readonly number[], v: Violations): void {
  let pending: OpRecord | undefined;
  for (const op of ops) {
    if (op.outcome === 'pending') {
      pending ??= op;
      continue;
    }
    if (pending === undefined || (op.outcome !== 'ok' && op.outcome !== 'fail')) continue;
    const p = pending;
    if (!breakSeqs.some((s) => s > p.invokeSeq && s < op.completeSeq)) {
      v.add(`${opLabel(p)} is still pending but the later ${opLabel(op)} was answered on the same connection`, atMs(op), [p.id, op.id]);
    }
    pending = undefined;
  }
}

function writeOrder(ops: readonly OpRecord[], v: Violations): void {
  let prev: OpRecord | undefined;
  let prevZxid = -Infinity;
  for (const op of ops) {
    const z = txnZxid(op);
    if (z === undefined) continue;
    if (prev !== undefined && z <= prevZxid) {
      v.add(`${opLabel(op)} was sent after ${opLabel(prev)} but got zxid ${hex(z)} <= ${hex(prevZxid)}`, atMs(op), [prev.id, op.id]);
    }
    prev = op;
    prevZxid = z;
  }
}
