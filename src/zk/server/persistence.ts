/**
 * The server's storage port bound to zk/storage: ZooKeeper's txn log records, sealed snapshots, file
 * names, and FileTxnSnapLog-style recovery. Kept apart so tests can swap the codec for a stand-in.
 */
import { encodeLogRecord, encodeSnapshot, logFileName, recover, snapshotFileName } from '../storage/index.ts';
import type { ServerStorage } from './storage-port.ts';

export const zkStorage: ServerStorage = {
  recover: (files) => recover(files),
  logFileName,
  encodeLogRecord,
  snapshotFileName,
  encodeSnapshot,
};
