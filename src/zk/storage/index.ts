/**
 * zk/storage: ZooKeeper's persistence as pure functions. The server issues every disk operation itself;
 * this folder turns state into bytes (txn log records, snapshots, file names) and bytes back into state
 * (recovery), and never touches a file.
 *
 *  - jute.ts       big-endian jute-like codec, Adler-32
 *  - txn-codec.ts  Txn <-> bytes, every TxnOp variant
 *  - txn-log.ts    FileTxnLog records (checksum, length, txn, 'B'); reading stops at a torn or corrupt one
 *  - snapshot.ts   FileSnap snapshots (header, sessions, nodes depth first, checksum seal), fuzzy writer
 *  - recovery.ts   FileTxnSnapLog.restore: newest valid snapshot, then the log after it
 *  - files.ts      log.<hex> / snapshot.<hex> names, SyncRequestProcessor's roll rule
 *  - disk-plan.ts  plans of disk steps (delete, truncate, write, fsync, rename) and their pure application
 *  - ensemble.ts   a learner's TRUNC and SNAP as disk plans (truncateLogPlan, snapInstallPlan,
 *                  takeSnapshotPlan); recovery.ts's fastForward brings a live tree up to its log
 *
 * Invariants: decodeTxn(encodeTxn(t)) deep-equals t; a log read returns exactly the whole records before
 * the first torn or damaged one and never different txns; a snapshot cut short or damaged is invalid,
 * never a different tree; recovery from a (fuzzy) snapshot plus the log after it yields the tree the
 * txns produced, or refuses with a reason (corrupt record, missing or reordered zxids, no loadable
 * snapshot). Reading never throws on bad bytes; writing asserts its inputs. A plan, applied in order,
 * leaves files that recover to a sound state after a crash at any step; after a TRUNC plan recovery
 * yields exactly the history up to the target (no later log record, no newer snapshot), after a SNAP plan
 * exactly the installed state.
 * Imports: src/base, zk/protocol, zk/tree.
 */
export { DecodeError, JuteReader, JuteWriter, adler32 } from './jute.ts';
export { OP_CODES, decodeTxn, encodeTxn } from './txn-codec.ts';
export {
  END_OF_RECORD, LOG_HEADER_BYTES, LOG_MAGIC, LOG_VERSION, MAX_TXN_BYTES, RECORD_OVERHEAD_BYTES, encodeLogHeader,
  encodeLogRecord, readLog,
} from './txn-log.ts';
export type { LogEnd, LogReadResult } from './txn-log.ts';
export {
  SNAPSHOT_MAGIC, SNAPSHOT_VERSION, decodeSnapshot, decodeSnapshotEntries, encodeSnapshot, isSealedSnapshot, snapshotWriter,
} from './snapshot.ts';
export type { SnapshotEntries, SnapshotState, SnapshotWriter } from './snapshot.ts';
export { MAX_SNAPSHOTS_TRIED, fastForward, recover, zxidFollows } from './recovery.ts';
export type { FastForwarded, LogCut, Recovered, RecoveryOptions, RecoveryResult, SkippedSnapshot } from './recovery.ts';
export {
  LOG_PREFIX, SNAPSHOT_PREFIX, logFileName, parseLogFileName, parseSnapshotFileName, planLogRoll, randRollBound,
  snapshotFileName, sortedByZxid,
} from './files.ts';
export type { LogRollPlan } from './files.ts';
export { applyDiskPlan } from './disk-plan.ts';
export type { DiskStep } from './disk-plan.ts';
export { SNAPSHOT_TMP_SUFFIX, readLogFiles, snapInstallPlan, takeSnapshotPlan, truncateLogPlan } from './ensemble.ts';
export type { LogFileView, SnapInstallPlan, TruncatePlan } from './ensemble.ts';
