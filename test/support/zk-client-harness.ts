// A hand-driven world for one ZkClient, in the style of etcd-raft's interaction tests: a fake ZkEnv that
// records every effect (connects, sends, closes, timers, trace events), a clock that moves only when the
// test says so, and helpers that play the server's side of the wire. Every callback the client makes
// (done and watcher alike) lands in one ordered log, so tests can check what happened and in which order.
import type { ConnId, DiskOpId, HostId, JsonValue, TimerId, Zxid } from '../../src/base/index.ts';
import { Rng } from '../../src/sim/index.ts';
import { ZkClient } from '../../src/zk/client/index.ts';
import type {
  AppRequest, CallResult, ClientOptions, ClientTimerTag, WatchedEvent, Watcher,
} from '../../src/zk/client/index.ts';
import type {
  ClientMessage, ClientResponse, ConnectRequest, ErrorName, EventType, Request, ServerMessage, WatcherType,
} from '../../src/zk/protocol/index.ts';
import type { ZkDisk, ZkEnv } from '../../src/zk/io.ts';

export type LogEntry =
  | { readonly kind: 'done'; readonly label: string; readonly result: CallResult }
  | { readonly kind: 'event'; readonly watcher: string; readonly event: WatchedEvent };

export interface Sent {
  readonly atMicros: number;
  readonly conn: ConnId;
  readonly msg: ClientMessage;
}

interface FakeConn {
  readonly peer: HostId;
  state: 'open' | 'done';
  up: boolean;
}

export interface HarnessOptions {
  readonly servers?: readonly number[];
  readonly timeoutMs?: number;
  readonly seed?: number;
  readonly options?: Omit<ClientOptions, 'defaultWatcher'>;
}

const noDisk: ZkDisk = {
  read: () => undefined,
  sizeBytes: () => undefined,
  list: () => [],
  append: (): DiskOpId => { throw new Error('a client has no disk'); },
  write: (): DiskOpId => { throw new Error('a client has no disk'); },
  truncate: (): DiskOpId => { throw new Error('a client has no disk'); },
  fsync: (): DiskOpId => { throw new Error('a client has no disk'); },
  rename: (): DiskOpId => { throw new Error('a client has no disk'); },
  delete: (): DiskOpId => { throw new Error('a client has no disk'); },
};

export const CLIENT_RNG_STREAM = 'zk-client-test';

export class ClientHarness {
  nowMicros = 0;
  readonly sent: Sent[] = [];
  readonly connects: { readonly conn: ConnId; readonly peer: HostId; readonly atMicros: number }[] = [];
  readonly closes: { readonly conn: ConnId; readonly atMicros: number }[] = [];
  readonly timers = new Map<TimerId, { readonly tag: ClientTimerTag; readonly atMicros: number }>();
  readonly traces: JsonValue[] = [];
  readonly log: LogEntry[] = [];
  readonly client: ZkClient;
  readonly seed: number;
  private readonly conns = new Map<ConnId, FakeConn>();
  private connSeq = 1;
  private timerSeq = 1;
  private readCursor = 0;

  constructor(options: HarnessOptions = {}) {
    this.seed = options.seed ?? 1;
    const env: ZkEnv<ClientMessage, ClientTimerTag> = {
      host: 100 as HostId,
      incarnation: 1,
      rng: Rng.root(this.seed).fork(CLIENT_RNG_STREAM),
      now: () => this.nowMicros,
      wallMicros: () => this.nowMicros,
      setTimer: (delayMicros, tag) => this.setTimer(delayMicros, tag),
      cancelTimer: (timer) => {
        this.timers.delete(timer);
      },
      connect: (peer) => this.connect(peer),
      send: (conn, msg) => this.record(conn, msg),
      close: (conn) => this.closeByClient(conn),
      disk: noDisk,
      emit: (data) => {
        this.traces.push(data);
      },
    };
    const servers = (options.servers ?? [1, 2, 3]) as HostId[];
    this.client = new ZkClient(env, servers, options.timeoutMs ?? 30_000, { ...options.options, defaultWatcher: this.watcher('default') });
  }

  /** A fresh stream equal to the client's, to predict its draws (the shuffle, then the pauses). */
  twinRng(): Rng {
    return Rng.root(this.seed).fork(CLIENT_RNG_STREAM);
  }

  /** A watcher that writes what it receives into the log under `name`. */
  watcher(name: string): Watcher {
    return (event) => {
      this.log.push({ kind: 'event', watcher: name, event });
    };
  }

  // ---- driving the client ----

  start(): void {
    this.client.step({ kind: 'start' });
  }

  call(label: string, request: AppRequest, watcher?: Watcher): void {
    const done = (result: CallResult): void => {
      this.log.push({ kind: 'done', label, result });
    };
    this.client.step({ kind: 'call', call: watcher === undefined ? { kind: 'request', request, done } : { kind: 'request', request, watcher, done } });
  }

  close(label = 'close'): void {
    this.client.step({ kind: 'call', call: { kind: 'close', done: (result) => this.log.push({ kind: 'done', label, result }) } });
  }

  addAuth(label: string, scheme: string, auth: string): void {
    this.client.step({ kind: 'call', call: { kind: 'addAuthInfo', scheme, auth, done: (result) => this.log.push({ kind: 'done', label, result }) } });
  }

  removeWatches(label: string, path: string, watcherType: WatcherType, local: boolean, watcher?: Watcher): void {
    const done = (result: CallResult): void => {
      this.log.push({ kind: 'done', label, result });
    };
    const call = watcher === undefined
      ? { kind: 'removeWatches' as const, path, watcherType, local, done }
      : { kind: 'removeWatches' as const, path, watcherType, local, watcher, done };
    this.client.step({ kind: 'call', call });
  }

  // ---- playing the network and the server ----

  get lastConn(): ConnId {
    const last = this.connects.at(-1);
    if (last === undefined) throw new Error('the client has not connected anywhere');
    return last.conn;
  }

  /** The TCP connection of the latest attempt is up. */
  tcpUp(conn: ConnId = this.lastConn): void {
    const c = this.conns.get(conn);
    if (c === undefined || c.state !== 'open' || c.up) throw new Error(`connection ${conn} is not waiting for TCP`);
    c.up = true;
    this.client.step({ kind: 'connected', conn, peer: c.peer });
  }

  deliver(msg: ServerMessage, conn: ConnId = this.lastConn): void {
    const c = this.conns.get(conn);
    if (c === undefined || c.state !== 'open') throw new Error(`connection ${conn} is not open at the client`);
    this.client.step({ kind: 'message', conn, peer: c.peer, msg });
  }

  /** The server accepts the handshake (sessionId 0x1000 and timeout as asked, unless told otherwise). */
  accept(fields: { sessionId?: number; timeoutMs?: number; passwd?: string; readOnly?: boolean } = {}, conn: ConnId = this.lastConn): void {
    const request = this.sent.filter((s) => s.conn === conn && s.msg.type === 'connect').at(-1)?.msg as ConnectRequest | undefined;
    if (request === undefined) throw new Error(`no ConnectRequest on connection ${conn}`);
    this.deliver({
      type: 'connected',
      timeoutMs: fields.timeoutMs ?? request.timeoutMs,
      sessionId: fields.sessionId ?? (request.sessionId === 0 ? 0x1000 : request.sessionId),
      passwd: fields.passwd ?? 'pw',
      readOnly: fields.readOnly ?? false,
    }, conn);
  }

  /** TCP up, then the handshake accepted. */
  establish(fields: { sessionId?: number; timeoutMs?: number; passwd?: string; readOnly?: boolean } = {}): void {
    this.tcpUp();
    this.accept(fields);
  }

  reply(xid: number, fields: { zxid?: number; err?: ErrorName; response?: ClientResponse } = {}, conn: ConnId = this.lastConn): void {
    const err = fields.err ?? 'OK';
    const response = fields.response ?? (err === 'OK' ? { op: 'empty' as const } : undefined);
    const zxid = (fields.zxid ?? 0) as Zxid;
    this.deliver(response === undefined ? { type: 'reply', xid, zxid, err } : { type: 'reply', xid, zxid, err, response }, conn);
  }

  notify(type: EventType, path: string, zxid = 0, conn: ConnId = this.lastConn): void {
    this.deliver({ type: 'notification', zxid: zxid as Zxid, event: { type, state: 'SyncConnected', path } }, conn);
  }

  /** The connection ends from the network's or the server's side. */
  drop(reason: 'eof' | 'reset' | 'timeout' = 'eof', conn: ConnId = this.lastConn): void {
    const c = this.conns.get(conn);
    if (c === undefined || c.state !== 'open') throw new Error(`connection ${conn} is not open at the client`);
    c.state = 'done';
    this.client.step({ kind: 'closed', conn, peer: c.peer, reason });
  }

  /** Where a connection stands, as the client's end sees it. */
  connStatus(conn: ConnId): 'connecting' | 'up' | 'done' {
    const c = this.conns.get(conn);
    if (c === undefined) throw new Error(`no connection ${conn}`);
    if (c.state === 'done') return 'done';
    return c.up ? 'up' : 'connecting';
  }

  // ---- time ----

  advance(micros: number): void {
    this.advanceTo(this.nowMicros + micros);
  }

  /** Moves the clock to `atMicros`, firing every timer due on the way, in (time, id) order. */
  advanceTo(atMicros: number): void {
    for (;;) {
      let next: { id: TimerId; tag: ClientTimerTag; atMicros: number } | undefined;
      for (const [id, t] of this.timers) {
        if (t.atMicros <= atMicros && (next === undefined || t.atMicros < next.atMicros)) next = { id, ...t };
      }
      if (next === undefined) break;
      this.timers.delete(next.id);
      this.nowMicros = next.atMicros;
      this.client.step({ kind: 'timer', timer: next.id, tag: next.tag });
    }
    this.nowMicros = atMicros;
  }

  /** The armed timer that fires first. */
  nextTimer(): { readonly tag: ClientTimerTag; readonly atMicros: number } | undefined {
    let next: { tag: ClientTimerTag; atMicros: number } | undefined;
    for (const t of this.timers.values()) if (next === undefined || t.atMicros < next.atMicros) next = t;
    return next;
  }

  // ---- reading what happened ----

  /** Messages sent since the last call of takeSent. */
  takeSent(): ClientMessage[] {
    const fresh = this.sent.slice(this.readCursor).map((s) => s.msg);
    this.readCursor = this.sent.length;
    return fresh;
  }

  /** The requests sent so far (all connections), without pings unless asked. */
  requests(withPings = false): Request[] {
    return this.sent.map((s) => s.msg).filter((m): m is Request => m.type === 'request' && (withPings || m.request.op !== 'ping'));
  }

  results(): Map<string, CallResult> {
    const out = new Map<string, CallResult>();
    for (const e of this.log) {
      if (e.kind !== 'done') continue;
      if (out.has(e.label)) throw new Error(`call ${e.label} completed twice`);
      out.set(e.label, e.result);
    }
    return out;
  }

  result(label: string): CallResult | undefined {
    return this.results().get(label);
  }

  /** The log as short strings: `done:<label>:<OK|code>` and `<watcher>:<type>:<state>[:<path>]`. */
  lines(): string[] {
    return this.log.map((e) => e.kind === 'done'
      ? `done:${e.label}:${e.result.ok ? 'OK' : e.result.code}`
      : `${e.watcher}:${e.event.type}:${e.event.state}${e.event.path === null ? '' : `:${e.event.path}`}`);
  }

  /** The session states the default watcher saw, in order. */
  sessionEvents(watcher = 'default'): string[] {
    return this.log.flatMap((e) => (e.kind === 'event' && e.watcher === watcher && e.event.type === 'None' ? [e.event.state] : []));
  }

  private setTimer(delayMicros: number, tag: ClientTimerTag): TimerId {
    if (!(Number.isSafeInteger(delayMicros) && delayMicros >= 0)) throw new Error(`bad timer delay ${delayMicros}`);
    const id = this.timerSeq++ as TimerId;
    this.timers.set(id, { tag, atMicros: this.nowMicros + delayMicros });
    return id;
  }

  private connect(peer: HostId): ConnId {
    const conn = this.connSeq++ as ConnId;
    this.conns.set(conn, { peer, state: 'open', up: false });
    this.connects.push({ conn, peer, atMicros: this.nowMicros });
    return conn;
  }

  private record(conn: ConnId, msg: ClientMessage): void {
    if (this.conns.get(conn)?.state !== 'open') throw new Error(`the client sent on connection ${conn}, which it does not have open`);
    this.sent.push({ atMicros: this.nowMicros, conn, msg });
  }

  private closeByClient(conn: ConnId): void {
    const c = this.conns.get(conn);
    if (c?.state !== 'open') throw new Error(`the client closed connection ${conn}, which it does not have open`);
    c.state = 'done';
    this.closes.push({ conn, atMicros: this.nowMicros });
  }
}
