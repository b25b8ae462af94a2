/**
 * Liveness after the faults stop: within the heal phase some server establishes leadership (zab-serving
 * role leader) no later than leaderBoundMicros after meta.healMicros, or a leader established before the
 * heal is still serving (it never stepped down, went LOOKING, halted or crashed after establishing, and
 * it is LEADING in the final state). Unknown without a heal phase, or when the heal phase ends before
 * the bound without a leader.
 */
import type { RunHistory } from '../../history/index.ts';
import type { CheckResult, Checker } from '../types.ts';
import { zabView } from './events.ts';
import { Findings, ms, unknownResult } from './findings.ts';
import { healPhaseMicros, leaderBoundMicros } from './heal.ts';

const NAME = 'leader-after-heal';

interface Establishment {
  readonly server: number;
  readonly epoch: number;
  readonly idx: number;
  readonly atMicros: number;
}

interface Leaders {
  /** The last establishment before the heal. */
  readonly before: Establishment | undefined;
  /** The first establishment at or after the heal. */
  readonly after: Establishment | undefined;
}

function leaders(history: RunHistory): Leaders {
  let before: Establishment | undefined;
  let after: Establishment | undefined;
  const events = history.serverEvents;
  for (let idx = 0; idx < events.length && after === undefined; idx++) {
    const e = events[idx];
    const v = e?.event === 'zab-serving' ? zabView(e) : undefined;
    if (e === undefined || v?.kind !== 'serving' || v.role !== 'leader') continue;
    const est = { server: e.server, epoch: v.epoch, idx, atMicros: e.atMicros };
    if (e.atMicros < history.meta.healMicros) before = est;
    else after = est;
  }
  return { before, after };
}

/** The leader never left its role after establishing and is LEADING at the end. */
function stillLeading(history: RunHistory, est: Establishment): boolean {
  const events = history.serverEvents;
  for (let idx = est.idx + 1; idx < events.length; idx++) {
    const e = events[idx];
    if (e === undefined || e.server !== est.server) continue;
    const v = zabView(e);
    if (v?.kind === 'step-down' || v?.kind === 'looking' || v?.kind === 'halted') return false;
  }
  const crashed = history.lifecycle.some((l) => l.server === est.server && l.event === 'crash' && l.atMicros >= est.atMicros);
  const final = history.final.find((f) => f.server === est.server);
  return !crashed && final !== undefined && final.up && final.state === 'LEADING';
}

function check(history: RunHistory): CheckResult {
  const meta = history.meta;
  if (healPhaseMicros(meta) === 0) return unknownResult(NAME, 'the run has no heal phase (healMicros == endMicros)');
  const bound = leaderBoundMicros(meta);
  const deadline = meta.healMicros + bound;
  const { before, after } = leaders(history);
  if (after !== undefined && after.atMicros <= deadline) {
    return new Findings(NAME).result(
      `server ${after.server} established epoch ${after.epoch} ${ms(after.atMicros - meta.healMicros)} after the heal (bound ${ms(bound)})`,
    );
  }
  if (before !== undefined && stillLeading(history, before)) {
    return new Findings(NAME).result(`server ${before.server}, leader of epoch ${before.epoch} since ${ms(before.atMicros)}, served through the heal phase`);
  }
  if (after === undefined && meta.endMicros < deadline) {
    return unknownResult(NAME, `no leader yet, and the heal phase (${ms(healPhaseMicros(meta))}) is shorter than the bound ${ms(bound)}`);
  }
  const findings = new Findings(NAME);
  const late = after === undefined ? 'none by the end of the run' : `the first, server ${after.server} of epoch ${after.epoch}, at ${ms(after.atMicros)}`;
  findings.add(`no leader established within ${ms(bound)} of the heal at ${ms(meta.healMicros)}: ${late}`, deadline, after === undefined ? [] : [after.idx]);
  return findings.result(`the heal phase from ${ms(meta.healMicros)} (bound ${ms(bound)})`);
}

export const leaderAfterHealChecker: Checker = {
  name: NAME,
  description: 'Liveness: after the faults stop, a leader is established within (initLimit + 2) ticks + 1 s, or the old one keeps serving',
  check,
};
