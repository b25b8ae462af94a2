/**
 * Waiting for a watch. A watcher runs inside the client host's step; settling a plain promise there
 * would let the waiting program resume only whenever the kernel next drains microtasks. So the watcher
 * schedules a zero-length sleep (a kernel deferred) and resolves from it: the program resumes in the
 * same microsecond, inside the kernel's drain, and a paused host resumes only when its pause ends.
 */
import type { ZooKeeper } from '../cluster/index.ts';
import type { WorkloadContext } from './context.ts';

/** What ZooKeeper.exists/getData/getChildren accept as a watcher, and what it receives. */
export type Watcher = Exclude<Parameters<ZooKeeper['exists']>[1], boolean | undefined>;
export type WatchEvent = Parameters<Watcher>[0];

export interface Signal {
  readonly watcher: Watcher;
  readonly fired: Promise<WatchEvent>;
}

/** A one-shot signal: the first event its watcher receives (a watch or a session event) fires it. */
export function watchSignal(ctx: WorkloadContext, zk: ZooKeeper): Signal {
  let resolve: (event: WatchEvent) => void = () => undefined;
  const fired = new Promise<WatchEvent>((r) => {
    resolve = r;
  });
  let done = false;
  const watcher: Watcher = (event) => {
    if (done) return;
    done = true;
    void ctx.sleep(zk, 0).then(() => resolve(event));
  };
  return { watcher, fired };
}

/** The signal's event, or undefined when `timeoutMicros` passes first. */
export function waitSignal(ctx: WorkloadContext, zk: ZooKeeper, signal: Signal, timeoutMicros: number): Promise<WatchEvent | undefined> {
  return Promise.race([signal.fired, ctx.sleep(zk, timeoutMicros).then(() => undefined)]);
}
