// Determinism is the product: the same scenario and seed must give the same run, byte for byte, and a
// different seed a different one. This property draws random actor programs (what each host does on
// start, message, timer, call), random fault schedules (partitions, crashes and restarts, pauses, resets,
// clogs, clock drift and jumps, torn tails) and async workload code that awaits simulated sleeps, runs
// each twice from one seed and compares every trace record, then runs it from another seed and expects
// another trace hash (latencies are drawn from the seed, and the programs always exchange messages).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostId } from '../../src/base/index.ts';
import { Simulation, traceLine } from '../../src/sim/index.ts';
import { checkProperty } from '../support/property.ts';
import { ProgramActor } from '../support/program-actor.ts';
import type { Action, HostProgram, ProgramMsg } from '../support/program-actor.ts';

type Fault =
  | { readonly kind: 'partition'; readonly atMicros: number; readonly from: number[]; readonly to: number[]; readonly oneWay: boolean; readonly healAfterMicros: number }
  | { readonly kind: 'crash'; readonly atMicros: number; readonly host: number; readonly restartAfterMicros: number }
  | { readonly kind: 'pause'; readonly atMicros: number; readonly host: number; readonly durationMicros: number }
  | { readonly kind: 'reset'; readonly atMicros: number; readonly a: number; readonly b: number }
  | { readonly kind: 'clog'; readonly atMicros: number; readonly from: number[]; readonly to: number[]; readonly extraMicros: number; readonly durationMicros: number }
  | { readonly kind: 'drift'; readonly atMicros: number; readonly host: number; readonly ppm: number }
  | { readonly kind: 'jump'; readonly atMicros: number; readonly host: number; readonly deltaMicros: number }
  | { readonly kind: 'tornTail'; readonly atMicros: number; readonly host: number };

interface World {
  readonly hosts: number;
  readonly programs: readonly HostProgram[];
  readonly faults: readonly Fault[];
  /** Async workload: after each sleep, inject a call into a host. */
  readonly calls: readonly { readonly sleepMicros: number; readonly host: number; readonly value: number }[];
}

const HORIZON_MICROS = 3_000_000;
const time = fc.integer({ min: 0, max: HORIZON_MICROS });
const hostIndex = fc.nat(4);
const hostSet = fc.uniqueArray(hostIndex, { minLength: 1, maxLength: 3 });

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('connect' as const), peer: hostIndex }),
  fc.record({ kind: fc.constant('send' as const), payload: fc.nat(1000) }),
  fc.record({ kind: fc.constant('send' as const), payload: fc.nat(1000) }),
  fc.record({ kind: fc.constant('close' as const) }),
  fc.record({ kind: fc.constant('timer' as const), delayMicros: fc.integer({ min: 1, max: 500_000 }) }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('fsync' as const) }),
  fc.record({ kind: fc.constant('emit' as const), value: fc.nat(100) }),
);
const actions = fc.array(action, { maxLength: 4 });
const program: fc.Arbitrary<HostProgram> = fc.record({ onStart: actions, onMessage: actions, onTimer: actions, onCall: actions });

const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constant('partition' as const), atMicros: time, from: hostSet, to: hostSet, oneWay: fc.boolean(),
    healAfterMicros: fc.integer({ min: 1, max: 2_000_000 }) }),
  fc.record({ kind: fc.constant('crash' as const), atMicros: time, host: hostIndex, restartAfterMicros: fc.integer({ min: 1, max: 1_000_000 }) }),
  fc.record({ kind: fc.constant('pause' as const), atMicros: time, host: hostIndex, durationMicros: fc.integer({ min: 1, max: 800_000 }) }),
  fc.record({ kind: fc.constant('reset' as const), atMicros: time, a: hostIndex, b: hostIndex }),
  fc.record({ kind: fc.constant('clog' as const), atMicros: time, from: hostSet, to: hostSet, extraMicros: fc.integer({ min: 1, max: 300_000 }),
    durationMicros: fc.integer({ min: 1, max: 1_000_000 }) }),
  fc.record({ kind: fc.constant('drift' as const), atMicros: time, host: hostIndex, ppm: fc.integer({ min: -50_000, max: 50_000 }) }),
  fc.record({ kind: fc.constant('jump' as const), atMicros: time, host: hostIndex, deltaMicros: fc.integer({ min: -5_000_000, max: 5_000_000 }) }),
  fc.record({ kind: fc.constant('tornTail' as const), atMicros: time, host: hostIndex }),
);

const world: fc.Arbitrary<World> = fc.integer({ min: 2, max: 5 }).chain((hosts) => fc.record({
  hosts: fc.constant(hosts),
  programs: fc.array(program, { minLength: hosts, maxLength: hosts }),
  faults: fc.array(fault, { maxLength: 8 }),
  calls: fc.array(fc.record({ sleepMicros: fc.integer({ min: 0, max: 300_000 }), host: hostIndex, value: fc.nat(100) }), { maxLength: 8 }),
}));

/** Host 1 always connects to host 0 at start and every message is answered, so messages always flow. */
function withGuaranteedTraffic(w: World, h: number): HostProgram {
  const p = w.programs[h] as HostProgram;
  const onStart: Action[] = h === 1 ? [{ kind: 'connect', peer: 0 }, ...p.onStart] : [...p.onStart];
  return { ...p, onStart, onMessage: [{ kind: 'send', payload: 1 }, ...p.onMessage] };
}

function applyFault(sim: Simulation<ProgramMsg, number, number>, f: Fault, hosts: number): void {
  const id = (n: number): HostId => (n % hosts) as HostId;
  const ids = (ns: readonly number[]): HostId[] => [...new Set(ns.map(id))];
  const up = (n: number): boolean => sim.status(id(n)).up;
  switch (f.kind) {
    case 'partition': {
      const cut = sim.network.partition(ids(f.from), ids(f.to), f.oneWay);
      sim.at(sim.now + f.healAfterMicros, () => sim.network.heal(cut));
      return;
    }
    case 'crash':
      if (!up(f.host)) return;
      sim.crash(id(f.host));
      sim.at(sim.now + f.restartAfterMicros, () => {
        if (!up(f.host)) sim.restart(id(f.host));
      });
      return;
    case 'pause':
      if (up(f.host) && !sim.status(id(f.host)).paused) sim.pause(id(f.host), f.durationMicros);
      return;
    case 'reset':
      if (id(f.a) !== id(f.b)) sim.network.resetBetween(id(f.a), id(f.b));
      return;
    case 'clog':
      sim.network.clog(ids(f.from), ids(f.to), { kind: 'constant', micros: f.extraMicros }, sim.now + f.durationMicros);
      return;
    case 'drift':
      sim.setClockDrift(id(f.host), f.ppm);
      return;
    case 'jump':
      sim.jumpClock(id(f.host), f.deltaMicros);
      return;
    case 'tornTail':
      sim.disk(id(f.host)).tornTailOnCrash = true;
      return;
  }
}

async function runWorld(w: World, seed: number, traced = true): Promise<{ hash: string; events: number; lines: string[] }> {
  const sim = new Simulation<ProgramMsg, number, number>({
    seed, maxHosts: 8,
    network: { latency: { kind: 'uniform', minMicros: 100, maxMicros: 5_000 }, stallResetMicros: 700_000, connectTimeoutMicros: 500_000 },
    trace: { describeMessage: (m) => `p${m.payload}h${m.hops}`, hashMessage: (m) => m.payload * 31 + m.hops },
  });
  const lines: string[] = [];
  if (traced) sim.attachTrace((r) => lines.push(traceLine(r)));
  for (let h = 0; h < w.hosts; h++) {
    const p = withGuaranteedTraffic(w, h);
    sim.addHost(`h${h}`, (env) => new ProgramActor(env, p, w.hosts));
  }
  for (const id of sim.hostIds()) sim.start(id);
  for (const f of w.faults) sim.at(f.atMicros, () => applyFault(sim, f, w.hosts));
  const workload = (async () => {
    for (const c of w.calls) {
      await sim.sleep(c.sleepMicros);
      sim.inject((c.host % w.hosts) as HostId, c.value);
    }
  })();
  const result = await sim.run({ untilMicros: 2 * HORIZON_MICROS, maxEvents: 2_000_000 });
  await workload;
  return { hash: result.traceHash, events: result.events, lines };
}

describe('determinism of the kernel', () => {
  it('replays random programs and fault schedules identically from a seed, and differently from another', async () => {
    await checkProperty(fc.asyncProperty(world, fc.nat(1_000_000), async (w, seed) => {
      const first = await runWorld(w, seed);
      const second = await runWorld(w, seed);
      expect(second.lines).toEqual(first.lines);
      expect(second.hash).toBe(first.hash);
      expect(second.events).toBe(first.events);
      const other = await runWorld(w, seed + 1);
      expect(other.hash).not.toBe(first.hash);
    }), { numRuns: 100, file: import.meta.url });
  });

  it('gives the same trace hash whether or not a trace sink listens', async () => {
    await checkProperty(fc.asyncProperty(world, fc.nat(1_000_000), async (w, seed) => {
      const traced = await runWorld(w, seed, true);
      const untraced = await runWorld(w, seed, false);
      expect(untraced.lines).toEqual([]);
      expect(untraced.hash).toBe(traced.hash);
      expect(traced.lines.length).toBeGreaterThan(0);
    }), { numRuns: 30, file: import.meta.url });
  });
});
