/**
 * What a scenario is to the runner and the command line. At this stage a scenario runs a cluster on the
 * kernel from a seed and returns a summary in the JSON contract of ARCHITECTURE.md; later issues give it
 * a ZooKeeper ensemble, faults as data, workloads and checkers.
 */
import type { CheckResult, Violation } from '../check/index.ts';
import type { RunHistory } from '../history/index.ts';
import type { TraceSink } from '../sim/index.ts';
import type { ExpectedVerdict, RunPlan } from './spec.ts';

export type { Violation };

export interface ScenarioRunOptions {
  readonly seed: number;
  readonly trace?: TraceSink;
  /** Run this fault schedule and these workloads instead of the seed's own (replay, shrink). */
  readonly plan?: RunPlan;
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
  /** For defineScenario scenarios: what ran (replayable), each checker's verdict, the recorded run. */
  readonly plan?: RunPlan;
  readonly checks?: readonly CheckResult[];
  readonly history?: RunHistory;
  readonly context?: RunContext;
}

/** What a report needs beyond the history (src/report). */
export interface RunContext {
  /** Each host's lane by host id: `server:<sid>` or `client:<name>`. */
  readonly hostLanes: readonly string[];
  /** The ensemble's knobs as run (tickTimeMs, initLimitTicks, snapCount, latency...). */
  readonly knobs: Readonly<Record<string, string | number>>;
  /** Coverage marks the scenario required and the run missed. */
  readonly missedMarks: readonly string[];
}

export interface Scenario {
  /** `group/name`, as the file lives under scenarios/. */
  readonly name: string;
  readonly description: string;
  readonly defaultSeed: number;
  /** Seeds the test suite pins (defaultSeed alone if absent). */
  readonly seeds?: readonly number[];
  /** How many servers its ensemble has (bounds server ids in counterexample files). */
  readonly servers?: number;
  /** 'pass' unless the scenario demonstrates a known-unsafe pattern. */
  readonly expect?: ExpectedVerdict;
  run(options: ScenarioRunOptions): Promise<ScenarioOutcome>;
}
