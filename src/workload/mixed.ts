/**
 * mixed: the benchmark workload. Clients pick a key out of a key space /mixed/k<i> and read it
 * (getData, readFraction of the time) or overwrite it (setData at any version; a missing key is
 * created). No notes: throughput and latency come from the op history.
 */
import type { ZooKeeper } from '../cluster/index.ts';
import type { Workload, WorkloadContext } from './context.ts';
import { Handle } from './handle.ts';
import { tolerate } from './keeper.ts';
import { opLoop } from './op-loop.ts';
import { positive } from './options.ts';
import { startProgram } from './program.ts';
import { ensurePath } from './znodes.ts';

export interface MixedOptions {
  readonly clients: number;
  readonly keys: number;
  /** Per client. */
  readonly opsPerSecond: number;
  readonly readFraction: number;
  readonly valueBytes: number;
  readonly sessionTimeoutMs: number;
}

export const MIXED_DEFAULTS: MixedOptions = {
  clients: 4, keys: 16, opsPerSecond: 50, readFraction: 0.7, valueBytes: 16, sessionTimeoutMs: 10_000,
};
const ROOT = '/mixed';

export function mixed(options: Partial<MixedOptions> = {}): Workload {
  const o = { ...MIXED_DEFAULTS, ...options };
  positive('mixed', 'clients', o.clients);
  positive('mixed', 'keys', o.keys);
  if (!(o.readFraction >= 0 && o.readFraction <= 1)) throw new Error('workload mixed: readFraction must be in [0, 1]');
  return {
    name: 'mixed',
    start(ctx) {
      for (let i = 1; i <= o.clients; i++) startProgram(ctx, `mixed${i}`, () => mixedClient(ctx, o, `mixed${i}`));
    },
  };
}

async function mixedClient(ctx: WorkloadContext, o: MixedOptions, client: string): Promise<void> {
  const handle = new Handle(ctx, client, o.sessionTimeoutMs);
  const rng = ctx.rng.fork(client);
  let writes = 0;
  await opLoop(ctx, handle, rng, o.opsPerSecond, async (zk) => {
    const path = `${ROOT}/k${rng.int(0, o.keys - 1)}`;
    if (rng.chance(o.readFraction)) {
      await tolerate(zk.getData(path), 'NONODE');
      return;
    }
    writes += 1;
    await write(zk, path, `${client}:${writes}`.padEnd(o.valueBytes, '.'));
  });
}

/** Overwrites the key, creating it when missing. */
async function write(zk: ZooKeeper, path: string, value: string): Promise<void> {
  if (await tolerate(zk.setData(path, value), 'NONODE') !== undefined) return;
  await ensurePath(zk, ROOT);
  await tolerate(zk.create(path, value), 'NODEEXISTS');
}
