/**
 * The LEADING role: ZooKeeper 3.8's Leader.lead with one LearnerHandler per learner connection, as a step
 * machine. The phases, each bounded as in ZooKeeper:
 *
 *  1. discovery: the leader and every FOLLOWERINFO/OBSERVERINFO offer their acceptedEpoch; once the
 *     leader and a quorum of voters did, the epoch is frozen at 1 + the highest seen and persisted as
 *     acceptedEpoch; each handler sends LEADERINFO and waits for ACKEPOCH; a learner ahead of the leader
 *     is dropped. Bounded by initLimit ticks ("Timeout while waiting for epoch from quorum").
 *  2. sync: once the leader and a quorum acked the epoch, currentEpoch is persisted and every waiting
 *     handler syncs its learner (planSync: DIFF / TRUNC / SNAP), starts forwarding and sends NEWLEADER; a
 *     quorum of ACKs of NEWLEADER (the leader's own counts once currentEpoch is durable) starts the
 *     server and each handler sends UPTODATE. Bounded by initLimit ticks.
 *  3. broadcast: propose (PROPOSAL to forwarding followers, log locally), count ACKs (the leader's own
 *     only after its fsync), COMMIT strictly in zxid order (INFORM to observers), answer syncs; every
 *     half tick ping the learners, and every tick step down unless a quorum is synced (heard from within
 *     syncLimit ticks).
 *
 * Learners that join later go through the same handler steps against the frozen epoch. Simplified on
 * purpose: a handler that has not been heard from within its deadline is closed at the next ping (where
 * ZooKeeper's syncLimitCheck closes one whose oldest proposal is unacked for syncLimit ticks); proposals
 * are applied as they commit, so toBeApplied is always empty.
 */
import { assert, counterOf, epochOf, formatZxid, zxid as makeZxid } from '../../base/index.ts';
import type { ConnId, TimerId, Zxid } from '../../base/index.ts';
import type { Txn } from '../protocol/index.ts';
import {
  INITIAL_EPOCH_ACKS, INITIAL_EPOCH_PROPOSAL, initialNewLeaderAcks, leaderInfoPacket, offerAcceptedEpoch, recordEpochAck,
  recordNewLeaderAck, summaryOfAckEpoch,
} from './epochs.ts';
import type { EpochAcks, EpochProposal, NewLeaderAcks, StateSummary } from './epochs.ts';
import type { PacketOf, QuorumPacket } from './packets.ts';
import type { LeaderPort } from './port.ts';
import type { ServerId } from './quorum.ts';
import { forwardingPackets, planSync } from './sync-plan.ts';

type HandlerStage = 'epoch' | 'ackepoch' | 'quorum' | 'newleader' | 'startup' | 'running';

interface Handler {
  readonly conn: ConnId;
  readonly sid: ServerId;
  readonly observer: boolean;
  stage: HandlerStage;
  peerLastZxid: Zxid;
  /** LearnerHandler.tickOfNextAckDeadline. */
  deadlineTick: number;
  /** Receives proposals and commits (or informs) as they happen. */
  forwarding: boolean;
}

interface Proposal {
  readonly txn: Txn;
  readonly acks: ServerId[];
}

export interface LeaderStart {
  readonly acceptedEpoch: number;
  readonly currentEpoch: number;
  readonly lastZxid: Zxid;
}

export class Leader {
  private phase: 'discovery' | 'sync' | 'broadcast' | 'done' = 'discovery';
  private epochProposal: EpochProposal = INITIAL_EPOCH_PROPOSAL;
  private epochReady = false;
  private epochAcks: EpochAcks = INITIAL_EPOCH_ACKS;
  private newLeaderAcks: NewLeaderAcks | undefined;
  private epoch = -1;
  private readonly handlers = new Map<ConnId, Handler>();
  private readonly outstanding: Proposal[] = [];
  private lastProposed: Zxid = 0 as Zxid;
  private lastCommitted: Zxid = 0 as Zxid;
  private readonly pendingSyncs: { readonly conn: ConnId; readonly waitZxid: Zxid }[] = [];
  private tick = 0;
  private tickSkip = true;
  private initTimer: TimerId | undefined;
  private tickTimer: TimerId | undefined;
  private readonly summary: StateSummary;

  constructor(private readonly port: LeaderPort, private readonly start: LeaderStart) {
    this.summary = { currentEpoch: start.currentEpoch, lastZxid: start.lastZxid };
    this.lastProposed = start.lastZxid;
    this.lastCommitted = start.lastZxid;
  }

  get established(): boolean {
    return this.phase === 'broadcast';
  }

  get currentEpochValue(): number {
    return this.epoch;
  }

  get lastProposedZxid(): Zxid {
    return this.lastProposed;
  }

  get lastCommittedZxid(): Zxid {
    return this.lastCommitted;
  }

  /** Leader.lead up to the first wait: our own offer of the accepted epoch. */
  begin(): void {
    this.armInit();
    this.offerEpoch(this.port.myId, this.start.acceptedEpoch);
  }

  owns(conn: ConnId): boolean {
    return this.handlers.has(conn);
  }

  /** The first packet on an accepted quorum connection. */
  onLearnerInfo(conn: ConnId, p: PacketOf<'FOLLOWERINFO' | 'OBSERVERINFO'>): void {
    if (this.phase === 'done') return this.port.close(conn);
    const observer = p.type === 'OBSERVERINFO';
    // A learner that is not what the configuration says it is gets no handler.
    if (observer === this.port.verifier.isVoter(p.sid)) return this.port.close(conn);
    for (const old of this.handlersOf(p.sid)) this.drop(old, 'replaced by a new connection from the same server');
    const h: Handler = {
      conn, sid: p.sid, observer, stage: 'epoch', peerLastZxid: 0 as Zxid, deadlineTick: this.initialDeadline(), forwarding: false,
    };
    this.handlers.set(conn, h);
    this.offerEpoch(p.sid, epochOf(p.zxid));
    if (this.epochReady) this.sendLeaderInfo(h);
  }

  onPacket(conn: ConnId, p: QuorumPacket): void {
    const h = this.handlers.get(conn);
    if (h === undefined || this.phase === 'done') return;
    if (h.stage === 'running') h.deadlineTick = this.tick + this.port.timing.syncLimitTicks;
    switch (p.type) {
      case 'ACKEPOCH':
        return this.onAckEpoch(h, p);
      case 'ACK':
        return h.stage === 'newleader' ? this.onNewLeaderAck(h, p.zxid) : this.processAck(h.sid, p.zxid);
      case 'PING':
        return this.port.onTouches(h.sid, p.touches);
      case 'REQUEST':
        if (this.phase !== 'broadcast') return;
        return p.request.op === 'sync' ? this.processSync(h.conn) : this.port.onRequest(h.sid, p);
      case 'REVALIDATE':
        if ('timeoutMs' in p) {
          const valid = this.port.revalidate(h.sid, p.sessionId, p.timeoutMs);
          this.port.send(h.conn, { type: 'REVALIDATE', sessionId: p.sessionId, valid });
        }
        return;
      case 'FOLLOWERINFO':
      case 'OBSERVERINFO':
      case 'LEADERINFO':
      case 'DIFF':
      case 'TRUNC':
      case 'SNAP':
      case 'NEWLEADER':
      case 'UPTODATE':
      case 'PROPOSAL':
      case 'COMMIT':
      case 'INFORM':
      case 'SYNC':
        this.port.emit({ event: 'zab-warning', message: `unexpected ${p.type} from learner ${h.sid}` });
    }
  }

  onClosed(conn: ConnId): void {
    const h = this.handlers.get(conn);
    if (h === undefined) return;
    this.handlers.delete(conn);
    this.port.emit({ event: 'zab-learner-lost', learner: h.sid, reason: 'connection closed' });
  }

  onTimer(timer: TimerId): boolean {
    if (timer === this.initTimer) {
      this.initTimer = undefined;
      this.stepDown(this.initWaitReason());
      return true;
    }
    if (timer === this.tickTimer) {
      this.tickTimer = undefined;
      this.onHalfTick();
      return true;
    }
    return false;
  }

  // ---- discovery ----

  private offerEpoch(sid: ServerId, acceptedEpoch: number): void {
    const step = offerAcceptedEpoch(this.epochProposal, sid, acceptedEpoch, { leaderId: this.port.myId, verifier: this.port.verifier });
    this.epochProposal = step.state;
    if (!step.frozeNow) return;
    this.epoch = step.epoch as number;
    const quorum = step.state.connecting;
    this.port.persistEpoch('acceptedEpoch', this.epoch, () => {
      if (this.phase === 'done') return;
      this.epochReady = true;
      this.port.emit({ event: 'zab-epoch-proposed', epoch: this.epoch, quorum });
      this.lastProposed = makeZxid(this.epoch, 0);
      this.newLeaderAcks = initialNewLeaderAcks(makeZxid(this.epoch, 0));
      for (const h of this.handlers.values()) if (h.stage === 'epoch') this.sendLeaderInfo(h);
      this.recordOwnEpochAck();
    });
  }

  private sendLeaderInfo(h: Handler): void {
    h.stage = 'ackepoch';
    this.port.send(h.conn, leaderInfoPacket(this.epoch));
  }

  private recordOwnEpochAck(): void {
    this.armInit();
    this.epochAckArrived(this.port.myId, this.summary);
  }

  private onAckEpoch(h: Handler, p: PacketOf<'ACKEPOCH'>): void {
    if (h.stage !== 'ackepoch') return;
    h.peerLastZxid = p.zxid;
    h.stage = 'quorum';
    this.epochAckArrived(h.sid, summaryOfAckEpoch(p), h);
  }

  /** waitForEpochAck for one arrival (the leader's own, or a learner's with its handler). */
  private epochAckArrived(sid: ServerId, summary: StateSummary, h?: Handler): void {
    const step = recordEpochAck(this.epochAcks, sid, summary, this.summary, { leaderId: this.port.myId, verifier: this.port.verifier });
    if (step.kind === 'ahead') {
      assert(h !== undefined, 'the leader is never ahead of itself');
      return this.drop(h, step.message);
    }
    const wasFinished = this.epochAcks.finished;
    this.epochAcks = step.state;
    if (!this.epochAcks.finished) return;
    if (!wasFinished) this.epochFinished();
    for (const waiting of this.handlers.values()) if (waiting.stage === 'quorum') this.syncLearner(waiting);
  }

  /** waitForEpochAck returned on the leader: persist currentEpoch, then count our own NEWLEADER ack. */
  private epochFinished(): void {
    this.phase = 'sync';
    this.armInit();
    this.port.persistEpoch('currentEpoch', this.epoch, () => {
      if (this.phase === 'done') return;
      this.port.emit({ event: 'zab-epoch-current', epoch: this.epoch });
      this.newLeaderAckArrived(this.port.myId, makeZxid(this.epoch, 0));
    });
  }

  // ---- sync ----

  private syncLearner(h: Handler): void {
    const plan = planSync(h.peerLastZxid, this.port.syncState());
    this.port.emit({
      event: 'zab-sync-planned', learner: h.sid, mode: plan.mode, zxid: plan.zxid, peerZxid: h.peerLastZxid, reason: plan.reason,
      txns: plan.queued.filter((q) => q.type === 'PROPOSAL').length,
    });
    if (plan.mode === 'SNAP') this.port.send(h.conn, { type: 'SNAP', zxid: plan.zxid, snapshot: this.port.image() });
    for (const packet of plan.queued) this.port.send(h.conn, packet);
    const inFlight = { lastProposed: this.lastProposed, toBeApplied: [], outstanding: this.outstanding.map((o) => o.txn) };
    for (const packet of forwardingPackets(inFlight, plan.forwardFromZxid, h.observer ? 'observer' : 'participant')) {
      this.port.send(h.conn, packet);
    }
    h.forwarding = true;
    h.stage = 'newleader';
    h.deadlineTick = this.initialDeadline();
    this.port.send(h.conn, { type: 'NEWLEADER', zxid: makeZxid(this.epoch, 0) });
  }

  private onNewLeaderAck(h: Handler, ackZxid: number): void {
    h.stage = 'startup';
    this.newLeaderAckArrived(h.sid, ackZxid);
    if (this.phase === 'broadcast' && h.stage === 'startup') this.sendUpToDate(h);
  }

  private newLeaderAckArrived(sid: ServerId, ackZxid: number): void {
    const acks = this.newLeaderAcks;
    assert(acks !== undefined, 'NEWLEADER acks are counted after the epoch is frozen');
    const step = recordNewLeaderAck(acks, sid, ackZxid, this.port.verifier);
    if (step.kind === 'other-epoch') return this.port.emit({ event: 'zab-warning', message: step.message });
    const wasFormed = acks.formed;
    this.newLeaderAcks = step.state;
    if (step.formed && !wasFormed && this.phase === 'sync') this.startServing();
  }

  /** Leader.startZkServer: serve, then every handler waiting for startup sends UPTODATE. */
  private startServing(): void {
    this.phase = 'broadcast';
    this.cancelInit();
    this.lastCommitted = this.lastProposed;
    this.port.emit({ event: 'zab-serving', epoch: this.epoch, role: 'leader', leader: this.port.myId });
    this.port.serve(this.epoch);
    for (const h of this.handlers.values()) if (h.stage === 'startup') this.sendUpToDate(h);
    this.tickTimer = this.port.setTimer(this.halfTickMicros());
  }

  private sendUpToDate(h: Handler): void {
    h.stage = 'running';
    h.deadlineTick = this.tick + this.port.timing.syncLimitTicks;
    this.port.send(h.conn, { type: 'UPTODATE' });
  }

  // ---- broadcast ----

  /**
   * Leader.propose: the next zxid must be `lastProposed + 1`. Returns false (and steps down, forcing a new
   * epoch) when the counter would roll over.
   */
  propose(txn: Txn): boolean {
    assert(this.phase === 'broadcast', 'the leader proposes only while it serves');
    assert(txn.zxid === this.lastProposed + 1 && epochOf(txn.zxid) === this.epoch, `proposal ${formatZxid(txn.zxid)} follows ${formatZxid(this.lastProposed)}`);
    if (counterOf(txn.zxid) >= 2 ** this.port.timing.counterBits - 1) {
      this.stepDown('zxid lower 32 bits have rolled over, forcing re-election, and therefore new epoch start');
      return false;
    }
    this.lastProposed = txn.zxid;
    this.outstanding.push({ txn, acks: [] });
    this.port.emit({ event: 'zab-proposal', zxid: txn.zxid, session: txn.sessionId, cxid: txn.cxid ?? -1, op: txn.op.type });
    for (const h of this.handlers.values()) {
      if (h.forwarding && !h.observer) this.port.send(h.conn, { type: 'PROPOSAL', txn });
    }
    this.port.log(txn);
    return true;
  }

  /** The next zxid to propose (ZooKeeperServer.getNextZxid). */
  nextZxid(): Zxid {
    return (this.lastProposed + 1) as Zxid;
  }

  /** Our own log made these durable: our ACK for each (SyncRequestProcessor -> AckRequestProcessor). */
  logged(txns: readonly Txn[]): void {
    for (const txn of txns) this.processAck(this.port.myId, txn.zxid);
  }

  private processAck(sid: ServerId, zxid: Zxid): void {
    if (this.phase !== 'broadcast' || counterOf(zxid) === 0 || zxid <= this.lastCommitted) return;
    const p = this.outstanding.find((o) => o.txn.zxid === zxid);
    if (p === undefined) return this.port.emit({ event: 'zab-warning', message: `ACK of ${formatZxid(zxid)} from ${sid}: not outstanding` });
    if (!p.acks.includes(sid)) p.acks.push(sid);
    this.port.emit({ event: 'zab-ack', zxid, from: sid });
    this.tryToCommit();
  }

  /** Leader.tryToCommit: the oldest outstanding proposal first, each once a quorum acked it. */
  private tryToCommit(): void {
    while (this.phase === 'broadcast' && this.outstanding.length > 0) {
      const head = this.outstanding[0] as Proposal;
      if (!this.port.verifier.containsQuorum(head.acks) && this.port.bugs.commitWithoutQuorum !== true) return;
      this.outstanding.shift();
      this.commit(head.txn);
    }
  }

  private commit(txn: Txn): void {
    assert(txn.zxid > this.lastCommitted, 'commits go in zxid order');
    this.lastCommitted = txn.zxid;
    this.port.emit({ event: 'zab-commit', zxid: txn.zxid });
    for (const h of this.handlers.values()) {
      if (!h.forwarding) continue;
      this.port.send(h.conn, h.observer ? { type: 'INFORM', txn } : { type: 'COMMIT', zxid: txn.zxid });
    }
    this.port.commit(txn);
    while (this.pendingSyncs.length > 0 && (this.pendingSyncs[0] as { waitZxid: Zxid }).waitZxid <= txn.zxid) {
      const sync = this.pendingSyncs.shift() as { conn: ConnId };
      if (this.handlers.has(sync.conn)) this.port.send(sync.conn, { type: 'SYNC' });
    }
  }

  /** Leader.processSync: answered at once, or when the last proposal so far commits. */
  private processSync(conn: ConnId): void {
    if (this.outstanding.length === 0) return this.port.send(conn, { type: 'SYNC' });
    this.pendingSyncs.push({ conn, waitZxid: this.lastProposed });
  }

  // ---- heartbeats and step-down ----

  private onHalfTick(): void {
    if (!this.tickSkip) this.tick += 1;
    const synced: ServerId[] = [this.port.myId];
    for (const h of this.handlers.values()) if (this.tick <= h.deadlineTick) synced.push(h.sid);
    if (!this.tickSkip && !this.port.verifier.containsQuorum(synced)) {
      return this.stepDown(`Not sufficient followers synced, only synced with sids: [ ${synced.filter((s) => this.port.verifier.isVoter(s)).join(',')} ]`);
    }
    this.tickSkip = !this.tickSkip;
    for (const h of [...this.handlers.values()]) {
      if (h.stage !== 'running' && h.stage !== 'startup' && h.stage !== 'newleader') continue;
      if (this.tick > h.deadlineTick) {
        this.drop(h, 'Closing connection to peer due to transaction timeout');
        continue;
      }
      this.port.send(h.conn, { type: 'PING', zxid: this.lastProposed, touches: [] });
    }
    this.tickTimer = this.port.setTimer(this.halfTickMicros());
  }

  /** Leader.shutdown: close every learner connection; the server goes back to LOOKING. */
  stepDown(reason: string): void {
    if (this.phase === 'done') return;
    this.close();
    this.port.emit({ event: 'zab-step-down', role: 'leader', reason });
    this.port.leave(reason);
  }

  /** Ends the role without a reason of its own (the server is going away or already leaving). */
  close(): void {
    this.phase = 'done';
    this.cancelInit();
    if (this.tickTimer !== undefined) this.port.cancelTimer(this.tickTimer);
    this.tickTimer = undefined;
    for (const conn of this.handlers.keys()) this.port.close(conn);
    this.handlers.clear();
  }

  private drop(h: Handler, reason: string): void {
    this.handlers.delete(h.conn);
    this.port.close(h.conn);
    this.port.emit({ event: 'zab-learner-lost', learner: h.sid, reason });
  }

  private handlersOf(sid: ServerId): Handler[] {
    return [...this.handlers.values()].filter((h) => h.sid === sid);
  }

  private initialDeadline(): number {
    return this.tick + this.port.timing.initLimitTicks + this.port.timing.syncLimitTicks;
  }

  /** What the leader was waiting for when initLimit ran out (the messages of Leader.lead's three waits). */
  private initWaitReason(): string {
    if (this.phase === 'sync') return `Waiting for a quorum of followers, only synced with sids: [ ${this.newLeaderAcks?.acked.join(',') ?? ''} ]`;
    if (!this.epochReady) return 'Timeout while waiting for epoch from quorum';
    return 'Timeout while waiting for epoch to be acked by quorum';
  }

  private armInit(): void {
    this.cancelInit();
    this.initTimer = this.port.setTimer(this.port.timing.initLimitTicks * this.port.timing.tickTimeMs * 1000);
  }

  private cancelInit(): void {
    if (this.initTimer !== undefined) this.port.cancelTimer(this.initTimer);
    this.initTimer = undefined;
  }

  private halfTickMicros(): number {
    return Math.floor(this.port.timing.tickTimeMs * 1000 / 2);
  }
}
