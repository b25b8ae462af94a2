/**
 * Shrinking a failing run with fast-check: the run's plan (its fault schedule and its workloads' options)
 * is handed to fast-check as an example of an arbitrary built from its own shape; fast-check removes
 * faults, moves them earlier, shortens them and lowers the workloads' numbers while the same checker
 * still fails on the same seed. The result is a counterexample file that `zksim replay` runs again.
 */
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import type { JsonValue } from '../base/index.ts';
import type { FaultEvent, Target } from '../faults/index.ts';
import type { RunPlan, WorkloadSpec } from './spec.ts';
import type { Scenario, ScenarioOutcome } from './types.ts';

const MAX_MS = 100_000_000;

const TARGET: Arbitrary<Target> = fc.oneof(
  fc.record({ server: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ clientsOf: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ role: fc.constantFrom('leader', 'follower', 'observer', 'any', 'all', 'minority', 'leader-minority', 'quorum-minus-one', 'clients-of-leader') }),
);

function fieldArb(key: string, values: readonly JsonValue[]): Arbitrary<unknown> {
  if (key === 'target') return values.some((v) => typeof v === 'object' && v !== null && 'client' in v) ? fc.constantFrom(...values) : TARGET;
  if (key === 'deltaMs' || key === 'driftPpm') return fc.integer({ min: -MAX_MS, max: MAX_MS });
  if (key.endsWith('Ms')) return fc.integer({ min: 0, max: MAX_MS });
  return fc.constantFrom(...values);
}

/** One record arbitrary per distinct (kind, fields) shape in the schedule, so optional fields stay as they were. */
function faultArb(faults: readonly FaultEvent[]): Arbitrary<FaultEvent> {
  const shapes = new Map<string, FaultEvent[]>();
  for (const f of faults) {
    const key = `${f.kind}:${Object.keys(f).sort().join(',')}`;
    shapes.set(key, [...(shapes.get(key) ?? []), f]);
  }
  const arbs = [...shapes.values()].map((group) => {
    const first = group[0] as FaultEvent;
    const model: Record<string, Arbitrary<unknown>> = {};
    for (const key of Object.keys(first)) {
      const values = group.map((g) => (g as unknown as Record<string, JsonValue>)[key] as JsonValue);
      model[key] = key === 'kind' ? fc.constant(first.kind) : fieldArb(key, values);
    }
    return fc.record(model) as unknown as Arbitrary<FaultEvent>;
  });
  return arbs.length === 0 ? (fc.constant(undefined) as unknown as Arbitrary<FaultEvent>) : fc.oneof(...arbs);
}

function workloadArb(w: WorkloadSpec): Arbitrary<WorkloadSpec> {
  const options: Record<string, Arbitrary<unknown>> = {};
  for (const [k, v] of Object.entries(w.options ?? {})) {
    options[k] = typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 ? fc.integer({ min: 1, max: v }) : fc.constant(v);
  }
  return fc.record({ name: fc.constant(w.name), options: fc.record(options) }) as unknown as Arbitrary<WorkloadSpec>;
}

export function planArb(plan: RunPlan): Arbitrary<RunPlan> {
  return fc.record({
    faults: plan.faults.length === 0 ? fc.constant([]) : fc.array(faultArb(plan.faults), { maxLength: plan.faults.length }),
    workloads: fc.tuple(...plan.workloads.map(workloadArb)),
  });
}

export interface Counterexample {
  readonly zksim: 'counterexample';
  readonly scenario: string;
  readonly seed: number;
  /** The checker that failed and still fails on the shrunk plan. */
  readonly checker: string;
  readonly message: string;
  readonly plan: RunPlan;
  readonly originalFaults: number;
  readonly shrinkRuns: number;
}

/** The checkers that failed in a run. */
export function failedCheckers(o: ScenarioOutcome): string[] {
  return [...new Set(o.violations.map((v) => v.checker))];
}

/**
 * Shrinks `first` (a failing run of `scenario` on `seed`) to a smaller plan on which `checker` still
 * fails. `maxRuns` bounds the simulations tried.
 */
export async function shrinkFailure(scenario: Scenario, seed: number, first: ScenarioOutcome, checker: string, maxRuns = 200): Promise<Counterexample> {
  const plan = first.plan;
  if (plan === undefined) throw new Error(`scenario ${scenario.name} has no plan to shrink (it is not a defineScenario scenario)`);
  let runs = 0;
  let best: { plan: RunPlan; message: string } = { plan, message: first.violations.find((v) => v.checker === checker)?.message ?? '' };
  const property = fc.asyncProperty(planArb(plan), async (candidate) => {
    if (runs >= maxRuns) return true;
    runs += 1;
    let o: ScenarioOutcome;
    try {
      o = await scenario.run({ seed, plan: candidate });
    } catch {
      return true; // a plan the simulator refuses (e.g. options out of range) is not this failure
    }
    const v = o.violations.find((x) => x.checker === checker);
    if (v === undefined) return true;
    best = { plan: candidate, message: v.message };
    return false;
  });
  await fc.check(property, { examples: [[plan]], numRuns: 1, seed, endOnFailure: false });
  return {
    zksim: 'counterexample', scenario: scenario.name, seed, checker, message: best.message, plan: best.plan,
    originalFaults: plan.faults.length, shrinkRuns: runs,
  };
}
