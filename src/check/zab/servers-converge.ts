/**
 * Convergence at the end of the run: every server that is up and serving as part of the ensemble (final
 * state LEADING, FOLLOWING or OBSERVING; a read-only LOOKING server is left out) has the same
 * lastProcessedZxid and tree digest. Unknown when fewer than a quorum of voters serve, except that no
 * voter serving at all after a heal phase of at least MIN_HEAL_MICROS is a failure. Assumes the
 * workload is quiet at the end: a commit still in flight at endMicros shows as a difference.
 */
import { MICROS_PER_SECOND } from '../../base/index.ts';
import type { FinalServer, RunHistory } from '../../history/index.ts';
import type { CheckResult, Checker } from '../types.ts';
import { Findings, ms, unknownResult } from './findings.ts';
import { healPhaseMicros, votersOf } from './heal.ts';
import { hex } from './zxids.ts';

const NAME = 'servers-converge';
const MIN_HEAL_MICROS = 10 * MICROS_PER_SECOND;

function inEnsemble(f: FinalServer): boolean {
  return f.up && f.serving && (f.state === 'LEADING' || f.state === 'FOLLOWING' || f.state === 'OBSERVING');
}

/** Serving servers grouped by (lastProcessedZxid, digest), in final order. */
function groups(serving: readonly FinalServer[]): FinalServer[][] {
  const byKey = new Map<string, FinalServer[]>();
  for (const f of serving) {
    const key = `${f.lastProcessedZxid}/${f.digest}`;
    const list = byKey.get(key) ?? [];
    list.push(f);
    byKey.set(key, list);
  }
  return [...byKey.values()];
}

function describeGroup(g: readonly FinalServer[]): string {
  const first = g[0];
  const where = first === undefined ? '' : ` at ${hex(first.lastProcessedZxid)} digest ${first.digest || '(none)'}`;
  return `server(s) ${g.map((f) => f.server).join(',')}${where}`;
}

function check(history: RunHistory): CheckResult {
  const meta = history.meta;
  const serving = history.final.filter(inEnsemble);
  const parts = groups(serving);
  const findings = new Findings(NAME);
  if (parts.length > 1) {
    findings.add(`serving servers disagree at the end: ${parts.map(describeGroup).join('; ')}`, meta.endMicros, []);
    return findings.result(`${serving.length} serving server(s)`);
  }
  const voters = new Set(votersOf(meta));
  const quorum = Math.floor(voters.size / 2) + 1;
  const servingVoters = serving.filter((f) => voters.has(f.server)).length;
  if (servingVoters === 0 && healPhaseMicros(meta) >= MIN_HEAL_MICROS) {
    findings.add(`no voter is serving at the end of a heal phase of ${ms(healPhaseMicros(meta))}`, meta.endMicros, []);
    return findings.result(`${voters.size} voter(s)`);
  }
  if (servingVoters < quorum) {
    return unknownResult(NAME, `only ${servingVoters} of ${voters.size} voter(s) serving at the end (a quorum is ${quorum})`);
  }
  const only = parts[0];
  return findings.result(`${serving.length} serving server(s)`, `all at the same state: ${only === undefined ? '' : describeGroup(only)}`);
}

export const serversConvergeChecker: Checker = {
  name: NAME,
  description: 'Convergence: at the end every serving server has the same lastProcessedZxid and tree digest',
  check,
};
