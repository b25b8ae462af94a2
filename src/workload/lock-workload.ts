/**
 * lockWorkload: clients take turns at a lock (recipes/lock.ts) to write to a guarded resource
 * (recipes/fenced-lock.ts). Each client loops: acquire; note 'lock-acquired' {lock, token, session};
 * its critical section (sleep holdMicros, then write to the resource with its token, unless its client
 * already says the session expired); note 'lock-released' and delete its node (errors ignored). When a
 * client learns its session expired it notes 'lock-lost' (if it held the lock) and starts over with a
 * new session. Notes are named by the session's name, which is the holder's identity.
 *
 * Unfenced, a holder paused past its session timeout resumes still believing it holds and writes after
 * the next holder acquired: lock-mutual-exclusion fails. Fenced, that stale write is refused.
 */
import type { ZooKeeper } from '../cluster/index.ts';
import type { Workload, WorkloadContext } from './context.ts';
import { Handle } from './handle.ts';
import { codeOf } from './keeper.ts';
import { positive } from './options.ts';
import { BACKOFF_MICROS, jitterMicros, running, startProgram } from './program.ts';
import { GuardedResource } from './recipes/fenced-lock.ts';
import { acquireLock, releaseLock } from './recipes/lock.ts';

export interface LockWorkloadOptions {
  readonly clients: number;
  /** Whether the guarded resource checks fencing tokens. */
  readonly fenced: boolean;
  /** The critical section's length (a sleep as the holder's process experiences it). */
  readonly holdMicros: number;
  readonly sessionTimeoutMs: number;
  readonly lock: string;
  /** Mean pause between releasing and asking again. */
  readonly gapMicros: number;
}

export const LOCK_WORKLOAD_DEFAULTS: LockWorkloadOptions = {
  clients: 3, fenced: false, holdMicros: 200_000, sessionTimeoutMs: 4_000, lock: 'l', gapMicros: 50_000,
};

export function lockWorkload(options: Partial<LockWorkloadOptions> = {}): Workload {
  const o = { ...LOCK_WORKLOAD_DEFAULTS, ...options };
  positive('lock', 'clients', o.clients);
  positive('lock', 'holdMicros', o.holdMicros);
  return {
    name: o.fenced ? 'fenced-lock' : 'lock',
    start(ctx) {
      const resource = new GuardedResource(ctx, o.lock, o.fenced);
      for (let i = 1; i <= o.clients; i++) startProgram(ctx, `locker${i}`, () => lockClient(ctx, o, resource, `locker${i}`));
    },
  };
}

type Round = 'again' | 'expired' | 'stop';

async function lockClient(ctx: WorkloadContext, o: LockWorkloadOptions, resource: GuardedResource, client: string): Promise<void> {
  const handle = new Handle(ctx, client, o.sessionTimeoutMs);
  const rng = ctx.rng.fork(client);
  let tag = 0;
  while (running(ctx)) {
    const zk = handle.zk;
    tag += 1;
    let round: Round;
    try {
      round = await lockRound(ctx, o, resource, zk, tag);
    } catch (error) {
      const code = codeOf(error);
      round = code === 'SESSIONEXPIRED' ? 'expired' : 'again';
      if (round === 'again') await ctx.sleep(zk, BACKOFF_MICROS);
    }
    if (round === 'stop' || (round === 'expired' && !handle.renew())) return;
    await ctx.sleep(zk, jitterMicros(rng, o.gapMicros));
  }
}

/** One acquire, critical section, release. */
async function lockRound(ctx: WorkloadContext, o: LockWorkloadOptions, resource: GuardedResource, zk: ZooKeeper, tag: number): Promise<Round> {
  const acquired = await acquireLock(ctx, zk, o.lock, tag);
  if (acquired.kind === 'stopped') return 'stop';
  if (acquired.kind === 'lost') return 'again';
  const { token, session } = acquired.hold;
  const about = { lock: o.lock, token, session };
  ctx.note(zk.name, 'lock-acquired', about);
  await ctx.sleep(zk, o.holdMicros);
  if (zk.state === 'CLOSED') {
    ctx.note(zk.name, 'lock-lost', { ...about, reason: 'session expired' });
    return 'expired';
  }
  resource.write(zk.name, token);
  ctx.note(zk.name, 'lock-released', about);
  if (!running(ctx)) return 'stop';
  const code = await releaseLock(zk, acquired.hold);
  return code === 'SESSIONEXPIRED' ? 'expired' : 'again';
}
