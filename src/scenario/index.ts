/**
 * scenario: what a scenario is, and (in later issues) validation, the runner, swarm and shrinking.
 * Imports: base, sim, and the layers above the kernel.
 */
export type { Scenario, ScenarioOutcome, ScenarioRunOptions, Violation } from './types.ts';
