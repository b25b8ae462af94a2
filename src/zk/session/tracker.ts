/**
 * The session tracker (SessionTrackerImpl + ExpiryQueue). Every touch moves a session's expiry to
 * roundUp(now + timeout): the next multiple of tickTime strictly after it, so sessions expire in buckets
 * at tick boundaries, between T and T + tickTime after their last touch. Times are local monotonic
 * microseconds. Expiring is the caller's job (a closeSession txn); the tracker says who is due.
 */
import { assert, fail } from '../../base/index.ts';

export interface SessionInfo {
  readonly id: number;
  readonly timeoutMs: number;
  /** The tick boundary at which the session expires unless touched. */
  expiresAtMicros: number;
  /** A closeSession is on its way (expired or closed): further requests get SESSIONEXPIRED. */
  closing: boolean;
}

export class SessionTracker {
  private readonly sessions = new Map<number, SessionInfo>();
  private readonly buckets = new Map<number, Set<number>>();

  constructor(private readonly tickMicros: number) {
    assert(Number.isInteger(tickMicros) && tickMicros > 0, 'tickTime is a positive integer of micros');
  }

  get size(): number {
    return this.sessions.size;
  }

  get(id: number): SessionInfo | undefined {
    return this.sessions.get(id);
  }

  ids(): number[] {
    return [...this.sessions.keys()];
  }

  /** The expiry bucket for activity at `nowMicros`: the next tick boundary strictly after now + timeout. */
  bucketFor(nowMicros: number, timeoutMs: number): number {
    const due = nowMicros + timeoutMs * 1000;
    return (Math.floor(due / this.tickMicros) + 1) * this.tickMicros;
  }

  add(id: number, timeoutMs: number, nowMicros: number): void {
    if (this.sessions.has(id)) fail(`session 0x${id.toString(16)} is already tracked`);
    const info: SessionInfo = { id, timeoutMs, expiresAtMicros: 0, closing: false };
    this.sessions.set(id, info);
    this.schedule(info, this.bucketFor(nowMicros, timeoutMs));
  }

  /** A request or ping from the session: false if it is unknown or closing (the caller answers so). */
  touch(id: number, nowMicros: number): boolean {
    const info = this.sessions.get(id);
    if (info === undefined || info.closing) return false;
    const bucket = this.bucketFor(nowMicros, info.timeoutMs);
    if (bucket > info.expiresAtMicros) this.schedule(info, bucket);
    return true;
  }

  setClosing(id: number): void {
    const info = this.sessions.get(id);
    if (info !== undefined) info.closing = true;
  }

  remove(id: number): void {
    const info = this.sessions.get(id);
    if (info === undefined) return;
    this.unschedule(info);
    this.sessions.delete(id);
  }

  /** Sessions whose bucket is due at `nowMicros`, not yet closing, in bucket then id order. */
  due(nowMicros: number): number[] {
    const out: number[] = [];
    for (const bucket of [...this.buckets.keys()].sort((a, b) => a - b)) {
      if (bucket > nowMicros) break;
      for (const id of [...(this.buckets.get(bucket) ?? [])].sort((a, b) => a - b)) {
        const info = this.sessions.get(id);
        if (info !== undefined && !info.closing) out.push(id);
      }
    }
    return out;
  }

  /** The earliest bucket still pending, if any (when the tracker should wake next). */
  nextBucketMicros(): number | undefined {
    let next: number | undefined;
    for (const bucket of this.buckets.keys()) {
      if (next === undefined || bucket < next) next = bucket;
    }
    return next;
  }

  private schedule(info: SessionInfo, bucket: number): void {
    this.unschedule(info);
    info.expiresAtMicros = bucket;
    let set = this.buckets.get(bucket);
    if (set === undefined) {
      set = new Set();
      this.buckets.set(bucket, set);
    }
    set.add(info.id);
  }

  private unschedule(info: SessionInfo): void {
    const set = this.buckets.get(info.expiresAtMicros);
    set?.delete(info.id);
    if (set?.size === 0) this.buckets.delete(info.expiresAtMicros);
  }
}
