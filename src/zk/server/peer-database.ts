/**
 * An ensemble member's ZKDatabase: the tree of committed txns, the session table (id -> timeout) the
 * txns build, and the committedLog window of the last proposals applied, which the leader syncs learners
 * from. Loaded from disk (restart, TRUNC, leaving a role) or from a leader's SNAP.
 *
 * Invariants: txns are applied in zxid order; the committedLog holds the last applied txns in order, at
 * most DEFAULT_COMMIT_LOG_COUNT of them, and its last entry is the tree's lastProcessedZxid when it is
 * not empty and the state was not replaced since.
 */
import { assert } from '../../base/index.ts';
import type { Zxid } from '../../base/index.ts';
import type { Txn } from '../protocol/index.ts';
import { readLogFiles } from '../storage/index.ts';
import type { Recovered } from '../storage/index.ts';
import type { ApplyResult, DataTree, TreeEvent } from '../tree/index.ts';
import { DEFAULT_COMMIT_LOG_COUNT, imageOfTree, treeOfImage } from '../zab/index.ts';
import type { LeaderSyncState, SnapshotImage } from '../zab/index.ts';

export class PeerDatabase {
  tree: DataTree;
  sessions: Map<number, number>;
  committedLog: Txn[] = [];

  constructor(recovered: Recovered, files: ReadonlyMap<string, Uint8Array>) {
    this.tree = recovered.tree;
    this.sessions = recovered.sessions;
    this.committedLog = replayedTxns(recovered, files);
  }

  get lastProcessedZxid(): Zxid {
    return this.tree.lastProcessedZxid;
  }

  /** Applies a committed txn: the tree, the session table, the committedLog. */
  apply(txn: Txn, events: TreeEvent[]): ApplyResult {
    assert(txn.zxid > this.tree.lastProcessedZxid, `txn 0x${txn.zxid.toString(16)} is applied after 0x${this.tree.lastProcessedZxid.toString(16)}`);
    const result = this.tree.apply(txn, events);
    if (txn.op.type === 'createSession') this.sessions.set(txn.sessionId, txn.op.timeoutMs);
    if (txn.op.type === 'closeSession') this.sessions.delete(txn.sessionId);
    this.committedLog.push(txn);
    if (this.committedLog.length > DEFAULT_COMMIT_LOG_COUNT) this.committedLog.shift();
    return result;
  }

  /** ZKDatabase.deserializeSnapshot: the leader's state replaces ours; the committedLog is cleared. */
  install(image: SnapshotImage, zxid: Zxid): void {
    const restored = treeOfImage(image, zxid);
    this.tree = restored.tree;
    this.sessions = restored.sessions;
    this.committedLog = [];
  }

  /** Reloaded from disk (after a TRUNC, or when a role ends). */
  reload(recovered: Recovered, files: ReadonlyMap<string, Uint8Array>): void {
    this.tree = recovered.tree;
    this.sessions = recovered.sessions;
    this.committedLog = replayedTxns(recovered, files);
  }

  image(): SnapshotImage {
    return imageOfTree(this.tree, this.sessions);
  }

  syncState(files: () => ReadonlyMap<string, Uint8Array>, newestSnapshotBytes: () => number,
    options: { readonly snapshotSizeFactor: number; readonly forceSnapSync: boolean }): LeaderSyncState {
    return {
      lastProcessedZxid: this.tree.lastProcessedZxid,
      committedLog: this.committedLog,
      snapshotSizeFactor: options.snapshotSizeFactor,
      forceSnapSync: options.forceSnapSync,
      readTxnLog: () => ({
        files: readLogFiles(files()).map((f) => ({ startZxid: f.startZxid, sizeBytes: f.sizeBytes, txns: f.txns })),
        newestSnapshotBytes: newestSnapshotBytes(),
      }),
    };
  }
}

/** ZKDatabase.loadDataBase's committedLog: the txns replayed from the log after the snapshot, the last 500. */
function replayedTxns(recovered: Recovered, files: ReadonlyMap<string, Uint8Array>): Txn[] {
  const from = recovered.snapshot?.zxid ?? 0;
  const byZxid = new Map<number, Txn>();
  for (const log of readLogFiles(files)) {
    for (const txn of log.txns) if (txn.zxid > from && txn.zxid <= recovered.lastZxid) byZxid.set(txn.zxid, txn);
  }
  return [...byZxid.values()].sort((a, b) => a.zxid - b.zxid).slice(-DEFAULT_COMMIT_LOG_COUNT);
}
