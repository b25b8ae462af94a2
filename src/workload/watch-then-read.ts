/**
 * watchThenRead: watches as ZooKeeper promises them. Readers getData with a watch, wait for the event
 * (NodeDataChanged after a writer's setData), then read again: the second read must show the change or
 * a later one (a client sees the watch event before it sees the new data, and never goes back).
 * Writers setData values unique in the run. The history records the reads, the watch events and the
 * writes, so a checker needs no notes.
 */
import type { ZooKeeper } from '../cluster/index.ts';
import type { Workload, WorkloadContext } from './context.ts';
import { Handle } from './handle.ts';
import { codeOf, tolerate } from './keeper.ts';
import { opLoop } from './op-loop.ts';
import { positive } from './options.ts';
import { startProgram } from './program.ts';
import { waitSignal, watchSignal } from './signal.ts';
import { ensurePath } from './znodes.ts';

export interface WatchThenReadOptions {
  readonly readers: number;
  readonly writers: number;
  readonly keys: number;
  /** Writes per second per writer. */
  readonly opsPerSecond: number;
  /** How long a reader waits for its watch before reading again anyway. */
  readonly waitMicros: number;
  readonly sessionTimeoutMs: number;
}

export const WATCH_THEN_READ_DEFAULTS: WatchThenReadOptions = {
  readers: 2, writers: 1, keys: 1, opsPerSecond: 10, waitMicros: 2_000_000, sessionTimeoutMs: 10_000,
};
const ROOT = '/watch';
/** Readers' steps follow one another quickly: the wait for the event is their pace. */
const READER_OPS_PER_SECOND = 100;

export function watchThenRead(options: Partial<WatchThenReadOptions> = {}): Workload {
  const o = { ...WATCH_THEN_READ_DEFAULTS, ...options };
  positive('watch-then-read', 'readers', o.readers);
  positive('watch-then-read', 'writers', o.writers);
  positive('watch-then-read', 'keys', o.keys);
  return {
    name: 'watch-then-read',
    start(ctx) {
      for (let i = 1; i <= o.writers; i++) startProgram(ctx, `wwriter${i}`, () => writer(ctx, o, `wwriter${i}`));
      for (let i = 1; i <= o.readers; i++) startProgram(ctx, `wreader${i}`, () => reader(ctx, o, `wreader${i}`));
    },
  };
}

async function writer(ctx: WorkloadContext, o: WatchThenReadOptions, client: string): Promise<void> {
  const handle = new Handle(ctx, client, o.sessionTimeoutMs);
  const rng = ctx.rng.fork(client);
  let writes = 0;
  await opLoop(ctx, handle, rng, o.opsPerSecond, async (zk) => {
    writes += 1;
    const path = `${ROOT}/k${rng.int(0, o.keys - 1)}`;
    const value = `${client}:${writes}`;
    if (await tolerate(zk.setData(path, value), 'NONODE') !== undefined) return;
    await ensurePath(zk, ROOT);
    await tolerate(zk.create(path, value), 'NODEEXISTS');
  });
}

async function reader(ctx: WorkloadContext, o: WatchThenReadOptions, client: string): Promise<void> {
  const handle = new Handle(ctx, client, o.sessionTimeoutMs);
  const rng = ctx.rng.fork(client);
  await opLoop(ctx, handle, rng, READER_OPS_PER_SECOND, (zk) => watchAndReread(ctx, zk, `${ROOT}/k${rng.int(0, o.keys - 1)}`, o.waitMicros));
}

/** getData with a watch, wait for its event (or the time-out), read again. */
async function watchAndReread(ctx: WorkloadContext, zk: ZooKeeper, path: string, waitMicros: number): Promise<void> {
  const signal = watchSignal(ctx, zk);
  try {
    await zk.getData(path, signal.watcher);
  } catch (error) {
    if (codeOf(error) !== 'NONODE') throw error;
    await ctx.sleep(zk, waitMicros / 10); // not written yet: the writers create it
    return;
  }
  await waitSignal(ctx, zk, signal, waitMicros);
  await zk.getData(path);
}
