/**
 * Runs a scenario spec from a seed: builds the recorded ensemble with the spec's knobs (or the swarm's
 * draw), starts the workloads, applies the fault schedule during the chaos phase, undoes every fault at
 * the heal phase, then judges the recorded history with the checkers and the required coverage marks.
 */
import { MICROS_PER_MS } from '../base/index.ts';
import { Ensemble } from '../cluster/index.ts';
import type { EnsembleOptions } from '../cluster/index.ts';
import { checkersNamed, coverageOf, missingMarks } from '../check/index.ts';
import type { CheckResult } from '../check/index.ts';
import { FaultInjector } from '../faults/index.ts';
import { generateSchedule } from '../faults/generate.ts';
import type { RunHistory } from '../history/index.ts';
import { Rng } from '../sim/index.ts';
import type { TraceRecord, TraceSink } from '../sim/index.ts';
import { workloadContext, workloads } from '../workload/index.ts';
import type { EnsembleShape, RunPlan, ScenarioSpec } from './spec.ts';
import { describeSwarm, drawSwarm } from './swarm.ts';
import type { RunContext } from './types.ts';
import type { SwarmDraw } from './swarm.ts';

export interface RunOutput {
  readonly history: RunHistory;
  readonly results: readonly CheckResult[];
  readonly plan: RunPlan;
  readonly swarm: SwarmDraw | undefined;
  readonly missedMarks: readonly string[];
  readonly coverage: Record<string, number>;
  readonly events: number;
  readonly messages: number;
  readonly traceHash: string;
  /** The swarm draw, if any, for the story's head. */
  readonly swarmLine: string | undefined;
  /** Each fault as it fired: virtual ms and a line for people. */
  readonly faultsFired: readonly { readonly atMs: number; readonly line: string }[];
  /** What a report needs beyond the history: lanes by host id, the knobs. */
  readonly context: RunContext;
}

function ensembleOptions(shape: EnsembleShape, seed: number): EnsembleOptions {
  const latency = shape.latencyMicros ?? { min: 100, max: 500 };
  return {
    seed, voters: shape.voters, record: true,
    ...(shape.observers === undefined ? {} : { observers: shape.observers }),
    ...(shape.quorum === undefined ? {} : { quorum: shape.quorum }),
    network: { latency: { kind: 'uniform', minMicros: latency.min, maxMicros: latency.max } },
    zab: {
      tickTimeMs: shape.tickTimeMs ?? 500, initLimitTicks: shape.initLimitTicks ?? 10, syncLimitTicks: shape.syncLimitTicks ?? 5,
      ...(shape.counterBits === undefined ? {} : { counterBits: shape.counterBits }),
    },
    ...(shape.snapCount === undefined ? {} : { server: { snapCount: shape.snapCount } }),
    ...(shape.readOnlyMode === undefined ? {} : { readOnlyMode: shape.readOnlyMode }),
    ...(shape.bugs === undefined ? {} : { bugs: shape.bugs }),
  };
}

/** The schedule a seed gets: the spec's own list, or one drawn within the spec's (or swarm's) budget. */
export function planFor(spec: ScenarioSpec, seed: number, swarm: SwarmDraw | undefined): RunPlan {
  const f = spec.faults;
  const g = f !== undefined && 'generate' in f ? f.generate : undefined;
  if (g === undefined && swarm === undefined) return { faults: f === undefined || 'generate' in f ? [] : f, workloads: spec.workloads };
  const faults = generateSchedule(new Rng(`${seed}/faults`), {
    kinds: swarm?.kinds ?? g?.kinds ?? [], startMs: 1000, chaosEndMs: spec.chaosMs, voters: spec.ensemble.voters,
    meanGapMs: swarm?.meanGapMs ?? g?.meanGapMs ?? 2000, maxOutageMs: swarm?.maxOutageMs ?? g?.maxOutageMs ?? 5000,
    ...(g?.beyondBudget === undefined ? {} : { beyondBudget: g.beyondBudget }),
  });
  return { faults, workloads: spec.workloads };
}

/** Each host's lane in a report: `server:<sid>` or `client:<name>`, by host id. */
function hostLanes(e: Ensemble): string[] {
  return e.sim.hostIds().map((h) => {
    const sid = e.sidOf(h);
    return sid === undefined ? `client:${e.sim.status(h).name}` : `server:${sid}`;
  });
}

function knobsOf(shape: EnsembleShape): Record<string, string | number> {
  const latency = shape.latencyMicros ?? { min: 100, max: 500 };
  return {
    voters: shape.voters, observers: shape.observers ?? 0, tickTimeMs: shape.tickTimeMs ?? 500,
    initLimitTicks: shape.initLimitTicks ?? 10, syncLimitTicks: shape.syncLimitTicks ?? 5,
    ...(shape.snapCount === undefined ? {} : { snapCount: shape.snapCount }),
    latency: `${latency.min}-${latency.max} us`,
  };
}

/** One trace sink that feeds several. */
export function fanOut(sinks: readonly ((r: TraceRecord) => void)[]): TraceSink {
  return (r) => {
    for (const s of sinks) s(r);
  };
}

export async function runSpec(spec: ScenarioSpec, seed: number, options: { readonly trace?: TraceSink; readonly plan?: RunPlan } = {}): Promise<RunOutput> {
  const swarm = spec.swarm === true ? drawSwarm(seed, spec.ensemble) : undefined;
  const shape = swarm?.ensemble ?? spec.ensemble;
  const plan = options.plan ?? planFor(spec, seed, swarm);
  const e = new Ensemble({ ...ensembleOptions(shape, seed), ...(options.trace === undefined ? {} : { trace: options.trace }) });
  const recorder = e.recorder;
  if (recorder === undefined) throw new Error('a recorded ensemble has a recorder');
  const voters = e.ids.slice(0, shape.voters);
  const injector = new FaultInjector(e, new Rng(`${seed}/injector`), voters, plan.faults);
  e.sim.attachLifecycle(fanOut([
    (r) => recorder.onRecord(r),
    (r) => {
      if (r.type !== 'emit') return;
      const d = r.data as { readonly server?: unknown; readonly event?: unknown };
      if (typeof d.server === 'number' && typeof d.event === 'string' && e.sidOf(r.host) !== undefined) injector.onServerEvent(d.server, d.event);
    },
  ]));
  recorder.onNote = (client, name) => injector.onNote(client, name);
  const endMicros = (spec.chaosMs + spec.healMs) * MICROS_PER_MS;
  const stopMicros = Math.max(0, endMicros - 2000 * MICROS_PER_MS);
  plan.workloads.forEach((w, i) => {
    const make = workloads[w.name];
    if (make === undefined) throw new Error(`unknown workload ${w.name}`);
    make(w.options ?? {}).start(workloadContext(e, seed, `${i}-${w.name}`, stopMicros));
  });
  spec.setup?.(e);
  injector.arm();
  e.sim.at(spec.chaosMs * MICROS_PER_MS, () => injector.heal());
  const result = await e.sim.run({ untilMicros: endMicros });
  const history: RunHistory = {
    meta: {
      scenario: spec.name, seed, servers: [...e.ids], observers: e.ids.slice(shape.voters),
      tickTimeMs: shape.tickTimeMs ?? 500, syncLimitTicks: shape.syncLimitTicks ?? 5, initLimitTicks: shape.initLimitTicks ?? 10,
      healMicros: spec.chaosMs * MICROS_PER_MS, endMicros,
    },
    ops: recorder.ops, clientEvents: recorder.clientEvents, serverEvents: recorder.serverEvents,
    lifecycle: recorder.lifecycle, faults: recorder.faults, final: e.finalStates(),
  };
  const results = checkersNamed(spec.checkers).map((c) => c.check(history));
  const coverage = coverageOf(history);
  return {
    history, results, plan, swarm, coverage, missedMarks: missingMarks(coverage, spec.requireMarks ?? []),
    events: result.events, messages: result.messagesDelivered, traceHash: result.traceHash,
    swarmLine: swarm === undefined ? undefined : describeSwarm(swarm),
    context: { hostLanes: hostLanes(e), knobs: knobsOf(shape), missedMarks: missingMarks(coverage, spec.requireMarks ?? []) },
    faultsFired: injector.fired.map((f) => ({ atMs: f.atMicros / 1000, line: `${f.kind} ${JSON.stringify(f.detail)}` })),
  };
}
