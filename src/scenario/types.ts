/**
 * What a scenario is to the runner and the command line. At this stage a scenario runs a cluster on the
 * kernel from a seed and returns a summary in the JSON contract of ARCHITECTURE.md; later issues give it
 * a ZooKeeper ensemble, faults as data, workloads and checkers.
 */
import type { TraceSink } from '../sim/index.ts';

export interface ScenarioRunOptions {
  readonly seed: number;
  readonly trace?: TraceSink;
}

export interface Violation {
  readonly checker: string;
  readonly message: string;
  readonly atMs: number;
}

export interface ScenarioOutcome {
  readonly ok: boolean;
  readonly virtualMs: number;
  readonly events: number;
  readonly messages: number;
  readonly ops: { readonly invoked: number; readonly ok: number; readonly failed: number; readonly indeterminate: number };
  readonly leaders: readonly { readonly epoch: number; readonly sid: number; readonly atMs: number }[];
  readonly violations: readonly Violation[];
  readonly coverage: Readonly<Record<string, number>>;
  readonly traceHash: string;
  /** Lines for people, printed by `zksim run` without --json. */
  readonly story: readonly string[];
}

export interface Scenario {
  /** `group/name`, as the file lives under scenarios/. */
  readonly name: string;
  readonly description: string;
  readonly defaultSeed: number;
  run(options: ScenarioRunOptions): Promise<ScenarioOutcome>;
}
