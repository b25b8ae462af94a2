/**
 * check: checkers over recorded data only (a RunHistory), so they can also judge a history recorded from
 * a real ZooKeeper. Client guarantees (client/), Zab invariants and convergence (zab/), recipe properties
 * (recipes/), coverage marks. Never runs the simulator.
 * Imports: base, zk/protocol, history.
 */
export type { CheckResult, Checker, Verdict, Violation } from './types.ts';
export { MARKS, coverageOf, missingMarks } from './coverage.ts';
export type { Coverage, Mark } from './coverage.ts';
export { UnknownCheckerError, allCheckers, checkersNamed } from './registry.ts';
