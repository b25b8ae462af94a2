/**
 * Counterexample files: what `zksim shrink` writes and `zksim replay` reads. Plain JSON: the scenario,
 * the seed, the checker that failed, and the plan (fault schedule and workloads) that still fails.
 * Parsing untrusted files gives errors that say what to fix.
 */
import { FaultScheduleError, validateSchedule } from '../faults/index.ts';
import type { RunPlan, WorkloadSpec } from './spec.ts';
import type { Counterexample } from './shrink.ts';

export class CounterexampleError extends Error {
  override readonly name = 'CounterexampleError';
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function fail(message: string): never {
  throw new CounterexampleError(message);
}

function parseWorkloads(x: unknown): WorkloadSpec[] {
  if (!Array.isArray(x)) fail('plan.workloads: a list of {name, options}');
  return x.map((w, i) => {
    if (!isRecord(w) || typeof w['name'] !== 'string') fail(`plan.workloads[${i}]: an object with a "name"`);
    if (w['options'] !== undefined && !isRecord(w['options'])) fail(`plan.workloads[${i}].options: an object`);
    return w as unknown as WorkloadSpec;
  });
}

/** A counterexample from parsed JSON, for an ensemble of `servers` servers. */
export function parseCounterexample(json: unknown, servers: (scenario: string) => number): Counterexample {
  if (!isRecord(json) || json['zksim'] !== 'counterexample') fail('not a zksim counterexample (expected an object with "zksim": "counterexample", as `zksim shrink` writes)');
  const scenario = json['scenario'];
  const seed = json['seed'];
  const plan = json['plan'];
  if (typeof scenario !== 'string') fail('"scenario": the scenario name, e.g. "recipes/lock-pause-unfenced"');
  if (!Number.isSafeInteger(seed) || (seed as number) < 0) fail('"seed": a non-negative integer');
  if (!isRecord(plan)) fail('"plan": an object with "faults" and "workloads"');
  let faults;
  try {
    faults = validateSchedule(plan['faults'], servers(scenario), 'plan.faults');
  } catch (error) {
    if (error instanceof FaultScheduleError) fail(error.message);
    throw error;
  }
  const runPlan: RunPlan = { faults, workloads: parseWorkloads(plan['workloads']) };
  return {
    zksim: 'counterexample', scenario, seed: seed as number, plan: runPlan,
    checker: typeof json['checker'] === 'string' ? json['checker'] : '',
    message: typeof json['message'] === 'string' ? json['message'] : '',
    originalFaults: typeof json['originalFaults'] === 'number' ? json['originalFaults'] : faults.length,
    shrinkRuns: typeof json['shrinkRuns'] === 'number' ? json['shrinkRuns'] : 0,
  };
}
