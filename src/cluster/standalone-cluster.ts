/**
 * A standalone ZooKeeper on the simulation kernel: one server host (real storage codec on its simulated
 * disk) and any number of client hosts, each running the client library behind a ZooKeeper handle. This
 * is the only kind of place where zk/ meets sim/.
 */
import type { HostId } from '../base/index.ts';
import { Simulation } from '../sim/index.ts';
import type { SimulationOptions, TraceSink } from '../sim/index.ts';
import type { ClientCall, ClientOptions, ZkClient } from '../zk/client/index.ts';
import type { WireMessage } from '../zk/protocol/index.ts';
import { StandaloneServer, serverConfig, zkStorage } from '../zk/server/index.ts';
import type { ServerConfig } from '../zk/server/index.ts';
import { ClientHosts } from './client-hosts.ts';
import { describeWire } from './describe.ts';
import type { ZooKeeper } from './zookeeper.ts';

export type ClusterSim = Simulation<WireMessage, string, ClientCall>;

export interface StandaloneClusterOptions {
  readonly seed: number;
  readonly server?: Partial<ServerConfig>;
  readonly network?: SimulationOptions<WireMessage>['network'];
  readonly disk?: SimulationOptions<WireMessage>['disk'];
  readonly trace?: TraceSink;
  readonly maxHosts?: number;
}

export class StandaloneCluster {
  readonly sim: ClusterSim;
  readonly serverHost: HostId;
  private readonly servers: StandaloneServer[] = [];
  private readonly clients: ClientHosts;

  constructor(options: StandaloneClusterOptions) {
    this.sim = new Simulation<WireMessage, string, ClientCall>({
      seed: options.seed, maxHosts: options.maxHosts ?? 64,
      ...(options.network === undefined ? {} : { network: options.network }),
      ...(options.disk === undefined ? {} : { disk: options.disk }),
      trace: { describeMessage: describeWire },
    });
    this.sim.attachTrace(options.trace);
    const config = serverConfig({ serverId: 1, ...options.server });
    this.serverHost = this.sim.addHost('zk1', (env) => {
      const server = new StandaloneServer(env, config, zkStorage);
      this.servers.push(server);
      return server;
    });
    this.sim.start(this.serverHost);
    this.clients = new ClientHosts({
      addHost: (name, make) => this.sim.addHost(name, (env) => make(env)),
      start: (host) => this.sim.start(host),
      isUp: (host) => this.sim.status(host).up,
      inject: (host, call) => this.sim.inject(host, call),
      deferred: <T>() => this.sim.deferred<T>(),
    });
  }

  /** The server's current incarnation (undefined while it is down or before it recovered). */
  get server(): StandaloneServer | undefined {
    const last = this.servers[this.servers.length - 1];
    return this.sim.status(this.serverHost).up ? last : undefined;
  }

  /** A new client host with its own session, connecting now. */
  connect(name: string, sessionTimeoutMs = 10_000, options: ClientOptions = {}): ZooKeeper {
    return this.clients.connect(name, [this.serverHost], sessionTimeoutMs, options);
  }

  client(host: HostId): ZkClient | undefined {
    return this.clients.client(host);
  }
}
