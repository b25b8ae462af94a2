/**
 * Fast Leader Election (FastLeaderElection.java, ZooKeeper 3.8) as a step machine with no I/O.
 *
 * ZooKeeper runs it on three threads: WorkerReceiver answers peers and queues their notifications,
 * lookForLeader polls that queue with a timeout, and WorkerSender writes to QuorumCnxManager. Here one
 * object does all three, one input at a time: `onNotification` is a message arriving (the receiver's
 * answer, then the main loop's handling of the queued notification), `onTimer` is the poll timing out,
 * `startLooking` is a call to lookForLeader. The object lives as long as the server process does, like the
 * FLE instance QuorumPeer creates once: the logical clock carries over from one election to the next.
 *
 * The poll timeout is the single timer: armed with the notification interval after every notification
 * the main loop takes (200 ms, doubling on every timeout up to 60 s), and with finalizeWait (200 ms)
 * during the finalize wait, where every notification that does not beat our proposal is dropped and
 * restarts the wait. A notification to ourselves goes through a loopback queue processed before the step
 * returns (QuorumCnxManager.toSend puts it straight into the receive queue).
 *
 * Invariants: while LOOKING the timer is armed; a decision cancels it, clears the loopback queue and sets
 * the current vote; a server of weight 0 is never proposed by anyone but itself.
 */
import { assert, fail } from '../../base/index.ts';
import type { QuorumVerifier, ServerId } from '../zab/index.ts';
import type { EstablishedCount, IgnoreReason, SendReason } from './events.ts';
import type {
  ElectedState, ElectionDecision, ElectionPort, ElectionTiming, Notification, PeerState, Proposal, Vote,
} from './types.ts';
import { DEFAULT_ELECTION_TIMING, NOTIFICATION_VERSION, NO_VOTE } from './types.ts';
import type { RecordedVote } from './vote-order.ts';
import { recordVote, supportersOf, totalOrderPredicate } from './vote-order.ts';

export type ElectionOptions = {
  readonly myId: ServerId;
  readonly verifier: QuorumVerifier;
  readonly port: ElectionPort;
  readonly timing?: ElectionTiming;
};

/** What startLooking needs from the peer's persisted state. */
export type LookingInput = {
  /** The persisted currentEpoch file (QuorumPeer.getCurrentEpoch), not the zxid's epoch bits. */
  readonly currentEpoch: number;
  /** The last logged zxid (QuorumPeer.getLastLoggedZxid), uncommitted tail included; -1 if none. */
  readonly lastLoggedZxid: number;
};

/** Where the object is: before the first lookForLeader, inside one, waiting out finalizeWait, or done. */
type Phase = 'idle' | 'looking' | 'finalizing' | 'decided';

/** A JSON view of the election's state, for transcripts and tests. */
export type ElectionSnapshot = {
  readonly myId: ServerId;
  readonly state: PeerState;
  readonly phase: Phase;
  readonly round: number;
  readonly proposal: Proposal;
  readonly currentVote: Vote | null;
  readonly recvset: readonly (readonly [ServerId, RecordedVote])[];
  readonly outOfElection: readonly (readonly [ServerId, RecordedVote])[];
  readonly notificationIntervalMicros: number;
  readonly timerDueMicros: number | null;
};

export class FastLeaderElection {
  readonly myId: ServerId;
  private readonly verifier: QuorumVerifier;
  private readonly port: ElectionPort;
  private readonly timing: ElectionTiming;
  private readonly observer: boolean;

  private state: PeerState = 'LOOKING';
  private phase: Phase = 'idle';
  /** logicalclock: the election round, bumped by every lookForLeader. */
  private logicalClock = 0;
  /** proposedLeader/Zxid/Epoch (FastLeaderElection.starter sets -1, -1 and 0). */
  private proposal: Proposal = { leader: -1, zxid: -1, peerEpoch: 0 };
  /** getInitId / getInitLastLoggedZxid / getPeerEpoch for the running election. */
  private initial: Proposal = { leader: -1, zxid: -1, peerEpoch: 0 };
  /** QuorumPeer.currentVote: set by startLeaderElection, then by every finished election. */
  private currentVote: Vote | undefined;
  private recvset = new Map<ServerId, RecordedVote>();
  private outOfElection = new Map<ServerId, RecordedVote>();
  /** notTimeout. */
  private intervalMicros: number;
  private timerDue: number | undefined;
  private finalizeSupporters: readonly ServerId[] = [];
  private readonly loopback: Notification[] = [];

  constructor(options: ElectionOptions) {
    const { myId, verifier } = options;
    assert(verifier.isVoter(myId) || verifier.isObserver(myId), `server ${myId} is a member of the ensemble`);
    this.myId = myId;
    this.verifier = verifier;
    this.port = options.port;
    this.timing = options.timing ?? DEFAULT_ELECTION_TIMING;
    assert(this.timing.minNotificationIntervalMicros > 0 &&
      this.timing.maxNotificationIntervalMicros >= this.timing.minNotificationIntervalMicros &&
      this.timing.finalizeWaitMicros > 0, 'election intervals are positive and min <= max');
    this.observer = verifier.isObserver(myId);
    this.intervalMicros = this.timing.minNotificationIntervalMicros;
  }

  /** QuorumPeer.getPeerState as far as the election knows it. */
  get peerState(): PeerState {
    return this.state;
  }

  get round(): number {
    return this.logicalClock;
  }

  get isLooking(): boolean {
    return this.phase === 'looking' || this.phase === 'finalizing';
  }

  /** QuorumPeer.getCurrentVote: the vote this server answers LOOKING peers with once it is not LOOKING. */
  getCurrentVote(): Vote | undefined {
    return this.currentVote;
  }

  /** QuorumPeer.setCurrentVote, for the peer (for example after a reconfiguration names a leader). */
  setCurrentVote(vote: Vote): void {
    this.currentVote = vote;
  }

  /**
   * QuorumPeer.updateElectionVote: after the new epoch is established (Leader.startZkServer,
   * Learner.syncWithLeader on UPTODATE) the current vote carries the new epoch, so that every member of
   * the ensemble reports the same (leader, epoch) to a server that joins later (ZOOKEEPER-1732).
   */
  updateElectionVote(newEpoch: number): void {
    if (this.currentVote === undefined) return;
    this.currentVote = { ...this.currentVote, peerEpoch: newEpoch };
  }

  /**
   * lookForLeader: the peer became LOOKING. Bumps the logical clock, proposes ourselves (or nothing, if we
   * may not vote), tells every voter (ourselves included) and waits.
   */
  startLooking(input: LookingInput): void {
    assert(!this.isLooking, `server ${this.myId} is already looking for a leader`);
    if (this.currentVote === undefined) {
      // QuorumPeer.startLeaderElection: the first current vote is for ourselves, round -1.
      this.currentVote = {
        leader: this.myId, zxid: input.lastLoggedZxid, electionEpoch: -1, peerEpoch: input.currentEpoch,
      };
    }
    this.state = 'LOOKING';
    this.phase = 'looking';
    this.recvset = new Map();
    this.outOfElection = new Map();
    this.intervalMicros = this.timing.minNotificationIntervalMicros;
    this.logicalClock++;
    this.initial = this.observer
      ? { leader: NO_VOTE, zxid: NO_VOTE, peerEpoch: NO_VOTE }
      : { leader: this.myId, zxid: input.lastLoggedZxid, peerEpoch: input.currentEpoch };
    this.proposal = this.initial;
    this.port.emit({ event: 'election-started', round: this.logicalClock, proposal: this.proposal });
    this.sendNotifications('broadcast');
    this.arm(this.intervalMicros);
    const decision = this.drainLoopback();
    assert(decision === undefined, 'an election never ends on its own notifications');
  }

  /** A notification from `from` arrived on the election channel. Returns the decision if the election ended. */
  onNotification(from: ServerId, n: Notification): ElectionDecision | undefined {
    assert(this.phase !== 'idle', `server ${this.myId} received a notification before it started looking`);
    assert(from !== this.myId, 'notifications to ourselves go through the loopback queue');
    return this.receive(from, n) ?? this.drainLoopback();
  }

  /** The timer armed through the port fired. Returns the decision if the election ended. */
  onTimer(): ElectionDecision | undefined {
    const due = this.timerDue;
    if (due === undefined) fail(`server ${this.myId}: election timer fired but none is armed`);
    assert(this.port.now() >= due, 'the election timer fired early');
    this.timerDue = undefined;
    if (this.phase === 'finalizing') {
      // Nothing better arrived within finalizeWait: the proposal wins.
      const vote: Vote = { ...this.proposal, electionEpoch: this.logicalClock };
      return this.decide(this.proposal.leader, vote, 'quorum', this.finalizeSupporters);
    }
    assert(this.phase === 'looking', 'the election timer only runs while looking');
    // The poll timed out: re-send (QuorumCnxManager.haveDelivered / connectAll are the transport's
    // business) and double the wait, up to the maximum.
    const waited = this.intervalMicros;
    this.sendNotifications('timeout');
    this.intervalMicros = Math.min(this.intervalMicros * 2, this.timing.maxNotificationIntervalMicros);
    this.port.emit({ event: 'notification-timeout', waitedMicros: waited, nextWaitMicros: this.intervalMicros });
    this.arm(this.intervalMicros);
    return this.drainLoopback();
  }

  snapshot(): ElectionSnapshot {
    const sorted = (m: ReadonlyMap<ServerId, RecordedVote>): (readonly [ServerId, RecordedVote])[] =>
      [...m.entries()].sort((a, b) => a[0] - b[0]);
    return {
      myId: this.myId, state: this.state, phase: this.phase, round: this.logicalClock, proposal: this.proposal,
      currentVote: this.currentVote ?? null, recvset: sorted(this.recvset), outOfElection: sorted(this.outOfElection),
      notificationIntervalMicros: this.intervalMicros, timerDueMicros: this.timerDue ?? null,
    };
  }

  // ---- WorkerReceiver -------------------------------------------------------------------------------

  /** WorkerReceiver.run for one message: answer if called for, and queue it for lookForLeader if LOOKING. */
  private receive(from: ServerId, n: Notification): ElectionDecision | undefined {
    if (!this.verifier.isVoter(from)) {
      // A non-voter (an observer) is answered at once with our current vote; its vote is never counted.
      const current = this.requireCurrentVote();
      this.reply(from, { ...current, electionEpoch: this.logicalClock, state: this.state }, 'reply-non-voter');
      return undefined;
    }
    if (this.state === 'LOOKING') {
      if (n.state === 'LOOKING' && n.electionEpoch < this.logicalClock) {
        this.reply(from, { ...this.proposal, electionEpoch: this.logicalClock, state: 'LOOKING' }, 'reply-lagging');
      }
      return this.poll(from, n);
    }
    if (n.state === 'LOOKING') {
      // Leader.reportLookingSid (zookeeper.leader.maxTimeToWaitForEpoch) is off by default: not modelled.
      const current = this.requireCurrentVote();
      this.reply(from, { ...current, state: this.state }, 'reply-established');
    } else {
      this.ignore(from, n, 'not-looking');
    }
    return undefined;
  }

  private reply(to: ServerId, vote: Vote & { readonly state: PeerState }, why: SendReason): void {
    const n: Notification = {
      state: vote.state, leader: vote.leader, zxid: vote.zxid, electionEpoch: vote.electionEpoch,
      peerEpoch: vote.peerEpoch, version: NOTIFICATION_VERSION,
    };
    this.port.emit({ event: 'vote-sent', to: [to], notification: n, why });
    this.deliver(to, n);
  }

  private requireCurrentVote(): Vote {
    const v = this.currentVote;
    if (v === undefined) fail(`server ${this.myId} has no current vote`);
    return v;
  }

  // ---- lookForLeader --------------------------------------------------------------------------------

  /** lookForLeader takes `n` from its queue: in the finalize wait, or in the main loop. */
  private poll(from: ServerId, n: Notification): ElectionDecision | undefined {
    if (this.phase === 'finalizing') {
      if (!totalOrderPredicate((id) => this.verifier.weight(id), n, this.proposal)) {
        this.ignore(from, n, 'not-better-while-finalizing');
        this.arm(this.timing.finalizeWaitMicros);
        return undefined;
      }
      // The better notification goes back into the queue and the main loop takes it next.
      this.port.emit({ event: 'finalize-interrupted', from, notification: n });
      this.phase = 'looking';
    }
    const decision = this.handle(from, n);
    if (decision === undefined && this.phase === 'looking') this.arm(this.intervalMicros);
    return decision;
  }

  /** One pass of lookForLeader's main loop over a notification. */
  private handle(from: ServerId, n: Notification): ElectionDecision | undefined {
    if (!this.verifier.isVoter(n.leader)) {
      this.ignore(from, n, 'leader-not-a-voter');
      return undefined;
    }
    switch (n.state) {
      case 'LOOKING':
        this.handleLooking(from, n);
        return undefined;
      case 'OBSERVING':
        this.ignore(from, n, 'from-observer');
        return undefined;
      case 'FOLLOWING':
      case 'LEADING':
        // receivedFollowingNotification / receivedLeadingNotification (the oracle of QuorumOracleMaj,
        // for two-server ensembles, is not modelled, so both are the same).
        return this.handleEstablished(from, n);
    }
  }

  /** lookForLeader's case LOOKING: rounds, the vote order, the tally and the start of the finalize wait. */
  private handleLooking(from: ServerId, n: Notification): void {
    if (this.initial.zxid === -1) return this.ignore(from, n, 'no-database');
    if (n.zxid === -1) return this.ignore(from, n, 'sender-no-database');
    const better = (candidate: Proposal, current: Proposal): boolean =>
      totalOrderPredicate((id) => this.verifier.weight(id), candidate, current);
    if (n.electionEpoch > this.logicalClock) {
      this.logicalClock = n.electionEpoch;
      this.recvset.clear();
      this.proposal = better(n, this.initial) ? proposalOf(n) : this.initial;
      this.proposalChanged(from, 'newer-round');
      this.sendNotifications('broadcast');
    } else if (n.electionEpoch < this.logicalClock) {
      return this.ignore(from, n, 'older-round');
    } else if (better(n, this.proposal)) {
      this.proposal = proposalOf(n);
      this.proposalChanged(from, 'better-vote');
      this.sendNotifications('broadcast');
    }
    this.recvset.set(from, recordVote(n, 0));
    const mine: RecordedVote = { ...this.proposal, electionEpoch: this.logicalClock, state: 'LOOKING', version: 0 };
    const supporters = supportersOf(this.recvset, mine);
    if (this.verifier.containsQuorum(supporters)) {
      this.phase = 'finalizing';
      this.finalizeSupporters = supporters;
      this.port.emit({ event: 'quorum-reached', round: this.logicalClock, proposal: this.proposal, supporters });
      this.arm(this.timing.finalizeWaitMicros);
    }
  }

  /**
   * receivedFollowingNotification: a FOLLOWING/LEADING peer reports the vote it was elected with. A quorum
   * of this round's votes, or of established peers' votes of any round, agreeing with it ends the election,
   * provided checkLeader holds (the leader itself said LEADING), so that a dead leader is not re-elected.
   */
  private handleEstablished(from: ServerId, n: Notification): ElectionDecision | undefined {
    const vote = recordVote(n, n.version);
    const won: Vote = { leader: n.leader, zxid: n.zxid, electionEpoch: n.electionEpoch, peerEpoch: n.peerEpoch };
    let thisRound: EstablishedCount | null = null;
    if (n.electionEpoch === this.logicalClock) {
      this.recvset.set(from, recordVote(n, 0));
      thisRound = this.count(this.recvset, vote);
      if (thisRound.quorum && thisRound.leaderChecked) {
        return this.decide(n.leader, won, 'recvset', thisRound.supporters);
      }
    }
    this.outOfElection.set(from, vote);
    const anyRound = this.count(this.outOfElection, vote);
    if (anyRound.quorum && anyRound.leaderChecked) {
      this.logicalClock = n.electionEpoch;
      return this.decide(n.leader, won, 'outofelection', anyRound.supporters);
    }
    this.port.emit({ event: 'established-vote-counted', from, notification: n, thisRound, anyRound });
    return undefined;
  }

  private count(votes: ReadonlyMap<ServerId, RecordedVote>, vote: RecordedVote): EstablishedCount {
    const supporters = supportersOf(votes, vote);
    return {
      supporters,
      quorum: this.verifier.containsQuorum(supporters),
      leaderChecked: this.checkLeader(votes, vote.leader, vote.electionEpoch),
    };
  }

  /**
   * checkLeader: if the leader is someone else, it must have told us it is LEADING; if it is us, the round
   * must be ours (ZOOKEEPER-975: do not keep electing a leader that crashed).
   */
  private checkLeader(votes: ReadonlyMap<ServerId, RecordedVote>, leader: ServerId, electionEpoch: number): boolean {
    if (leader !== this.myId) return votes.get(leader)?.state === 'LEADING';
    return this.logicalClock === electionEpoch;
  }

  /** setPeerState + leaveInstance, and QuorumPeer.setCurrentVote with the returned vote. */
  private decide(leader: ServerId, vote: Vote, via: ElectionDecision['via'],
    supporters: readonly ServerId[]): ElectionDecision {
    const state: ElectedState = leader === this.myId ? 'LEADING' : this.observer ? 'OBSERVING' : 'FOLLOWING';
    assert(via !== 'quorum' || this.verifier.weight(leader) > 0, 'a server of weight 0 never wins a vote');
    this.state = state;
    this.phase = 'decided';
    this.currentVote = vote;
    this.loopback.length = 0;
    if (this.timerDue !== undefined) this.port.cancelTimer();
    this.timerDue = undefined;
    this.port.emit({ event: 'vote-won', leader, state, vote, via, supporters });
    return { leader, state, vote, via, supporters };
  }

  // ---- sending and timing ---------------------------------------------------------------------------

  /** sendNotifications: our proposal and round, LOOKING, to every voter (ourselves included). */
  private sendNotifications(why: SendReason): void {
    const n: Notification = {
      state: 'LOOKING', leader: this.proposal.leader, zxid: this.proposal.zxid, electionEpoch: this.logicalClock,
      peerEpoch: this.proposal.peerEpoch, version: NOTIFICATION_VERSION,
    };
    const to = this.verifier.votingMembers;
    this.port.emit({ event: 'vote-sent', to: [...to], notification: n, why });
    for (const sid of to) this.deliver(sid, n);
  }

  private deliver(to: ServerId, n: Notification): void {
    if (to === this.myId) this.loopback.push(n);
    else this.port.send(to, n);
  }

  /** Our own notifications, in the order sent, as the receive queue would hand them over. */
  private drainLoopback(): ElectionDecision | undefined {
    for (let n = this.loopback.shift(); n !== undefined; n = this.loopback.shift()) {
      const decision = this.receive(this.myId, n);
      if (decision !== undefined) return decision;
    }
    return undefined;
  }

  private arm(delayMicros: number): void {
    this.timerDue = this.port.now() + delayMicros;
    this.port.setTimer(delayMicros);
  }

  private proposalChanged(from: ServerId, why: 'better-vote' | 'newer-round'): void {
    this.port.emit({ event: 'proposal-changed', from, round: this.logicalClock, proposal: this.proposal, why });
  }

  private ignore(from: ServerId, n: Notification, why: IgnoreReason): void {
    this.port.emit({ event: 'notification-ignored', from, notification: n, why });
  }
}

function proposalOf(n: Notification): Proposal {
  return { leader: n.leader, zxid: n.zxid, peerEpoch: n.peerEpoch };
}
