/**
 * Kernel benchmarks (issue 2): events per second for a ping-pong cluster of 5 hosts with random
 * latencies, bare and with async workload code in the loop, and what one microtask drain costs.
 * Wall time is read here (benchmarks are outside the simulation); each figure is the median of rounds.
 */
import { runPingPong } from '../demo/index.ts';
import { Simulation } from '../sim/index.ts';
import { Bouncer } from './bouncer.ts';
import type { Ball } from './bouncer.ts';

export interface Rounds {
  readonly rounds: number;
  readonly virtualSeconds: number;
}

export interface KernelBenchResult {
  /** Minimal actor: the kernel's own cost per event. */
  readonly eventsPerSec: number;
  /** The demo actor (FIFO checks, timers, disk) without async workloads. */
  readonly demoEventsPerSec: number;
  /** The demo actor with 8 async echo loops (`await` in the loop). */
  readonly asyncEventsPerSec: number;
  readonly asyncSettlesPerRun: number;
  /** Wall time of one settle-and-drain (a loop of `await sim.sleep(1)`), in microseconds. */
  readonly microsPerAwait: number;
  readonly rounds: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timed<T extends { events: number }>(fn: () => Promise<T>): Promise<{ result: T; eventsPerSec: number }> {
  const start = performance.now();
  const result = await fn();
  const seconds = (performance.now() - start) / 1000;
  return { result, eventsPerSec: result.events / seconds };
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

async function awaitLoop(count: number): Promise<number> {
  const sim = new Simulation<Ball, string, never>({ seed: 1 });
  const start = performance.now();
  const loop = async (): Promise<void> => {
    for (let i = 0; i < count; i++) await sim.sleep(1);
  };
  const done = loop();
  await sim.run();
  await done;
  return ((performance.now() - start) * 1000) / count;
}

export async function benchKernel(rounds: Rounds): Promise<KernelBenchResult> {
  const bare: number[] = [];
  const demo: number[] = [];
  const withAsync: number[] = [];
  const awaits: number[] = [];
  let settles = 0;
  const seconds = rounds.virtualSeconds;
  for (let i = 0; i < rounds.rounds; i++) {
    bare.push((await timed(() => bareBouncers(i + 1, seconds))).eventsPerSec);
    const base = { seed: i + 1, hosts: 5, durationMicros: seconds * 1_000_000, faults: false };
    demo.push((await timed(() => runPingPong({ ...base, asyncClients: 0 }))).eventsPerSec);
    const a = await timed(() => runPingPong({ ...base, asyncClients: 8 }));
    withAsync.push(a.eventsPerSec);
    settles = a.result.echoes.invoked;
    awaits.push(await awaitLoop(20_000));
  }
  return {
    eventsPerSec: Math.round(median(bare)),
    demoEventsPerSec: Math.round(median(demo)),
    asyncEventsPerSec: Math.round(median(withAsync)),
    asyncSettlesPerRun: settles,
    microsPerAwait: Number(median(awaits).toFixed(2)),
    rounds: rounds.rounds,
  };
}
