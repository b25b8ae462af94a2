/**
 * A ZooKeeper ensemble on the kernel: voters and observers, each a QuorumPeer on its own host with its own
 * disk, over one simulated network, and client hosts running the client library with the ensemble's
 * connect string behind a Promise ZooKeeper handle.
 */
import type { HostId } from '../base/index.ts';
import type { FinalServer } from '../history/index.ts';
import { Simulation } from '../sim/index.ts';
import type { SimulationOptions, TraceSink } from '../sim/index.ts';
import type { ClientCall, ClientOptions, ZkClient } from '../zk/client/index.ts';
import type { ElectionTiming } from '../zk/election/index.ts';
import { QuorumPeer, zkStorage } from '../zk/server/index.ts';
import type { EnsembleMessage, PeerConfig } from '../zk/server/index.ts';
import type { QuorumSpec, ServerId, ZabBugs, ZabTiming } from '../zk/zab/index.ts';
import { describeEnsembleMessage } from './describe.ts';
import { ClientHosts } from './client-hosts.ts';
import type { ZooKeeper } from './zookeeper.ts';
import { HistoryRecorder } from './recorder.ts';

export type EnsembleSim = Simulation<EnsembleMessage, string, ClientCall>;

export interface EnsembleOptions {
  readonly seed: number;
  /** Voters are servers 1..voters; observers follow them. */
  readonly voters: number;
  readonly observers?: number;
  /** The quorum rule; majority of the voters unless given. */
  readonly quorum?: QuorumSpec;
  readonly network?: SimulationOptions<EnsembleMessage>['network'];
  readonly disk?: SimulationOptions<EnsembleMessage>['disk'];
  readonly electionTiming?: ElectionTiming;
  /** tickTime, initLimit, syncLimit, zxid counter width (ZooKeeper's defaults: 2000 ms, 10, 5, 32). */
  readonly zab?: Partial<ZabTiming>;
  readonly server?: PeerConfig['server'];
  readonly sync?: PeerConfig['sync'];
  /** readonlymode.enabled on every server. */
  readonly readOnlyMode?: boolean;
  readonly trace?: TraceSink;
  /** Servers not started at time 0 (start them with `startServer`). */
  readonly delayedStart?: readonly ServerId[];
  readonly maxHosts?: number;
  /** Deliberately broken behaviours on every server (checker mutation tests only). */
  readonly bugs?: ZabBugs;
  /** Keep a RunHistory (client operations, client and server events, lifecycle, faults). */
  readonly record?: boolean;
}

export class Ensemble {
  readonly sim: EnsembleSim;
  readonly ids: readonly ServerId[];
  private readonly hosts = new Map<ServerId, HostId>();
  private readonly incarnations = new Map<ServerId, QuorumPeer>();
  private readonly clients: ClientHosts;
  readonly recorder: HistoryRecorder | undefined;

  constructor(options: EnsembleOptions) {
    this.sim = new Simulation<EnsembleMessage, string, ClientCall>({
      seed: options.seed, maxHosts: options.maxHosts ?? 64,
      ...(options.network === undefined ? {} : { network: options.network }),
      ...(options.disk === undefined ? {} : { disk: options.disk }),
      trace: { describeMessage: describeEnsembleMessage },
    });
    this.sim.attachTrace(options.trace);
    if (options.record === true) {
      const recorder = new HistoryRecorder(() => this.sim.now, (host) => this.sidOf(host));
      this.recorder = recorder;
      this.sim.attachLifecycle((r) => recorder.onRecord(r));
    }
    const voters = range(1, options.voters);
    const observers = range(options.voters + 1, options.observers ?? 0);
    this.ids = [...voters, ...observers];
    const quorum: QuorumSpec = options.quorum ?? { kind: 'majority', voters, observers };
    for (const sid of this.ids) {
      const host = this.sim.addHost(`zk${sid}`, (env) => {
        const peer = new QuorumPeer(env, {
          myId: sid, hosts: this.hosts, quorum,
          ...(options.electionTiming === undefined ? {} : { electionTiming: options.electionTiming }),
          ...(options.zab === undefined ? {} : { zab: options.zab }),
          ...(options.server === undefined ? {} : { server: options.server }),
          ...(options.sync === undefined ? {} : { sync: options.sync }),
          ...(options.readOnlyMode === undefined ? {} : { readOnlyMode: options.readOnlyMode }),
          ...(options.bugs === undefined ? {} : { bugs: options.bugs }),
        }, zkStorage);
        this.incarnations.set(sid, peer);
        return peer;
      });
      this.hosts.set(sid, host);
    }
    for (const sid of this.ids) if (!(options.delayedStart ?? []).includes(sid)) this.sim.start(this.hostOf(sid));
    this.clients = new ClientHosts({
      addHost: (name, make) => this.sim.addHost(name, (env) => make(env)),
      start: (host) => this.sim.start(host),
      isUp: (host) => this.sim.status(host).up,
      inject: (host, call) => this.sim.inject(host, call),
      deferred: <T>() => this.sim.deferred<T>(),
      serverOf: (host) => this.sidOf(host),
    }, this.recorder);
  }

  /** Every client host. */
  clientHosts(): HostId[] {
    return this.clients.hosts();
  }

  /** Each server as it stands now, for the end of a recorded history. */
  finalStates(): FinalServer[] {
    return this.ids.map((sid) => {
      const peer = this.peer(sid);
      const db = peer?.database;
      if (peer === undefined || db === undefined) {
        return { server: sid, up: peer !== undefined, state: peer?.state ?? 'DOWN', serving: false, lastProcessedZxid: -1, digest: '', sessions: [], ephemerals: [] };
      }
      const owners = db.tree.sessionsWithEphemerals();
      return {
        server: sid, up: true, state: peer.state, serving: peer.serving, lastProcessedZxid: db.lastProcessedZxid,
        digest: db.tree.digest(), sessions: [...db.sessions.keys()].sort((a, b) => a - b),
        ephemerals: owners.flatMap((owner) => db.tree.ephemerals(owner).map((path) => ({ path, owner }))),
      };
    });
  }

  hostOf(sid: ServerId): HostId {
    const host = this.hosts.get(sid);
    if (host === undefined) throw new Error(`no server ${sid} in this ensemble`);
    return host;
  }

  sidOf(host: HostId): ServerId | undefined {
    for (const [sid, h] of this.hosts) if (h === host) return sid;
    return undefined;
  }

  /** The server's current incarnation, or undefined while it is down. */
  peer(sid: ServerId): QuorumPeer | undefined {
    return this.sim.status(this.hostOf(sid)).up ? this.incarnations.get(sid) : undefined;
  }

  startServer(sid: ServerId): void {
    this.sim.start(this.hostOf(sid));
  }

  crash(sid: ServerId): void {
    this.sim.crash(this.hostOf(sid));
  }

  restart(sid: ServerId): void {
    this.sim.restart(this.hostOf(sid));
  }

  /** The servers that are up and LEADING. */
  leaders(): ServerId[] {
    return this.ids.filter((sid) => this.peer(sid)?.state === 'LEADING');
  }

  /** The leader that serves clients (a quorum acked its NEWLEADER), if exactly one does. */
  establishedLeader(): ServerId | undefined {
    const serving = this.ids.filter((sid) => this.peer(sid)?.leaderState?.established === true);
    return serving.length === 1 ? serving[0] : undefined;
  }

  /**
   * A new client host whose connect string lists `servers` (all of them by default), connecting now. The
   * client library shuffles the list with its own seeded stream, as ZooKeeper's StaticHostProvider does.
   */
  connect(name: string, sessionTimeoutMs = 10_000, options: ClientOptions = {}, servers: readonly ServerId[] = this.ids): ZooKeeper {
    return this.clients.connect(name, servers.map((sid) => this.hostOf(sid)), sessionTimeoutMs, options);
  }

  client(host: HostId): ZkClient | undefined {
    return this.clients.client(host);
  }
}

function range(from: number, count: number): ServerId[] {
  return Array.from({ length: count }, (_, i) => from + i);
}
