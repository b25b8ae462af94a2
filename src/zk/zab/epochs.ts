/**
 * The epoch rules of Zab's discovery phase as ZooKeeper 3.8.0 implements them, as pure functions over
 * plain state. The waits of the Java code (each bounded by initLimit ticks there) become a question the
 * caller asks after every arrival: "is a quorum reached, and with what epoch?"; the caller owns the
 * timers and gives up when initLimit ticks pass without a yes.
 *
 *  - Leader.getEpochToPropose: new epoch = 1 + the highest acceptedEpoch seen, frozen once the
 *    participants that reported (the leader among them) form a quorum; every arrival raises the epoch,
 *    observers too, but only participants count for the quorum; arrivals after the freeze get the frozen
 *    epoch whatever they report. The leader persists acceptedEpoch = epoch when it freezes.
 *  - Learner.registerWithLeader on LEADERINFO: a newer epoch is accepted (persist acceptedEpoch, then
 *    ACKEPOCH with the old currentEpoch), the same epoch gets ACKEPOCH with -1 (not an ack, but the
 *    learner still syncs), an older one is an error and the learner goes back to LOOKING.
 *  - Leader.waitForEpochAck: an ACKEPOCH whose (currentEpoch, lastZxid) is more recent than the leader's
 *    own is refused ("Follower is ahead of the leader"); -1 in either field does not count; election is
 *    finished when the leader and the acks form a quorum (afterwards nothing is checked any more).
 *  - Leader.waitForNewLeaderAck: ACKs of NEWLEADER with the new leader zxid, from participants, until
 *    a quorum; an ACK with another zxid is logged and ignored (the handler carries on regardless).
 *
 * The files acceptedEpoch and currentEpoch are in epoch-files.ts.
 */
import { assert, counterOf, epochOf, zxid } from '../../base/index.ts';
import type { Zxid } from '../../base/index.ts';
import type { PacketOf } from './packets.ts';
import { ZAB_PROTOCOL_VERSION } from './packets.ts';
import type { QuorumVerifier, ServerId } from './quorum.ts';

/** What the quorum rules need to know about the leader's ensemble. */
export interface DiscoveryContext {
  readonly leaderId: ServerId;
  readonly verifier: QuorumVerifier;
}

// ---- Leader.getEpochToPropose ----

export interface EpochProposal {
  /** Leader.epoch: -1 until the first arrival. */
  readonly epoch: number;
  /** connectingFollowers: the participants that reported, in arrival order, each once. */
  readonly connecting: readonly ServerId[];
  /** waitingForNewEpoch. */
  readonly waiting: boolean;
}

export const INITIAL_EPOCH_PROPOSAL: EpochProposal = { epoch: -1, connecting: [], waiting: true };

export interface EpochProposalStep {
  readonly state: EpochProposal;
  /** The epoch this arrival (and every earlier waiter) gets, or null while the quorum is not there. */
  readonly epoch: number | null;
  /** This arrival froze the epoch: the leader must now persist acceptedEpoch = epoch. */
  readonly frozeNow: boolean;
}

/** One arrival at getEpochToPropose: the leader's own call or a FOLLOWERINFO/OBSERVERINFO. */
export function offerAcceptedEpoch(state: EpochProposal, sid: ServerId, lastAcceptedEpoch: number, ctx: DiscoveryContext):
  EpochProposalStep {
  assert(Number.isSafeInteger(lastAcceptedEpoch) && lastAcceptedEpoch >= -1, 'an accepted epoch is an integer >= -1');
  if (!state.waiting) return { state, epoch: state.epoch, frozeNow: false };
  const epoch = lastAcceptedEpoch >= state.epoch ? lastAcceptedEpoch + 1 : state.epoch;
  const participant = ctx.verifier.isVoter(sid);
  const connecting = participant && !state.connecting.includes(sid) ? [...state.connecting, sid] : state.connecting;
  const frozen = connecting.includes(ctx.leaderId) && ctx.verifier.containsQuorum(connecting);
  const next: EpochProposal = { epoch, connecting, waiting: !frozen };
  return { state: next, epoch: frozen ? epoch : null, frozeNow: frozen };
}

// ---- the learner's side: FOLLOWERINFO, LEADERINFO, ACKEPOCH ----

/** What Learner.registerWithLeader sends first: makeZxid(acceptedEpoch, 0) and LearnerInfo. */
export function learnerInfoPacket(kind: 'FOLLOWERINFO' | 'OBSERVERINFO', sid: ServerId, acceptedEpoch: number,
  configVersion = 0): PacketOf<'FOLLOWERINFO' | 'OBSERVERINFO'> {
  return { type: kind, zxid: zxid(acceptedEpoch, 0), sid, protocolVersion: ZAB_PROTOCOL_VERSION, configVersion };
}

/**
 * LearnerHandler.run on the first packet: a learner whose configuration is newer than the leader's is
 * refused. Returns the error, or null.
 */
export function learnerInfoProblem(info: PacketOf<'FOLLOWERINFO' | 'OBSERVERINFO'>, leaderConfigVersion: number): string | null {
  if (info.configVersion > leaderConfigVersion) return 'Follower is ahead of the leader (has a later activated configuration)';
  return null;
}

/** What LearnerHandler sends once the epoch is known: LEADERINFO(makeZxid(newEpoch, 0), 0x10000). */
export function leaderInfoPacket(newEpoch: number): PacketOf<'LEADERINFO'> {
  return { type: 'LEADERINFO', zxid: zxid(newEpoch, 0), protocolVersion: ZAB_PROTOCOL_VERSION };
}

/** The learner's persisted and logged state as registerWithLeader reads it. */
export interface LearnerEpochState {
  readonly acceptedEpoch: number;
  readonly currentEpoch: number;
  /** QuorumPeer.getLastLoggedZxid, read before FOLLOWERINFO was sent. */
  readonly lastLoggedZxid: Zxid;
}

export type LeaderInfoOutcome =
  /** Persist acceptedEpoch = newEpoch (synchronously, before sending), then send the ACKEPOCH. */
  | { readonly kind: 'accept'; readonly newEpoch: number; readonly ackEpoch: PacketOf<'ACKEPOCH'>; readonly newLeaderZxid: Zxid }
  /** Already accepted this epoch: ACKEPOCH with currentEpoch -1, nothing persisted. */
  | { readonly kind: 'already-accepted'; readonly newEpoch: number; readonly ackEpoch: PacketOf<'ACKEPOCH'>; readonly newLeaderZxid: Zxid }
  /** IOException: the learner leaves the leader and goes back to LOOKING. */
  | { readonly kind: 'refuse'; readonly message: string };

/** Learner.registerWithLeader's handling of LEADERINFO. */
export function onLeaderInfo(packet: PacketOf<'LEADERINFO'>, learner: LearnerEpochState): LeaderInfoOutcome {
  const newEpoch = epochOf(packet.zxid);
  const newLeaderZxid = zxid(newEpoch, 0);
  if (newEpoch > learner.acceptedEpoch) {
    const ackEpoch: PacketOf<'ACKEPOCH'> = { type: 'ACKEPOCH', zxid: learner.lastLoggedZxid, currentEpoch: learner.currentEpoch };
    return { kind: 'accept', newEpoch, ackEpoch, newLeaderZxid };
  }
  if (newEpoch === learner.acceptedEpoch) {
    return { kind: 'already-accepted', newEpoch, ackEpoch: { type: 'ACKEPOCH', zxid: learner.lastLoggedZxid, currentEpoch: -1 }, newLeaderZxid };
  }
  return { kind: 'refuse', message: `Leaders epoch, ${newEpoch} is less than accepted epoch, ${learner.acceptedEpoch}` };
}

// ---- Leader.waitForEpochAck ----

/** StateSummary: a server's (currentEpoch, last zxid); -1 fields mark an ack that does not count. */
export interface StateSummary {
  readonly currentEpoch: number;
  readonly lastZxid: number;
}

/** StateSummary.isMoreRecentThan. */
export function isMoreRecentThan(a: StateSummary, b: StateSummary): boolean {
  return a.currentEpoch > b.currentEpoch || (a.currentEpoch === b.currentEpoch && a.lastZxid > b.lastZxid);
}

/** What LearnerHandler reads from an ACKEPOCH. */
export function summaryOfAckEpoch(p: PacketOf<'ACKEPOCH'>): StateSummary {
  return { currentEpoch: p.currentEpoch, lastZxid: p.zxid };
}

export interface EpochAcks {
  /** electingFollowers, in arrival order. */
  readonly electing: readonly ServerId[];
  /** electionFinished. */
  readonly finished: boolean;
}

export const INITIAL_EPOCH_ACKS: EpochAcks = { electing: [], finished: false };

export type EpochAckStep =
  /** IOException for this learner's handler (its connection closes); the others are unaffected. */
  | { readonly kind: 'ahead'; readonly message: string }
  /** `finished` is the quorum answer for this arrival and everyone waiting. */
  | { readonly kind: 'recorded'; readonly state: EpochAcks; readonly finished: boolean };

/** One call of waitForEpochAck (the leader's own, with its own summary, or a learner's ACKEPOCH). */
export function recordEpochAck(state: EpochAcks, sid: ServerId, summary: StateSummary, leaderSummary: StateSummary,
  ctx: DiscoveryContext): EpochAckStep {
  if (state.finished) return { kind: 'recorded', state, finished: true };
  let electing = state.electing;
  if (summary.currentEpoch !== -1) {
    if (isMoreRecentThan(summary, leaderSummary)) {
      return {
        kind: 'ahead',
        message: `Follower is ahead of the leader, leader summary: ${leaderSummary.currentEpoch} (current epoch), ` +
          `${leaderSummary.lastZxid} (last zxid)`,
      };
    }
    if (summary.lastZxid !== -1 && ctx.verifier.isVoter(sid) && !electing.includes(sid)) electing = [...electing, sid];
  }
  const finished = electing.includes(ctx.leaderId) && ctx.verifier.containsQuorum(electing);
  return { kind: 'recorded', state: { electing, finished }, finished };
}

// ---- Leader.waitForNewLeaderAck ----

export interface NewLeaderAcks {
  /** newLeaderProposal.packet.getZxid(): makeZxid(epoch, 0). */
  readonly newLeaderZxid: Zxid;
  /** The participants that acked, in arrival order. */
  readonly acked: readonly ServerId[];
  /** quorumFormed. */
  readonly formed: boolean;
}

export function initialNewLeaderAcks(newLeaderZxid: Zxid): NewLeaderAcks {
  assert(counterOf(newLeaderZxid) === 0, 'NEWLEADER carries a zxid of counter 0');
  return { newLeaderZxid, acked: [], formed: false };
}

export type NewLeaderAckStep =
  /** "NEWLEADER ACK from sid ... is from a different epoch": logged, not counted, the caller goes on. */
  | { readonly kind: 'other-epoch'; readonly message: string }
  | { readonly kind: 'recorded'; readonly state: NewLeaderAcks; readonly formed: boolean };

/**
 * One call of waitForNewLeaderAck (the leader's own after writing currentEpoch, or a learner's first ACK).
 * Only voters count (SyncedLearnerTracker.addAck); the quorum needs no particular member.
 */
export function recordNewLeaderAck(state: NewLeaderAcks, sid: ServerId, ackZxid: number, verifier: QuorumVerifier): NewLeaderAckStep {
  if (state.formed) return { kind: 'recorded', state, formed: true };
  if (ackZxid !== state.newLeaderZxid) {
    return {
      kind: 'other-epoch',
      message: `NEWLEADER ACK from sid: ${sid} is from a different epoch - current 0x${state.newLeaderZxid.toString(16)} ` +
        `received 0x${hex64(ackZxid)}`,
    };
  }
  const acked = verifier.isVoter(sid) && !state.acked.includes(sid) ? [...state.acked, sid] : state.acked;
  const formed = verifier.containsQuorum(acked);
  return { kind: 'recorded', state: { newLeaderZxid: state.newLeaderZxid, acked, formed }, formed };
}

/** Long.toHexString: two's complement for negative values. */
export function hex64(n: number): string {
  assert(Number.isSafeInteger(n), 'a long that zksim holds is a safe integer');
  return BigInt.asUintN(64, BigInt(n)).toString(16);
}
