/**
 * How votes compare. Two different questions, as in ZooKeeper:
 *  - which proposal is better (FastLeaderElection.totalOrderPredicate): peer epoch, then zxid, then
 *    server id, and a candidate of weight 0 never wins;
 *  - whether two recorded votes are the same vote (Vote.equals), which counts towards a quorum.
 */
import type { ServerId } from '../zab/index.ts';
import type { Notification, PeerState, Proposal, Vote } from './types.ts';

/**
 * True iff `candidate` beats `current`: the candidate has non-zero weight, and its peer epoch is higher,
 * or the epochs are equal and its zxid is higher, or both are equal and its id is higher.
 */
export function totalOrderPredicate(weight: (id: ServerId) => number, candidate: Proposal, current: Proposal): boolean {
  if (weight(candidate.leader) === 0) return false;
  if (candidate.peerEpoch !== current.peerEpoch) return candidate.peerEpoch > current.peerEpoch;
  if (candidate.zxid !== current.zxid) return candidate.zxid > current.zxid;
  return candidate.leader > current.leader;
}

/**
 * A vote as FLE records it in its recvset / outofelection maps: Vote.java's four numbers plus the state the
 * sender reported and a format version, both of which Vote.equals looks at.
 */
export type RecordedVote = Vote & {
  readonly state: PeerState;
  /**
   * 0 where FLE builds the Vote without a version (LOOKING votes, and FOLLOWING/LEADING votes kept in
   * recvset), the notification's version where it passes one (outofelection and the vote compared with).
   */
  readonly version: number;
};

export function recordVote(n: Notification, version: number): RecordedVote {
  return {
    leader: n.leader, zxid: n.zxid, electionEpoch: n.electionEpoch, peerEpoch: n.peerEpoch,
    state: n.state, version,
  };
}

/**
 * Vote.equals. If either side is LOOKING the whole vote must match (id, zxid, election epoch, peer epoch).
 * Between FOLLOWING/LEADING votes only the leader and the peer epoch matter (ZOOKEEPER-1805: members of an
 * established ensemble finished their elections in different rounds and with different zxids, and report
 * the new epoch after sync, ZOOKEEPER-1732); and if exactly one side has a version above 0, only the
 * leader (rolling upgrades across ZOOKEEPER-1732). FLE's recvset keeps FOLLOWING/LEADING votes with version
 * 0 and compares them with a vote of the notification's version, so there the leader id alone counts.
 */
export function votesEqual(a: RecordedVote, b: RecordedVote): boolean {
  if (a.state === 'LOOKING' || b.state === 'LOOKING') {
    return a.leader === b.leader && a.zxid === b.zxid && a.electionEpoch === b.electionEpoch &&
      a.peerEpoch === b.peerEpoch;
  }
  if ((a.version > 0) !== (b.version > 0)) return a.leader === b.leader;
  return a.leader === b.leader && a.peerEpoch === b.peerEpoch;
}

/** getVoteTracker's ack set: the senders whose recorded vote equals `vote`, ascending. */
export function supportersOf(votes: ReadonlyMap<ServerId, RecordedVote>, vote: RecordedVote): ServerId[] {
  const out: ServerId[] = [];
  for (const [sid, v] of votes) if (votesEqual(v, vote)) out.push(sid);
  return out.sort((x, y) => x - y);
}
