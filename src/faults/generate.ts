/**
 * Draws a fault schedule for a seed within a fault budget that stays inside what ZooKeeper claims to
 * survive, unless the budget says it may go beyond: every crashed server comes back, at most a minority
 * of voters is down at any moment (a power loss takes everyone down at once and brings them back, which
 * ZooKeeper survives with durable logs), and corruption touches at most a minority of servers, each once,
 * so a good copy of everything always survives.
 */
import { DRIFT_PPM_LIMIT } from '../sim/index.ts';
import type { Rng } from '../sim/index.ts';
import type { FaultEvent, FaultKind, FaultSchedule, PartitionPattern, SyncStep, Target } from './types.ts';

export interface FaultBudget {
  /** Kinds drawn from (each equally likely per fault). */
  readonly kinds: readonly FaultKind[];
  /** Faults start at or after this time. */
  readonly startMs: number;
  /** And before this one (the heal phase follows). */
  readonly chaosEndMs: number;
  /** Mean gap between fault starts. */
  readonly meanGapMs: number;
  readonly voters: number;
  /** The longest pause, partition or outage drawn. */
  readonly maxOutageMs: number;
  /** Allow more than a minority down at once and corruption on every server. */
  readonly beyondBudget?: boolean;
}

const PATTERNS: readonly PartitionPattern[] = ['isolate', 'halves', 'majority-minority', 'bridge', 'one-way'];
const STEPS: readonly SyncStep[] = ['zab-epoch-accepted', 'zab-sync-received', 'zab-epoch-current', 'snapshot-loaded', 'log-truncated'];
const SERVER_ROLES: readonly Target[] = [{ role: 'leader' }, { role: 'follower' }, { role: 'any' }];

interface Draw {
  readonly rng: Rng;
  readonly b: FaultBudget;
  /** [start, end) of each server outage drawn so far, by count of servers down. */
  readonly outages: { readonly fromMs: number; readonly toMs: number; readonly servers: number }[];
  readonly corrupted: Set<number>;
}

function minority(voters: number): number {
  return Math.floor((voters - 1) / 2);
}

function downAt(d: Draw, fromMs: number, toMs: number): number {
  return d.outages.filter((o) => o.fromMs < toMs && fromMs < o.toMs).reduce((n, o) => n + o.servers, 0);
}

/** Reserves an outage of `servers` servers; false if it would exceed the budget. */
function reserve(d: Draw, fromMs: number, toMs: number, servers: number): boolean {
  if (d.b.beyondBudget !== true && downAt(d, fromMs, toMs) + servers > minority(d.b.voters)) return false;
  d.outages.push({ fromMs, toMs, servers });
  return true;
}

function duration(d: Draw, minMs: number): number {
  return d.rng.int(minMs, Math.max(minMs, d.b.maxOutageMs));
}

function drawCrash(d: Draw, atMs: number): FaultEvent | undefined {
  const restartAfterMs = duration(d, 100);
  if (!reserve(d, atMs, atMs + restartAfterMs, 1)) return undefined;
  return { kind: 'crash', atMs, target: d.rng.pick(SERVER_ROLES), restartAfterMs };
}

function drawDisk(d: Draw, atMs: number): FaultEvent | undefined {
  const which = d.rng.pick(['torn-tail', 'slow-fsync', 'full', 'io-error', 'corrupt-log', 'corrupt-snapshot'] as const);
  if (which === 'corrupt-log' || which === 'corrupt-snapshot') {
    const server = d.rng.int(1, d.b.voters);
    if (d.b.beyondBudget !== true && (d.corrupted.has(server) || d.corrupted.size >= minority(d.b.voters))) return undefined;
    d.corrupted.add(server);
    // A corrupt file only matters once the server restarts and reads it.
    const restartAfterMs = duration(d, 100);
    if (!reserve(d, atMs, atMs + restartAfterMs, 1)) return undefined;
    return { kind: 'disk', atMs, target: { server }, disk: which };
  }
  const durationMs = duration(d, 200);
  if (which === 'slow-fsync') return { kind: 'disk', atMs, target: d.rng.pick(SERVER_ROLES), disk: which, durationMs, extraMs: d.rng.int(10, 1000) };
  if (which === 'io-error') return { kind: 'disk', atMs, target: d.rng.pick(SERVER_ROLES), disk: which, durationMs, chance: d.rng.int(1, 20) / 100 };
  return { kind: 'disk', atMs, target: d.rng.pick(SERVER_ROLES), disk: which, durationMs };
}

function drawOne(d: Draw, kind: FaultKind, atMs: number): FaultEvent | undefined {
  const { rng } = d;
  switch (kind) {
    case 'partition': {
      const pattern = rng.pick(PATTERNS);
      const target = pattern === 'isolate' || pattern === 'one-way' ? rng.pick(SERVER_ROLES) : undefined;
      return { kind, atMs, pattern, ...(target === undefined ? {} : { target }), durationMs: duration(d, 200) };
    }
    case 'flapping': return { kind, atMs, pattern: rng.pick(PATTERNS), periodMs: rng.int(100, 2000), durationMs: duration(d, 1000) };
    case 'crash': return drawCrash(d, atMs);
    case 'crash-at-step': {
      const restartAfterMs = duration(d, 100);
      if (!reserve(d, atMs, atMs + restartAfterMs + d.b.maxOutageMs, 1)) return undefined;
      return { kind, atMs, step: rng.pick(STEPS), restartAfterMs };
    }
    case 'power-loss': {
      const restartAfterMs = rng.int(50, 3000);
      if (d.b.beyondBudget !== true && downAt(d, atMs, atMs + restartAfterMs) > 0) return undefined;
      d.outages.push({ fromMs: atMs, toMs: atMs + restartAfterMs, servers: 0 });
      return { kind, atMs, restartAfterMs };
    }
    case 'pause': return { kind, atMs, target: rng.pick([...SERVER_ROLES, { role: 'clients-of-leader' }]), durationMs: duration(d, 50) };
    case 'pause-at-note': return undefined;
    case 'clock': return rng.chance(0.5)
      ? { kind, atMs, target: rng.pick(SERVER_ROLES), clock: 'jump', deltaMs: rng.int(-60_000, 60_000) }
      : { kind, atMs, target: rng.pick(SERVER_ROLES), clock: 'drift', driftPpm: rng.int(-DRIFT_PPM_LIMIT / 5, DRIFT_PPM_LIMIT / 5) };
    case 'disk': return drawDisk(d, atMs);
    case 'clog': return { kind, atMs, target: rng.pick(SERVER_ROLES), extraMs: rng.int(5, 2000), durationMs: duration(d, 200) };
    case 'reset': return { kind, atMs, target: rng.pick([...SERVER_ROLES, { role: 'clients-of-leader' }]) };
  }
}

/** A schedule drawn from `rng` within `budget`, sorted by time. */
export function generateSchedule(rng: Rng, budget: FaultBudget): FaultSchedule {
  if (budget.kinds.length === 0) return [];
  const d: Draw = { rng, b: budget, outages: [], corrupted: new Set() };
  const out: FaultEvent[] = [];
  for (let atMs = budget.startMs + rng.exponentialInt(budget.meanGapMs); atMs < budget.chaosEndMs; atMs += 1 + rng.exponentialInt(budget.meanGapMs)) {
    const event = drawOne(d, rng.pick(budget.kinds), atMs);
    if (event !== undefined) out.push(event);
  }
  return out;
}
