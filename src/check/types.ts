/**
 * What a checker is and what it says. A checker reads a recorded run (RunHistory) and returns a verdict:
 * pass, fail (with violations, each naming the checker, the virtual time and the operations or events
 * involved) or unknown (with the reason it could not decide, e.g. nothing to check).
 */
import type { RunHistory } from '../history/index.ts';

export type Verdict = 'pass' | 'fail' | 'unknown';

export interface Violation {
  readonly checker: string;
  readonly message: string;
  readonly atMs: number;
  /** Ids of the client operations involved (RunHistory.ops indices). */
  readonly ops?: readonly number[];
  /** Indices into RunHistory.serverEvents of the server events involved. */
  readonly events?: readonly number[];
  /** Clients involved that no op names (e.g. the holders of a lock). */
  readonly clients?: readonly string[];
  /** The stretch of the run that shows the violation, when it is wider than its ops and events. */
  readonly window?: { readonly fromMs: number; readonly toMs: number };
}

export interface CheckResult {
  readonly checker: string;
  readonly verdict: Verdict;
  /** One line: what was checked and how much, or why unknown. */
  readonly reason: string;
  readonly violations: readonly Violation[];
}

export interface Checker {
  readonly name: string;
  /** One line on what it checks, for `zksim list --checkers` and reports. */
  readonly description: string;
  check(history: RunHistory): CheckResult;
}
