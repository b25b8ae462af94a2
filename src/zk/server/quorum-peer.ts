/**
 * A member of an ensemble (QuorumPeer.run) as a step machine. On start it loads its database and epoch
 * files (with loadDataBase's checks and repairs); then it loops as QuorumPeer.run does:
 *
 *   LOOKING    Fast Leader Election over its election channels (QuorumCnxManager) until it decides;
 *   LEADING    a zab Leader (discovery, sync, broadcast) and, once a quorum acked NEWLEADER, client service
 *              through the LeaderServer (prep, global sessions, expiry);
 *   FOLLOWING / OBSERVING
 *              a zab Learner and, after UPTODATE, client service through the LearnerServer (forwarding).
 *
 * When a role ends (step-down, a silent leader, a refused epoch) every client connection closes, the
 * database is brought in line with the log, and the peer votes again with its last logged zxid.
 *
 * Connections are classified by their first message: election traffic starts with `election-hello`,
 * learners with FOLLOWERINFO/OBSERVERINFO (refused unless leading: nobody listens on the quorum port),
 * clients with a ConnectRequest (refused while not serving).
 */
import { assert, fail } from '../../base/index.ts';
import type { ConnId, HostId, TimerId } from '../../base/index.ts';
import { ElectionChannels, FastLeaderElection } from '../election/index.ts';
import type { ElectionDecision, ElectionTiming, ElectionWire, PeerState, Vote } from '../election/index.ts';
import type { WireMessage } from '../protocol/index.ts';
import { parseSnapshotFileName, sortedByZxid } from '../storage/index.ts';
import type { ZkActor, ZkEnv, ZkInput } from '../io.ts';
import { DEFAULT_ZAB_TIMING, Leader, Learner, loadEpochs, makeQuorumVerifier } from '../zab/index.ts';
import type {
  LeaderPort, LearnerPort, QuorumPacket, QuorumSpec, QuorumVerifier, ServerId, ZabBugs, ZabCommonPort, ZabEvent, ZabTiming,
} from '../zab/index.ts';
import { serverConfig } from './config.ts';
import type { ServerConfig } from './config.ts';
import { LeaderServer } from './leader-server.ts';
import { LearnerServer } from './learner-server.ts';
import { PeerStorage } from './peer-storage.ts';
import { QuorumClients } from './quorum-clients.ts';
import type { ClientSide } from './quorum-clients.ts';
import { firstSessionId } from '../session/index.ts';
import { ServerState } from './server-state.ts';
import type { ServingEnv } from './server-state.ts';
import type { ServerStorage } from './storage-port.ts';

/** A quorum packet on a learner's connection to the leader (the quorum port). */
export type QuorumWire = { readonly type: 'quorum'; readonly packet: QuorumPacket };

/** Everything a peer may receive on any of its connections. */
export type EnsembleMessage = ElectionWire | QuorumWire | WireMessage;

export type PeerTimerTag = 'election' | 'zab' | 'tick' | 'readonly';

/** The ensemble as one server sees it: ids, where each lives, who votes, and its knobs. */
export interface PeerConfig {
  readonly myId: ServerId;
  /** The host each server id runs on (server.N=host:peerPort:electionPort). */
  readonly hosts: ReadonlyMap<ServerId, HostId>;
  readonly quorum: QuorumSpec;
  readonly electionTiming?: ElectionTiming;
  /** tickTime, initLimit, syncLimit, the zxid counter width. */
  readonly zab?: Partial<ZabTiming>;
  /** Client-facing knobs (tickTime is taken from `zab`). */
  readonly server?: Partial<Omit<ServerConfig, 'serverId' | 'tickTimeMs'>>;
  /** zookeeper.snapshotSizeFactor and zookeeper.forceSnapshotSync. */
  readonly sync?: { readonly snapshotSizeFactor?: number; readonly forceSnapSync?: boolean };
  /** readonlymode.enabled: serve canBeReadOnly clients while LOOKING (after max(2 s, tickTime)). */
  readonly readOnlyMode?: boolean;
  /** Deliberately broken behaviours (checker mutation tests only). */
  readonly bugs?: ZabBugs;
}

type Role =
  | { readonly kind: 'looking' }
  | { readonly kind: 'leading'; readonly leader: Leader; server: LeaderServer | undefined }
  | { readonly kind: 'learning'; readonly learner: Learner; server: LearnerServer | undefined };

export class QuorumPeer implements ZkActor<EnsembleMessage, PeerTimerTag, never> {
  private readonly verifier: QuorumVerifier;
  private readonly timing: ZabTiming;
  private readonly serverConfig: ServerConfig;
  private readonly sidOfHost = new Map<HostId, ServerId>();
  private readonly election: FastLeaderElection;
  private readonly channels: ElectionChannels;
  private electionTimer: TimerId | undefined;
  private storageState: PeerStorage | undefined;
  private currentEpoch = 0;
  private acceptedEpoch = 0;
  private role: Role = { kind: 'looking' };
  private clients: QuorumClients | undefined;
  private tickTimer: TimerId | undefined;
  private readOnlyTimer: TimerId | undefined;
  /** Accepted from another server's host, first message not seen yet. */
  private readonly unclassified = new Set<ConnId>();
  private decision: ElectionDecision | undefined;
  private halted: string | undefined;

  constructor(
    private readonly env: ZkEnv<EnsembleMessage, PeerTimerTag>,
    private readonly config: PeerConfig,
    private readonly storage: ServerStorage,
  ) {
    this.verifier = makeQuorumVerifier(config.quorum);
    this.timing = { ...DEFAULT_ZAB_TIMING, ...config.zab };
    this.serverConfig = serverConfig({ ...config.server, serverId: config.myId, tickTimeMs: this.timing.tickTimeMs });
    for (const [sid, host] of config.hosts) this.sidOfHost.set(host, sid);
    assert(config.hosts.get(config.myId) === env.host, 'a peer runs on its own host');
    this.channels = new ElectionChannels(config.myId, {
      connect: (to) => this.env.connect(this.hostOf(to)),
      send: (conn, msg) => this.env.send(conn, msg),
      close: (conn) => this.env.close(conn),
    });
    this.election = new FastLeaderElection({
      myId: config.myId,
      verifier: this.verifier,
      ...(config.electionTiming === undefined ? {} : { timing: config.electionTiming }),
      port: {
        now: () => this.env.now(),
        send: (to, n) => this.channels.send(to, n),
        setTimer: (delayMicros) => this.armElectionTimer(delayMicros),
        cancelTimer: () => this.cancelElectionTimer(),
        emit: (event) => this.env.emit({ ...event, server: config.myId }),
      },
    });
  }

  /** QuorumPeer.getPeerState. */
  get state(): PeerState {
    return this.election.peerState;
  }

  /** The vote this peer holds (its election's outcome once decided). */
  get vote(): Vote | undefined {
    return this.election.getCurrentVote();
  }

  get lastDecision(): ElectionDecision | undefined {
    return this.decision;
  }

  get haltReason(): string | undefined {
    return this.halted;
  }

  /** For tests and checkers: the database (undefined before it loaded or after a halt). */
  get database(): PeerStorage['db'] | undefined {
    return this.storageState?.db;
  }

  /** The epochs as persisted: [acceptedEpoch, currentEpoch]. */
  get epochs(): { readonly acceptedEpoch: number; readonly currentEpoch: number } {
    return { acceptedEpoch: this.acceptedEpoch, currentEpoch: this.currentEpoch };
  }

  /** Whether clients are being served (a leader with a quorum, a learner after UPTODATE). */
  get serving(): boolean {
    return this.clients !== undefined;
  }

  /** The established leader's last committed zxid (leader only). */
  get leaderState(): { readonly epoch: number; readonly lastCommitted: number; readonly established: boolean } | undefined {
    if (this.role.kind !== 'leading') return undefined;
    const l = this.role.leader;
    return { epoch: l.currentEpochValue, lastCommitted: l.lastCommittedZxid, established: l.established };
  }

  step(input: ZkInput<EnsembleMessage, PeerTimerTag, never>): void {
    if (this.halted !== undefined && input.kind !== 'start') return;
    switch (input.kind) {
      case 'start':
        return this.start();
      case 'timer':
        return this.onTimer(input.timer, input.tag);
      case 'accepted':
        return this.onAccepted(input.conn, input.peer);
      case 'connected':
        this.channels.onConnected(input.conn);
        if (this.role.kind === 'learning') this.role.learner.onConnected(input.conn);
        return;
      case 'message':
        return this.onMessage(input.conn, input.msg);
      case 'closed':
        return this.onClosed(input.conn);
      case 'disk': {
        const problem = this.storageState?.onDisk(input.op, input.outcome, input.file);
        if (problem !== undefined) this.halt(`${input.opKind} failed: ${problem}`);
        return;
      }
      case 'call':
        return;
    }
  }

  // ---- lifecycle ----

  private start(): void {
    const opened = PeerStorage.open({ disk: this.env.disk, rng: this.env.rng, emit: (e) => this.emit(e) }, this.storage, this.serverConfig.snapCount);
    if ('problem' in opened) return this.halt(`cannot load the database: ${opened.problem}`);
    this.storageState = opened;
    const epochs = loadEpochs((file) => this.env.disk.read(file), opened.lastLoggedZxid);
    if (!epochs.ok) return this.halt(`Unable to load database on disk: ${epochs.error}`);
    for (const fixup of epochs.fixups) opened.applyEpochFixup(fixup);
    this.currentEpoch = epochs.currentEpoch;
    this.acceptedEpoch = epochs.acceptedEpoch;
    this.lookForLeader('started');
  }

  private lookForLeader(reason: string): void {
    const storage = this.storageState;
    assert(storage !== undefined, 'a peer looks for a leader once its database is loaded');
    this.emit({
      event: 'peer-state', state: 'LOOKING', reason, currentEpoch: this.currentEpoch, acceptedEpoch: this.acceptedEpoch,
      lastLoggedZxid: storage.lastLoggedZxid,
    });
    this.election.startLooking({ currentEpoch: this.currentEpoch, lastLoggedZxid: storage.lastLoggedZxid });
    if (this.config.readOnlyMode === true) {
      this.readOnlyTimer = this.env.setTimer(Math.max(2000, this.timing.tickTimeMs) * 1000, 'readonly');
    }
  }

  /** QuorumPeer's roZkMgr: still LOOKING after the grace period, serve read-only. */
  private startReadOnly(): void {
    const storage = this.storageState;
    if (storage === undefined || this.role.kind !== 'looking' || this.clients !== undefined) return;
    const db = storage.db;
    const s = new ServerState(this.servingEnv(), this.serverConfig, db.tree, db.lastProcessedZxid);
    let nextId = firstSessionId(this.config.myId, Math.floor(this.env.wallMicros() / 1000));
    const side: ClientSide = {
      nextSessionId: () => nextId++,
      write: () => fail('a read-only server forwards no writes'),
      revalidate: () => false,
      sync: () => fail('a read-only server forwards no syncs'),
      touched: () => {},
    };
    this.clients = new QuorumClients(s, db, side, true);
    this.emit({ event: 'read-only-serving', zxid: db.lastProcessedZxid });
  }

  private halt(reason: string): void {
    this.halted = reason;
    this.endRole();
    this.channels.closeAll();
    this.cancelElectionTimer();
    this.storageState = undefined;
    this.emit({ event: 'halted', reason });
  }

  // ---- roles ----

  private decided(decision: ElectionDecision | undefined): void {
    if (decision === undefined) return;
    this.endRole(); // the read-only server, if one runs, stops
    const storage = this.storageState;
    assert(storage !== undefined, 'a peer decides once its database is loaded');
    this.decision = decision;
    this.emit({
      event: 'peer-state', state: decision.state, leader: decision.leader, round: decision.vote.electionEpoch,
      peerEpoch: decision.vote.peerEpoch, via: decision.via,
    });
    if (decision.state === 'LEADING') {
      const leader = new Leader(this.leaderPort(), {
        acceptedEpoch: this.acceptedEpoch, currentEpoch: this.currentEpoch, lastZxid: storage.lastLoggedZxid,
      });
      this.role = { kind: 'leading', leader, server: undefined };
      storage.onDurable = (txns) => leader.logged(txns);
      leader.begin();
      return;
    }
    const learner = new Learner(this.learnerPort(), {
      leader: decision.leader, observer: decision.state === 'OBSERVING', acceptedEpoch: this.acceptedEpoch, currentEpoch: this.currentEpoch,
    });
    this.role = { kind: 'learning', learner, server: undefined };
    storage.onDurable = (txns) => learner.logged(txns);
    learner.begin();
  }

  /** The role ended (it closed itself and told us why): stop serving, catch up with the log, vote again. */
  /**
   * The role is over. As in QuorumPeer.run, the role's shutdown flushes its SyncRequestProcessor (the
   * peer keeps answering votes with its old state meanwhile); only then is the database reloaded from
   * the log and the vote for the next election taken from it, so the vote never claims a txn that a
   * crash could still take away.
   */
  private leave(reason: string): void {
    this.endRole();
    const storage = this.storageState;
    if (storage === undefined) return this.finishLeave(reason);
    const incarnation = this.role;
    storage.flushLog(() => {
      if (this.halted !== undefined || this.role !== incarnation) return;
      this.finishLeave(reason);
    });
  }

  private finishLeave(reason: string): void {
    const problem = this.storageState?.reload();
    if (problem !== undefined) return this.halt(`cannot reload the database: ${problem.problem}`);
    this.lookForLeader(reason);
  }

  private endRole(): void {
    if (this.role.kind === 'leading') this.role.leader.close();
    if (this.role.kind === 'learning') this.role.learner.close();
    this.role = { kind: 'looking' };
    this.clients?.shutdown();
    this.clients = undefined;
    if (this.tickTimer !== undefined) this.env.cancelTimer(this.tickTimer);
    this.tickTimer = undefined;
    if (this.readOnlyTimer !== undefined) this.env.cancelTimer(this.readOnlyTimer);
    this.readOnlyTimer = undefined;
    if (this.storageState !== undefined) this.storageState.onDurable = () => {};
  }

  private commonPort(): ZabCommonPort {
    const storage = this.storageState;
    assert(storage !== undefined, 'roles run over a loaded database');
    return {
      myId: this.config.myId,
      verifier: this.verifier,
      timing: this.timing,
      bugs: this.config.bugs ?? {},
      now: () => this.env.now(),
      setTimer: (delayMicros) => this.env.setTimer(delayMicros, 'zab'),
      cancelTimer: (timer) => this.env.cancelTimer(timer),
      send: (conn, packet) => this.env.send(conn, { type: 'quorum', packet }),
      close: (conn) => this.env.close(conn),
      emit: (event: ZabEvent) => this.emit(event),
      persistEpoch: (which, value, then) => storage.persistEpoch(which, value, () => {
        if (which === 'acceptedEpoch') this.acceptedEpoch = value;
        else this.currentEpoch = value;
        then();
      }),
      log: (txn) => storage.logger.append(txn),
      commit: (txn) => {
        if (this.clients !== undefined) this.clients.commit(txn);
        else storage.db.apply(txn, []);
        this.emit({ event: 'zab-apply', zxid: txn.zxid, session: txn.sessionId, cxid: txn.cxid ?? -1, op: txn.op.type });
        if (txn.op.type === 'createSession') this.emit({ event: 'sessionCreated', session: txn.sessionId, timeoutMs: txn.op.timeoutMs });
      },
      leave: (reason) => this.leave(reason),
      halt: (reason) => this.halt(reason),
    };
  }

  private leaderPort(): LeaderPort {
    const storage = this.storageState as PeerStorage;
    const sync = this.config.sync ?? {};
    const server = (): LeaderServer | undefined => (this.role.kind === 'leading' ? this.role.server : undefined);
    return {
      ...this.commonPort(),
      syncState: () => storage.db.syncState(() => storage.files(), () => this.newestSnapshotBytes(), {
        snapshotSizeFactor: sync.snapshotSizeFactor ?? 0.33, forceSnapSync: sync.forceSnapSync ?? false,
      }),
      image: () => storage.db.image(),
      serve: (epoch) => this.serveAsLeader(epoch),
      onRequest: (fromSid, packet) => server()?.onRequest(fromSid, packet),
      onTouches: (_fromSid, touches) => server()?.onTouches(touches),
      revalidate: (fromSid, sessionId, timeoutMs) => server()?.revalidate(sessionId, timeoutMs, fromSid) ?? false,
    };
  }

  private learnerPort(): LearnerPort {
    const storage = this.storageState as PeerStorage;
    const server = (): LearnerServer | undefined => (this.role.kind === 'learning' ? this.role.server : undefined);
    return {
      ...this.commonPort(),
      connect: (sid) => this.env.connect(this.hostOf(sid)),
      lastLoggedZxid: () => storage.lastLoggedZxid,
      truncate: (zxid) => storage.truncate(zxid),
      installImage: (image, zxid) => {
        storage.db.install(image, zxid);
        this.emit({ event: 'snapshot-loaded', zxid, nodes: image.nodes.length, sessions: image.sessions.length });
      },
      snapshotForSync: (mode) => storage.snapshotForSync(mode),
      applyDuringSync: (txn) => {
        storage.db.apply(txn, []);
        this.emit({ event: 'zab-apply', zxid: txn.zxid, session: txn.sessionId, cxid: txn.cxid ?? -1, op: txn.op.type });
      },
      serve: (epoch) => this.serveAsLearner(epoch),
      takeTouches: () => server()?.takeTouches() ?? [],
      revalidated: (sessionId, valid) => this.clients?.revalidated(sessionId, valid),
      synced: () => this.clients?.synced(),
    };
  }

  private serveAsLeader(epoch: number): void {
    assert(this.role.kind === 'leading' && this.storageState !== undefined, 'only a leader serves as one');
    const db = this.storageState.db;
    const s = new ServerState(this.servingEnv(), this.serverConfig, db.tree, db.lastProcessedZxid);
    const server = new LeaderServer(s, this.role.leader, this.config.myId, db.sessions);
    this.role.server = server;
    this.clients = new QuorumClients(s, db, server);
    this.election.updateElectionVote(epoch);
    this.armTick();
  }

  private serveAsLearner(epoch: number): void {
    assert(this.role.kind === 'learning' && this.storageState !== undefined, 'only a learner serves as one');
    const db = this.storageState.db;
    const s = new ServerState(this.servingEnv(), this.serverConfig, db.tree, db.lastProcessedZxid);
    const server = new LearnerServer(this.role.learner, this.config.myId, Math.floor(this.env.wallMicros() / 1000));
    this.role.server = server;
    this.clients = new QuorumClients(s, db, server);
    this.election.updateElectionVote(epoch);
  }

  /** The environment client service sees: its events carry this server's id. */
  private servingEnv(): ServingEnv {
    return {
      send: (conn, msg) => this.env.send(conn, msg),
      close: (conn) => this.env.close(conn),
      now: () => this.env.now(),
      wallMicros: () => this.env.wallMicros(),
      emit: (data) => this.emit(data as { readonly event: string } & Record<string, unknown>),
    };
  }

  // ---- inputs ----

  private onTimer(timer: TimerId, tag: PeerTimerTag): void {
    switch (tag) {
      case 'election':
        if (timer !== this.electionTimer) return;
        this.electionTimer = undefined;
        return this.decided(this.election.onTimer());
      case 'zab':
        if (this.role.kind === 'leading') this.role.leader.onTimer(timer);
        else if (this.role.kind === 'learning') this.role.learner.onTimer(timer);
        return;
      case 'readonly':
        if (timer !== this.readOnlyTimer) return;
        this.readOnlyTimer = undefined;
        return this.startReadOnly();
      case 'tick':
        if (timer !== this.tickTimer) return;
        this.tickTimer = undefined;
        if (this.role.kind === 'leading') this.role.server?.expireDue();
        if (this.role.kind === 'leading' && this.clients !== undefined) this.armTick();
        return;
    }
  }

  private onAccepted(conn: ConnId, peer: HostId): void {
    if (this.sidOfHost.has(peer)) {
      this.unclassified.add(conn);
      return;
    }
    if (this.clients === undefined) return this.env.close(conn);
    this.clients.accept(conn, peer);
  }

  private onMessage(conn: ConnId, msg: EnsembleMessage): void {
    switch (msg.type) {
      case 'election-hello':
      case 'election-vote': {
        if (this.unclassified.delete(conn)) this.channels.onAccepted(conn);
        const got = this.channels.onMessage(conn, msg);
        if (got !== undefined) this.decided(this.election.onNotification(got.from, got.notification));
        return;
      }
      case 'quorum':
        return this.onQuorumPacket(conn, msg.packet);
      case 'connect':
      case 'request':
      case 'connected':
      case 'reply':
      case 'notification':
        if (this.unclassified.delete(conn)) return this.env.close(conn);
        this.clients?.onMessage(conn, msg);
        return;
    }
  }

  private onQuorumPacket(conn: ConnId, p: QuorumPacket): void {
    const role = this.role;
    if (role.kind === 'learning' && role.learner.owns(conn)) return role.learner.onPacket(conn, p);
    if (role.kind === 'leading' && role.leader.owns(conn)) return role.leader.onPacket(conn, p);
    const fresh = this.unclassified.delete(conn);
    if (fresh && role.kind === 'leading' && (p.type === 'FOLLOWERINFO' || p.type === 'OBSERVERINFO')) return role.leader.onLearnerInfo(conn, p);
    this.env.close(conn);
  }

  private onClosed(conn: ConnId): void {
    this.unclassified.delete(conn);
    this.channels.onClosed(conn);
    if (this.role.kind === 'leading') this.role.leader.onClosed(conn);
    if (this.role.kind === 'learning') this.role.learner.onClosed(conn);
    this.clients?.onClosed(conn);
  }

  // ---- helpers ----

  private armTick(): void {
    const tick = this.timing.tickTimeMs * 1000;
    const now = this.env.now();
    this.tickTimer = this.env.setTimer((Math.floor(now / tick) + 1) * tick - now, 'tick');
  }

  private newestSnapshotBytes(): number {
    const newest = sortedByZxid(this.env.disk.list(), parseSnapshotFileName, 'newest')[0];
    return newest === undefined ? 0 : this.env.disk.sizeBytes(newest.name) ?? 0;
  }

  private emit(event: { readonly event: string } & Record<string, unknown>): void {
    this.env.emit({ ...event, server: this.config.myId });
  }

  private armElectionTimer(delayMicros: number): void {
    this.cancelElectionTimer();
    this.electionTimer = this.env.setTimer(delayMicros, 'election');
  }

  private cancelElectionTimer(): void {
    if (this.electionTimer !== undefined) this.env.cancelTimer(this.electionTimer);
    this.electionTimer = undefined;
  }

  private hostOf(sid: ServerId): HostId {
    const host = this.config.hosts.get(sid);
    assert(host !== undefined, `server ${sid} is in the ensemble`);
    return host;
  }
}
