/**
 * Read your writes (zk-client-semantics.md 7): once a client's write completed with zxid w, every read
 * (and sync) that client invokes afterwards is answered by a server that has applied w.
 */
import type { OpRecord, RunHistory } from '../../history/index.ts';
import type { Checker, CheckResult } from '../types.ts';
import { atMs, hex, indexOf, isRead, opLabel, replyZxid, sortBy, txnZxid } from './ops.ts';
import { Violations, count, result } from './verdict.ts';

const NAME = 'read-your-writes';

export const readYourWrites: Checker = {
  name: NAME,
  description: 'a client\'s reads after its own completed write have reply zxid >= that write\'s zxid',
  check,
};

function check(history: RunHistory): CheckResult {
  const v = new Violations(NAME);
  let checked = 0;
  for (const ops of indexOf(history).byClient.values()) checked += client(ops, v);
  if (checked === 0) return result(v, '', 'no answered read follows a write of the same client');
  return result(v, `${count(checked)} reads after their client's own writes saw them`);
}

/** Two pointers: the client's writes in completion order against its reads in invocation order. */
function client(ops: readonly OpRecord[], v: Violations): number {
  const writes = ops.filter((o) => txnZxid(o) !== undefined);
  sortBy(writes, (o) => o.completeSeq);
  let next = 0;
  let latest: OpRecord | undefined;
  let latestZxid = -Infinity;
  let checked = 0;
  for (const op of ops) {
    if (!isRead(op.op) && op.op !== 'sync') continue;
    for (; next < writes.length; next++) {
      const w = writes[next];
      const z = w === undefined ? undefined : txnZxid(w);
      if (w === undefined || z === undefined || w.completeSeq >= op.invokeSeq) break;
      if (z > latestZxid) {
        latestZxid = z;
        latest = w;
      }
    }
    const r = replyZxid(op);
    if (latest === undefined || r === undefined) continue;
    checked++;
    if (r < latestZxid) v.add(`${opLabel(op)} was answered at ${hex(r)}, before the client's own ${opLabel(latest)}`, atMs(op), [latest.id, op.id]);
  }
  return checked;
}
