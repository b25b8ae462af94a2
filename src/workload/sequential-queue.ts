/**
 * sequentialQueue: a FIFO queue on sequential znodes. Producers create PERSISTENT_SEQUENTIAL children
 * /queue/item-<seq> whose data names the item (`<client>:<n>`, unique: a CONNECTIONLOSS create may have
 * happened, so n is never reused); consumers list the children and take the lowest by deleting it (NONODE:
 * another consumer took it first, try the next). The op history shows what was enqueued and taken.
 */
import type { ZooKeeper } from '../cluster/index.ts';
import type { Workload, WorkloadContext } from './context.ts';
import { Handle } from './handle.ts';
import { codeOf, tolerate } from './keeper.ts';
import { opLoop } from './op-loop.ts';
import { positive } from './options.ts';
import { startProgram } from './program.ts';
import { bySequence, ensurePath } from './znodes.ts';

export interface SequentialQueueOptions {
  readonly producers: number;
  readonly consumers: number;
  /** Per client (enqueues for producers, takes for consumers). */
  readonly opsPerSecond: number;
  readonly sessionTimeoutMs: number;
}

export const SEQUENTIAL_QUEUE_DEFAULTS: SequentialQueueOptions = { producers: 2, consumers: 2, opsPerSecond: 20, sessionTimeoutMs: 10_000 };
const ROOT = '/queue';
/** How many of the lowest children a consumer tries before listing again. */
const TAKE_TRIES = 3;

export function sequentialQueue(options: Partial<SequentialQueueOptions> = {}): Workload {
  const o = { ...SEQUENTIAL_QUEUE_DEFAULTS, ...options };
  positive('sequential-queue', 'producers', o.producers);
  positive('sequential-queue', 'consumers', o.consumers);
  return {
    name: 'sequential-queue',
    start(ctx) {
      for (let i = 1; i <= o.producers; i++) startProgram(ctx, `producer${i}`, () => producer(ctx, o, `producer${i}`));
      for (let i = 1; i <= o.consumers; i++) startProgram(ctx, `consumer${i}`, () => consumer(ctx, o, `consumer${i}`));
    },
  };
}

async function producer(ctx: WorkloadContext, o: SequentialQueueOptions, client: string): Promise<void> {
  const handle = new Handle(ctx, client, o.sessionTimeoutMs);
  const rng = ctx.rng.fork(client);
  let items = 0;
  await opLoop(ctx, handle, rng, o.opsPerSecond, async (zk) => {
    items += 1;
    const item = `${client}:${items}`;
    try {
      await zk.create(`${ROOT}/item-`, item, { mode: 'PERSISTENT_SEQUENTIAL' });
    } catch (error) {
      if (codeOf(error) !== 'NONODE') throw error;
      await ensurePath(zk, ROOT);
    }
  });
}

async function consumer(ctx: WorkloadContext, o: SequentialQueueOptions, client: string): Promise<void> {
  const handle = new Handle(ctx, client, o.sessionTimeoutMs);
  await opLoop(ctx, handle, ctx.rng.fork(client), o.opsPerSecond, async (zk) => {
    await takeLowest(zk);
  });
}

/** Lists the queue and deletes the lowest item it can; true if it took one. */
async function takeLowest(zk: ZooKeeper): Promise<boolean> {
  const children = await tolerate(zk.getChildren(ROOT), 'NONODE');
  for (const child of bySequence(children ?? []).slice(0, TAKE_TRIES)) {
    try {
      await zk.delete(`${ROOT}/${child}`);
      return true;
    } catch (error) {
      if (codeOf(error) !== 'NONODE') throw error;
    }
  }
  return false;
}
