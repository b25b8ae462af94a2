/**
 * What the election tells the recorded run (through ElectionPort.emit). Plain JSON data: numbers, strings
 * and arrays only, so a checker or a timeline can read them from a trace. Each one matches a place in
 * FastLeaderElection.java where ZooKeeper logs or decides.
 */
import type { ServerId } from '../zab/index.ts';
import type { ElectedState, Notification, Proposal, Vote } from './types.ts';

/** Why a notification went out. */
export type SendReason =
  /** sendNotifications after a new round or a change of proposal (lookForLeader). */
  | 'broadcast'
  /** sendNotifications after the poll timed out (the back-off). */
  | 'timeout'
  /** WorkerReceiver: a LOOKING sender is in an older round; answer with our proposal and round. */
  | 'reply-lagging'
  /** WorkerReceiver: we are not LOOKING and the sender is; answer with the vote we were elected with. */
  | 'reply-established'
  /** WorkerReceiver: the sender may not vote (an observer); answer at once with our current vote. */
  | 'reply-non-voter';

/** Why a received notification changed nothing. */
export type IgnoreReason =
  /** LOOKING notification of an older round (lookForLeader). */
  | 'older-round'
  /** The notification proposes a server that is not a voter (validVoter(n.leader)). */
  | 'leader-not-a-voter'
  /** An OBSERVING sender (lookForLeader's case OBSERVING). */
  | 'from-observer'
  /** Our last logged zxid is -1: we have no database to compare (lookForLeader). */
  | 'no-database'
  /** The sender's zxid is -1 (lookForLeader). */
  | 'sender-no-database'
  /** During the finalize wait, a notification that does not beat our proposal is dropped. */
  | 'not-better-while-finalizing'
  /** We are not LOOKING and the sender is not either: nothing to answer (WorkerReceiver). */
  | 'not-looking';

/** The count of one vote map for a FOLLOWING/LEADING notification (receivedFollowingNotification). */
export type EstablishedCount = {
  /** Senders in the map whose vote equals the notification's vote, ascending. */
  readonly supporters: readonly ServerId[];
  readonly quorum: boolean;
  /** checkLeader over the same map: the leader told us it is LEADING, or it is us and the round is ours. */
  readonly leaderChecked: boolean;
};

export type ElectionEvent =
  | {
    /** lookForLeader: logicalclock++ and the initial proposal. */
    readonly event: 'election-started';
    readonly round: number;
    readonly proposal: Proposal;
  }
  | {
    readonly event: 'vote-sent';
    readonly to: readonly ServerId[];
    readonly notification: Notification;
    readonly why: SendReason;
  }
  | {
    /** The proposal changed: a better vote in this round, or a newer round (which also clears recvset). */
    readonly event: 'proposal-changed';
    readonly from: ServerId;
    readonly round: number;
    readonly proposal: Proposal;
    readonly why: 'better-vote' | 'newer-round';
  }
  | {
    readonly event: 'notification-ignored';
    readonly from: ServerId;
    readonly notification: Notification;
    readonly why: IgnoreReason;
  }
  | {
    /**
     * A FOLLOWING/LEADING notification was counted and did not end the election: `thisRound` over recvset
     * (null when the notification is of another round), `anyRound` over outofelection.
     */
    readonly event: 'established-vote-counted';
    readonly from: ServerId;
    readonly notification: Notification;
    readonly thisRound: EstablishedCount | null;
    readonly anyRound: EstablishedCount;
  }
  | {
    /** A quorum of this round's votes equals our proposal: the finalize wait begins. */
    readonly event: 'quorum-reached';
    readonly round: number;
    readonly proposal: Proposal;
    readonly supporters: readonly ServerId[];
  }
  | {
    /** A better proposal arrived during the finalize wait: back to the main loop with it. */
    readonly event: 'finalize-interrupted';
    readonly from: ServerId;
    readonly notification: Notification;
  }
  | {
    /** The poll timed out: notifications were re-sent and the next wait doubled (up to the maximum). */
    readonly event: 'notification-timeout';
    readonly waitedMicros: number;
    readonly nextWaitMicros: number;
  }
  | {
    /** The election ended; `vote` becomes the current vote. */
    readonly event: 'vote-won';
    readonly leader: ServerId;
    readonly state: ElectedState;
    readonly vote: Vote;
    readonly via: 'quorum' | 'recvset' | 'outofelection';
    readonly supporters: readonly ServerId[];
  };
