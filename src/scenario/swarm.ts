/**
 * Swarm mode (Groce et al.; TigerBeetle's options_swarm): each seed draws which fault kinds are on and
 * the knob values, so that across seeds faults are combined in ways one fixed mix never tries. The draw
 * comes from its own stream and is printed with the run.
 */
import { GENERATED_KINDS } from '../faults/index.ts';
import type { FaultKind } from '../faults/index.ts';
import { Rng } from '../sim/index.ts';
import type { EnsembleShape } from './spec.ts';

export interface SwarmDraw {
  readonly kinds: readonly FaultKind[];
  readonly ensemble: EnsembleShape;
  readonly meanGapMs: number;
  readonly maxOutageMs: number;
}

export function drawSwarm(seed: number, base: EnsembleShape): SwarmDraw {
  const rng = new Rng(`${seed}/swarm`);
  let kinds = GENERATED_KINDS.filter(() => rng.chance(0.5));
  if (kinds.length === 0) kinds = [rng.pick(GENERATED_KINDS)];
  const tickTimeMs = rng.pick([100, 200, 500, 1000, 2000]);
  const minLatency = rng.int(50, 2000);
  return {
    kinds,
    ensemble: {
      ...base,
      tickTimeMs,
      initLimitTicks: rng.int(5, 10),
      syncLimitTicks: rng.int(2, 5),
      snapCount: rng.pick([20, 100, 1000, 100_000]),
      latencyMicros: { min: minLatency, max: minLatency + rng.int(0, 5000) },
    },
    meanGapMs: rng.int(300, 3000),
    maxOutageMs: rng.int(5, 20) * tickTimeMs,
  };
}

/** The draw as one line for people. */
export function describeSwarm(d: SwarmDraw): string {
  const e = d.ensemble;
  return `swarm: faults ${d.kinds.join(', ')}; tickTime ${e.tickTimeMs ?? 2000} ms, initLimit ${e.initLimitTicks ?? 10}, ` +
    `syncLimit ${e.syncLimitTicks ?? 5}, snapCount ${e.snapCount ?? 100_000}, latency ${e.latencyMicros?.min ?? 100}-${e.latencyMicros?.max ?? 500} us, ` +
    `mean gap ${d.meanGapMs} ms, longest outage ${d.maxOutageMs} ms`;
}
