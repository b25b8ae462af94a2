/**
 * What the server needs from persistence (implemented over zk/storage by persistence.ts): turn files into
 * the recovered state, txns into log records, state into snapshots, and ZooKeeper's names for the files.
 * The server issues every disk operation itself, through its environment.
 */
import type { Zxid } from '../../base/index.ts';
import type { Txn } from '../protocol/index.ts';
import type { DataTree } from '../tree/index.ts';

export interface RecoveredState {
  readonly tree: DataTree;
  /** Session id -> timeout (ms), from the snapshot and the replayed createSession/closeSession txns. */
  readonly sessions: ReadonlyMap<number, number>;
  /** Log files whose torn tail must be cut to `validBytes` before appending again. */
  readonly cuts: readonly { readonly file: string; readonly validBytes: number }[];
}

export interface ServerStorage {
  recover(files: ReadonlyMap<string, Uint8Array>): RecoveredState | { readonly problem: string };
  logFileName(firstZxid: Zxid): string;
  encodeLogRecord(txn: Txn): Uint8Array;
  snapshotFileName(zxid: Zxid): string;
  encodeSnapshot(state: { readonly tree: DataTree; readonly sessions: ReadonlyMap<number, number>; readonly zxid: Zxid }): Uint8Array;
}
