/**
 * Running client programs: each is an async function started once; nothing it throws escapes as an
 * unhandled rejection: StopError (stop.ts) ends it quietly; anything else that is not a KeeperError is a
 * workload bug and is noted as 'workload-error', which the tests look for. Programs stop issuing
 * operations at ctx.stopMicros and pace themselves on the virtual clock with jitter from their own stream.
 */
import type { ZooKeeper } from '../cluster/index.ts';
import type { Rng } from '../sim/index.ts';
import type { WorkloadContext } from './context.ts';
import { StopError } from './stop.ts';

const MICROS_PER_SECOND = 1_000_000;
/** How long a program waits after a CONNECTIONLOSS before it tries again. */
export const BACKOFF_MICROS = 50_000;

export function running(ctx: WorkloadContext): boolean {
  return ctx.now() < ctx.stopMicros;
}

/** Starts `program` for `client`; StopError ends it quietly, any other throw with a 'workload-error' note. */
export function startProgram(ctx: WorkloadContext, client: string, program: () => Promise<void>): void {
  const noteError = (error: unknown): void => {
    if (error instanceof StopError) return;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : 'a non-Error value was thrown';
    ctx.note(client, 'workload-error', { message });
  };
  void program().catch(noteError);
}

/** A duration around `meanMicros`: uniform in [0.5, 1.5] of it, at least 1. */
export function jitterMicros(rng: Rng, meanMicros: number): number {
  const mean = Math.max(1, Math.round(meanMicros));
  return rng.int(Math.ceil(mean / 2), Math.max(1, Math.floor((mean * 3) / 2)));
}

/** The gap before a client's next operation at `opsPerSecond`. */
export function gapMicros(rng: Rng, opsPerSecond: number): number {
  return jitterMicros(rng, MICROS_PER_SECOND / opsPerSecond);
}

/** Sleeps as `zk`'s process experiences time (a paused host sleeps on). */
export function pace(ctx: WorkloadContext, zk: ZooKeeper, rng: Rng, opsPerSecond: number): Promise<void> {
  return ctx.sleep(zk, gapMicros(rng, opsPerSecond));
}
