/**
 * The global committed log of a run: which zxids were committed, and from which server event on it is
 * known. A txn counts as committed when
 *  - a leader committed it (zab-commit), or a server applied it outside a sync (zab-apply in broadcast);
 *  - a learner applied it during a sync (between zab-sync-received and zab-serving) from a leader that
 *    established leadership (zab-serving role leader) in that same term of its (LEADING before its next
 *    LOOKING): known committed from the later of the apply and the establishment. A sync from a leader
 *    that never established is tentative: ZooKeeper may drop it;
 *  - it is in an established leader's initial history (Zab commits it with NEWLEADER): its lastLoggedZxid
 *    at its last LOOKING (the base), and, in the same epoch as that base and at most it, every proposal
 *    and every other server's logged base (txns of one epoch come from one leader, in zxid order).
 * Cost: two passes over the events; the committed zxids are held densely per epoch (zxid-index.ts).
 */
import type { RunHistory, ServerEvent } from '../../history/index.ts';
import { zabView } from './events.ts';
import { ZxidIndex } from './zxid-index.ts';
import { epochOfZxid, isTxnZxid } from './zxids.ts';

export interface CommittedLog {
  /** Committed zxid -> the index of the server event from which it is known committed. */
  readonly committedAt: ZxidIndex;
  /** The committed zxids ascending: the global committed sequence. */
  readonly sequence: Float64Array;
}

interface Marked {
  readonly zxid: number;
  readonly idx: number;
}

interface Pass {
  readonly committedAt: ZxidIndex;
  /** Per server, how many times it went LOOKING: a role term is (server, count). */
  readonly lookCount: Map<number, number>;
  /** Per learner in a sync: the term key of the leader it syncs from. */
  readonly syncFrom: Map<number, string>;
  /** Per server, the lastLoggedZxid of its last LOOKING. */
  readonly lastBase: Map<number, number>;
  /** Term key -> event index where that term established leadership. */
  readonly established: Map<string, number>;
  readonly tentative: (Marked & { readonly term: string })[];
  readonly bases: Marked[];
  readonly leaderBases: Marked[];
}

function mark(committedAt: ZxidIndex, zxid: number, idx: number): void {
  if (isTxnZxid(zxid)) committedAt.setMin(zxid, idx);
}

function termKey(server: number, lookCount: number): string {
  return `${server}:${lookCount}`;
}

function firstPass(history: RunHistory): Pass {
  const p: Pass = {
    committedAt: new ZxidIndex(), lookCount: new Map(), syncFrom: new Map(), lastBase: new Map(), established: new Map(),
    tentative: [], bases: [], leaderBases: [],
  };
  const events = history.serverEvents;
  for (let idx = 0; idx < events.length; idx++) {
    const e = events[idx];
    if (e === undefined) continue;
    if (e.event === 'zab-apply' || e.event === 'zab-commit') {
      txnEvent(p, e, idx);
      continue;
    }
    const v = zabView(e);
    if (v === undefined) continue;
    const s = e.server;
    switch (v.kind) {
      case 'looking':
        p.lookCount.set(s, (p.lookCount.get(s) ?? 0) + 1);
        p.syncFrom.delete(s);
        if (v.lastLoggedZxid === undefined) p.lastBase.delete(s);
        else {
          p.lastBase.set(s, v.lastLoggedZxid);
          p.bases.push({ zxid: v.lastLoggedZxid, idx });
        }
        break;
      case 'sync-received':
        p.syncFrom.set(s, termKey(v.leader, p.lookCount.get(v.leader) ?? 0));
        break;
      case 'serving':
        p.syncFrom.delete(s);
        if (v.role === 'leader') noteEstablished(p, s, idx);
        break;
      case 'snapshot-loaded':
      case 'log-truncated':
        p.bases.push({ zxid: v.zxid, idx });
        break;
      case 'elected':
      case 'step-down':
      case 'halted':
        p.syncFrom.delete(s);
        break;
      case 'epoch-proposed':
      case 'epoch-accepted':
      case 'epoch-current':
      case 'proposal':
      case 'apply': // read in place by txnEvent
      case 'commit':
        break;
    }
  }
  return p;
}

/** zab-apply (committed, or tentative during a sync) and zab-commit, without decoding them. */
function txnEvent(p: Pass, e: ServerEvent, idx: number): void {
  const z = e['zxid'];
  if (typeof z !== 'number') return;
  const term = e.event === 'zab-apply' ? p.syncFrom.get(e.server) : undefined;
  if (term === undefined) mark(p.committedAt, z, idx);
  else p.tentative.push({ zxid: z, idx, term });
}

function noteEstablished(p: Pass, server: number, idx: number): void {
  const key = termKey(server, p.lookCount.get(server) ?? 0);
  if (!p.established.has(key)) p.established.set(key, idx);
  const base = p.lastBase.get(server);
  if (base !== undefined) p.leaderBases.push({ zxid: base, idx });
}

/** Per epoch, the established leaders' bases ascending, with the earliest establishment at or above each. */
interface EpochBases {
  readonly zxids: number[];
  readonly minIdxFrom: number[];
}

function basesByEpoch(leaderBases: readonly Marked[]): Map<number, EpochBases> {
  const grouped = new Map<number, Marked[]>();
  for (const b of leaderBases) {
    if (!isTxnZxid(b.zxid)) continue;
    const e = epochOfZxid(b.zxid);
    const list = grouped.get(e) ?? [];
    list.push(b);
    grouped.set(e, list);
  }
  const out = new Map<number, EpochBases>();
  for (const [e, list] of grouped) {
    list.sort((a, b) => a.zxid - b.zxid);
    const minIdxFrom = list.map((b) => b.idx);
    for (let i = minIdxFrom.length - 2; i >= 0; i--) minIdxFrom[i] = Math.min(minIdxFrom[i] ?? Infinity, minIdxFrom[i + 1] ?? Infinity);
    out.set(e, { zxids: list.map((b) => b.zxid), minIdxFrom });
  }
  return out;
}

/** The earliest establishment whose base is in z's epoch and at least z, if any. */
function coveredAt(byEpoch: ReadonlyMap<number, EpochBases>, z: number): number | undefined {
  if (!isTxnZxid(z)) return undefined;
  const eb = byEpoch.get(epochOfZxid(z));
  if (eb === undefined) return undefined;
  let lo = 0;
  let hi = eb.zxids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((eb.zxids[mid] ?? Infinity) < z) lo = mid + 1;
    else hi = mid;
  }
  return eb.minIdxFrom[lo];
}

function markImplicit(history: RunHistory, p: Pass): void {
  for (const b of p.leaderBases) mark(p.committedAt, b.zxid, b.idx);
  const byEpoch = basesByEpoch(p.leaderBases);
  if (byEpoch.size === 0) return;
  for (const b of p.bases) {
    const at = coveredAt(byEpoch, b.zxid);
    if (at !== undefined) mark(p.committedAt, b.zxid, at);
  }
  const events = history.serverEvents;
  for (let idx = 0; idx < events.length; idx++) {
    const e = events[idx];
    if (e === undefined || e.event !== 'zab-proposal') continue;
    const v = zabView(e);
    if (v?.kind !== 'proposal') continue;
    const at = coveredAt(byEpoch, v.zxid);
    if (at !== undefined) mark(p.committedAt, v.zxid, at);
  }
}

export function committedLog(history: RunHistory): CommittedLog {
  const p = firstPass(history);
  for (const t of p.tentative) {
    const at = p.established.get(t.term);
    if (at !== undefined) mark(p.committedAt, t.zxid, Math.max(at, t.idx));
  }
  markImplicit(history, p);
  const sequence = p.committedAt.sortedKeys();
  return { committedAt: p.committedAt, sequence };
}

/** The index in `sorted` of the first entry above z (sorted.length when none). */
export function upperBound(sorted: Float64Array, z: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? Infinity) <= z) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
