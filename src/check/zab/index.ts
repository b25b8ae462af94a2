/**
 * check/zab: the Zab invariants and the convergence/liveness checks, each a Checker over a RunHistory's
 * server events, lifecycle and final states only (so they can also judge a real ensemble's history).
 *
 * Invariants checked (names of zookeeper-specifications' Zab.tla / ZkV3_7_0.tla and mixed_v1.tla):
 *  - leadership: Leadership2 (one established leader per epoch), Leadership1 implied;
 *  - agreement: Agreement, per zxid the same txn everywhere;
 *  - integrity: Integrity, every applied txn was proposed by its epoch's leader;
 *  - total-order: TotalOrder, Local/GlobalPrimaryOrder, PrefixConsistency, ProcessConsistency against
 *    the global committed sequence (committed-log.ts), per server segment between database reloads;
 *  - leader-log-completeness: LeaderLogCompleteness / PrimaryIntegrity at each establishment;
 *  - committed-log-durability: CommittedLogDurability, a TRUNC never drops a committed txn;
 *  - epochs-monotone: acceptedEpoch >= currentEpoch, the accepted epoch never decreases.
 * Convergence and liveness over the heal phase (meta.healMicros to meta.endMicros): leader-after-heal,
 * servers-converge, no-stuck-election.
 * Each checker is linear (or n log n) in the events; violations are capped (findings.ts).
 *
 * Imports: base, zk/protocol, history, ../types.ts.
 */
import type { Checker } from '../types.ts';
import { agreementChecker } from './agreement.ts';
import { committedLogDurabilityChecker } from './committed-log-durability.ts';
import { epochsMonotoneChecker } from './epochs-monotone.ts';
import { integrityChecker } from './integrity.ts';
import { leaderAfterHealChecker } from './leader-after-heal.ts';
import { leaderLogCompletenessChecker } from './leader-log-completeness.ts';
import { leadershipChecker } from './leadership.ts';
import { noStuckElectionChecker } from './no-stuck-election.ts';
import { serversConvergeChecker } from './servers-converge.ts';
import { totalOrderChecker } from './total-order.ts';

export {
  agreementChecker, committedLogDurabilityChecker, epochsMonotoneChecker, integrityChecker, leaderAfterHealChecker,
  leaderLogCompletenessChecker, leadershipChecker, noStuckElectionChecker, serversConvergeChecker, totalOrderChecker,
};
export { committedLog } from './committed-log.ts';
export type { CommittedLog } from './committed-log.ts';
export { zabView } from './events.ts';
export type { TxnId, ZabRole, ZabView } from './events.ts';
export { VIOLATION_CAP } from './findings.ts';
export { leaderBoundMicros } from './heal.ts';

/** The safety invariants of Zab, in the order a report lists them. */
export const zabCheckers: readonly Checker[] = [
  leadershipChecker, agreementChecker, integrityChecker, totalOrderChecker, leaderLogCompletenessChecker,
  committedLogDurabilityChecker, epochsMonotoneChecker,
];

/** Convergence and liveness over the heal phase. */
export const convergenceCheckers: readonly Checker[] = [leaderAfterHealChecker, serversConvergeChecker, noStuckElectionChecker];
