/**
 * Resolves a role-relative target against the ensemble as it is at the moment a fault fires. Random
 * choices come from the injector's own seeded stream, so a schedule means the same thing on every replay.
 */
import type { HostId } from '../base/index.ts';
import type { Ensemble } from '../cluster/index.ts';
import type { Rng } from '../sim/index.ts';
import type { Target } from './types.ts';

export interface TargetWorld {
  readonly e: Ensemble;
  readonly rng: Rng;
  readonly voters: readonly number[];
}

/** The leader that serves, else any server that believes it leads. */
export function currentLeader(e: Ensemble): number | undefined {
  return e.establishedLeader() ?? e.leaders()[0];
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function minoritySize(voters: number): number {
  return Math.floor((voters - 1) / 2);
}

function upServers(w: TargetWorld): number[] {
  return w.e.ids.filter((sid) => w.e.peer(sid) !== undefined);
}

/** Server ids the target names now (empty when the role has no holder, e.g. no leader). */
export function resolveServers(w: TargetWorld, target: Target): number[] {
  if ('server' in target) return [target.server];
  if ('clientsOf' in target || 'client' in target) return [];
  const leader = currentLeader(w.e);
  switch (target.role) {
    case 'leader': return leader === undefined ? [] : [leader];
    case 'follower': {
      const followers = upServers(w).filter((sid) => w.e.peer(sid)?.state === 'FOLLOWING');
      return followers.length === 0 ? [] : [w.rng.pick(followers)];
    }
    case 'observer': {
      const observers = upServers(w).filter((sid) => w.e.peer(sid)?.state === 'OBSERVING');
      return observers.length === 0 ? [] : [w.rng.pick(observers)];
    }
    case 'any': return [w.rng.pick(w.e.ids)];
    case 'all': return [...w.e.ids];
    case 'minority': return shuffled(w.rng, w.voters).slice(0, minoritySize(w.voters.length)).sort((a, b) => a - b);
    case 'leader-minority': {
      if (leader === undefined) return [];
      const others = shuffled(w.rng, w.voters.filter((sid) => sid !== leader));
      return [leader, ...others.slice(0, minoritySize(w.voters.length) - 1)].sort((a, b) => a - b);
    }
    case 'quorum-minus-one': {
      const others = shuffled(w.rng, w.voters.filter((sid) => sid !== leader));
      return others.slice(0, Math.floor(w.voters.length / 2)).sort((a, b) => a - b);
    }
    case 'clients-of-leader': return [];
  }
}

/** Client hosts connected (or connecting) to server `sid` now. */
export function clientsOf(e: Ensemble, sid: number): HostId[] {
  const host = e.hostOf(sid);
  return e.clientHosts().filter((h) => e.client(h)?.server === host);
}

/** Hosts the target names now: servers' hosts, or client hosts for the client roles. */
export function resolveHosts(w: TargetWorld, target: Target): HostId[] {
  if ('clientsOf' in target) return clientsOf(w.e, target.clientsOf);
  if ('client' in target) return w.e.clientHosts().filter((h) => w.e.sim.status(h).name === target.client);
  if ('role' in target && target.role === 'clients-of-leader') {
    const leader = currentLeader(w.e);
    return leader === undefined ? [] : clientsOf(w.e, leader);
  }
  return resolveServers(w, target).map((sid) => w.e.hostOf(sid));
}
