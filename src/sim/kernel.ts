/**
 * The discrete-event kernel: virtual time in integer microseconds, one binary heap of events ordered by
 * (time, seq), a run loop with a limit on events per run, quiescence detection, and promises that are
 * settled inside events with the microtask queue drained before the next event, so that `await` in
 * workload code cannot reorder a run. It knows nothing of hosts, networks or ZooKeeper.
 */
import { TimeSeqHeap, assert, fail } from '../base/index.ts';
import type { Micros } from '../base/index.ts';
import { drainMicrotasks } from './microtask-barrier.ts';

/** Something the kernel fires; `arg` is whatever was scheduled with it (often a generation number). */
export interface Handler {
  onEvent(arg: unknown): void;
}

export interface RunOptions {
  /** Stop before the first event later than this (and advance the clock to it). */
  readonly untilMicros?: number;
  /** The most events this run may fire; hitting it is an error (a livelock, or a limit set too low). */
  readonly maxEvents?: number;
}

export type StopReason = 'quiescent' | 'until' | 'stopped';

export interface RunResult {
  readonly reason: StopReason;
  readonly events: number;
  readonly nowMicros: number;
  readonly stopMessage?: string;
}

export const DEFAULT_MAX_EVENTS = 100_000_000;
/** Virtual time stays below 2^48 us (8.9 years), so the trace can pack a record type beside it. */
export const TIME_LIMIT_MICROS = 2 ** 48;

export class EventLimitError extends Error {
  override readonly name = 'EventLimitError';
}

export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

class Callback implements Handler {
  constructor(private readonly fn: () => void) {}
  onEvent(): void {
    this.fn();
  }
}

export class Kernel {
  private nowMicros = 0;
  private nextSeq = 0;
  private readonly heap = new TimeSeqHeap<Handler>(1024);
  private firedTotal = 0;
  private settled = false;
  private stopRequest: string | undefined;
  private running = false;

  get now(): Micros {
    return this.nowMicros as Micros;
  }

  /** Events fired since the kernel was made, over all runs. */
  get eventsFired(): number {
    return this.firedTotal;
  }

  get pending(): number {
    return this.heap.size;
  }

  /** Schedules `handler.onEvent(arg)` at `timeMicros` (never in the past). */
  at(timeMicros: number, handler: Handler, arg: unknown): void {
    if (timeMicros < this.nowMicros) fail(`cannot schedule in the past: ${timeMicros} < now ${this.nowMicros}`);
    if (!(Number.isSafeInteger(timeMicros) && timeMicros < TIME_LIMIT_MICROS)) fail(`event time must be integer microseconds below 2^48, got ${timeMicros}`);
    this.heap.push(timeMicros, this.nextSeq++, handler, arg);
  }

  /** Schedules a closure: for rare, external actions (fault schedules, harness steps), not the hot path. */
  call(timeMicros: number, fn: () => void): void {
    this.at(timeMicros, new Callback(fn), undefined);
  }

  /** Asks the current run to stop after the event in progress. */
  stop(message: string): void {
    this.stopRequest = message;
  }

  /** A promise whose settlement is noticed by the run loop, which drains microtasks before going on. */
  deferred<T>(): Deferred<T> {
    let resolveFn!: (value: T) => void;
    let rejectFn!: (error: unknown) => void;
    const promise = new Promise<T>((resolve, reject) => {
      resolveFn = resolve;
      rejectFn = reject;
    });
    return {
      promise,
      resolve: (value: T) => {
        this.settled = true;
        resolveFn(value);
      },
      reject: (error: unknown) => {
        this.settled = true;
        rejectFn(error);
      },
    };
  }

  /** Resolves after `delayMicros` of virtual time. */
  sleep(delayMicros: number): Promise<void> {
    const d = this.deferred<void>();
    this.call(this.nowMicros + delayMicros, () => d.resolve());
    return d.promise;
  }

  async run(options: RunOptions = {}): Promise<RunResult> {
    assert(!this.running, 'Kernel.run is not re-entrant');
    const untilMicros = options.untilMicros ?? Number.POSITIVE_INFINITY;
    const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
    assert(untilMicros >= this.nowMicros, 'run until a time not in the past');
    this.running = true;
    this.stopRequest = undefined;
    try {
      return await this.loop(untilMicros, maxEvents);
    } finally {
      this.running = false;
    }
  }

  private async loop(untilMicros: number, maxEvents: number): Promise<RunResult> {
    const heap = this.heap;
    let fired = 0;
    if (this.settled) await this.drain();
    for (;;) {
      if (this.stopRequest !== undefined) {
        return { reason: 'stopped', events: fired, nowMicros: this.nowMicros, stopMessage: this.stopRequest };
      }
      if (heap.size === 0) return { reason: 'quiescent', events: fired, nowMicros: this.nowMicros };
      const time = heap.topTime();
      if (time > untilMicros) {
        this.nowMicros = untilMicros;
        return { reason: 'until', events: fired, nowMicros: this.nowMicros };
      }
      if (fired >= maxEvents) {
        throw new EventLimitError(`the run hit its limit of ${maxEvents} events at virtual time ${this.nowMicros} us ` +
          'without finishing: raise maxEvents if the run is meant to be this long, or look for a livelock');
      }
      const target = heap.topTarget();
      const arg = heap.topArg();
      heap.pop();
      assert(time >= this.nowMicros, 'virtual time never goes backwards');
      this.nowMicros = time;
      fired += 1;
      this.firedTotal += 1;
      target.onEvent(arg);
      if (this.settled) await this.drain();
    }
  }

  private async drain(): Promise<void> {
    // Settling may unlock code that settles more promises (synchronously or not); loop until quiet.
    while (this.settled) {
      this.settled = false;
      await drainMicrotasks();
    }
  }
}
