/**
 * counter: read-modify-write increments. Each counter is a znode /counter/c<i> holding a decimal
 * number; an increment reads it and writes n+1 at the version read, retrying on BADVERSION (someone
 * else incremented first). A CONNECTIONLOSS on the write is indeterminate, so the increment is not
 * retried: it may have happened. The op history says which increments took effect: no notes.
 */
import type { ZooKeeper } from '../cluster/index.ts';
import type { Workload, WorkloadContext } from './context.ts';
import { Handle } from './handle.ts';
import { codeOf, tolerate } from './keeper.ts';
import { opLoop } from './op-loop.ts';
import { positive } from './options.ts';
import { running, startProgram } from './program.ts';
import { ensurePath, text } from './znodes.ts';

export interface CounterOptions {
  readonly clients: number;
  readonly counters: number;
  /** Increments per second per client. */
  readonly opsPerSecond: number;
  /** BADVERSION retries per increment. */
  readonly maxRetries: number;
  readonly sessionTimeoutMs: number;
}

export const COUNTER_DEFAULTS: CounterOptions = { clients: 3, counters: 1, opsPerSecond: 20, maxRetries: 10, sessionTimeoutMs: 10_000 };
const ROOT = '/counter';

export function counter(options: Partial<CounterOptions> = {}): Workload {
  const o = { ...COUNTER_DEFAULTS, ...options };
  positive('counter', 'clients', o.clients);
  positive('counter', 'counters', o.counters);
  return {
    name: 'counter',
    start(ctx) {
      for (let i = 1; i <= o.clients; i++) {
        const client = `counter${i}`;
        startProgram(ctx, client, () => counterClient(ctx, o, client));
      }
    },
  };
}

async function counterClient(ctx: WorkloadContext, o: CounterOptions, client: string): Promise<void> {
  const handle = new Handle(ctx, client, o.sessionTimeoutMs);
  const rng = ctx.rng.fork(client);
  await opLoop(ctx, handle, rng, o.opsPerSecond, (zk) => increment(ctx, zk, `${ROOT}/c${rng.int(0, o.counters - 1)}`, o.maxRetries));
}

/** One increment: read n, write n+1 at that version; BADVERSION means read again. */
async function increment(ctx: WorkloadContext, zk: ZooKeeper, path: string, maxRetries: number): Promise<void> {
  for (let attempt = 0; attempt <= maxRetries && running(ctx); attempt++) {
    let read;
    try {
      read = await zk.getData(path);
    } catch (error) {
      if (codeOf(error) !== 'NONODE') throw error;
      await ensurePath(zk, ROOT);
      await tolerate(zk.create(path, '0'), 'NODEEXISTS');
      continue;
    }
    const next = Number.parseInt(text(read.data), 10) + 1;
    if (await tolerate(zk.setData(path, `${next}`, read.stat.version), 'BADVERSION') !== undefined) return;
  }
}
