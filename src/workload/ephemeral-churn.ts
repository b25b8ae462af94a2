/**
 * ephemeralChurn: sessions come and go with their ephemerals. Each client creates ephemerals
 * /churn/<session name>-<n> (a name is never reused: after CONNECTIONLOSS the create may have happened),
 * deletes some of those it knows it created, and now and then closes its session and connects a new
 * one (`<client>-<k>`, a new host: capped by maxSessions; the last session is never closed). A closed or expired session's ephemerals must
 * be gone everywhere; the history's session events and ops show which ones those are.
 */
import type { ZooKeeper } from '../cluster/index.ts';
import type { Rng } from '../sim/index.ts';
import type { Workload, WorkloadContext } from './context.ts';
import { Handle } from './handle.ts';
import { codeOf, ignoring } from './keeper.ts';
import { opLoop } from './op-loop.ts';
import { positive } from './options.ts';
import { startProgram } from './program.ts';
import { ensurePath } from './znodes.ts';

export interface EphemeralChurnOptions {
  readonly clients: number;
  readonly opsPerSecond: number;
  /** Per step, the chance a client closes its session and connects a new one. */
  readonly closeChance: number;
  /** Sessions per client over the run (each is a simulated host). */
  readonly maxSessions: number;
  readonly sessionTimeoutMs: number;
}

export const EPHEMERAL_CHURN_DEFAULTS: EphemeralChurnOptions = {
  clients: 3, opsPerSecond: 20, closeChance: 0.02, maxSessions: 5, sessionTimeoutMs: 4_000,
};
const ROOT = '/churn';

export function ephemeralChurn(options: Partial<EphemeralChurnOptions> = {}): Workload {
  const o = { ...EPHEMERAL_CHURN_DEFAULTS, ...options };
  positive('ephemeral-churn', 'clients', o.clients);
  positive('ephemeral-churn', 'maxSessions', o.maxSessions);
  return {
    name: 'ephemeral-churn',
    start(ctx) {
      for (let i = 1; i <= o.clients; i++) startProgram(ctx, `churn${i}`, () => churnClient(ctx, o, `churn${i}`));
    },
  };
}

async function churnClient(ctx: WorkloadContext, o: EphemeralChurnOptions, client: string): Promise<void> {
  const handle = new Handle(ctx, client, o.sessionTimeoutMs, o.maxSessions);
  const rng = ctx.rng.fork(client);
  const owned = new Owned();
  await opLoop(ctx, handle, rng, o.opsPerSecond, async (zk) => {
    owned.session(zk.name);
    if (rng.chance(o.closeChance) && handle.canRenew) {
      await ignoring(zk.close());
      if (!handle.renew()) return;
    } else if (owned.size === 0 || rng.chance(0.6)) {
      await createOne(zk, owned);
    } else {
      await deleteOne(zk, owned, rng);
    }
  });
}

/** The ephemerals this session knows it created (a session change forgets them: they are gone). */
class Owned {
  private readonly paths: string[] = [];
  private sessionName = '';
  created = 0;

  get size(): number {
    return this.paths.length;
  }

  session(name: string): void {
    if (name === this.sessionName) return;
    this.sessionName = name;
    this.paths.length = 0;
  }

  add(path: string): void {
    this.paths.push(path);
  }

  take(rng: Rng): string {
    const i = rng.int(0, this.paths.length - 1);
    return this.paths.splice(i, 1)[0] ?? '';
  }
}

async function createOne(zk: ZooKeeper, owned: Owned): Promise<void> {
  owned.created += 1;
  const path = `${ROOT}/${zk.name}-${owned.created}`;
  try {
    await zk.create(path, null, { mode: 'EPHEMERAL' });
    owned.add(path);
  } catch (error) {
    if (codeOf(error) !== 'NONODE') throw error;
    await ensurePath(zk, ROOT);
  }
}

/** Deletes one known ephemeral; whatever the outcome it is forgotten (a lost delete may have happened). */
async function deleteOne(zk: ZooKeeper, owned: Owned, rng: Rng): Promise<void> {
  await zk.delete(owned.take(rng));
}
