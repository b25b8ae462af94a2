/**
 * Timeliness (zk-client-semantics.md 3.8, 7). After a client's sync completes, its next read is answered
 * at a zxid >= every write acknowledged before the sync was invoked. And staleness stays bounded: a read's
 * staleness is how long before its invocation the oldest acknowledged write it misses (zxid above its
 * reply zxid) was acknowledged; the maximum is reported, and a read invoked more than 10 s after the heal
 * (meta.healMicros) that misses a write acknowledged more than 10 s earlier fails.
 */
import type { OpRecord, RunHistory } from '../../history/index.ts';
import type { Checker, CheckResult } from '../types.ts';
import { atMs, hex, indexOf, isRead, metaOf, opLabel, replyZxid, sortBy, txnZxid } from './ops.ts';
import { Violations, count, result } from './verdict.ts';

const NAME = 'sync-then-read';
/** Staleness allowed once faults are off, and how long after the heal the bound applies. */
const STALE_BOUND_MICROS = 10_000_000;

export const syncThenRead: Checker = {
  name: NAME,
  description: 'a read after a sync sees every write acknowledged before the sync; staleness is bounded after the heal',
  check,
};

function check(history: RunHistory): CheckResult {
  const v = new Violations(NAME);
  const acked = ackedPrefix(history);
  const syncs = afterSyncs(history, acked, v);
  const stale = staleness(history, v);
  if (syncs === 0 && stale.reads === 0) return result(v, '', 'no syncs and no answered reads');
  const worst = stale.worst === undefined ? 'no stale read' : `max staleness ${(stale.worstMicros / 1000).toFixed(1)} ms (${opLabel(stale.worst)})`;
  const bound = stale.bounded ? '' : ' (no meta.healMicros: the staleness bound was not applied)';
  return result(v, `${count(syncs)} syncs followed by fresh reads; ${count(stale.reads)} reads, ${worst}${bound}`);
}

/** Writes acknowledged up to a seq: completion seqs and the running max txn zxid. */
interface Prefix {
  readonly seqs: number[];
  readonly maxes: number[];
  readonly ops: OpRecord[];
}

function ackedPrefix(history: RunHistory): Prefix {
  const p: Prefix = { seqs: [], maxes: [], ops: [] };
  let max = -Infinity;
  for (const op of indexOf(history).completed) {
    const z = txnZxid(op);
    if (z === undefined || z <= max) continue;
    max = z;
    p.seqs.push(op.completeSeq);
    p.maxes.push(z);
    p.ops.push(op);
  }
  return p;
}

/** The last entry acknowledged before `seq`, as an index (-1 if none). */
function before(p: Prefix, seq: number): number {
  let lo = 0;
  let hi = p.seqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((p.seqs[mid] ?? Infinity) < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function afterSyncs(history: RunHistory, acked: Prefix, v: Violations): number {
  let n = 0;
  for (const ops of indexOf(history).byClient.values()) {
    ops.forEach((sync, i) => {
      if (sync.op !== 'sync' || sync.outcome !== 'ok') return;
      const k = before(acked, sync.invokeSeq);
      const need = acked.maxes[k];
      const writer = acked.ops[k];
      const read = nextRead(ops, i + 1, sync.completeSeq);
      const r = read === undefined ? undefined : replyZxid(read);
      if (read === undefined || r === undefined || need === undefined || writer === undefined) return;
      n++;
      if (r < need) v.add(`${opLabel(read)} after ${opLabel(sync)} misses ${opLabel(writer)} acknowledged before the sync (${hex(r)} < ${hex(need)})`, atMs(read), [writer.id, sync.id, read.id]);
    });
  }
  return n;
}

function nextRead(ops: readonly OpRecord[], from: number, afterSeq: number): OpRecord | undefined {
  for (let j = from; j < ops.length; j++) {
    const o = ops[j];
    if (o !== undefined && isRead(o.op) && o.invokeSeq > afterSeq) return o;
  }
  return undefined;
}

interface Staleness {
  reads: number;
  worstMicros: number;
  worst: OpRecord | undefined;
  bounded: boolean;
}

/**
 * One sweep over reads in invocation order, inserting writes as they are acknowledged into a Fenwick
 * tree over zxid ranks that keeps the earliest acknowledgement time of any write above a rank.
 */
function staleness(history: RunHistory, v: Violations): Staleness {
  const writes = indexOf(history).completed.filter((o) => txnZxid(o) !== undefined);
  const ranks = [...new Set(writes.map((o) => txnZxid(o) ?? 0))].sort((a, b) => a - b);
  const tree = new SuffixMin(ranks.length);
  const reads = history.ops.filter((o) => isRead(o.op) && replyZxid(o) !== undefined);
  sortBy(reads, (o) => o.invokeSeq);
  const meta = metaOf(history);
  const s: Staleness = { reads: reads.length, worstMicros: 0, worst: undefined, bounded: meta !== undefined };
  let next = 0;
  for (const read of reads) {
    for (; next < writes.length; next++) {
      const w = writes[next];
      if (w === undefined || w.completeSeq >= read.invokeSeq) break;
      tree.insert(rankOf(ranks, txnZxid(w) ?? 0), w.completeMicros);
    }
    const z = replyZxid(read) ?? 0;
    const oldest = tree.minAbove(rankOf(ranks, z + 1));
    if (oldest === Infinity) continue;
    const micros = read.invokeMicros - oldest;
    if (micros > s.worstMicros) {
      s.worstMicros = micros;
      s.worst = read;
    }
    if (meta !== undefined && read.invokeMicros > meta.healMicros + STALE_BOUND_MICROS && micros > STALE_BOUND_MICROS) {
      v.add(`${opLabel(read)} ${(micros / 1000).toFixed(0)} ms after the heal+10 s still misses a write acknowledged ${(micros / 1e6).toFixed(1)} s before it`, atMs(read), [read.id]);
    }
  }
  return s;
}

/** The first rank whose zxid is >= z. */
function rankOf(ranks: readonly number[], z: number): number {
  let lo = 0;
  let hi = ranks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ranks[mid] ?? Infinity) < z) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Fenwick tree: point "lower to x", query min over ranks >= r (stored reversed as a prefix). */
class SuffixMin {
  private readonly t: Float64Array;

  constructor(private readonly n: number) {
    this.t = new Float64Array(n + 1).fill(Infinity);
  }

  insert(rank: number, x: number): void {
    for (let i = this.n - rank; i <= this.n; i += i & -i) {
      if (x < (this.t[i] ?? Infinity)) this.t[i] = x;
    }
  }

  minAbove(rank: number): number {
    let m = Infinity;
    for (let i = this.n - rank; i > 0; i -= i & -i) m = Math.min(m, this.t[i] ?? Infinity);
    return m;
  }
}
