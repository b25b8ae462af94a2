/**
 * scenario: what a scenario is (types), defineScenario() with validation, the runner (phases: chaos then
 * heal; seeds; swarm draws) and shrinking of a failing run's plan.
 * Imports: base, sim, cluster, faults, workload, history, check.
 */
export type { RunContext, Scenario, ScenarioOutcome, ScenarioRunOptions, Violation } from './types.ts';
export type { EnsembleShape, ExpectedVerdict, GeneratedFaults, RunPlan, ScenarioSpec, WorkloadSpec } from './spec.ts';
export { ScenarioError, defineScenario, validateSpec } from './define.ts';
export { fanOut, planFor, runSpec } from './runner.ts';
export type { RunOutput } from './runner.ts';
export { describeSwarm, drawSwarm } from './swarm.ts';
export type { SwarmDraw } from './swarm.ts';
export { failedCheckers, planArb, shrinkFailure } from './shrink.ts';
export type { Counterexample } from './shrink.ts';
export { CounterexampleError, parseCounterexample } from './counterexample.ts';
