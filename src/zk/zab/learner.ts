/**
 * The FOLLOWING and OBSERVING roles: ZooKeeper 3.8's Learner (connectToLeader, registerWithLeader,
 * syncWithLeader) with Follower.followLeader / Observer.observeLeader, as a step machine.
 *
 *  1. connect to the leader's quorum port: up to 5 attempts, 100 ms apart (leaderConnectDelayDuringRetryMs),
 *     within initLimit ticks of the first, then give up (LOOKING again);
 *  2. FOLLOWERINFO / OBSERVERINFO with acceptedEpoch; on LEADERINFO a newer epoch is persisted as
 *     acceptedEpoch *before* ACKEPOCH goes out, the same epoch is answered with currentEpoch -1, an older
 *     one ends the role;
 *  3. sync: DIFF (nothing yet), TRUNC (the log is cut back and the database reloaded at once), SNAP (the
 *     state replaced in memory); PROPOSAL/COMMIT pairs before NEWLEADER are applied in memory; at
 *     NEWLEADER the learner persists what it received (a snapshot after SNAP or TRUNC, then every txn not
 *     in it logged and fsynced), then writes currentEpoch, and only then ACKs NEWLEADER: the order whose
 *     violations were ZOOKEEPER-3911, 4643, 4646 and 4685; UPTODATE starts serving and is ACKed;
 *  4. broadcast: a follower logs each PROPOSAL and ACKs it after the fsync that covers it, applies
 *     COMMITs in order (a COMMIT for anything but the oldest pending proposal stops the server, as
 *     FollowerZooKeeperServer.commit exits); an observer logs and applies each INFORM; both answer PING
 *     with their clients' session touches and forward requests.
 *
 * A silent leader ends the role: no packet for initLimit ticks while connecting and syncing, for
 * syncLimit ticks after NEWLEADER (the socket read timeout ZooKeeper sets).
 */
import { assert, epochOf, formatZxid, zxid as makeZxid } from '../../base/index.ts';
import type { ConnId, TimerId, Zxid } from '../../base/index.ts';
import type { Txn } from '../protocol/index.ts';
import { learnerInfoPacket, onLeaderInfo } from './epochs.ts';
import type { PacketOf, QuorumPacket } from './packets.ts';
import type { LearnerPort } from './port.ts';
import type { ServerId } from './quorum.ts';
import type { SyncMode } from './sync-plan.ts';

const CONNECT_ATTEMPTS = 5;
/** Learner.leaderConnectDelayDuringRetryMs (zookeeper.leaderConnectDelayDuringRetryMs, 100 ms). */
const CONNECT_RETRY_MICROS = 100_000;

type Phase = 'connecting' | 'registering' | 'syncing' | 'persisting' | 'synced' | 'running' | 'done';

export interface LearnerStart {
  readonly leader: ServerId;
  readonly observer: boolean;
  readonly acceptedEpoch: number;
  readonly currentEpoch: number;
}

export class Learner {
  private phase: Phase = 'connecting';
  private conn: ConnId | undefined;
  private attempts = 0;
  private firstConnectMicros = 0;
  private timer: TimerId | undefined;
  private lastHeardMicros = 0;
  private newEpoch = -1;
  private mode: SyncMode | undefined;
  /** Proposals received and not yet committed (packetsNotCommitted, then pendingTxns). */
  private readonly pendingTxns: Txn[] = [];
  /** Txns committed during sync and applied in memory only: logged at NEWLEADER after a DIFF. */
  private readonly committedInSync: Txn[] = [];
  /** At NEWLEADER: the last txn that must be durable before currentEpoch is written. */
  private persistUpTo: Zxid | undefined;
  /** Acks for proposals made durable before our NEWLEADER ACK went out. */
  private heldAcks: Zxid[] = [];
  /** Txns committed during sync: logged at NEWLEADER after a DIFF, never ACKed. */
  private readonly noAck = new Set<Zxid>();

  constructor(private readonly port: LearnerPort, private readonly start: LearnerStart) {
    this.newEpoch = start.acceptedEpoch;
  }

  private get role(): 'follower' | 'observer' {
    return this.start.observer ? 'observer' : 'follower';
  }

  get serving(): boolean {
    return this.phase === 'running';
  }

  get leader(): ServerId {
    return this.start.leader;
  }

  begin(): void {
    this.connect();
  }

  owns(conn: ConnId): boolean {
    return conn === this.conn;
  }

  onConnected(conn: ConnId): void {
    if (conn !== this.conn || this.phase !== 'connecting') return;
    this.phase = 'registering';
    this.heard();
    this.port.send(conn, learnerInfoPacket(this.start.observer ? 'OBSERVERINFO' : 'FOLLOWERINFO', this.port.myId, this.start.acceptedEpoch));
  }

  onClosed(conn: ConnId): void {
    if (conn !== this.conn) return;
    this.conn = undefined;
    // Refused before LEADERINFO: the leader is not listening on its quorum port yet (it has not decided,
    // or is still loading): LeaderConnector.connectToLeader tries again 100 ms later, while tries and the
    // connect timeout (initLimit ticks from the first try) last.
    if ((this.phase === 'connecting' || this.phase === 'registering') && this.mayRetryConnect()) {
      this.phase = 'connecting';
      this.setTimer(CONNECT_RETRY_MICROS);
      return;
    }
    this.stepDown(this.phase === 'connecting' ? 'Failed connect to the leader' : 'the leader closed the connection');
  }

  onTimer(timer: TimerId): boolean {
    if (timer !== this.timer) return false;
    this.timer = undefined;
    if (this.phase === 'connecting') {
      this.connect();
      return true;
    }
    const limitMicros = this.readTimeoutMicros();
    const silentMicros = this.port.now() - this.lastHeardMicros;
    if (silentMicros >= limitMicros) {
      this.stepDown(`Read timed out: nothing from leader ${this.start.leader} for ${Math.floor(silentMicros / 1000)} ms`);
      return true;
    }
    this.setTimer(limitMicros - silentMicros);
    return true;
  }

  onPacket(conn: ConnId, p: QuorumPacket): void {
    if (conn !== this.conn || this.phase === 'done') return;
    this.heard();
    switch (this.phase) {
      case 'registering':
        return p.type === 'LEADERINFO' ? this.onLeaderInfo(p) : this.unexpected(p);
      case 'syncing':
        return this.onSyncPacket(p);
      case 'persisting':
      case 'synced':
      case 'running':
        return this.onBroadcastPacket(p);
      case 'connecting':
        return;
    }
  }

  /** A client request to forward (Learner.request). */
  forward(packet: PacketOf<'REQUEST'> | { readonly type: 'REVALIDATE'; readonly sessionId: number; readonly timeoutMs: number }): void {
    if (this.conn !== undefined && this.phase === 'running') this.port.send(this.conn, packet);
  }

  /** Our log made these durable: ACK each (SendAckRequestProcessor); held until NEWLEADER is acked. */
  logged(txns: readonly Txn[]): void {
    if (this.phase === 'done') return;
    for (const txn of txns) {
      if (this.start.observer || this.noAck.delete(txn.zxid)) continue;
      if (this.phase === 'persisting') this.heldAcks.push(txn.zxid);
      else this.sendAck(txn.zxid);
    }
    if (this.phase === 'persisting' && this.persistUpTo !== undefined && txns.some((t) => t.zxid === this.persistUpTo)) this.writeCurrentEpoch();
  }

  stepDown(reason: string): void {
    if (this.phase === 'done') return;
    this.close();
    this.port.emit({ event: 'zab-step-down', role: this.role, reason });
    this.port.leave(reason);
  }

  close(): void {
    this.phase = 'done';
    if (this.timer !== undefined) this.port.cancelTimer(this.timer);
    this.timer = undefined;
    if (this.conn !== undefined) this.port.close(this.conn);
    this.conn = undefined;
  }

  // ---- registration ----

  private mayRetryConnect(): boolean {
    const t = this.port.timing;
    const remainingMicros = t.initLimitTicks * t.tickTimeMs * 1000 - (this.port.now() - this.firstConnectMicros);
    return this.attempts < CONNECT_ATTEMPTS && remainingMicros > CONNECT_RETRY_MICROS;
  }

  private connect(): void {
    if (this.attempts === 0) this.firstConnectMicros = this.port.now();
    this.attempts += 1;
    this.conn = this.port.connect(this.start.leader);
  }

  private onLeaderInfo(p: PacketOf<'LEADERINFO'>): void {
    const outcome = onLeaderInfo(p, {
      acceptedEpoch: this.start.acceptedEpoch, currentEpoch: this.start.currentEpoch, lastLoggedZxid: this.port.lastLoggedZxid(),
    });
    if (outcome.kind === 'refuse') return this.stepDown(outcome.message);
    this.newEpoch = outcome.newEpoch;
    this.phase = 'syncing';
    const send = (): void => {
      if (this.phase === 'done' || this.conn === undefined) return;
      this.port.send(this.conn, outcome.ackEpoch);
    };
    if (outcome.kind === 'already-accepted') return send();
    this.port.persistEpoch('acceptedEpoch', outcome.newEpoch, () => {
      this.port.emit({ event: 'zab-epoch-accepted', epoch: outcome.newEpoch, leader: this.start.leader });
      send();
    });
  }

  // ---- sync ----

  private onSyncPacket(p: QuorumPacket): void {
    switch (p.type) {
      case 'DIFF':
      case 'TRUNC':
      case 'SNAP':
        return this.onSyncMode(p);
      case 'PROPOSAL':
        if (this.mode === undefined) return this.unexpected(p);
        this.pendingTxns.push(p.txn);
        return;
      case 'COMMIT':
        return this.commitInSync(p.zxid);
      case 'NEWLEADER':
        return this.onNewLeader(p.zxid);
      case 'PING':
        return;
      case 'ACK':
      case 'ACKEPOCH':
      case 'FOLLOWERINFO':
      case 'OBSERVERINFO':
      case 'LEADERINFO':
      case 'INFORM':
      case 'REQUEST':
      case 'REVALIDATE':
      case 'SYNC':
      case 'UPTODATE':
        return this.unexpected(p);
    }
  }

  private onSyncMode(p: PacketOf<'DIFF' | 'TRUNC' | 'SNAP'>): void {
    if (this.mode !== undefined) return this.unexpected(p);
    this.mode = p.type;
    this.port.emit({ event: 'zab-sync-received', leader: this.start.leader, mode: p.type, zxid: p.zxid });
    if (p.type === 'TRUNC') {
      const done = this.port.truncate(p.zxid);
      if ('problem' in done) return this.halt(`Not able to truncate the log ${formatZxid(p.zxid)}: ${done.problem}`);
    }
    if (p.type === 'SNAP') this.port.installImage(p.snapshot, p.zxid);
  }

  private commitInSync(zxid: Zxid): void {
    const head = this.pendingTxns[0];
    if (head === undefined || head.zxid !== zxid) {
      this.port.emit({ event: 'zab-warning', message: `Committing ${formatZxid(zxid)}, but next proposal is ${head === undefined ? 'none' : formatZxid(head.zxid)}` });
      return;
    }
    this.pendingTxns.shift();
    this.port.applyDuringSync(head);
    this.committedInSync.push(head);
  }

  /**
   * NEWLEADER: make durable what we hold (a snapshot after SNAP/TRUNC; the txns not in it, logged), then
   * currentEpoch, then the ACK.
   */
  private onNewLeader(zxid: Zxid): void {
    if (this.mode === undefined) return this.unexpected({ type: 'NEWLEADER', zxid });
    assert(epochOf(zxid) === this.newEpoch, `NEWLEADER ${formatZxid(zxid)} is of the accepted epoch ${this.newEpoch}`);
    this.phase = 'persisting';
    if (this.mode !== 'DIFF') this.port.snapshotForSync(this.mode);
    const toLog = this.mode === 'DIFF' ? [...this.committedInSync, ...this.pendingTxns] : [...this.pendingTxns];
    if (this.mode === 'DIFF') for (const txn of this.committedInSync) this.noAck.add(txn.zxid);
    this.committedInSync.length = 0;
    if (toLog.length === 0) return this.writeCurrentEpoch();
    this.persistUpTo = (toLog[toLog.length - 1] as Txn).zxid;
    for (const txn of toLog) this.port.log(txn);
  }

  private writeCurrentEpoch(): void {
    this.persistUpTo = undefined;
    this.port.persistEpoch('currentEpoch', this.newEpoch, () => {
      if (this.phase === 'done' || this.conn === undefined) return;
      this.port.emit({ event: 'zab-epoch-current', epoch: this.newEpoch });
      this.phase = 'synced';
      this.rearm(); // the read timeout is syncLimit ticks from now on
      this.sendAck(makeZxid(this.newEpoch, 0));
      for (const held of this.heldAcks) this.sendAck(held);
      this.heldAcks = [];
    });
  }

  // ---- broadcast ----

  private onBroadcastPacket(p: QuorumPacket): void {
    switch (p.type) {
      case 'PROPOSAL':
        if (this.start.observer) return this.unexpected(p);
        this.pendingTxns.push(p.txn);
        this.port.log(p.txn);
        if (this.port.bugs.ackBeforeFsync === true) {
          this.noAck.add(p.txn.zxid);
          this.sendAck(p.txn.zxid);
        }
        return;
      case 'COMMIT':
        return this.commit(p.zxid);
      case 'INFORM':
        this.port.log(p.txn);
        this.port.commit(p.txn);
        return;
      case 'UPTODATE':
        return this.onUpToDate();
      case 'PING':
        if (this.conn !== undefined) this.port.send(this.conn, { type: 'PING', zxid: p.zxid, touches: this.port.takeTouches() });
        return;
      case 'SYNC':
        return this.port.synced();
      case 'REVALIDATE':
        if ('valid' in p) this.port.revalidated(p.sessionId, p.valid);
        return;
      case 'ACK':
      case 'ACKEPOCH':
      case 'DIFF':
      case 'TRUNC':
      case 'SNAP':
      case 'NEWLEADER':
      case 'FOLLOWERINFO':
      case 'OBSERVERINFO':
      case 'LEADERINFO':
      case 'REQUEST':
        return this.unexpected(p);
    }
  }

  private onUpToDate(): void {
    if (this.phase !== 'synced') return this.unexpected({ type: 'UPTODATE' });
    this.phase = 'running';
    this.sendAck(makeZxid(this.newEpoch, 0));
    this.port.emit({ event: 'zab-serving', epoch: this.newEpoch, role: this.role, leader: this.start.leader });
    this.port.serve(this.newEpoch);
  }

  /** FollowerZooKeeperServer.commit: only the oldest pending proposal may commit. */
  private commit(zxid: Zxid): void {
    const head = this.pendingTxns[0];
    if (head === undefined) {
      this.port.emit({ event: 'zab-warning', message: `Committing ${formatZxid(zxid)} without seeing txn` });
      return;
    }
    if (head.zxid !== zxid) return this.halt(`Committing zxid ${formatZxid(zxid)} but next pending txn ${formatZxid(head.zxid)}`);
    this.pendingTxns.shift();
    this.port.commit(head);
  }

  private sendAck(zxid: Zxid): void {
    if (this.conn !== undefined) this.port.send(this.conn, { type: 'ACK', zxid });
  }

  // ---- timers and errors ----

  private heard(): void {
    this.lastHeardMicros = this.port.now();
    if (this.timer === undefined) this.setTimer(this.readTimeoutMicros());
  }

  /** The read timeout changed: measure it again from the last packet. */
  private rearm(): void {
    const left = this.readTimeoutMicros() - (this.port.now() - this.lastHeardMicros);
    this.setTimer(Math.max(0, left));
  }

  private readTimeoutMicros(): number {
    const t = this.port.timing;
    const ticks = this.phase === 'synced' || this.phase === 'running' || this.phase === 'persisting' ? t.syncLimitTicks : t.initLimitTicks;
    return ticks * t.tickTimeMs * 1000;
  }

  private setTimer(delayMicros: number): void {
    if (this.timer !== undefined) this.port.cancelTimer(this.timer);
    this.timer = this.port.setTimer(delayMicros);
  }

  private unexpected(p: QuorumPacket): void {
    this.stepDown(`unexpected ${p.type} while ${this.phase}`);
  }

  private halt(reason: string): void {
    this.close();
    this.port.emit({ event: 'zab-step-down', role: this.role, reason });
    this.port.halt(reason);
  }
}
