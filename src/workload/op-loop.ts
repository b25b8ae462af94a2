/**
 * The loop most workloads run: one step (a few ZooKeeper calls) at a time, paced on the virtual clock,
 * until the stop time. A step may throw KeeperError: SESSIONEXPIRED connects a new session (the old
 * handle is dead); any other code (CONNECTIONLOSS included: indeterminate, the step is not retried as
 * such) just moves on to the next step.
 */
import type { ZooKeeper } from '../cluster/index.ts';
import type { Rng } from '../sim/index.ts';
import type { WorkloadContext } from './context.ts';
import type { Handle } from './handle.ts';
import { codeOf } from './keeper.ts';
import { gapMicros, running } from './program.ts';

export type Step = (zk: ZooKeeper) => Promise<void>;

export async function opLoop(ctx: WorkloadContext, handle: Handle, rng: Rng, opsPerSecond: number, step: Step): Promise<void> {
  while (running(ctx)) {
    const zk = handle.zk;
    try {
      await step(zk);
    } catch (error) {
      if (codeOf(error) === 'SESSIONEXPIRED' && !handle.renew()) return;
    }
    await ctx.sleep(zk, gapMicros(rng, opsPerSecond));
  }
}
