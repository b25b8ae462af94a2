/**
 * Leader log completeness (mixed_v1.tla LeaderLogCompleteness; Zab PrimaryIntegrity): when a server
 * establishes leadership of an epoch (zab-serving role leader), its log holds the whole committed prefix:
 * every zxid known committed before that moment (committed-log.ts) is at most the lastLoggedZxid of the
 * server's last peer-state LOOKING before it. A leader whose log misses a committed txn would make
 * followers TRUNC it away or skip it. (Necessary, not sufficient: the log's content is checked by
 * total-order.)
 */
import type { RunHistory } from '../../history/index.ts';
import type { CheckResult, Checker } from '../types.ts';
import { committedLog } from './committed-log.ts';
import type { CommittedLog } from './committed-log.ts';
import { zabView } from './events.ts';
import { Findings, unknownResult } from './findings.ts';
import { hex } from './zxids.ts';

const NAME = 'leader-log-completeness';

interface At {
  readonly zxid: number;
  readonly idx: number;
}

interface Establishment {
  readonly server: number;
  readonly epoch: number;
  readonly idx: number;
  readonly atMicros: number;
  /** lastLoggedZxid of the leader's last LOOKING before it. */
  readonly base: At | undefined;
}

function establishments(history: RunHistory): Establishment[] {
  const out: Establishment[] = [];
  const lastLooking = new Map<number, At>();
  history.serverEvents.forEach((e, idx) => {
    if (e.event !== 'peer-state' && e.event !== 'zab-serving') return;
    const v = zabView(e);
    if (v?.kind === 'looking' && v.lastLoggedZxid !== undefined) lastLooking.set(e.server, { zxid: v.lastLoggedZxid, idx });
    if (v?.kind === 'looking' && v.lastLoggedZxid === undefined) lastLooking.delete(e.server);
    if (v?.kind === 'serving' && v.role === 'leader') {
      out.push({ server: e.server, epoch: v.epoch, idx, atMicros: e.atMicros, base: lastLooking.get(e.server) });
    }
  });
  return out;
}

/** For each establishment (in event order), the largest zxid known committed before it. */
function committedBefore(log: CommittedLog, ests: readonly Establishment[]): (At | undefined)[] {
  const bucket: (At | undefined)[] = ests.map(() => undefined);
  for (const zxid of log.sequence) {
    const at = log.committedAt.get(zxid);
    if (at === undefined) continue;
    let lo = 0;
    let hi = ests.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ests[mid]?.idx ?? Infinity) <= at) lo = mid + 1;
      else hi = mid;
    }
    if (lo < ests.length) bucket[lo] = { zxid, idx: at }; // ascending zxids: the last one is the largest
  }
  for (let k = 1; k < bucket.length; k++) {
    const prev = bucket[k - 1];
    const own = bucket[k];
    if (prev !== undefined && (own === undefined || prev.zxid > own.zxid)) bucket[k] = prev;
  }
  return bucket;
}

function check(history: RunHistory): CheckResult {
  const findings = new Findings(NAME);
  const ests = establishments(history);
  const before = committedBefore(committedLog(history), ests);
  let checked = 0;
  ests.forEach((est, k) => {
    const max = before[k];
    if (est.base === undefined) return;
    checked += 1;
    if (max === undefined || max.zxid <= est.base.zxid) return;
    findings.add(
      `LeaderLogCompleteness/PrimaryIntegrity: server ${est.server} established epoch ${est.epoch} with lastLoggedZxid ${hex(est.base.zxid)}, `
      + `but ${hex(max.zxid)} was already committed`,
      est.atMicros, [est.base.idx, max.idx, est.idx],
    );
  });
  const undecided = ests.length - checked;
  if (checked === 0) {
    return unknownResult(NAME, undecided === 0
      ? 'no server established leadership in this history'
      : `${undecided} establishment(s), none with the leader's lastLoggedZxid (peer-state LOOKING) recorded before it`);
  }
  const note = undecided > 0 ? `; ${undecided} establishment(s) without a recorded lastLoggedZxid left undecided` : '';
  return findings.result(`${checked} leader establishment(s)${note}`, 'each leader\'s log held every zxid committed before it');
}

export const leaderLogCompletenessChecker: Checker = {
  name: NAME,
  description: 'LeaderLogCompleteness / PrimaryIntegrity: a newly established leader\'s log holds every zxid committed before it',
  check,
};
