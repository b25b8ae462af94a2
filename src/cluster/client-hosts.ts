/**
 * Client hosts on a cluster's kernel: each runs the client library (ZkClient) with a connect string and
 * is driven through a Promise ZooKeeper handle. Shared by the standalone cluster and the ensemble; each
 * hands in how to add a host on its own kernel (its message type differs, the client's does not).
 */
import type { HostId } from '../base/index.ts';
import { ZkClient } from '../zk/client/index.ts';
import type { ClientCall, ClientOptions, ClientState, ClientTimerTag } from '../zk/client/index.ts';
import type { ZkEnv } from '../zk/io.ts';
import type { ClientMessage } from '../zk/protocol/index.ts';
import { ZooKeeper } from './zookeeper.ts';
import type { ClientPort } from './zookeeper.ts';
import type { HistoryRecorder } from './recorder.ts';

export interface ClientKernel {
  /** Adds (does not start) a host running the actor `make` builds. */
  addHost(name: string, make: (env: ZkEnv<ClientMessage, ClientTimerTag>) => ZkClient): HostId;
  start(host: HostId): void;
  isUp(host: HostId): boolean;
  inject(host: HostId, call: ClientCall): void;
  deferred<T>(): { readonly promise: Promise<T>; resolve(value: T): void };
  /** The server id on a host, for the history's session events. */
  serverOf?(host: HostId): number | undefined;
}

export class ClientHosts {
  private readonly clients = new Map<HostId, ZkClient>();
  private readonly port: ClientPort;

  constructor(private readonly kernel: ClientKernel, private readonly recorder?: HistoryRecorder) {
    this.port = {
      ...(recorder === undefined ? {} : { recorder }),
      session: (host) => this.clients.get(host)?.sessionId ?? 0,
      call: (host, call) => {
        if (!this.kernel.isUp(host)) return false;
        this.kernel.inject(host, call);
        return true;
      },
      deferred: <T>() => this.kernel.deferred<T>(),
      state: (host): ClientState | undefined => this.clients.get(host)?.state,
    };
  }

  /** A new client host named `name` whose connect string lists `servers`, connecting now. */
  connect(name: string, servers: readonly HostId[], sessionTimeoutMs: number, options: ClientOptions): ZooKeeper {
    const host = this.kernel.addHost(name, (env) => {
      const client = new ZkClient(env, servers, sessionTimeoutMs, options);
      this.clients.set(env.host, client);
      const recorder = this.recorder;
      if (recorder !== undefined) {
        client.observe((event) => {
          const server = client.server;
          recorder.clientEvent(name, event, client.sessionId, server === undefined ? undefined : this.kernel.serverOf?.(server));
        });
      }
      return client;
    });
    this.kernel.start(host);
    return new ZooKeeper(this.port, host, name);
  }

  /** Every client host, in the order they were added. */
  hosts(): HostId[] {
    return [...this.clients.keys()];
  }

  client(host: HostId): ZkClient | undefined {
    return this.clients.get(host);
  }
}
