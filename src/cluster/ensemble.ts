/**
 * A ZooKeeper ensemble on the kernel: voters and observers, each a QuorumPeer on its own host with its own
 * disk, over one simulated network. So far the peers run leader election (QuorumPeer's LOOKING state);
 * Zab and clients join with the zab module.
 */
import type { HostId } from '../base/index.ts';
import { Simulation } from '../sim/index.ts';
import type { SimulationOptions, TraceSink } from '../sim/index.ts';
import type { ElectionTiming } from '../zk/election/index.ts';
import { QuorumPeer, zkStorage } from '../zk/server/index.ts';
import type { EnsembleMessage } from '../zk/server/index.ts';
import type { QuorumSpec, ServerId } from '../zk/zab/index.ts';

export type EnsembleSim = Simulation<EnsembleMessage, string, never>;

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
  readonly trace?: TraceSink;
  /** Servers not started at time 0 (start them with `startServer`). */
  readonly delayedStart?: readonly ServerId[];
}

export class Ensemble {
  readonly sim: EnsembleSim;
  readonly ids: readonly ServerId[];
  private readonly hosts = new Map<ServerId, HostId>();
  private readonly incarnations = new Map<ServerId, QuorumPeer>();

  constructor(options: EnsembleOptions) {
    this.sim = new Simulation<EnsembleMessage, string, never>({
      seed: options.seed, maxHosts: 64,
      ...(options.network === undefined ? {} : { network: options.network }),
      ...(options.disk === undefined ? {} : { disk: options.disk }),
      trace: { describeMessage: describeEnsembleMessage },
    });
    this.sim.attachTrace(options.trace);
    const voters = range(1, options.voters);
    const observers = range(options.voters + 1, options.observers ?? 0);
    this.ids = [...voters, ...observers];
    const quorum: QuorumSpec = options.quorum ?? { kind: 'majority', voters, observers };
    for (const sid of this.ids) {
      const host = this.sim.addHost(`zk${sid}`, (env) => {
        const peer = new QuorumPeer(env, {
          myId: sid, hosts: this.hosts, quorum,
          ...(options.electionTiming === undefined ? {} : { electionTiming: options.electionTiming }),
        }, zkStorage);
        this.incarnations.set(sid, peer);
        return peer;
      });
      this.hosts.set(sid, host);
    }
    for (const sid of this.ids) if (!(options.delayedStart ?? []).includes(sid)) this.sim.start(this.hostOf(sid));
  }

  hostOf(sid: ServerId): HostId {
    const host = this.hosts.get(sid);
    if (host === undefined) throw new Error(`no server ${sid} in this ensemble`);
    return host;
  }

  /** The server's current incarnation, or undefined while it is down. */
  peer(sid: ServerId): QuorumPeer | undefined {
    return this.sim.status(this.hostOf(sid)).up ? this.incarnations.get(sid) : undefined;
  }

  startServer(sid: ServerId): void {
    this.sim.start(this.hostOf(sid));
  }

  /** The servers that are up and LEADING. */
  leaders(): ServerId[] {
    return this.ids.filter((sid) => this.peer(sid)?.state === 'LEADING');
  }
}

function range(from: number, count: number): ServerId[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

function describeEnsembleMessage(msg: EnsembleMessage): string {
  if (msg.type === 'election-hello') return `election-hello sid=${msg.sid}`;
  const n = msg.notification;
  return `election-vote ${n.state} leader=${n.leader} zxid=0x${n.zxid.toString(16)} round=${n.electionEpoch} peerEpoch=${n.peerEpoch}`;
}
