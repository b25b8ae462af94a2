/**
 * ClientCnxn's EventThread as a queue drained at the end of each step: watch events, session events and
 * call completions reach the application in exactly the order the step produced them, so a watch event
 * that preceded a reply on the wire is delivered before that reply's `done`.
 *
 * Duplicate suppression is Java's: a session event (type None) whose state equals the state of the last
 * event queued (any event, watch events included; initially Disconnected) is dropped before its
 * watchers are even materialized. So repeated failed connects do not repeat Disconnected, and a first
 * failed connect says nothing.
 */
import { assert } from '../../base/index.ts';
import type { KeeperState } from '../protocol/index.ts';
import type { CallResult, Done, WatchedEvent, Watcher } from './types.ts';

type Delivery =
  | { readonly kind: 'event'; readonly event: WatchedEvent; readonly watchers: readonly Watcher[] }
  | { readonly kind: 'done'; readonly done: Done; readonly result: CallResult };

/** A bound on deliveries one step may queue: far above any real step, low enough to catch a runaway. */
const MAX_QUEUED = 1_000_000;

export class EventQueue {
  private sessionState: KeeperState = 'Disconnected';
  private waiting: Delivery[] = [];
  /** Sees every event as it is handed to the application, once, before its watchers (a history recorder). */
  observer: ((event: WatchedEvent) => void) | undefined;

  /** The state of the last event queued, which the next session event is compared with. */
  get lastState(): KeeperState {
    return this.sessionState;
  }

  /** Queues `event` for the watchers `materialize` names, unless it is a repeated session state. */
  queueEvent(event: WatchedEvent, materialize: () => ReadonlySet<Watcher>): boolean {
    assert((event.type === 'None') === (event.path === null), 'session events, and only they, have no path');
    if (event.type === 'None' && event.state === this.sessionState) return false;
    this.sessionState = event.state;
    this.push({ kind: 'event', event, watchers: [...materialize()] });
    return true;
  }

  queueDone(done: Done, result: CallResult): void {
    this.push({ kind: 'done', done, result });
  }

  /** Hands everything queued to the application, in order. A callback that throws stops the step. */
  flush(): void {
    const batch = this.waiting;
    this.waiting = [];
    for (const d of batch) {
      if (d.kind === 'done') {
        d.done(d.result);
        continue;
      }
      this.observer?.(d.event);
      for (const w of d.watchers) w(d.event);
    }
    assert(this.waiting.length === 0, 'callbacks do not queue deliveries (they must not call step)');
  }

  private push(d: Delivery): void {
    assert(this.waiting.length < MAX_QUEUED, 'a step queues a bounded number of deliveries');
    this.waiting.push(d);
  }
}
