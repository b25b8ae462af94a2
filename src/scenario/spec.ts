/**
 * What a scenario says, as data plus a few hooks: the ensemble's shape and knobs, the workloads (by name
 * and JSON options), the fault schedule or the budget a generator draws one from, the phases (chaos, then
 * heal), the checkers, the marks it must hit, pinned seeds and the expected verdict.
 */
import type { JsonValue } from '../base/index.ts';
import type { Ensemble } from '../cluster/index.ts';
import type { FaultKind, FaultSchedule } from '../faults/index.ts';
import type { QuorumSpec, ZabBugs } from '../zk/zab/index.ts';

export interface EnsembleShape {
  readonly voters: number;
  readonly observers?: number;
  /** Hierarchical quorums; majority of the voters otherwise. */
  readonly quorum?: QuorumSpec;
  readonly tickTimeMs?: number;
  readonly initLimitTicks?: number;
  readonly syncLimitTicks?: number;
  /** zxid counter width (32 in ZooKeeper); small values force the rollover re-election. */
  readonly counterBits?: number;
  readonly snapCount?: number;
  readonly readOnlyMode?: boolean;
  /** Deliberately broken behaviours (to show a checker catching them); never in a real scenario. */
  readonly bugs?: ZabBugs;
  /** One-way network latency, uniform in [min, max]. */
  readonly latencyMicros?: { readonly min: number; readonly max: number };
}

/** A workload by registry name with JSON options, e.g. { name: 'casRegister', options: { clients: 3 } }. */
export interface WorkloadSpec {
  readonly name: string;
  readonly options?: { readonly [k: string]: JsonValue };
}

/** Draw the schedule per seed from these kinds within the budget (src/faults/generate.ts). */
export interface GeneratedFaults {
  readonly generate: {
    readonly kinds: readonly FaultKind[];
    readonly meanGapMs?: number;
    readonly maxOutageMs?: number;
    readonly beyondBudget?: boolean;
  };
}

export type ExpectedVerdict = 'pass' | { readonly fail: string };

export interface ScenarioSpec {
  /** `group/name`, as the file lives under scenarios/. */
  readonly name: string;
  /** One line for `zksim list`. */
  readonly description: string;
  readonly ensemble: EnsembleShape;
  readonly workloads: readonly WorkloadSpec[];
  readonly faults?: FaultSchedule | GeneratedFaults;
  /** Faults happen in [0, chaosMs); then the heal phase lasts healMs with every fault undone. */
  readonly chaosMs: number;
  readonly healMs: number;
  /** Checker names to run (all by default); `zksim list --checkers` names them. */
  readonly checkers?: readonly string[];
  /** Coverage marks the run must hit (src/check/coverage.ts). */
  readonly requireMarks?: readonly string[];
  /** Seeds the test suite runs; the first is the default for `zksim run`. */
  readonly seeds: readonly number[];
  /** 'pass', or { fail: checker } for a scenario that demonstrates a known-unsafe pattern. */
  readonly expect?: ExpectedVerdict;
  /** Swarm mode: each seed also draws the fault kinds on and the knobs (ensemble shape is the default). */
  readonly swarm?: boolean;
  /** Runs after the ensemble exists and before the clock starts (to arm scenario-specific events). */
  readonly setup?: (e: Ensemble) => void;
}

/** The part of a run that shrinking reduces: the faults and the workloads' options. */
export interface RunPlan {
  readonly faults: FaultSchedule;
  readonly workloads: readonly WorkloadSpec[];
}
