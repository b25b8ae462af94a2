/**
 * An ensemble member's SyncRequestProcessor: appends txns (proposals) to the txn log, makes them durable
 * with group-committed fsyncs (one in flight at a time), and reports each batch once its fsync completed,
 * so that a follower ACKs, and the leader counts its own ACK, only for txns on stable storage. Every
 * snapCount/2 + random(snapCount/2) txns it rolls the log (the next txn opens a new file) and asks for a
 * snapshot, as ZooKeeper's SyncRequestProcessor does.
 *
 * Invariants: txns are appended in strictly increasing zxid order; every appended txn is reported durable
 * exactly once, in order; a batch is reported only after the fsync issued after its last append completed.
 */
import { assert } from '../../base/index.ts';
import type { DiskOpId, Zxid } from '../../base/index.ts';
import type { Txn } from '../protocol/index.ts';
import type { ZkDisk, ZkRandom } from '../io.ts';

export interface TxnLoggerPort {
  readonly disk: ZkDisk;
  readonly rng: ZkRandom;
  logFileName(firstZxid: Zxid): string;
  encodeLogRecord(txn: Txn): Uint8Array;
  /** Roll time: write a snapshot of the applied state (the caller names and writes it). */
  snapshot(): void;
  /** These txns are durable, in zxid order. */
  durable(txns: readonly Txn[]): void;
}

export class TxnLogger {
  private logFile: string | undefined;
  private unsyncedFiles: string[] = [];
  private txnsInLog = 0;
  private randRoll: number;
  /** Appended, not covered by an fsync yet. */
  private waiting: Txn[] = [];
  /** Covered by the fsync in flight. */
  private syncing: Txn[] = [];
  private inFlight: DiskOpId | undefined;
  private lastAppended = -1;

  constructor(private readonly port: TxnLoggerPort, private readonly snapCount: number) {
    assert(snapCount >= 2, 'snapCount is at least 2');
    this.randRoll = this.drawRoll();
  }

  /** The last zxid appended (logged, durable or not); -1 before the first. */
  get lastAppendedZxid(): number {
    return this.lastAppended;
  }

  /** Txns appended whose fsync has not completed. */
  get pending(): number {
    return this.waiting.length + this.syncing.length;
  }

  append(txn: Txn): void {
    assert(txn.zxid > this.lastAppended, `txns are logged in zxid order (${txn.zxid} after ${this.lastAppended})`);
    if (this.logFile === undefined) this.logFile = this.port.logFileName(txn.zxid);
    this.port.disk.append(this.logFile, this.port.encodeLogRecord(txn));
    if (!this.unsyncedFiles.includes(this.logFile)) this.unsyncedFiles.push(this.logFile);
    this.lastAppended = txn.zxid;
    this.waiting.push(txn);
    this.txnsInLog += 1;
    if (this.txnsInLog > Math.floor(this.snapCount / 2) + this.randRoll) this.roll();
    if (this.inFlight === undefined) this.startFsync();
  }

  /** A disk operation completed; true if it was this logger's fsync (then the batch is reported). */
  onFsynced(op: DiskOpId): boolean {
    if (op !== this.inFlight) return false;
    this.inFlight = undefined;
    const done = this.syncing;
    this.syncing = [];
    if (this.waiting.length > 0) this.startFsync();
    this.port.durable(done);
    return true;
  }

  /**
   * SyncRequestProcessor.shutdown: make everything appended durable. Returns the disk operation to wait
   * for (disk operations complete in issue order), or undefined when nothing is pending.
   */
  flush(): DiskOpId | undefined {
    if (this.waiting.length === 0) return this.inFlight;
    let last: DiskOpId | undefined;
    // The files stay listed: if the fsync in flight completes first, the logger syncs them again (harmless).
    for (const file of this.unsyncedFiles) last = this.port.disk.fsync(file);
    assert(last !== undefined, 'appended txns sit in a file not yet synced');
    return last;
  }

  /**
   * The files were replaced under the logger (TRUNC, SNAP, a reload): the next txn opens a new log file
   * and nothing appended before is reported any more. `lastZxid` is what the log now ends with.
   */
  reset(lastZxid: Zxid): void {
    this.logFile = undefined;
    this.unsyncedFiles = [];
    this.waiting = [];
    this.syncing = [];
    this.inFlight = undefined;
    this.txnsInLog = 0;
    this.lastAppended = lastZxid;
  }

  private roll(): void {
    this.txnsInLog = 0;
    this.randRoll = this.drawRoll();
    this.logFile = undefined;
    this.port.snapshot();
  }

  private startFsync(): void {
    assert(this.inFlight === undefined && this.syncing.length === 0, 'one fsync at a time');
    assert(this.unsyncedFiles.length > 0 && this.waiting.length > 0, 'an fsync follows an append');
    let last: DiskOpId | undefined;
    for (const file of this.unsyncedFiles) last = this.port.disk.fsync(file);
    this.unsyncedFiles = [];
    this.syncing = this.waiting;
    this.waiting = [];
    this.inFlight = last;
  }

  private drawRoll(): number {
    return this.port.rng.int(0, Math.max(0, Math.floor(this.snapCount / 2) - 1));
  }
}
