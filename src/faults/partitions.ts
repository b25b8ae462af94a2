/**
 * Partition patterns as two sides of hosts. Partitions cut links between servers only: clients keep
 * reaching every server (as co-located Jepsen clients do), so a cut-off leader still has clients, which
 * is what makes stale reads and step-downs visible. Target clients with `clientsOf` to cut them too.
 */
import type { HostId } from '../base/index.ts';
import { resolveHosts, resolveServers } from './targets.ts';
import type { TargetWorld } from './targets.ts';
import type { PartitionPattern, Target } from './types.ts';

export interface Sides {
  readonly from: readonly HostId[];
  readonly to: readonly HostId[];
  readonly oneWay: boolean;
}

function split(w: TargetWorld, cut: readonly HostId[], oneWay = false): Sides | undefined {
  const servers = w.e.ids.map((sid) => w.e.hostOf(sid));
  const isClientCut = cut.some((h) => !servers.includes(h));
  const rest = (isClientCut ? servers : servers.filter((h) => !cut.includes(h)));
  if (cut.length === 0 || rest.length === 0) return undefined;
  return { from: cut, to: rest, oneWay };
}

function randomHalf(w: TargetWorld): number[] {
  const ids = [...w.e.ids];
  const half: number[] = [];
  const size = Math.max(1, Math.floor(ids.length / 2));
  while (half.length < size) {
    const [sid] = ids.splice(w.rng.int(0, ids.length - 1), 1);
    if (sid !== undefined) half.push(sid);
  }
  return half.sort((a, b) => a - b);
}

/** The two sides of `pattern` now, or undefined when the target names nobody. */
export function partitionSides(w: TargetWorld, pattern: PartitionPattern, target: Target | undefined): Sides | undefined {
  const hostsOf = (sids: readonly number[]): HostId[] => sids.map((sid) => w.e.hostOf(sid));
  switch (pattern) {
    case 'isolate': return split(w, target === undefined ? hostsOf([w.rng.pick(w.e.ids)]) : resolveHosts(w, target));
    case 'halves': return split(w, hostsOf(randomHalf(w)));
    case 'majority-minority': return split(w, hostsOf(resolveServers(w, target ?? { role: 'minority' })));
    case 'one-way': return split(w, target === undefined ? hostsOf([w.rng.pick(w.e.ids)]) : resolveHosts(w, target), true);
    case 'bridge': {
      const ids = [...w.e.ids];
      if (ids.length < 3) return undefined;
      const bridge = w.rng.pick(ids);
      const others = ids.filter((sid) => sid !== bridge);
      const left = others.slice(0, Math.floor(others.length / 2));
      const right = others.slice(left.length);
      return { from: hostsOf(left), to: hostsOf(right), oneWay: false };
    }
  }
}
