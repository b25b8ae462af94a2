/**
 * leaderLatchWorkload: clients compete for a leader latch (recipes/leader-latch.ts). Each loops: join
 * and wait to lead; note 'leader-elected' {latch, token, session}; lead for leadMicros or until its
 * client says leadership is gone; note 'leader-revoked' {latch, token, reason}; leave (delete its node,
 * errors ignored) and, after a gap, join again. A session that expired is replaced by a new one. The
 * leader-latch checker reads the notes: two clients' leaderships for one latch must not overlap.
 */
import type { Workload, WorkloadContext } from './context.ts';
import { Handle } from './handle.ts';
import { codeOf } from './keeper.ts';
import { positive } from './options.ts';
import { BACKOFF_MICROS, jitterMicros, running, startProgram } from './program.ts';
import { awaitLeadership, lead, leaveLatch } from './recipes/leader-latch.ts';
import type { Revocation } from './recipes/leader-latch.ts';

export interface LeaderLatchOptions {
  readonly clients: number;
  readonly latch: string;
  /** How long a leader leads before it lets go. */
  readonly leadMicros: number;
  /** Mean pause between letting go and joining again. */
  readonly gapMicros: number;
  readonly sessionTimeoutMs: number;
}

export const LEADER_LATCH_DEFAULTS: LeaderLatchOptions = {
  clients: 3, latch: 'leader', leadMicros: 500_000, gapMicros: 100_000, sessionTimeoutMs: 4_000,
};

export function leaderLatchWorkload(options: Partial<LeaderLatchOptions> = {}): Workload {
  const o = { ...LEADER_LATCH_DEFAULTS, ...options };
  positive('leader-latch', 'clients', o.clients);
  positive('leader-latch', 'leadMicros', o.leadMicros);
  return {
    name: 'leader-latch',
    start(ctx) {
      for (let i = 1; i <= o.clients; i++) startProgram(ctx, `candidate${i}`, () => latchClient(ctx, o, `candidate${i}`));
    },
  };
}

async function latchClient(ctx: WorkloadContext, o: LeaderLatchOptions, client: string): Promise<void> {
  const handle = new Handle(ctx, client, o.sessionTimeoutMs);
  const rng = ctx.rng.fork(client);
  let tag = 0;
  while (running(ctx)) {
    const zk = handle.zk;
    tag += 1;
    let expired: boolean;
    try {
      expired = await latchRound(ctx, o, handle, tag);
    } catch (error) {
      expired = codeOf(error) === 'SESSIONEXPIRED';
      if (!expired) await ctx.sleep(zk, BACKOFF_MICROS);
    }
    if (expired && !handle.renew()) return;
    await ctx.sleep(zk, jitterMicros(rng, o.gapMicros));
  }
}

/** One election, leadership and leave; true if the session turned out expired. */
async function latchRound(ctx: WorkloadContext, o: LeaderLatchOptions, handle: Handle, tag: number): Promise<boolean> {
  const zk = handle.zk;
  const { node, turn } = await awaitLeadership(ctx, zk, o.latch, tag);
  if (turn !== 'first') return false;
  const about = { latch: o.latch, token: node.czxid, session: node.session };
  ctx.note(zk.name, 'leader-elected', about);
  let reason: Revocation | 'error' = 'error';
  try {
    reason = await lead(ctx, zk, node, o.leadMicros);
  } finally {
    ctx.note(zk.name, 'leader-revoked', { ...about, reason }); // also when lead() threw: belief ends here
  }
  if (reason === 'expired') return true;
  if (!running(ctx)) return false;
  return await leaveLatch(zk, node) === 'SESSIONEXPIRED';
}
