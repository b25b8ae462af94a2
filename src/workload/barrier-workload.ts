/**
 * barrierWorkload: clients meet at a barrier round after round (recipes/barrier.ts). Each round a
 * client works for a while, notes 'barrier-entered' {barrier, round, parties} as it arrives, enters,
 * and notes 'barrier-passed' {barrier, round} when the barrier lets it through. The barrier checker
 * reads the notes: nobody passes a round before all its parties have entered it.
 */
import type { Workload, WorkloadContext } from './context.ts';
import { Handle } from './handle.ts';
import { codeOf } from './keeper.ts';
import { positive } from './options.ts';
import { BACKOFF_MICROS, jitterMicros, running, startProgram } from './program.ts';
import { barrierDir, enterBarrier } from './recipes/barrier.ts';

export interface BarrierOptions {
  readonly clients: number;
  readonly barrier: string;
  /** Mean work before arriving at each round. */
  readonly workMicros: number;
  readonly sessionTimeoutMs: number;
}

export const BARRIER_DEFAULTS: BarrierOptions = { clients: 3, barrier: 'b', workMicros: 300_000, sessionTimeoutMs: 4_000 };

export function barrierWorkload(options: Partial<BarrierOptions> = {}): Workload {
  const o = { ...BARRIER_DEFAULTS, ...options };
  positive('barrier', 'clients', o.clients);
  return {
    name: 'barrier',
    start(ctx) {
      for (let i = 1; i <= o.clients; i++) startProgram(ctx, `party${i}`, () => barrierClient(ctx, o, `party${i}`));
    },
  };
}

async function barrierClient(ctx: WorkloadContext, o: BarrierOptions, client: string): Promise<void> {
  const handle = new Handle(ctx, client, o.sessionTimeoutMs);
  const rng = ctx.rng.fork(client);
  let round = 1;
  let arrived = false;
  while (running(ctx)) {
    const zk = handle.zk;
    if (!arrived) await ctx.sleep(zk, jitterMicros(rng, o.workMicros));
    if (!running(ctx)) return;
    if (!arrived) ctx.note(client, 'barrier-entered', { barrier: o.barrier, round, parties: o.clients });
    arrived = true;
    try {
      if (await enterBarrier(ctx, zk, barrierDir(o.barrier, round), o.clients) === 'stopped') return;
      ctx.note(client, 'barrier-passed', { barrier: o.barrier, round });
      round += 1;
      arrived = false;
    } catch (error) {
      if (codeOf(error) === 'SESSIONEXPIRED' && !handle.renew()) return;
      await ctx.sleep(zk, BACKOFF_MICROS);
    }
  }
}
