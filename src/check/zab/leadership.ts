/**
 * Leadership (Zab.tla Leadership2, with Leadership1 implied): at most one server establishes leadership
 * of each epoch (zab-serving role leader: a quorum acked its NEWLEADER), and every learner that serves
 * in an epoch (zab-serving role follower/observer) names that epoch's leader. Two servers may both be
 * LEADING and freeze the same epoch; only one of them may establish it.
 */
import type { RunHistory } from '../../history/index.ts';
import type { CheckResult, Checker } from '../types.ts';
import { zabView } from './events.ts';
import { Findings, ms, unknownResult } from './findings.ts';

const NAME = 'leadership';

interface Established {
  readonly server: number;
  readonly idx: number;
  readonly atMicros: number;
}

interface LearnerServing {
  readonly server: number;
  readonly epoch: number;
  readonly leader: number;
  readonly idx: number;
  readonly atMicros: number;
}

function check(history: RunHistory): CheckResult {
  const findings = new Findings(NAME);
  const leaders = new Map<number, Established>();
  const reported = new Set<string>();
  const learners: LearnerServing[] = [];
  history.serverEvents.forEach((e, idx) => {
    const v = e.event === 'zab-serving' ? zabView(e) : undefined;
    if (v?.kind !== 'serving') return;
    if (v.role !== 'leader') {
      learners.push({ server: e.server, epoch: v.epoch, leader: v.leader, idx, atMicros: e.atMicros });
      return;
    }
    const first = leaders.get(v.epoch);
    if (first === undefined) {
      leaders.set(v.epoch, { server: e.server, idx, atMicros: e.atMicros });
      return;
    }
    const key = `${v.epoch}:${e.server}`;
    if (first.server === e.server || reported.has(key)) return;
    reported.add(key);
    findings.add(
      `Leadership2: servers ${first.server} (at ${ms(first.atMicros)}) and ${e.server} (at ${ms(e.atMicros)}) both established leadership of epoch ${v.epoch}`,
      e.atMicros, [first.idx, idx],
    );
  });
  if (leaders.size === 0) return unknownResult(NAME, 'no server established leadership in this history');
  const checked = checkLearners(learners, leaders, findings);
  const unmatched = learners.length - checked;
  const note = unmatched > 0 ? ` (${unmatched} in epochs whose leader is not in the history)` : '';
  return findings.result(
    `${leaders.size} established epoch(s) and ${checked} learner serving event(s)${note}`, 'each epoch established by one server, learners served under it',
  );
}

function checkLearners(learners: readonly LearnerServing[], leaders: ReadonlyMap<number, Established>, findings: Findings): number {
  let checked = 0;
  for (const l of learners) {
    const leader = leaders.get(l.epoch);
    if (leader === undefined) continue;
    checked += 1;
    if (leader.server === l.leader) continue;
    findings.add(
      `Leadership1: server ${l.server} serves epoch ${l.epoch} under leader ${l.leader}, but server ${leader.server} established that epoch`,
      l.atMicros, [leader.idx, l.idx],
    );
  }
  return checked;
}

export const leadershipChecker: Checker = {
  name: NAME,
  description: 'Zab Leadership1/2: at most one server establishes leadership per epoch, and learners serve under it',
  check,
};
