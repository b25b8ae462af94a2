/**
 * What a report is made from: recorded data only (the history, the checkers' verdicts, the trace's
 * message records and the run's context). The command line gathers it from a run it just made, or reads
 * it back from a trace file (trace-file.ts).
 */
import type { JsonValue } from '../base/index.ts';
import type { RunHistory } from '../history/index.ts';

export interface ReportViolationInput {
  readonly checker: string;
  readonly message: string;
  readonly atMs: number;
  readonly ops?: readonly number[];
  readonly events?: readonly number[];
  readonly clients?: readonly string[];
  readonly window?: { readonly fromMs: number; readonly toMs: number };
}

export interface ReportCheckInput {
  readonly checker: string;
  readonly verdict: 'pass' | 'fail' | 'unknown';
  readonly reason: string;
}

/** A trace record of a message sent or delivered (sim/trace.ts). */
export interface MessageRecord {
  readonly type: 'send' | 'deliver';
  readonly atMicros: number;
  readonly conn: number;
  readonly from: number;
  readonly to: number;
  readonly n: number;
  readonly msg?: string;
}

export interface ReportInput {
  readonly history: RunHistory;
  readonly checks: readonly ReportCheckInput[];
  /** Every violation of the run (checkers, workload errors, missed coverage marks). */
  readonly violations: readonly ReportViolationInput[];
  readonly coverage: Readonly<Record<string, number>>;
  readonly missedMarks: readonly string[];
  /** Lane id of each host, by host id. */
  readonly hostLanes: readonly string[];
  readonly knobs: Readonly<Record<string, string | number>>;
  /** The fault schedule that ran (for durations and kinds). */
  readonly faultPlan: readonly { readonly kind: string; readonly [field: string]: JsonValue | undefined }[];
  readonly commit: string;
  readonly replay: string;
  readonly messages: readonly MessageRecord[];
}
