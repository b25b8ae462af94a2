/**
 * The demo cluster on the kernel: `hosts` ping-pong actors, optional async echo workloads (each a loop of
 * `await echo()` round trips), and optionally a fault schedule (a partition held past the reset timeout,
 * a crash and restart, a pause). Used by `npm start`, the benchmark and the kernel's tests.
 */
import type { HostId } from '../base/index.ts';
import { Simulation } from '../sim/index.ts';
import type { SimRunResult, TraceSink } from '../sim/index.ts';
import { PingPongActor, describePingMsg } from './ping-pong-actor.ts';
import type { PingCall, PingMsg, PingTag } from './ping-pong-actor.ts';

export interface PingPongOptions {
  readonly seed: number;
  readonly hosts: number;
  readonly durationMicros: number;
  readonly faults: boolean;
  /** Concurrent async workload loops, each issuing echo round trips one after another. */
  readonly asyncClients: number;
  readonly trace?: TraceSink;
  readonly maxEvents?: number;
}

/** One incarnation of one host's actor: what it recovered from disk, and how far it counted. */
export interface PingPongLife {
  readonly host: number;
  readonly incarnation: number;
  readonly recoveredFrom: number;
  readonly heartbeats: number;
}

export interface PingPongResult extends SimRunResult {
  readonly echoes: { readonly invoked: number; readonly ok: number; readonly failed: number };
  readonly bounces: number;
  readonly lives: readonly PingPongLife[];
}

export async function runPingPong(options: PingPongOptions): Promise<PingPongResult> {
  const sim = new Simulation<PingMsg, PingTag, PingCall>({
    seed: options.seed,
    network: {
      latency: { kind: 'exponential', minMicros: 200, meanExtraMicros: 600 },
      stallResetMicros: 1_000_000,
      connectTimeoutMicros: 1_000_000,
    },
    trace: { describeMessage: describePingMsg, hashMessage: (m) => (m.kind === 'ball' ? m.hops : m.id) },
  });
  sim.attachTrace(options.trace);
  const lives: { readonly host: HostId; readonly incarnation: number; readonly actor: PingPongActor }[] = [];
  const ids: HostId[] = [];
  for (let i = 0; i < options.hosts; i++) {
    const id = sim.addHost(`h${i}`, (env) => {
      const actor = new PingPongActor(env, ids);
      lives.push({ host: env.host, incarnation: env.incarnation, actor });
      return actor;
    });
    ids.push(id);
  }
  for (const id of ids) sim.start(id);
  if (options.faults) scheduleDemoFaults(sim, ids);
  const echoes = { invoked: 0, ok: 0, failed: 0 };
  for (let c = 0; c < options.asyncClients; c++) {
    void echoLoop(sim, ids[c % ids.length] as HostId, options.durationMicros, echoes, c);
  }
  const result = await sim.run({ untilMicros: options.durationMicros, maxEvents: options.maxEvents ?? 500_000_000 });
  let bounces = 0;
  for (const life of lives) bounces += life.actor.bounces;
  return {
    ...result, echoes, bounces,
    lives: lives.map(({ host, incarnation, actor }) => ({
      host, incarnation, recoveredFrom: actor.recoveredFrom, heartbeats: actor.heartbeats,
    })),
  };
}

/** A partition held past the reset timeout, a crash and restart, and a GC-like pause. */
function scheduleDemoFaults(sim: Simulation<PingMsg, PingTag, PingCall>, ids: readonly HostId[]): void {
  const [h0, h1, h2] = ids;
  if (h0 === undefined || h1 === undefined || h2 === undefined) return;
  const rest = ids.filter((id) => id !== h0);
  sim.at(2_000_000, () => {
    const cut = sim.network.partition([h0], rest);
    sim.at(3_500_000, () => sim.network.heal(cut));
  });
  sim.at(5_000_000, () => sim.crash(h1));
  sim.at(6_000_000, () => sim.restart(h1));
  sim.at(7_000_000, () => sim.pause(h2, 400_000));
  sim.at(8_000_000, () => sim.setClockDrift(h2, 200));
}

async function echoLoop(
  sim: Simulation<PingMsg, PingTag, PingCall>, host: HostId, endMicros: number,
  counts: { invoked: number; ok: number; failed: number }, client: number,
): Promise<void> {
  let id = client * 1_000_000_000;
  while (sim.now < endMicros) {
    counts.invoked += 1;
    const ok = await echo(sim, host, id++);
    if (ok) counts.ok += 1;
    else {
      counts.failed += 1;
      await sim.sleep(50_000);
    }
  }
}

function echo(sim: Simulation<PingMsg, PingTag, PingCall>, host: HostId, id: number): Promise<boolean> {
  const reply = sim.deferred<boolean>();
  if (!sim.status(host).up) reply.resolve(false);
  else sim.inject(host, { id, done: (ok) => reply.resolve(ok) });
  return reply.promise;
}
