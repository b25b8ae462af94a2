/**
 * Kernel benchmarks (issue 2): events per second for a ping-pong cluster of 5 hosts with random
 * latencies, bare and with async workload code in the loop, and what one microtask drain costs.
 *
 * Method: every round runs in a fresh Node process (as a real `zksim run` does: one workload per process,
 * its own JIT state), after a short warm-up run in that process; figures are medians over rounds, and the
 * rounds of each kind run one after another, never in parallel. Wall time is read here, never fed into a
 * simulation.
 */
import { runPingPong } from '../demo/index.ts';
import { Simulation } from '../sim/index.ts';
import { Bouncer } from './bouncer.ts';
import { ceilingLoop } from './ceiling.ts';
import type { Ball } from './bouncer.ts';

export type RoundKind = 'ceiling' | 'bare' | 'demo' | 'async' | 'await';
export const ROUND_KINDS: readonly RoundKind[] = ['ceiling', 'bare', 'demo', 'async', 'await'];

export interface RoundResult {
  readonly kind: RoundKind;
  readonly events: number;
  readonly wallSeconds: number;
  /** Awaited round trips (async) or awaited sleeps (await) in the measured run. */
  readonly settles: number;
}

export interface KernelBenchResult {
  /** Minimal actor: the kernel's own cost per event. */
  readonly eventsPerSec: number;
  /** The bare event loop of toolchain.md (heap of objects, 2 draws per event), measured in the same run. */
  readonly ceilingEventsPerSec: number;
  /** eventsPerSec / ceilingEventsPerSec: the goal is at least 0.5. */
  readonly ratioToCeiling: number;
  /** The demo actor (FIFO checks, timers, disk) without async workloads. */
  readonly demoEventsPerSec: number;
  /** The demo actor with 8 async echo loops (`await` in the loop). */
  readonly asyncEventsPerSec: number;
  readonly asyncSettlesPerRun: number;
  /** Wall time of one settle-and-drain (a loop of `await sim.sleep(1)`), in microseconds. */
  readonly microsPerAwait: number;
  readonly rounds: number;
  readonly virtualSeconds: number;
}

export async function bareBouncers(seed: number, virtualSeconds: number): Promise<{ events: number; traceHash: string }> {
  const sim = new Simulation<Ball, string, never>({
    seed, network: { latency: { kind: 'uniform', minMicros: 100, maxMicros: 2_000 } },
  });
  for (let h = 0; h < 5; h++) sim.addHost(`h${h}`, (env) => new Bouncer(env));
  for (const id of sim.hostIds()) sim.start(id);
  const r = await sim.run({ untilMicros: virtualSeconds * 1_000_000 });
  return { events: r.events, traceHash: r.traceHash };
}

async function awaitLoop(count: number): Promise<{ events: number }> {
  const sim = new Simulation<Ball, string, never>({ seed: 1 });
  const loop = async (): Promise<void> => {
    for (let i = 0; i < count; i++) await sim.sleep(1);
  };
  const done = loop();
  const r = await sim.run();
  await done;
  return { events: r.events };
}

async function once(kind: RoundKind, seed: number, virtualSeconds: number): Promise<{ events: number; settles: number }> {
  const base = { seed, hosts: 5, durationMicros: virtualSeconds * 1_000_000, faults: false };
  switch (kind) {
    case 'ceiling': {
      const events = virtualSeconds * 50_000;
      ceilingLoop(events, seed);
      return { events, settles: 0 };
    }
    case 'bare':
      return { ...(await bareBouncers(seed, virtualSeconds)), settles: 0 };
    case 'demo':
      return { events: (await runPingPong({ ...base, asyncClients: 0 })).events, settles: 0 };
    case 'async': {
      const r = await runPingPong({ ...base, asyncClients: 8 });
      return { events: r.events, settles: r.echoes.invoked };
    }
    case 'await': {
      const count = virtualSeconds * 1_000;
      return { ...(await awaitLoop(count)), settles: count };
    }
  }
}

/** One measured round in this process, after a warm-up run a quarter as long. */
export async function benchRound(kind: RoundKind, seed: number, virtualSeconds: number): Promise<RoundResult> {
  await once(kind, seed + 1_000, Math.max(1, Math.round(virtualSeconds / 4)));
  const start = performance.now();
  const r = await once(kind, seed, virtualSeconds);
  return { kind, events: r.events, settles: r.settles, wallSeconds: (performance.now() - start) / 1000 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 === 1
    ? (sorted[Math.floor(mid)] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Folds the rounds (from fresh processes) into the figures. */
export function summariseRounds(results: readonly RoundResult[], virtualSeconds: number): KernelBenchResult {
  const of = (kind: RoundKind): RoundResult[] => results.filter((r) => r.kind === kind);
  const rate = (kind: RoundKind): number => Math.round(median(of(kind).map((r) => r.events / r.wallSeconds)));
  const awaits = of('await').map((r) => (r.wallSeconds * 1e6) / r.settles);
  const ceiling = rate('ceiling');
  return {
    eventsPerSec: rate('bare'),
    ceilingEventsPerSec: ceiling,
    ratioToCeiling: ceiling > 0 ? Number((rate('bare') / ceiling).toFixed(3)) : 0,
    demoEventsPerSec: rate('demo'),
    asyncEventsPerSec: rate('async'),
    asyncSettlesPerRun: of('async')[0]?.settles ?? 0,
    microsPerAwait: Number(median(awaits).toFixed(2)),
    rounds: of('bare').length,
    virtualSeconds,
  };
}
