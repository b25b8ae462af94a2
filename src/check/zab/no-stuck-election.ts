/**
 * Liveness of the election after the faults stop: at the end of the run no server that is up (and not
 * halted) is LOOKING and has been since more than leaderBoundMicros before the end (counting from the
 * heal at the earliest). A server that went LOOKING within the last bound is not judged. Unknown without
 * a heal phase at least as long as the bound.
 */
import type { RunHistory } from '../../history/index.ts';
import type { CheckResult, Checker } from '../types.ts';
import { zabView } from './events.ts';
import { Findings, ms, unknownResult } from './findings.ts';
import { healPhaseMicros, leaderBoundMicros } from './heal.ts';

const NAME = 'no-stuck-election';

interface LastState {
  /** peer-state LOOKING (with its time), another peer-state, or halted. */
  readonly kind: 'looking' | 'elected' | 'halted';
  readonly atMicros: number;
  readonly idx: number;
}

function lastStates(history: RunHistory): Map<number, LastState> {
  const out = new Map<number, LastState>();
  history.serverEvents.forEach((e, idx) => {
    if (e.event !== 'peer-state' && e.event !== 'halted') return;
    const v = zabView(e);
    if (v?.kind === 'looking' || v?.kind === 'elected' || v?.kind === 'halted') out.set(e.server, { kind: v.kind, atMicros: e.atMicros, idx });
  });
  return out;
}

function check(history: RunHistory): CheckResult {
  const meta = history.meta;
  const bound = leaderBoundMicros(meta);
  if (healPhaseMicros(meta) < bound) {
    return unknownResult(NAME, `the heal phase (${ms(healPhaseMicros(meta))}) is shorter than the election bound ${ms(bound)}`);
  }
  const findings = new Findings(NAME);
  const states = lastStates(history);
  let judged = 0;
  let recent = 0;
  for (const f of history.final) {
    const last = states.get(f.server);
    if (!f.up || last?.kind === 'halted') continue;
    judged += 1;
    if (f.state !== 'LOOKING') continue;
    const since = Math.max(meta.healMicros, last?.kind === 'looking' ? last.atMicros : meta.healMicros);
    if (meta.endMicros - since < bound) {
      recent += 1;
      continue;
    }
    findings.add(
      `server ${f.server} is still LOOKING at the end, since ${ms(since)} (${ms(meta.endMicros - since)}, bound ${ms(bound)})`,
      meta.endMicros, last?.kind === 'looking' ? [last.idx] : [],
    );
  }
  const note = recent > 0 ? `; ${recent} went LOOKING within the last ${ms(bound)} and were not judged` : '';
  return findings.result(`${judged} server(s) up at the end${note}`, `none LOOKING for longer than ${ms(bound)} after the heal`);
}

export const noStuckElectionChecker: Checker = {
  name: NAME,
  description: 'Liveness: after the faults stop, no server that is up stays LOOKING until the end',
  check,
};
