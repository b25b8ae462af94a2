/**
 * The election's vocabulary: peer states, the notification on the wire, votes, the port through which the
 * election acts, its decision, and its timing knobs (FastLeaderElection.java, Vote.java, QuorumPeer.java).
 */
import type { ServerId } from '../zab/index.ts';
import type { ElectionEvent } from './events.ts';

/** QuorumPeer.ServerState; the wire carries the ordinal (0 LOOKING, 1 FOLLOWING, 2 LEADING, 3 OBSERVING). */
export type PeerState = 'LOOKING' | 'FOLLOWING' | 'LEADING' | 'OBSERVING';
/** Where an election ends. */
export type ElectedState = Exclude<PeerState, 'LOOKING'>;

/** Notification.CURRENTVERSION: the format every 3.8 server sends (with a config, 44+ bytes). */
export const NOTIFICATION_VERSION = 2;

/**
 * Long.MIN_VALUE in FastLeaderElection.getInitId / getInitLastLoggedZxid / getPeerEpoch: what a server
 * that may not vote (an observer) proposes as leader, zxid and epoch, so that any real vote beats it.
 */
export const NO_VOTE = Number.MIN_SAFE_INTEGER;

/**
 * A notification (FastLeaderElection.Notification / ToSend): the sender's state and the vote it reports.
 * The sender's id comes from the channel. The quorum-verifier config that 3.8 appends is not modelled
 * (no dynamic reconfiguration).
 */
export type Notification = {
  readonly state: PeerState;
  /** The proposed leader. */
  readonly leader: ServerId;
  /** The proposed leader's last logged zxid. */
  readonly zxid: number;
  /** The sender's logical clock (LOOKING) or the round its current vote was elected in (otherwise). */
  readonly electionEpoch: number;
  /** The proposed leader's epoch: its persisted currentEpoch (updated to the new epoch after sync). */
  readonly peerEpoch: number;
  readonly version: number;
};

/** A proposal (proposedLeader, proposedZxid, proposedEpoch): what totalOrderPredicate ranks. */
export type Proposal = {
  readonly leader: ServerId;
  readonly zxid: number;
  readonly peerEpoch: number;
};

/** Vote.java's four numbers: a proposal and the election round it belongs to. */
export type Vote = Proposal & {
  readonly electionEpoch: number;
};

/** The ends of an election: who leads, what this server becomes, and the vote it now holds. */
export type ElectionDecision = {
  readonly leader: ServerId;
  readonly state: ElectedState;
  /** The vote that won; it becomes QuorumPeer.currentVote. */
  readonly vote: Vote;
  /**
   * How the election ended: `quorum` a quorum of LOOKING votes equal to ours and a quiet finalize wait;
   * `recvset` a quorum of this round's votes from FOLLOWING/LEADING peers agreeing with a leader that
   * says it leads; `outofelection` the same over established peers' votes of any round (a late joiner).
   */
  readonly via: 'quorum' | 'recvset' | 'outofelection';
  /** The voters whose votes made the quorum, ascending. */
  readonly supporters: readonly ServerId[];
};

/** What the election needs from its owner (a QuorumPeer). Times are local virtual microseconds. */
export interface ElectionPort {
  now(): number;
  /** Sends over the election channel (QuorumCnxManager); never called with this server's own id. */
  send(to: ServerId, notification: Notification): void;
  /** Arms the election's one timer (the receive queue's poll timeout), replacing a pending one. */
  setTimer(delayMicros: number): void;
  cancelTimer(): void;
  emit(event: ElectionEvent): void;
}

/** FastLeaderElection's timing constants, in microseconds. */
export type ElectionTiming = {
  /** finalizeWait: how long a quorum must stay unchallenged before deciding (200 ms). */
  readonly finalizeWaitMicros: number;
  /** minNotificationInterval (zookeeper.fastleader.minNotificationInterval, default finalizeWait). */
  readonly minNotificationIntervalMicros: number;
  /** maxNotificationInterval (zookeeper.fastleader.maxNotificationInterval, default 60 s). */
  readonly maxNotificationIntervalMicros: number;
};

export const DEFAULT_ELECTION_TIMING: ElectionTiming = {
  finalizeWaitMicros: 200_000,
  minNotificationIntervalMicros: 200_000,
  maxNotificationIntervalMicros: 60_000_000,
};
