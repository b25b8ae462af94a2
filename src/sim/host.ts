/**
 * A host: one machine in the simulation, running one actor at a time. The host outlives its actors: it
 * keeps its disk and clock across crashes, and each start builds a fresh actor (a new incarnation).
 * While paused (a GC-like stop) it processes nothing: inputs wait in its inbox and are handed over, in
 * order, when it resumes.
 */
import type { HostId, TimerId } from '../base/index.ts';
import type { Actor, ActorFactory, HostInput } from './actor.ts';
import type { HostClock } from './clock.ts';
import type { Disk } from './disk.ts';
import type { Handler } from './kernel.ts';

export class Timer<T> implements Handler {
  gen = 0;
  constructor(
    readonly owner: { timerFired(timer: Timer<T>, gen: number): void },
    readonly host: HostId,
    readonly id: TimerId,
    readonly tag: T,
    /** The host's monotonic reading at which the timer is due. */
    readonly deadlineLocalMicros: number,
  ) {}

  onEvent(arg: unknown): void {
    this.owner.timerFired(this, arg as number);
  }
}

export class Host<M, T, X> {
  up = false;
  paused = false;
  incarnation = 0;
  actor: Actor<M, T, X> | undefined;
  inbox: HostInput<M, T, X>[] = [];
  readonly timers = new Map<TimerId, Timer<T>>();
  /** Bumped on every pause so that a resume scheduled for an older pause does nothing. */
  pauseGen = 0;

  constructor(
    readonly id: HostId,
    readonly name: string,
    readonly factory: ActorFactory<M, T, X>,
    readonly clock: HostClock,
    readonly disk: Disk,
  ) {}
}

export interface HostStatus {
  readonly id: HostId;
  readonly name: string;
  readonly up: boolean;
  readonly paused: boolean;
  readonly incarnation: number;
  readonly pendingTimers: number;
  readonly inboxSize: number;
}
