/**
 * The standalone server's request pipeline after prep (SyncRequestProcessor -> FinalRequestProcessor):
 * txns are appended to the log as they are prepared and made durable by group-committed fsyncs; nothing
 * is applied or answered before the fsync that covers it completes ("ACK after fsync"). Requests without
 * a txn (reads, pings, sync) wait behind every write queued before them, so every session sees its own
 * writes and replies leave in request order.
 *
 * Invariants: at most one fsync in flight; the batch it covers is exactly the entries queued when it was
 * issued; entries reach the final stage in the order they entered the pipeline.
 */
import { assert } from '../../base/index.ts';
import type { DiskOpId } from '../../base/index.ts';
import type { Txn } from '../protocol/index.ts';

export interface PipelineEntry<R> {
  /** The transaction, if this request writes (errors included: a failed write still consumes a zxid). */
  readonly txn: Txn | undefined;
  readonly request: R;
}

export interface PipelineSink<R> {
  /** Append a txn to the log (page cache; durable only after fsync). */
  append(txn: Txn): void;
  /** fsync the log; the completion comes back through `fsyncDone`. */
  fsync(): DiskOpId;
  /** The final stage: apply (if a txn) and answer, in order. */
  finish(entry: PipelineEntry<R>): void;
}

export class Pipeline<R> {
  private batch: PipelineEntry<R>[] = [];
  private waiting: PipelineEntry<R>[] = [];
  private inFlight: DiskOpId | undefined;

  constructor(private readonly sink: PipelineSink<R>, private readonly maxBatch: number) {
    assert(maxBatch >= 1, 'a batch holds at least one txn');
  }

  get queued(): number {
    return this.batch.length + this.waiting.length;
  }

  submit(entry: PipelineEntry<R>): void {
    if (entry.txn !== undefined) this.sink.append(entry.txn);
    if (this.inFlight === undefined && entry.txn === undefined && this.waiting.length === 0) {
      this.sink.finish(entry);
      return;
    }
    this.waiting.push(entry);
    if (this.inFlight === undefined) this.startFsync();
  }

  /** The fsync `op` completed: the batch it covers is durable. False if `op` is not ours. */
  fsyncDone(op: DiskOpId): boolean {
    if (op !== this.inFlight) return false;
    this.inFlight = undefined;
    const done = this.batch;
    this.batch = [];
    for (const entry of done) this.sink.finish(entry);
    while (this.waiting.length > 0 && (this.waiting[0] as PipelineEntry<R>).txn === undefined) {
      this.sink.finish(this.waiting.shift() as PipelineEntry<R>);
    }
    if (this.waiting.length > 0) this.startFsync();
    return true;
  }

  isOurs(op: DiskOpId): boolean {
    return op === this.inFlight;
  }

  private startFsync(): void {
    assert(this.inFlight === undefined && this.batch.length === 0, 'one fsync at a time');
    let txns = 0;
    let take = 0;
    while (take < this.waiting.length) {
      const isTxn = (this.waiting[take] as PipelineEntry<R>).txn !== undefined;
      if (isTxn && txns === this.maxBatch) break;
      if (isTxn) txns += 1;
      take += 1;
    }
    assert(txns > 0, 'an fsync covers at least one txn');
    this.batch = this.waiting.splice(0, take);
    this.inFlight = this.sink.fsync();
  }
}
