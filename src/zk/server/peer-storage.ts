/**
 * An ensemble member's data directory at work: the database loaded from it, the txn log written to it,
 * the epoch files, and the storage side of TRUNC and SNAP, each issued as a plan of disk steps in a
 * crash-safe order (zk/storage/ensemble.ts). Callers that must not go on before something is durable
 * (ACKEPOCH after acceptedEpoch, the NEWLEADER ACK after currentEpoch) pass a continuation; disk
 * operations complete in issue order, so the last step's completion means the whole plan is done.
 */
import { assert } from '../../base/index.ts';
import type { DiskOpId, Zxid } from '../../base/index.ts';
import type { Txn } from '../protocol/index.ts';
import { applyDiskPlan, recover, snapInstallPlan, takeSnapshotPlan, truncateLogPlan } from '../storage/index.ts';
import type { DiskStep } from '../storage/index.ts';
import { readAllFiles } from '../io.ts';
import type { DiskOutcome, ZkDisk, ZkRandom } from '../io.ts';
import { ACCEPTED_EPOCH_FILE, CURRENT_EPOCH_FILE, TMP_EXTENSION, epochFileWrite } from '../zab/index.ts';
import type { EpochFileName, EpochFileStep, EpochFixup, SyncMode } from '../zab/index.ts';
import { DiskPlanQueue } from './disk-plan-queue.ts';
import { PeerDatabase } from './peer-database.ts';
import type { ServerStorage } from './storage-port.ts';
import { TxnLogger } from './txn-logger.ts';

export interface PeerStorageEnv {
  readonly disk: ZkDisk;
  readonly rng: ZkRandom;
  emit(event: { readonly event: string } & Record<string, unknown>): void;
}

export class PeerStorage {
  readonly db: PeerDatabase;
  readonly logger: TxnLogger;
  private readonly waits = new Map<DiskOpId, () => void>();
  private readonly plans: DiskPlanQueue;
  /** Where the txns the logger reports durable go (the role in charge). */
  onDurable: (txns: readonly Txn[]) => void = () => {};

  private constructor(private readonly env: PeerStorageEnv, storage: ServerStorage, db: PeerDatabase, snapCount: number) {
    this.db = db;
    this.plans = new DiskPlanQueue(env.disk);
    this.logger = new TxnLogger({
      disk: env.disk, rng: env.rng, logFileName: (z) => storage.logFileName(z), encodeLogRecord: (t) => storage.encodeLogRecord(t),
      snapshot: () => this.snapshotOnRoll(), durable: (txns) => this.onDurable(txns),
    }, snapCount);
    this.logger.reset(db.lastProcessedZxid);
  }

  /** Loads the data directory (cutting torn log tails); a problem means the server cannot start. */
  static open(env: PeerStorageEnv, storage: ServerStorage, snapCount: number): PeerStorage | { readonly problem: string } {
    const files = readAllFiles(env.disk);
    const recovered = recover(files);
    if ('problem' in recovered) return recovered;
    for (const cut of recovered.cuts) env.disk.truncate(cut.file, cut.validBytes);
    return new PeerStorage(env, storage, new PeerDatabase(recovered, files), snapCount);
  }

  /** QuorumPeer.getLastLoggedZxid: the database is brought up to the log whenever a role ends. */
  get lastLoggedZxid(): Zxid {
    return Math.max(this.db.lastProcessedZxid, this.logger.lastAppendedZxid) as Zxid;
  }

  files(): Map<string, Uint8Array> {
    return readAllFiles(this.env.disk);
  }

  /**
   * A role ended: reload from the files (fastForwardDataBase brings the tree up to the last logged txn;
   * a SNAP received but not yet persisted is dropped, which keeping was ZOOKEEPER-3642).
   */
  reload(): { readonly problem: string } | undefined {
    const files = this.files();
    const recovered = recover(files);
    if ('problem' in recovered) return recovered;
    for (const cut of recovered.cuts) this.env.disk.truncate(cut.file, cut.validBytes);
    this.db.reload(recovered, files);
    this.logger.reset(this.db.lastProcessedZxid);
    return undefined;
  }

  /**
   * The role's logger shuts down: `then` once every plan is fully issued and every txn the logger appended
   * is durable (at once if nothing is pending).
   */
  flushLog(then: () => void): void {
    this.plans.whenIdle(() => this.flushLogNow(then));
  }

  private flushLogNow(then: () => void): void {
    const op = this.logger.flush();
    if (op === undefined) return then();
    const before = this.waits.get(op);
    this.waits.set(op, () => {
      before?.();
      then();
    });
  }

  /** writeLongToFile (tmp, fsync, rename); `then` once durable. */
  persistEpoch(which: 'acceptedEpoch' | 'currentEpoch', value: number, then: () => void): void {
    this.writeEpochFile(which === 'acceptedEpoch' ? ACCEPTED_EPOCH_FILE : CURRENT_EPOCH_FILE, value, then);
  }

  /** loadDataBase's repairs of the epoch files, issued in order. */
  applyEpochFixup(fixup: EpochFixup): void {
    if (fixup.op === 'delete') this.plans.submit([{ kind: 'delete', file: fixup.file }]);
    else this.writeEpochFile(fixup.file, fixup.value);
  }

  /** The steps of an atomic epoch file write, as one plan (the rename waits for the fsync). */
  private writeEpochFile(file: EpochFileName, value: number, then?: () => void): void {
    this.plans.submit(() => {
      // new FileOutputStream(name.tmp): truncates a leftover tmp, else creates it (decided when issued).
      const tmpExists = this.env.disk.sizeBytes(file + TMP_EXTENSION) !== undefined;
      return epochFileWrite(file, value, tmpExists).map(diskStepOf);
    }, then);
  }

  /** A disk operation completed. Returns a problem that must stop the server, if any. */
  onDisk(op: DiskOpId, outcome: DiskOutcome, file: string): string | undefined {
    this.plans.completed(op, outcome);
    const then = this.waits.get(op);
    this.waits.delete(op);
    if (outcome !== 'ok') {
      if (file.startsWith('snapshot.')) {
        this.env.emit({ event: 'snapshotFailed', file, outcome });
        return undefined;
      }
      return `${file}: ${outcome}`;
    }
    this.logger.onFsynced(op);
    then?.();
    return undefined;
  }

  /** TRUNC: cut the log back to `zxid` and reload the database from what is left. */
  truncate(zxid: Zxid): { readonly ok: true } | { readonly problem: string } {
    assert(this.plans.idle, 'a TRUNC comes at the start of a sync, when no earlier plan is half issued');
    const files = this.files();
    const fromZxid = this.lastLoggedZxid;
    const plan = truncateLogPlan(files, zxid);
    if ('problem' in plan) return plan;
    this.issue(plan.steps);
    this.db.reload(plan.recovered, applyDiskPlan(files, plan.steps));
    this.logger.reset(zxid);
    this.env.emit({ event: 'log-truncated', zxid, fromZxid, droppedTxns: plan.droppedTxns, droppedSnapshots: [...plan.droppedSnapshots] });
    return { ok: true };
  }

  /** At NEWLEADER after SNAP (install it for good) or TRUNC (a snapshot of the state). */
  snapshotForSync(mode: SyncMode): void {
    assert(mode !== 'DIFF', 'a DIFF needs no snapshot');
    const files = this.files();
    const state = { tree: this.db.tree, sessions: this.db.sessions, zxid: this.db.lastProcessedZxid };
    if (mode === 'SNAP') {
      const plan = snapInstallPlan(files, state);
      this.issue(plan.steps);
      this.logger.reset(state.zxid);
      this.env.emit({ event: 'snapshot-taken', zxid: state.zxid, file: plan.snapshotFile, reason: 'SNAP sync', droppedTxns: plan.droppedTxns });
      return;
    }
    this.issue(takeSnapshotPlan(files, state));
    this.env.emit({ event: 'snapshot-taken', zxid: state.zxid, reason: 'TRUNC sync' });
  }

  private snapshotOnRoll(): void {
    const state = { tree: this.db.tree, sessions: this.db.sessions, zxid: this.db.lastProcessedZxid };
    this.issue(takeSnapshotPlan(this.files(), state));
    this.env.emit({ event: 'snapshot-taken', zxid: state.zxid, reason: 'snapCount' });
  }

  private issue(steps: readonly DiskStep[]): void {
    if (steps.length > 0) this.plans.submit(steps);
  }
}

function diskStepOf(step: EpochFileStep): DiskStep {
  switch (step.op) {
    case 'truncate': return { kind: 'truncate', file: step.file, lengthBytes: step.lengthBytes };
    case 'write': return { kind: 'write', file: step.file, bytes: step.bytes };
    case 'fsync': return { kind: 'fsync', file: step.file };
    case 'rename': return { kind: 'rename', from: step.from, to: step.to };
  }
}
