/**
 * Reads are sequentially consistent (zk-client-semantics.md 7): every answered getData, exists,
 * getChildren and getACL returns the state of its path at its reply zxid, i.e. after exactly the writes
 * with zxid <= it, on the same tree model the write checker replays (value, version, czxid/mzxid/pzxid,
 * owner, children). A read that shows an indeterminate write's effect makes the replay assume it happened.
 */
import type { RunHistory } from '../../history/index.ts';
import type { Checker, CheckResult } from '../types.ts';
import { READS_CHECKER, modelOf } from './replay.ts';
import { Violations, count, result } from './verdict.ts';

export const readsSequentiallyConsistent: Checker = {
  name: READS_CHECKER,
  description: 'every answered read returns the model state of its path at its reply zxid',
  check,
};

function check(history: RunHistory): CheckResult {
  const v = new Violations(READS_CHECKER);
  const run = modelOf(history);
  if (run.readsHeld === 0) return result(v, '', 'no answered reads');
  v.addAll(run.readViolations.kept, run.readViolations.count);
  const assumed = run.assumedOps === 0 ? '' : ` (${count(run.assumedOps)} indeterminate writes assumed)`;
  return result(v, `${count(run.readsHeld)} reads match the model at their reply zxid${assumed}`);
}
