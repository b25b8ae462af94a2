/**
 * A member of an ensemble (QuorumPeer) as a step machine. So far it runs QuorumPeer.run's LOOKING state:
 * on start it recovers its database from disk, then runs Fast Leader Election over its election channels
 * (election/channels.ts, QuorumCnxManager) until it decides to lead, follow or observe; it records the
 * decision and holds that state. Its vote carries the persisted currentEpoch (the epoch files, with
 * loadDataBase's checks and repairs) and the last logged zxid. Zab (discovery, sync, broadcast), failure detection and client service
 * in an ensemble come with the zab module; until then a decided peer answers LOOKING peers from its
 * current vote (FLE's receiver), which is how a restarted server joins an established leader.
 *
 * Connections are classified by their first message: election traffic starts with `election-hello`.
 */
import { assert } from '../../base/index.ts';
import type { ConnId, HostId, Zxid } from '../../base/index.ts';
import { ElectionChannels, FastLeaderElection } from '../election/index.ts';
import type { ElectionDecision, ElectionTiming, ElectionWire, PeerState, Vote } from '../election/index.ts';
import { readAllFiles } from '../io.ts';
import type { ZkActor, ZkEnv, ZkInput } from '../io.ts';
import { TMP_EXTENSION, epochFileWrite, loadEpochs, makeQuorumVerifier } from '../zab/index.ts';
import type { EpochFixup } from '../zab/index.ts';
import type { QuorumSpec, QuorumVerifier, ServerId } from '../zab/index.ts';
import type { ServerStorage } from './storage-port.ts';

/** Everything a peer may receive on any of its connections. */
export type EnsembleMessage = ElectionWire;

export type PeerTimerTag = 'election';

/** The ensemble as one server sees it: ids, where each lives, who votes. */
export interface PeerConfig {
  readonly myId: ServerId;
  /** The host each server id runs on (server.N=host:peerPort:electionPort). */
  readonly hosts: ReadonlyMap<ServerId, HostId>;
  readonly quorum: QuorumSpec;
  readonly electionTiming?: ElectionTiming;
}

export class QuorumPeer implements ZkActor<EnsembleMessage, PeerTimerTag, never> {
  private readonly verifier: QuorumVerifier;
  private readonly sidOfHost = new Map<HostId, ServerId>();
  private readonly election: FastLeaderElection;
  private readonly channels: ElectionChannels;
  private electionTimer: ReturnType<ZkEnv<EnsembleMessage, PeerTimerTag>['setTimer']> | undefined;
  private lastLoggedZxid = 0 as Zxid;
  private currentEpoch = 0;
  private acceptedEpoch = 0;
  private decision: ElectionDecision | undefined;
  private halted: string | undefined;

  constructor(
    private readonly env: ZkEnv<EnsembleMessage, PeerTimerTag>,
    private readonly config: PeerConfig,
    private readonly storage: ServerStorage,
  ) {
    this.verifier = makeQuorumVerifier(config.quorum);
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

  step(input: ZkInput<EnsembleMessage, PeerTimerTag, never>): void {
    if (this.halted !== undefined && input.kind !== 'start') return;
    switch (input.kind) {
      case 'start':
        return this.start();
      case 'timer':
        if (input.timer !== this.electionTimer) return;
        this.electionTimer = undefined;
        return this.decided(this.election.onTimer());
      case 'accepted':
        if (this.sidOfHost.has(input.peer)) this.channels.onAccepted(input.conn);
        return;
      case 'connected':
        return this.channels.onConnected(input.conn);
      case 'message':
        return this.onMessage(input.conn, input.msg);
      case 'closed':
        return this.channels.onClosed(input.conn);
      case 'disk':
      case 'call':
        return;
    }
  }

  private start(): void {
    const recovered = this.storage.recover(readAllFiles(this.env.disk));
    if ('problem' in recovered) {
      this.halted = `cannot load the database: ${recovered.problem}`;
      this.env.emit({ event: 'halted', server: this.config.myId, reason: this.halted });
      return;
    }
    for (const cut of recovered.cuts) this.env.disk.truncate(cut.file, cut.validBytes);
    this.lastLoggedZxid = recovered.tree.lastProcessedZxid;
    const epochs = loadEpochs((file) => this.env.disk.read(file), this.lastLoggedZxid);
    if (!epochs.ok) {
      this.halted = `Unable to load database on disk: ${epochs.error}`;
      this.env.emit({ event: 'halted', server: this.config.myId, reason: this.halted });
      return;
    }
    for (const fixup of epochs.fixups) this.applyEpochFixup(fixup);
    this.currentEpoch = epochs.currentEpoch;
    this.acceptedEpoch = epochs.acceptedEpoch;
    this.env.emit({
      event: 'peer-state', server: this.config.myId, state: 'LOOKING', currentEpoch: this.currentEpoch, acceptedEpoch: this.acceptedEpoch,
    });
    this.election.startLooking({ currentEpoch: this.currentEpoch, lastLoggedZxid: this.lastLoggedZxid });
  }

  /** loadDataBase's repairs, issued in order (writeLongToFile: tmp, fsync, rename). */
  private applyEpochFixup(fixup: EpochFixup): void {
    if (fixup.op === 'delete') {
      this.env.disk.delete(fixup.file);
      return;
    }
    const tmpExists = this.env.disk.sizeBytes(fixup.file + TMP_EXTENSION) !== undefined;
    for (const step of epochFileWrite(fixup.file, fixup.value, tmpExists)) {
      switch (step.op) {
        case 'truncate':
          this.env.disk.truncate(step.file, step.lengthBytes);
          break;
        case 'write':
          this.env.disk.write(step.file, step.offsetBytes, step.bytes);
          break;
        case 'fsync':
          this.env.disk.fsync(step.file);
          break;
        case 'rename':
          this.env.disk.rename(step.from, step.to);
          break;
      }
    }
  }

  private onMessage(conn: ConnId, msg: EnsembleMessage): void {
    if (msg.type !== 'election-hello' && msg.type !== 'election-vote') return;
    if (msg.type === 'election-hello' && !this.channels.owns(conn)) this.channels.onAccepted(conn);
    const got = this.channels.onMessage(conn, msg);
    if (got !== undefined) this.decided(this.election.onNotification(got.from, got.notification));
  }

  private decided(decision: ElectionDecision | undefined): void {
    if (decision === undefined) return;
    this.decision = decision;
    this.env.emit({
      event: 'peer-state', server: this.config.myId, state: decision.state, leader: decision.leader,
      round: decision.vote.electionEpoch, peerEpoch: decision.vote.peerEpoch, via: decision.via,
    });
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
