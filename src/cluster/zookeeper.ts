/**
 * The Promise API a workload uses, named after the Java client and node-zookeeper-client. Each call is
 * handed to the client step machine on its host as an input; the promise settles inside the event that
 * completes it, so `await` is as deterministic as everything else. Failures reject with KeeperError
 * (code name and number), never bare strings.
 */
import type { HostId } from '../base/index.ts';
import type { HistoryRecorder } from './recorder.ts';
import type { AppRequest, CallResult, ClientCall, ClientState, Watcher } from '../zk/client/index.ts';
import { CREATE_MODE_FLAGS, KeeperError, OPEN_ACL_UNSAFE } from '../zk/protocol/index.ts';
import type {
  Acl, AddWatchMode, ClientResponse, CreateMode, MultiOp, MultiReadResult, MultiResult, Stat, WatcherType,
} from '../zk/protocol/index.ts';

/** What the API needs of the simulation: inject a call, make a deferred, know if the host is up. */
export interface ClientPort {
  call(host: HostId, call: ClientCall): boolean;
  deferred<T>(): { readonly promise: Promise<T>; resolve(value: T): void };
  state(host: HostId): ClientState | undefined;
  /** Records each request's invocation and completion, when the run keeps a history. */
  readonly recorder?: HistoryRecorder;
  /** The client's session id now (0 before the first). */
  session(host: HostId): number;
}

export type Data = Uint8Array | string | null;

export interface CreateOptions {
  readonly acl?: readonly Acl[];
  readonly mode?: CreateMode;
  readonly ttlMs?: number;
}

const encoder = new TextEncoder();
const toBytes = (data: Data): Uint8Array | null => (typeof data === 'string' ? encoder.encode(data) : data);

export class ZooKeeper {
  constructor(private readonly port: ClientPort, readonly host: HostId, readonly name: string) {}

  get state(): ClientState | undefined {
    return this.port.state(this.host);
  }

  async create(path: string, data: Data = null, options: CreateOptions = {}): Promise<string> {
    const r = await this.request(this.createRequest(path, data, options, false), path);
    return expectOp(r, 'create').path;
  }

  /** create2: the path and the new node's Stat. */
  async create2(path: string, data: Data = null, options: CreateOptions = {}): Promise<{ path: string; stat: Stat }> {
    const r = expectOp(await this.request(this.createRequest(path, data, options, true), path), 'create');
    if (r.stat === undefined) throw new KeeperError('MARSHALLINGERROR', path);
    return { path: r.path, stat: r.stat };
  }

  async delete(path: string, version = -1): Promise<void> {
    await this.request({ op: 'delete', path, version }, path);
  }

  /** The Stat, or null if the node does not exist (Java returns null rather than throwing NONODE). */
  async exists(path: string, watch: boolean | Watcher = false): Promise<Stat | null> {
    const r = await this.raw({ op: 'exists', path, watch: watch !== false }, watcherOf(watch));
    if (!r.ok && r.code === 'NONODE') return null;
    return expectOp(unwrap(r, path), 'exists').stat;
  }

  async getData(path: string, watch: boolean | Watcher = false): Promise<{ data: Uint8Array | null; stat: Stat }> {
    const r = expectOp(await this.request({ op: 'getData', path, watch: watch !== false }, path, watcherOf(watch)), 'getData');
    return { data: r.data, stat: r.stat };
  }

  async setData(path: string, data: Data, version = -1): Promise<Stat> {
    return expectOp(await this.request({ op: 'setData', path, data: toBytes(data), version }, path), 'setData').stat;
  }

  async getChildren(path: string, watch: boolean | Watcher = false): Promise<string[]> {
    const r = await this.request({ op: 'getChildren', path, watch: watch !== false, withStat: false }, path, watcherOf(watch));
    return [...expectOp(r, 'getChildren').children];
  }

  async getChildren2(path: string, watch: boolean | Watcher = false): Promise<{ children: string[]; stat: Stat }> {
    const r = expectOp(await this.request({ op: 'getChildren', path, watch: watch !== false, withStat: true }, path, watcherOf(watch)), 'getChildren');
    if (r.stat === undefined) throw new KeeperError('MARSHALLINGERROR', path);
    return { children: [...r.children], stat: r.stat };
  }

  async getACL(path: string): Promise<{ acl: readonly Acl[]; stat: Stat }> {
    const r = expectOp(await this.request({ op: 'getACL', path }, path), 'getACL');
    return { acl: r.acl, stat: r.stat };
  }

  async setACL(path: string, acl: readonly Acl[], version = -1): Promise<Stat> {
    return expectOp(await this.request({ op: 'setACL', path, acl, version }, path), 'setACL').stat;
  }

  async sync(path: string): Promise<void> {
    await this.request({ op: 'sync', path }, path);
  }

  /** All or nothing; on failure rejects with the first failing op's code (results on the error). */
  async multi(ops: readonly MultiOp[]): Promise<readonly MultiResult[]> {
    if (ops.length === 0) return [];
    const r = await this.raw({ op: 'multi', ops });
    if (!r.ok) throw Object.assign(new KeeperError(r.code), { results: r.response?.op === 'multi' ? r.response.results : [] });
    return expectOp(r.response, 'multi').results;
  }

  async multiRead(ops: readonly ({ op: 'getData' | 'getChildren'; path: string })[]): Promise<readonly MultiReadResult[]> {
    return expectOp(await this.request({ op: 'multiRead', ops }), 'multiRead').results;
  }

  async getEphemerals(prefix = '/'): Promise<string[]> {
    return [...expectOp(await this.request({ op: 'getEphemerals', prefix }), 'getEphemerals').paths];
  }

  async getAllChildrenNumber(path: string): Promise<number> {
    return expectOp(await this.request({ op: 'getAllChildrenNumber', path }, path), 'getAllChildrenNumber').count;
  }

  async addWatch(path: string, watcher: Watcher, mode: AddWatchMode = 'PERSISTENT'): Promise<void> {
    await this.request({ op: 'addWatch', path, mode }, path, watcher);
  }

  async removeWatches(path: string, watcherType: WatcherType, watcher?: Watcher, local = false): Promise<void> {
    unwrap(await this.send((done) => ({ kind: 'removeWatches', path, watcherType, local, done, ...(watcher ? { watcher } : {}) })), path);
  }

  async addAuthInfo(scheme: string, auth: string): Promise<void> {
    unwrap(await this.send((done) => ({ kind: 'addAuthInfo', scheme, auth, done })));
  }

  async close(): Promise<void> {
    unwrap(await this.send((done) => ({ kind: 'close', done })));
  }

  /** The raw outcome of a request, for recorders that want codes rather than exceptions. */
  raw(request: AppRequest, watcher?: Watcher): Promise<CallResult> {
    const finish = this.port.recorder?.invoke(this.name, request);
    return this.send(
      (done) => (watcher === undefined ? { kind: 'request', request, done } : { kind: 'request', request, watcher, done }),
      finish === undefined ? undefined : (r) => finish(r, this.port.session(this.host)),
    );
  }

  private async request(request: AppRequest, path?: string, watcher?: Watcher): Promise<ClientResponse> {
    return unwrap(await this.raw(request, watcher), path);
  }

  private send(make: (done: (r: CallResult) => void) => ClientCall, onDone?: (r: CallResult) => void): Promise<CallResult> {
    const d = this.port.deferred<CallResult>();
    const done = (r: CallResult): void => {
      onDone?.(r);
      d.resolve(r);
    };
    if (!this.port.call(this.host, make(done))) done({ ok: false, code: 'CONNECTIONLOSS' });
    return d.promise;
  }

  private createRequest(path: string, data: Data, options: CreateOptions, withStat: boolean): AppRequest {
    return {
      op: 'create', path, data: toBytes(data), acl: options.acl ?? OPEN_ACL_UNSAFE,
      flags: CREATE_MODE_FLAGS[options.mode ?? 'PERSISTENT'], withStat, ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
    };
  }
}

function watcherOf(watch: boolean | Watcher): Watcher | undefined {
  return typeof watch === 'function' ? watch : undefined;
}

function unwrap(result: CallResult, path?: string): ClientResponse {
  if (result.ok) return result.response;
  throw new KeeperError(result.code, path);
}

/** The response variant whose op (possibly a union of ops) includes K. */
type ResponseOf<K extends ClientResponse['op']> = ClientResponse extends infer R
  ? R extends { readonly op: infer O } ? (K extends O ? R : never) : never
  : never;

function expectOp<K extends ClientResponse['op']>(response: ClientResponse | undefined, op: K): ResponseOf<K> {
  if (response?.op !== op) throw new KeeperError('MARSHALLINGERROR');
  return response as ResponseOf<K>;
}
