/**
 * What an ensemble member needs from storage beyond the standalone server: the learner's side of TRUNC
 * and SNAP sync as plans of disk steps (disk-plan.ts), computed from the data directory as a map of file
 * names to bytes. Reimplemented from ZooKeeper 3.8.0's Learner.syncWithLeader, ZKDatabase.truncateLog,
 * FileTxnSnapLog.truncateLog, FileTxnLog.truncate (with its FileTxnIterator) and
 * ZooKeeperServer.takeSnapshot; where 3.8.0 can bring stale history back, the plans do what is correct
 * and the comments say what 3.8.0 does, with the JIRA id, so that a bug flag can bring it back.
 *
 * TRUNC (truncateLogPlan, run when the TRUNC packet arrives; then the database is reloaded from disk).
 *   3.8.0: FileTxnLog.truncate opens a FileTxnIterator at the target (the newest log file named before
 *   it and every later one), reads up to the first record whose zxid is >= the target, cuts that file
 *   right after that record (RandomAccessFile.setLength, never forced to disk) and deletes every later
 *   log file. When the iterator runs off the end (no record >= the target, or no log at all) it throws
 *   "No log files found to truncate!", truncateLog returns false and the learner exits
 *   (QUORUM_PACKET_ERROR); a CRC error on the way does the same. When the target is not in the log but
 *   a later record is (a gap, or a target older than every log file), it keeps that one later record.
 *   Snapshots are never touched: ZKDatabase.truncateLog clears the tree and calls loadDataBase, which
 *   loads the newest snapshot even when it is newer than the target, and the learner then sets
 *   lastProcessedZxid to the target over that state. That is ZOOKEEPER-1549 (a "dirty" snapshot holding txns the leader lacks survives a
 *   TRUNC; zk-internals.md bug zoo 9, flag TRUNC_KEEPS_NEWER_SNAPSHOTS). It is still so in every 3.9
 *   release and on master; the open PR #2172 of ZOOKEEPER-4837 proposes to skip such snapshots when the
 *   database is reloaded after the truncation, leaving the files in place.
 *   Here: keep exactly the history up to the target. Snapshots newer than the target are deleted (newest
 *   first), then the log files after the one holding the target (newest first), then that file is cut
 *   right after the target's record and fsynced; torn tails recovery would cut are cut too. A crash after
 *   any step recovers a prefix of the learner's own history no shorter than the target, never a newer
 *   snapshot over a short log. The plan checks itself: recovery from the files it leaves must reach
 *   exactly the target. When it cannot (the target is in no log and is no snapshot's zxid, the history
 *   ends before it, or the kept files do not load) the plan is refused, as ZooKeeper's truncate returns
 *   false and the learner exits; it never keeps a record after the target.
 *   A fuzzy snapshot named before the target could hold effects of txns after it. In a correct ensemble
 *   it cannot: a snapshot's fuzz holds only txns applied (committed) while it was written, and a leader
 *   never truncates a committed txn (nor sends a SNAP behind one: the same holds for the learner's own
 *   snapshots while a SNAP plan runs). Still, a kept snapshot whose nodes carry a zxid after the target is
 *   treated as newer and deleted too (setACL and deletes leave no such mark, so this is a net, not a
 *   proof).
 *
 * SNAP (snapInstallPlan, run at NEWLEADER).
 *   3.8.0: on SNAP the learner deserializes the leader's tree and sets lastProcessedZxid to the packet's
 *   zxid, nothing on disk; COMMITs before NEWLEADER are applied to the tree; at NEWLEADER it calls
 *   takeSnapshot(syncSnapshot = true): snapshot.<lastProcessedZxid>, fsynced (the UPTODATE branch takes
 *   it instead only for a pre-Zab-1.0 leader, which sends no NEWLEADER); then it writes currentEpoch
 *   (after logging the proposals it holds since 3.9.3, ZOOKEEPER-4643/4646) and ACKs NEWLEADER. The txn
 *   log is neither cut nor rolled, so records after the snapshot's zxid from a dead history stay and are
 *   replayed on top of it at the next restart: ZOOKEEPER-2832 (open; bug zoo 12, flag
 *   SNAP_KEEPS_STALE_LOG_TAIL). Older and newer snapshots and logs stay as they are.
 *   Here, before the ACK and before currentEpoch: delete snapshots newer than the state, remove every log
 *   record after it (as TRUNC does), write the snapshot under a temporary name, fsync it and rename it into
 *   place (replacing one of the same name), then delete every log file and every older snapshot, which
 *   hold the learner's own history, possibly divergent, that nothing may fall back on (recovery would use
 *   them if the new snapshot were damaged; as leader, txn-log sync would send them). A crash before the
 *   rename recovers a prefix of the learner's old history; after it, exactly the state. A learner that
 *   leaves before NEWLEADER has changed nothing on disk and must drop the state it received (reload from
 *   disk; keeping it in memory was ZOOKEEPER-3642).
 *
 * After either plan the next txn opens a new log file (FileTxnSnapLog.truncateLog reopens its
 * FileTxnLog); the server forgets its current log file. In TRUNC mode syncWithLeader takes a snapshot
 * at NEWLEADER too (COMMITs before it are applied to the tree only): takeSnapshotPlan, fsynced before the
 * ACK, although 3.8.0 passes syncSnapshot = false there and leaves it to the OS. The vote's zxid
 * (QuorumPeer.getLastLoggedZxid) is the tree's lastProcessedZxid once the database is loaded: after a
 * restart or a TRUNC, recover's lastZxid, which counts every logged txn, committed or not; after leaving
 * FOLLOWING or LEADING, the tree fast-forwarded through the log (recovery.ts, fastForward).
 */
import { assert, assertInt, formatZxid } from '../../base/index.ts';
import type { Zxid } from '../../base/index.ts';
import type { Txn } from '../protocol/index.ts';
import type { DataTree } from '../tree/index.ts';
import { applyDiskPlan } from './disk-plan.ts';
import type { DiskStep } from './disk-plan.ts';
import { parseLogFileName, parseSnapshotFileName, snapshotFileName, sortedByZxid } from './files.ts';
import { recover } from './recovery.ts';
import type { Recovered } from './recovery.ts';
import { encodeSnapshot } from './snapshot.ts';
import type { SnapshotState } from './snapshot.ts';
import { readLog } from './txn-log.ts';
import type { LogEnd } from './txn-log.ts';

/** A snapshot is written under its name plus this, fsynced, then renamed into place. Recovery ignores such names. */
export const SNAPSHOT_TMP_SUFFIX = '.tmp';

/** One txn log file as read: its whole records and where each starts. */
export interface LogFileView {
  readonly file: string;
  /** The zxid in the file's name (its first txn when FileTxnLog wrote it). */
  readonly startZxid: Zxid;
  readonly sizeBytes: number;
  readonly txns: readonly Txn[];
  readonly offsets: readonly number[];
  /** Where the whole records end: the file's size unless it ends torn or corrupt. */
  readonly validBytes: number;
  readonly end: LogEnd;
}

/** Every `log.<hex>` file, oldest name first, read as readLog reads it. */
export function readLogFiles(files: ReadonlyMap<string, Uint8Array>): LogFileView[] {
  return sortedByZxid(files.keys(), parseLogFileName, 'oldest').map(({ name, zxid }) => {
    const bytes = files.get(name) as Uint8Array;
    const log = readLog(bytes);
    return {
      file: name, startZxid: zxid, sizeBytes: bytes.length, txns: log.txns, offsets: log.offsets, validBytes: log.validBytes,
      end: log.end,
    };
  });
}

export interface TruncatePlan {
  readonly steps: readonly DiskStep[];
  /**
   * The database the learner continues with (ZKDatabase.truncateLog clears the tree and reloads it): what
   * recovery makes of the files the plan leaves, at exactly the target zxid, with no cut left to make.
   */
  readonly recovered: Recovered;
  /** Whole log records removed: txns after the target. */
  readonly droppedTxns: number;
  /** Snapshot files removed, newest first: newer than the target, or holding txns after it. */
  readonly droppedSnapshots: readonly string[];
}

/** The learner's side of TRUNC(zxid): see the header. Refused, with the reason, where ZooKeeper's truncate fails. */
export function truncateLogPlan(files: ReadonlyMap<string, Uint8Array>, zxid: Zxid): TruncatePlan | { readonly problem: string } {
  assertInt(zxid, 'a truncation zxid');
  assert(zxid >= 0, 'a truncation zxid is not negative');
  const droppedSnapshots = sortedByZxid(files.keys(), parseSnapshotFileName, 'newest').filter((s) => s.zxid > zxid).map((s) => s.name);
  const logCut = cutLogAfter(readLogFiles(files), zxid);
  const refuse = (why: string): { readonly problem: string } => ({ problem: `cannot truncate the log to ${formatZxid(zxid)}: ${why}` });
  if (logCut.damaged !== undefined) return refuse(`${logCut.damaged} before it (ZooKeeper: CRC check failed)`);
  for (;;) {
    const steps = [...droppedSnapshots.map((file): DiskStep => ({ kind: 'delete', file })), ...logCut.steps];
    const after = applyDiskPlan(files, steps);
    const result = recover(after);
    if ('problem' in result) return refuse(`the files left would not load (${result.problem})`);
    if (result.lastZxid !== zxid) {
      return refuse(`the history on disk up to it ends at ${formatZxid(result.lastZxid)} (no log record or snapshot of it follows)`);
    }
    if (result.snapshot !== null && stampedAfter(result.tree, zxid)) {
      assert(!droppedSnapshots.includes(result.snapshot.file), 'a dropped snapshot is never loaded');
      droppedSnapshots.push(result.snapshot.file); // older than every one dropped before: newest first still
      continue;
    }
    const cuts = result.cuts.flatMap((cut): DiskStep[] => [
      { kind: 'truncate', file: cut.file, lengthBytes: cut.validBytes }, { kind: 'fsync', file: cut.file },
    ]);
    if (cuts.length === 0) return { steps, recovered: result, droppedTxns: logCut.droppedTxns, droppedSnapshots };
    const recovered = recover(applyDiskPlan(after, cuts));
    assert(!('problem' in recovered) && recovered.lastZxid === zxid && recovered.cuts.length === 0, 'cutting torn tails changes nothing recovered');
    return { steps: [...steps, ...cuts], recovered, droppedTxns: logCut.droppedTxns, droppedSnapshots };
  }
}

export interface SnapInstallPlan {
  readonly steps: readonly DiskStep[];
  /** The snapshot the plan writes: `snapshot.<the state's zxid>`. */
  readonly snapshotFile: string;
  /** Whole log records after the state's zxid removed before the snapshot is written (a dead history's). */
  readonly droppedTxns: number;
}

/**
 * The learner's side of SNAP, at NEWLEADER: `state` is its tree then (the leader's snapshot plus the
 * COMMITs applied since), exact at its zxid. See the header for the order and why.
 */
export function snapInstallPlan(files: ReadonlyMap<string, Uint8Array>, state: SnapshotState): SnapInstallPlan {
  assert(state.zxid === state.tree.lastProcessedZxid, 'a SNAP is installed from a tree exact at its zxid');
  const snapshots = sortedByZxid(files.keys(), parseSnapshotFileName, 'newest');
  const logs = readLogFiles(files);
  const logCut = cutLogAfter(logs, state.zxid);
  const snapshotFile = snapshotFileName(state.zxid);
  const steps: DiskStep[] = snapshots.filter((s) => s.zxid > state.zxid).map((s) => ({ kind: 'delete', file: s.name }));
  steps.push(...logCut.steps);
  steps.push(...snapshotWriteSteps(files, snapshotFile, encodeSnapshot(state)));
  const deleted = new Set(logCut.steps.flatMap((step) => (step.kind === 'delete' ? [step.file] : [])));
  for (const log of logs) if (!deleted.has(log.file)) steps.push({ kind: 'delete', file: log.file });
  for (const s of snapshots) if (s.zxid < state.zxid) steps.push({ kind: 'delete', file: s.name });
  return { steps, snapshotFile, droppedTxns: logCut.droppedTxns };
}

/**
 * ZooKeeperServer.takeSnapshot(syncSnap = true) made atomic: the state's snapshot under a temporary name,
 * fsynced, then renamed over `snapshot.<zxid>` (the learner's snapshot at NEWLEADER after a TRUNC).
 */
export function takeSnapshotPlan(files: ReadonlyMap<string, Uint8Array>, state: SnapshotState): readonly DiskStep[] {
  return snapshotWriteSteps(files, snapshotFileName(state.zxid), encodeSnapshot(state));
}

function snapshotWriteSteps(files: ReadonlyMap<string, Uint8Array>, name: string, bytes: Uint8Array): DiskStep[] {
  const tmp = `${name}${SNAPSHOT_TMP_SUFFIX}`;
  assert(parseSnapshotFileName(tmp) === undefined, 'recovery never takes a temporary file for a snapshot');
  const steps: DiskStep[] = files.has(tmp) ? [{ kind: 'delete', file: tmp }] : [];
  steps.push({ kind: 'write', file: tmp, bytes }, { kind: 'fsync', file: tmp }, { kind: 'rename', from: tmp, to: name });
  return steps;
}

/**
 * Steps that remove every log record after `zxid`: the files after the last one holding a record at or
 * before it are deleted, newest first (so a crash between two deletes leaves a prefix, not a gap); then
 * that file is cut after its last such record, dropping a torn or corrupt tail too, and fsynced. When
 * that file turns corrupt before reaching `zxid`, `damaged` says where (the records up to `zxid` may lie
 * behind the damage); damage after a record of `zxid` itself is simply cut away, as ZooKeeper's iterator
 * never reads past the target.
 */
function cutLogAfter(logs: readonly LogFileView[], zxid: Zxid):
  { readonly steps: DiskStep[]; readonly droppedTxns: number; readonly damaged?: string } {
  let keep = -1;
  logs.forEach((log, i) => {
    if (log.txns.some((txn) => txn.zxid <= zxid)) keep = i;
  });
  const steps: DiskStep[] = [];
  let droppedTxns = 0;
  for (let i = logs.length - 1; i > keep; i--) {
    const log = logs[i] as LogFileView;
    steps.push({ kind: 'delete', file: log.file });
    droppedTxns += log.txns.length;
  }
  if (keep >= 0) {
    const log = logs[keep] as LogFileView;
    const after = log.txns.findIndex((txn) => txn.zxid > zxid);
    const lengthBytes = after >= 0 ? (log.offsets[after] as number) : log.validBytes;
    if (after >= 0) droppedTxns += log.txns.length - after;
    assert(lengthBytes > 0 && lengthBytes <= log.sizeBytes, 'the kept file keeps its records up to the zxid');
    if (lengthBytes < log.sizeBytes) steps.push({ kind: 'truncate', file: log.file, lengthBytes }, { kind: 'fsync', file: log.file });
    const last = log.txns[log.txns.length - 1] as Txn;
    if (after < 0 && log.end === 'corrupt' && last.zxid < zxid) {
      return { steps, droppedTxns, damaged: `${log.file} holds a damaged record after ${formatZxid(last.zxid)}` };
    }
  }
  return { steps, droppedTxns };
}

/** Whether any node carries a zxid after `zxid`: the tree holds effects of a later txn. */
function stampedAfter(tree: DataTree, zxid: Zxid): boolean {
  for (const path of tree.paths()) {
    const node = tree.node(path);
    if (node !== undefined && (node.czxid > zxid || node.mzxid > zxid || node.pzxid > zxid)) return true;
  }
  return false;
}
