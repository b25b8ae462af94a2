/**
 * casRegister: compare-and-set registers. Each key is a znode /reg/k<i>; a client reads it (getData) and
 * writes a value unique in the run with setData at the version it read, so a write succeeds only if
 * nobody wrote in between (BADVERSION otherwise). The first client to find a key missing creates it
 * (NODEEXISTS is fine). The op history alone is what a linearizability checker needs: no notes.
 */
import type { ZooKeeper } from '../cluster/index.ts';
import type { Rng } from '../sim/index.ts';
import type { Workload, WorkloadContext } from './context.ts';
import { Handle } from './handle.ts';
import { codeOf, tolerate } from './keeper.ts';
import { opLoop } from './op-loop.ts';
import { positive } from './options.ts';
import { startProgram } from './program.ts';
import { ensurePath } from './znodes.ts';

export interface CasRegisterOptions {
  readonly clients: number;
  readonly keys: number;
  /** Per client. */
  readonly opsPerSecond: number;
  readonly sessionTimeoutMs: number;
}

export const CAS_REGISTER_DEFAULTS: CasRegisterOptions = { clients: 3, keys: 2, opsPerSecond: 20, sessionTimeoutMs: 10_000 };
const ROOT = '/reg';

export function casRegister(options: Partial<CasRegisterOptions> = {}): Workload {
  const o = { ...CAS_REGISTER_DEFAULTS, ...options };
  positive('cas-register', 'clients', o.clients);
  positive('cas-register', 'keys', o.keys);
  return {
    name: 'cas-register',
    start(ctx) {
      for (let i = 1; i <= o.clients; i++) {
        const client = `cas${i}`;
        startProgram(ctx, client, () => casClient(ctx, o, client));
      }
    },
  };
}

async function casClient(ctx: WorkloadContext, o: CasRegisterOptions, client: string): Promise<void> {
  const handle = new Handle(ctx, client, o.sessionTimeoutMs);
  const rng = ctx.rng.fork(client);
  let writes = 0;
  await opLoop(ctx, handle, rng, o.opsPerSecond, async (zk) => {
    writes += 1;
    await casOnce(zk, `${ROOT}/k${rng.int(0, o.keys - 1)}`, `${client}:${writes}`, rng);
  });
}

/** Read, then (most of the time) write at the version read; a missing key is created. */
async function casOnce(zk: ZooKeeper, path: string, value: string, rng: Rng): Promise<void> {
  let version: number;
  try {
    version = (await zk.getData(path)).stat.version;
  } catch (error) {
    if (codeOf(error) !== 'NONODE') throw error;
    await ensurePath(zk, ROOT);
    await tolerate(zk.create(path, value), 'NODEEXISTS');
    return;
  }
  if (rng.chance(0.25)) return; // a read-only step now and then
  await tolerate(zk.setData(path, value, version), 'BADVERSION', 'NONODE');
}
