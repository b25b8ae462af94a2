/**
 * How the leader brings one learner in line before NEWLEADER: LearnerHandler.syncFollower and
 * queueCommittedProposals of ZooKeeper 3.8.0 as a pure function, plus the part of Leader.startForwarding
 * that queues what is still in flight. Reimplemented from those methods, branch by branch:
 *
 *  0. an empty committedLog counts as the window [lastProcessedZxid, lastProcessedZxid];
 *  1. forceSnapSync (zookeeper.forceSnapshotSync, for tests) -> SNAP;
 *  2. peer zxid == lastProcessedZxid -> an empty DIFF(peer zxid);
 *  3. peer zxid > maxCommittedLog and its counter is not 0 -> TRUNC(maxCommittedLog), nothing else;
 *  4. minCommittedLog <= peer zxid <= maxCommittedLog -> walk the committedLog (queueCommittedProposals):
 *     DIFF(maxCommittedLog) when the peer's zxid is found or is a new-epoch zxid (counter 0), TRUNC(the
 *     proposal before the first one above the peer) when the peer has a txn the leader never saw in the
 *     same epoch, and give up (SNAP) when that first proposal is of another epoch; then every later
 *     committed proposal as PROPOSAL + COMMIT;
 *  5. peer zxid < minCommittedLog and txn-log sync enabled (zookeeper.snapshotSizeFactor >= 0) -> read
 *     proposals from the on-disk txn log (ZKDatabase.getProposalsFromTxnLog, refused when the log does not
 *     reach back to the peer or is bigger than snapshotSizeFactor x the newest snapshot) up to
 *     minCommittedLog the same way, then the committedLog after them; a gap between the two -> SNAP;
 *  6. anything else ("Unhandled scenario") -> SNAP.
 *  And, as ZooKeeper does, a plan that ended with no DIFF/TRUNC queued falls back to SNAP.
 *
 * The plan mirrors LearnerHandler.queuedPackets at the moment syncFollower returns (the SNAP itself is
 * not queued there: LearnerHandler.run writes it straight to the socket), so the ported LearnerHandlerTest
 * cases compare the same sequences. The zxid handed to startForwarding is kept exactly, including its one
 * quirk: when the committedLog walk gives up on a cross-epoch TRUNC, ZooKeeper decides on SNAP only after
 * startForwarding ran, so forwarding starts from the peer's zxid, not from the snapshot's.
 *
 * Left out, on purpose: the log read lock (a pure function sees one consistent state); the sync
 * throttles (LearnerSyncThrottler); the marker packets queuePacket adds for latency metrics.
 */
import { assert, counterOf, epochOf } from '../../base/index.ts';
import type { Zxid } from '../../base/index.ts';
import type { Txn } from '../protocol/index.ts';
import type { PacketOf } from './packets.ts';

/** ZKDatabase.DEFAULT_SNAPSHOT_SIZE_FACTOR: sync from the txn log while it is under a third of the snapshot. */
export const DEFAULT_SNAPSHOT_SIZE_FACTOR = 0.33;
/** ZKDatabase.DEFAULT_COMMIT_LOG_COUNT: the committedLog keeps at least this many proposals (and at most one more). */
export const DEFAULT_COMMIT_LOG_COUNT = 500;

/** ZKDatabase's constructor: a factor above 1 is refused and the default used; a negative one disables txn-log sync. */
export function effectiveSnapshotSizeFactor(configured: number): number {
  assert(Number.isFinite(configured), 'zookeeper.snapshotSizeFactor is a number');
  return configured > 1 ? DEFAULT_SNAPSHOT_SIZE_FACTOR : configured;
}

/** ZKDatabase's constructor: zookeeper.commitLogCount below the default is raised to it. */
export function effectiveCommitLogCount(configured: number): number {
  assert(Number.isSafeInteger(configured), 'zookeeper.commitLogCount is an integer');
  return Math.max(configured, DEFAULT_COMMIT_LOG_COUNT);
}

/** One txn log file as the leader's disk holds it (FileTxnLog: `log.<hex zxid of its first txn>`). */
export interface TxnLogFileView {
  /** The zxid in the file's name. */
  readonly startZxid: Zxid;
  /** File.length(): the whole file, preallocated zero padding included. */
  readonly sizeBytes: number;
  /** The whole records in the file, in order (a torn or corrupt tail already cut off by the reader). */
  readonly txns: readonly Txn[];
}

export interface TxnLogView {
  /** Every log file of the data log dir, in any order. */
  readonly files: readonly TxnLogFileView[];
  /** The size of the newest snapshot file (FileTxnSnapLog.findMostRecentSnapshot), 0 when there is none. */
  readonly newestSnapshotBytes: number;
}

/** What syncFollower reads from the leader's ZKDatabase. */
export interface LeaderSyncState {
  /** ZKDatabase.getDataTreeLastProcessedZxid. */
  readonly lastProcessedZxid: Zxid;
  /**
   * ZKDatabase.committedLog, oldest first; min/maxCommittedLog are its ends. Zxids increase; a repeated run
   * (LearnerHandlerTest.testDuplicatedTxn) is tolerated the way ZooKeeper tolerates it: never queued twice.
   */
  readonly committedLog: readonly Txn[];
  /** zookeeper.snapshotSizeFactor as configured (effectiveSnapshotSizeFactor applies ZooKeeper's rule). */
  readonly snapshotSizeFactor: number;
  /** zookeeper.forceSnapshotSync. */
  readonly forceSnapSync: boolean;
  /** Reads the on-disk txn log; called at most once, and only when branch 5 needs it. */
  readTxnLog(): TxnLogView;
}

export type SyncMode = 'DIFF' | 'TRUNC' | 'SNAP';

/** Which branch of syncFollower decided (for events and reports). */
export type SyncReason =
  | 'forced-snap'
  | 'in-sync'
  | 'peer-ahead'
  | 'committed-log'
  | 'txn-log'
  | 'txn-log-unavailable'
  | 'txn-log-gap'
  | 'cross-epoch'
  | 'no-history';

export type SyncQueuedPacket = PacketOf<'DIFF' | 'TRUNC' | 'PROPOSAL' | 'COMMIT'>;

export interface SyncPlan {
  readonly mode: SyncMode;
  /** The zxid of the DIFF / TRUNC / SNAP packet (for SNAP: the leader's lastProcessedZxid). */
  readonly zxid: Zxid;
  /** LearnerHandler.queuedPackets after syncFollower: DIFF or TRUNC, then PROPOSAL + COMMIT pairs; empty for SNAP. */
  readonly queued: readonly SyncQueuedPacket[];
  /** The zxid syncFollower hands to Leader.startForwarding (what the learner has once the queue is sent). */
  readonly forwardFromZxid: Zxid;
  /** The zxid the learner is at once the SNAP or the queue is applied. */
  readonly learnerZxid: Zxid;
  readonly reason: SyncReason;
}

const isNewEpochZxid = (z: Zxid): boolean => counterOf(z) === 0;

/** The handler's queue while syncFollower runs (queuedPackets and the needOpPacket flag). */
interface HandlerQueue {
  packets: SyncQueuedPacket[];
  needOpPacket: boolean;
}

/**
 * LearnerHandler.queueCommittedProposals: queues the proposals in (peerLastZxid, maxZxid] as PROPOSAL +
 * COMMIT, preceded by DIFF or TRUNC while no op packet is queued yet. Returns the last queued zxid, and
 * whether it stopped because a TRUNC would cross an epoch boundary.
 */
function queueCommittedProposals(q: HandlerQueue, proposals: Iterable<Txn>, peerLastZxid: Zxid, maxZxid: Zxid | null,
  lastCommittedZxid: Zxid): { readonly queuedZxid: Zxid; readonly crossEpoch: boolean } {
  const peerNewEpoch = isNewEpochZxid(peerLastZxid);
  let queuedZxid = peerLastZxid;
  let prevProposalZxid = -1;
  for (const txn of proposals) {
    const packetZxid = txn.zxid;
    if (maxZxid !== null && packetZxid > maxZxid) break;
    if (packetZxid < peerLastZxid) {
      prevProposalZxid = packetZxid;
      continue;
    }
    if (q.needOpPacket) {
      if (packetZxid === peerLastZxid) {
        q.packets.push({ type: 'DIFF', zxid: lastCommittedZxid });
        q.needOpPacket = false;
        continue;
      }
      if (peerNewEpoch) {
        q.packets.push({ type: 'DIFF', zxid: lastCommittedZxid });
        q.needOpPacket = false;
      } else if (packetZxid > peerLastZxid) {
        // The peer holds txns this leader never saw (it may have led): cut it back, unless that crosses an epoch.
        if (epochOf(packetZxid) !== epochOf(peerLastZxid)) return { queuedZxid, crossEpoch: true };
        assert(prevProposalZxid >= 0, 'a TRUNC point precedes the first proposal above the peer');
        q.packets.push({ type: 'TRUNC', zxid: prevProposalZxid as Zxid });
        q.needOpPacket = false;
      }
    }
    if (packetZxid <= queuedZxid) continue; // no op packet yet, or a duplicate txn in the iterator
    q.packets.push({ type: 'PROPOSAL', txn }, { type: 'COMMIT', zxid: packetZxid });
    queuedZxid = packetZxid;
  }
  if (q.needOpPacket && peerNewEpoch) {
    // Our history ends before the learner's new-epoch zxid and nothing newer exists: an empty DIFF.
    q.packets.push({ type: 'DIFF', zxid: lastCommittedZxid });
    q.needOpPacket = false;
  }
  return { queuedZxid, crossEpoch: false };
}

/**
 * ZKDatabase.getProposalsFromTxnLog over FileTxnSnapLog.readTxnLog(startZxid, false): the log files from
 * the last one named below startZxid onwards (or all of them when none is), read from the first record of
 * that file. Empty when the first record is above startZxid (the log does not reach back that far) or when
 * the size limit is positive and exceeded. FileTxnIterator.getStorageSize sums the files it has not opened
 * yet, so the file holding the first record does not count against the limit (as in ZooKeeper).
 */
function* proposalsFromTxnLog(view: TxnLogView, startZxid: Zxid, sizeLimitBytes: number): Generator<Txn> {
  const ascending = [...view.files].sort((a, b) => a.startZxid - b.startZxid);
  let first = 0;
  for (let i = 0; i < ascending.length; i++) if ((ascending[i] as TxnLogFileView).startZxid < startZxid) first = i;
  const stored = ascending.slice(first);
  const opened = stored.findIndex((f) => f.txns.length > 0);
  if (opened < 0) return;
  const head = stored[opened] as TxnLogFileView;
  if ((head.txns[0] as Txn).zxid > startZxid) return;
  const unopenedBytes = stored.slice(opened + 1).reduce((sum, f) => sum + f.sizeBytes, 0);
  if (sizeLimitBytes > 0 && unopenedBytes > sizeLimitBytes) return;
  for (let i = opened; i < stored.length; i++) yield* (stored[i] as TxnLogFileView).txns;
}

/** Branch 5: the txn log up to minCommittedLog, then the committedLog; any reason but 'txn-log' means SNAP. */
function syncFromTxnLog(q: HandlerQueue, peerLastZxid: Zxid, leader: LeaderSyncState, minCommitted: Zxid, maxCommitted: Zxid,
  factor: number): { readonly zxid: Zxid; readonly reason: SyncReason } {
  const view = leader.readTxnLog();
  assert(Number.isSafeInteger(view.newestSnapshotBytes) && view.newestSnapshotBytes >= 0, 'a snapshot size is a byte count');
  const sizeLimitBytes = Math.floor(view.newestSnapshotBytes * factor); // ZKDatabase.calculateTxnLogSizeLimit
  const fromLog = proposalsFromTxnLog(view, peerLastZxid, sizeLimitBytes);
  const head = fromLog.next();
  if (head.done === true) return { zxid: peerLastZxid, reason: 'txn-log-unavailable' };
  const logged = queueCommittedProposals(q, prepend(head.value, fromLog), peerLastZxid, minCommitted, maxCommitted);
  if (logged.queuedZxid < minCommitted) {
    // A gap between the end of the txn log and the committedLog (or a TRUNC across epochs): drop it all.
    q.packets.length = 0;
    q.needOpPacket = true;
    return { zxid: peerLastZxid, reason: logged.crossEpoch ? 'cross-epoch' : 'txn-log-gap' };
  }
  const all = queueCommittedProposals(q, leader.committedLog, logged.queuedZxid, null, maxCommitted);
  return { zxid: all.queuedZxid, reason: 'txn-log' };
}

function* prepend(head: Txn, rest: Iterator<Txn>): Generator<Txn> {
  yield head;
  for (let next = rest.next(); next.done !== true; next = rest.next()) yield next.value;
}

/**
 * LearnerHandler.syncFollower: how to bring a learner whose last zxid is `peerLastZxid` (from its
 * ACKEPOCH) in line with this leader. Pure: the same inputs always give the same plan.
 */
export function planSync(peerLastZxid: Zxid, leader: LeaderSyncState): SyncPlan {
  assert(Number.isSafeInteger(peerLastZxid) && peerLastZxid >= 0, 'a learner\'s last zxid is a zxid');
  const q: HandlerQueue = { packets: [], needOpPacket: true };
  const empty = leader.committedLog.length === 0;
  const lastProcessed = leader.lastProcessedZxid;
  const minCommitted = empty ? lastProcessed : (leader.committedLog[0] as Txn).zxid;
  const maxCommitted = empty ? lastProcessed : (leader.committedLog[leader.committedLog.length - 1] as Txn).zxid;
  const factor = effectiveSnapshotSizeFactor(leader.snapshotSizeFactor);
  let currentZxid = peerLastZxid;
  let needSnap = true;
  let reason: SyncReason = 'no-history';
  if (leader.forceSnapSync) {
    reason = 'forced-snap';
  } else if (lastProcessed === peerLastZxid) {
    q.packets.push({ type: 'DIFF', zxid: peerLastZxid });
    q.needOpPacket = false;
    needSnap = false;
    reason = 'in-sync';
  } else if (peerLastZxid > maxCommitted && !isNewEpochZxid(peerLastZxid)) {
    q.packets.push({ type: 'TRUNC', zxid: maxCommitted });
    q.needOpPacket = false;
    currentZxid = maxCommitted;
    needSnap = false;
    reason = 'peer-ahead';
  } else if (minCommitted <= peerLastZxid && peerLastZxid <= maxCommitted) {
    const walked = queueCommittedProposals(q, leader.committedLog, peerLastZxid, null, maxCommitted);
    currentZxid = walked.queuedZxid;
    needSnap = false;
    reason = walked.crossEpoch ? 'cross-epoch' : 'committed-log';
  } else if (peerLastZxid < minCommitted && factor >= 0) {
    const synced = syncFromTxnLog(q, peerLastZxid, leader, minCommitted, maxCommitted, factor);
    currentZxid = synced.zxid;
    reason = synced.reason;
    needSnap = synced.reason !== 'txn-log';
  }
  if (needSnap) currentZxid = lastProcessed;
  const forwardFromZxid = currentZxid; // Leader.startForwarding(handler, currentZxid) runs here
  if (q.needOpPacket && !needSnap) needSnap = true; // "should never happen": fall back to a snapshot
  if (needSnap) {
    assert(q.packets.length === 0, 'nothing is queued before a SNAP');
    return { mode: 'SNAP', zxid: lastProcessed, queued: [], forwardFromZxid, learnerZxid: lastProcessed, reason };
  }
  const op = q.packets[0];
  assert(op !== undefined && (op.type === 'DIFF' || op.type === 'TRUNC'), 'a DIFF or TRUNC comes first');
  return { mode: op.type, zxid: op.zxid, queued: q.packets, forwardFromZxid, learnerZxid: currentZxid, reason };
}

/** What startForwarding needs from the leader (Leader.lastProposed, toBeApplied, outstandingProposals). */
export interface LeaderInFlight {
  readonly lastProposed: Zxid;
  /** Committed but not yet applied on the leader, in zxid order. */
  readonly toBeApplied: readonly Txn[];
  /** Proposed, not yet committed. */
  readonly outstanding: readonly Txn[];
}

/**
 * Leader.startForwarding's queueing: when the leader proposed beyond `lastSeenZxid`, every toBeApplied
 * proposal above it as PROPOSAL + COMMIT, then (participants only) every outstanding proposal above it,
 * by zxid, as PROPOSAL. The handler then joins the forwarding followers (or the observers); the caller
 * does that, and queues NEWLEADER after these packets.
 */
export function forwardingPackets(inFlight: LeaderInFlight, lastSeenZxid: Zxid, learnerType: 'participant' | 'observer'):
  readonly PacketOf<'PROPOSAL' | 'COMMIT'>[] {
  if (!(inFlight.lastProposed > lastSeenZxid)) return [];
  const out: PacketOf<'PROPOSAL' | 'COMMIT'>[] = [];
  for (const txn of inFlight.toBeApplied) {
    if (txn.zxid <= lastSeenZxid) continue;
    out.push({ type: 'PROPOSAL', txn }, { type: 'COMMIT', zxid: txn.zxid });
  }
  if (learnerType === 'participant') {
    const sorted = [...inFlight.outstanding].sort((a, b) => a.zxid - b.zxid);
    for (const txn of sorted) if (txn.zxid > lastSeenZxid) out.push({ type: 'PROPOSAL', txn });
  }
  return out;
}
