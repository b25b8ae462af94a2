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
 *
 * Invariants: decodeTxn(encodeTxn(t)) deep-equals t; a log read returns exactly the whole records before
 * the first torn or damaged one and never different txns; a snapshot cut short or damaged is invalid,
 * never a different tree; recovery from a (fuzzy) snapshot plus the log after it yields the tree the
 * txns produced, or refuses with a reason (corrupt record, missing or reordered zxids, no loadable
 * snapshot). Reading never throws on bad bytes; writing asserts its inputs.
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
export { MAX_SNAPSHOTS_TRIED, recover, zxidFollows } from './recovery.ts';
export type { LogCut, Recovered, RecoveryOptions, RecoveryResult, SkippedSnapshot } from './recovery.ts';
export {
  LOG_PREFIX, SNAPSHOT_PREFIX, logFileName, parseLogFileName, parseSnapshotFileName, planLogRoll, randRollBound,
  snapshotFileName, sortedByZxid,
} from './files.ts';
export type { LogRollPlan } from './files.ts';
