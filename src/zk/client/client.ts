/**
 * ZkClient: ZooKeeper's client library (ClientCnxn with its SendThread and EventThread, and the handle
 * state of ZooKeeper.java) as a step machine. Inputs are the connection's events, one timer and the
 * application's calls; effects go through ZkEnv; callbacks run at the end of the step that caused them.
 *
 * The connection ("link") goes none -> pausing -> connecting (TCP) -> handshaking (ConnectRequest sent)
 * -> open, and back to pausing on any failure, until the handle dies (CLOSED, AUTH_FAILED). Requests get
 * FIFO xids when written; replies must come back in that order. After each step the send loop's timing
 * logic runs once (pump): it starts a due connect attempt, drops a connection whose connect or read
 * deadline passed, sends a due ping, and arms the single wake-up timer for the next deadline.
 */
import { assert, assertNever, fail } from '../../base/index.ts';
import type { ConnId, HostId, JsonValue, TimerId, Zxid } from '../../base/index.ts';
import { AUTH_XID, PING_XID } from '../protocol/index.ts';
import type {
  ClientMessage, ClientResponse, ConnectResponse, ErrorName, FailureName, KeeperState, Notification, Reply, ServerMessage,
} from '../protocol/index.ts';
import type { ZkActor, ZkEnv, ZkInput } from '../io.ts';
import { EventQueue } from './event-queue.ts';
import { HostProvider, SPIN_DELAY_MS } from './host-provider.ts';
import { EMPTY_OK, asksForWatch, registrationOf, replyProblem, resultOf } from './packets.ts';
import type { Packet, Removal } from './packets.ts';
import { setWatchesBatches } from './set-watches.ts';
import { RECONNECT_PAUSE_MAX_MS, microsToNextPing, timeoutsFor } from './timeouts.ts';
import type { Timeouts } from './timeouts.ts';
import { isAlive } from './types.ts';
import type { AppRequest, ClientCall, ClientOptions, ClientState, ClientTimerTag, Done, WatchedEvent, Watcher } from './types.ts';
import { WatchRegistry } from './watch-registry.ts';
import type { WatchKind } from './watch-registry.ts';

type LiveLink = { readonly kind: 'connecting' | 'handshaking' | 'open'; readonly host: HostId; readonly conn: ConnId };
type Link =
  | { readonly kind: 'none' }
  | { readonly kind: 'pausing'; readonly host: HostId; readonly untilMicros: number }
  | LiveLink;

const NO_LINK: Link = { kind: 'none' };
const MAX_XID = 2_147_483_647;
const MICROS_PER_MS = 1_000;
/** The send loop settles in at most three passes (lost -> pausing -> connecting, or -> expired -> none). */
const MAX_PUMP_ROUNDS = 4;
const RESERVED_OPS: ReadonlySet<string> = new Set(['ping', 'auth', 'setWatches', 'closeSession', 'removeWatches']);

function isLive(link: Link): link is LiveLink {
  return link.kind === 'connecting' || link.kind === 'handshaking' || link.kind === 'open';
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

export class ZkClient implements ZkActor<ServerMessage, ClientTimerTag, ClientCall> {
  private readonly hosts: HostProvider;
  private readonly registry: WatchRegistry;
  private readonly events = new EventQueue();
  private readonly authInfo: { readonly scheme: string; readonly auth: string }[] = [];
  private timeouts: Timeouts;
  private clientState: ClientState = 'NOT_CONNECTED';
  private link: Link = NO_LINK;
  private sessionIdValue: number;
  private passwd: string;
  /** Whether the session id is real (a read-only server hands out ones no other server knows). */
  private seenRwServerBefore: boolean;
  private negotiatedMs = 0;
  private lastZxid = 0 as Zxid;
  private isFirstConnect = true;
  private closing = false;
  private nextXid = 1;
  /** Sent, awaiting their replies, in xid order. */
  private pending: Packet[] = [];
  /** Not sent yet: submitted while there was no open connection. */
  private queued: Packet[] = [];
  private lastHeardMicros = 0;
  private lastSendMicros = 0;
  private wake: { readonly id: TimerId; readonly atMicros: number; readonly tag: ClientTimerTag } | undefined;
  private attempts = 0;
  private stepping = false;

  constructor(
    private readonly env: ZkEnv<ClientMessage, ClientTimerTag>,
    servers: readonly HostId[],
    private readonly sessionTimeoutMs: number,
    private readonly options: ClientOptions = {},
  ) {
    this.hosts = new HostProvider(servers, env.rng);
    this.timeouts = timeoutsFor(sessionTimeoutMs, this.hosts.size);
    this.registry = new WatchRegistry(options.defaultWatcher ?? (() => undefined));
    this.sessionIdValue = options.session?.id ?? 0;
    this.passwd = options.session?.passwd ?? '';
    this.seenRwServerBefore = options.session !== undefined;
  }

  // ---- inspection ----

  get state(): ClientState {
    return this.clientState;
  }

  /** Sees every watch and session event as the application gets it, before its watchers. */
  observe(observer: (event: WatchedEvent) => void): void {
    this.events.observer = observer;
  }

  get sessionId(): number {
    return this.sessionIdValue;
  }

  get sessionPasswd(): string {
    return this.passwd;
  }

  /** 0 until a server has negotiated the session timeout. */
  get negotiatedTimeoutMs(): number {
    return this.negotiatedMs;
  }

  get lastZxidSeen(): Zxid {
    return this.lastZxid;
  }

  /** The servers in the order the client tries them (shuffled once). */
  get serverOrder(): readonly HostId[] {
    return this.hosts.servers;
  }

  /** The server of the current connection or attempt. */
  get server(): HostId | undefined {
    return this.link.kind === 'none' ? undefined : this.link.host;
  }

  get connectAttempts(): number {
    return this.attempts;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  get queuedCount(): number {
    return this.queued.length;
  }

  watchedPaths(kind: WatchKind): string[] {
    return this.registry.paths(kind);
  }

  // ---- the step ----

  step(input: ZkInput<ServerMessage, ClientTimerTag, ClientCall>): void {
    assert(!this.stepping, 'client steps never nest: a callback must not call step');
    this.stepping = true;
    try {
      this.dispatch(input);
      this.pump();
      this.checkInvariants();
      this.events.flush();
    } finally {
      this.stepping = false;
    }
  }

  private dispatch(input: ZkInput<ServerMessage, ClientTimerTag, ClientCall>): void {
    switch (input.kind) {
      case 'start':
        return this.onStart();
      case 'timer':
        if (this.wake?.id === input.timer) this.wake = undefined;
        return;
      case 'connected':
        return this.onTcpConnected(input.conn);
      case 'message':
        return this.onMessage(input.conn, input.msg);
      case 'closed':
        if (isLive(this.link) && this.link.conn === input.conn) this.connectionLost(`closed by the peer (${input.reason})`, false);
        return;
      case 'call':
        return this.onCall(input.call);
      case 'accepted':
        this.env.close(input.conn); // a client accepts no connections
        return;
      case 'disk':
        return;
      default:
        return assertNever(input, 'client input');
    }
  }

  private onStart(): void {
    assert(this.clientState === 'NOT_CONNECTED' && this.link.kind === 'none', 'a client starts once');
    const now = this.env.now();
    this.lastHeardMicros = now;
    this.lastSendMicros = now;
    this.setState('CONNECTING');
    if (this.closing) {
      // close() before the first attempt: the send loop stops before it connects (ClientCnxn.run).
      this.failAll();
      return this.finishClosing();
    }
    this.beginAttempt();
  }

  // ---- the send loop's timing ----

  private pump(): void {
    for (let round = 0; round < MAX_PUMP_ROUNDS; round++) {
      if (this.pumpOnce()) return;
    }
    fail('the client send loop settles within a few passes');
  }

  /** One pass of ClientCnxn.SendThread.run's timing logic; false if it changed the link and must run again. */
  private pumpOnce(): boolean {
    const link = this.link;
    const now = this.env.now();
    if (link.kind === 'none') {
      this.disarm();
      return true;
    }
    if (link.kind === 'pausing') {
      if (now < link.untilMicros) {
        this.arm(link.untilMicros, 'client-pause');
        return true;
      }
      this.connectNow(link.host);
    }
    const expireAt = this.expiryAt();
    if (expireAt !== undefined && now >= expireAt) {
      this.expireLocally();
      return false;
    }
    const open = this.link.kind === 'open';
    const deadline = open ? this.lastHeardMicros + this.timeouts.readMicros : this.lastSendMicros + this.timeouts.connectMicros;
    if (now >= deadline) {
      this.connectionLost(open ? 'read timeout' : 'connect timeout', true);
      return false;
    }
    this.armNextWake(now, deadline, open);
    return true;
  }

  private armNextWake(now: number, deadline: number, open: boolean): void {
    let at = deadline;
    let tag: ClientTimerTag = open ? 'client-read-timeout' : 'client-connect-timeout';
    if (open) {
      if (microsToNextPing(this.timeouts, now - this.lastSendMicros) <= 0) {
        this.send({ type: 'request', xid: PING_XID, request: { op: 'ping' } });
      }
      // Measured after any ping just sent: Java's loop goes round again once the ping is written, so an
      // unanswered ping is followed by another readTimeout/2 later if the read timeout has not come first.
      const toPing = microsToNextPing(this.timeouts, now - this.lastSendMicros);
      assert(toPing > 0, 'a ping is due only after some idle time');
      if (now + toPing < at) {
        at = now + toPing;
        tag = 'client-ping';
      }
    }
    const expireAt = this.expiryAt();
    if (expireAt !== undefined && expireAt < at) {
      at = expireAt;
      tag = 'client-expiry';
    }
    this.arm(at, tag);
  }

  /** When the client would expire the session itself (ZOOKEEPER-4508), if it does. */
  private expiryAt(): number | undefined {
    if (this.options.clientSideExpiry !== true || this.sessionIdValue === 0) return undefined;
    return this.lastHeardMicros + this.timeouts.expirationMicros;
  }

  /**
   * Sets the wake-up to `atMicros`, replacing the armed one: like the send loop's select(), which is
   * re-entered with a fresh timeout on every pass (so a wake-up never comes early or late).
   */
  private arm(atMicros: number, tag: ClientTimerTag): void {
    const now = this.env.now();
    assert(Number.isSafeInteger(atMicros) && atMicros > now, 'a wake-up is an integer time in the future');
    if (this.wake !== undefined && this.wake.atMicros === atMicros && this.wake.tag === tag) return;
    this.disarm();
    this.wake = { id: this.env.setTimer(atMicros - now, tag), atMicros, tag };
  }

  private disarm(): void {
    if (this.wake !== undefined) this.env.cancelTimer(this.wake.id);
    this.wake = undefined;
  }

  // ---- connecting ----

  /** Picks the next server and the pause before trying it (spin after a full cycle, random after the first). */
  private beginAttempt(): void {
    assert(this.link.kind === 'none' && isAlive(this.clientState), 'a live client without a connection tries again');
    const { host, spin } = this.hosts.next();
    const randomMs = this.isFirstConnect ? 0 : this.env.rng.int(0, RECONNECT_PAUSE_MAX_MS);
    const pauseMs = (spin ? SPIN_DELAY_MS : 0) + randomMs;
    this.link = { kind: 'pausing', host, untilMicros: this.env.now() + pauseMs * MICROS_PER_MS };
    this.setState('CONNECTING');
    if (pauseMs > 0) this.trace({ event: 'clientPause', server: host, pauseMs });
  }

  private connectNow(host: HostId): void {
    this.attempts += 1;
    const conn = this.env.connect(host);
    this.link = { kind: 'connecting', host, conn };
    this.lastSendMicros = this.env.now();
    this.trace({ event: 'clientConnecting', server: host, attempt: this.attempts });
  }

  /** TCP is up: send the ConnectRequest (primeConnection); everything else waits for the response. */
  private onTcpConnected(conn: ConnId): void {
    const link = this.link;
    if (link.kind !== 'connecting' || link.conn !== conn) return;
    this.isFirstConnect = false;
    this.link = { kind: 'handshaking', host: link.host, conn };
    this.send({
      type: 'connect', protocolVersion: 0, lastZxidSeen: this.lastZxid, timeoutMs: this.sessionTimeoutMs,
      sessionId: this.seenRwServerBefore ? this.sessionIdValue : 0, passwd: this.passwd,
      readOnly: this.options.canBeReadOnly === true,
    });
  }

  private onMessage(conn: ConnId, msg: ServerMessage): void {
    const link = this.link;
    if (!isLive(link) || link.conn !== conn) return;
    this.lastHeardMicros = this.env.now();
    switch (msg.type) {
      case 'connected':
        return link.kind === 'handshaking' ? this.onConnectResponse(link, msg) : this.protocolError('an unexpected ConnectResponse');
      case 'reply':
        return link.kind === 'open' ? this.onReply(msg) : this.protocolError(`a reply (xid ${msg.xid}) before the handshake`);
      case 'notification':
        return link.kind === 'open' ? this.onNotification(msg) : this.protocolError('a notification before the handshake');
      default:
        return this.protocolError(`not a server message: ${JSON.stringify(msg)}`);
    }
  }

  private onConnectResponse(link: LiveLink, resp: ConnectResponse): void {
    assert(Number.isSafeInteger(resp.timeoutMs) && Number.isSafeInteger(resp.sessionId), 'a ConnectResponse carries integers');
    if (resp.timeoutMs <= 0) return this.expiredByServer();
    this.negotiatedMs = resp.timeoutMs;
    this.timeouts = timeoutsFor(resp.timeoutMs, this.hosts.size);
    this.hosts.onConnected();
    this.sessionIdValue = resp.sessionId;
    this.passwd = resp.passwd;
    this.seenRwServerBefore ||= !resp.readOnly;
    this.link = { kind: 'open', host: link.host, conn: link.conn };
    this.setState(resp.readOnly ? 'CONNECTEDREADONLY' : 'CONNECTED');
    this.trace({ event: 'clientSession', server: link.host, session: hex(resp.sessionId), timeoutMs: resp.timeoutMs, readOnly: resp.readOnly });
    this.queueSessionEvent(resp.readOnly ? 'ConnectedReadOnly' : 'SyncConnected');
    this.prime();
  }

  /** After the handshake: auth packets, then setWatches, then whatever was queued, in that order. */
  private prime(): void {
    for (const a of this.authInfo) this.send({ type: 'request', xid: AUTH_XID, request: { op: 'auth', scheme: a.scheme, auth: a.auth } });
    for (const request of setWatchesBatches((kind) => this.registry.paths(kind), this.lastZxid)) {
      this.sendPacket({ request, done: undefined, watcher: undefined, removal: undefined, xid: 0 });
    }
    const queued = this.queued;
    this.queued = [];
    for (const packet of queued) this.sendPacket(packet);
  }

  // ---- traffic on an open connection ----

  private onReply(reply: Reply): void {
    if (reply.xid === PING_XID) return;
    if (reply.xid === AUTH_XID) {
      if (reply.err === 'AUTHFAILED') this.authFailed();
      return;
    }
    const packet = this.pending.shift();
    if (packet === undefined) return this.protocolError(`a reply with xid ${reply.xid} while nothing is pending`);
    const problem = replyProblem(packet, reply);
    if (problem !== undefined) {
      this.finish(packet, 'CONNECTIONLOSS', undefined, undefined);
      return this.protocolError(problem);
    }
    if (reply.zxid > 0) this.lastZxid = reply.zxid;
    this.finish(packet, reply.err, reply.response, reply.zxid);
    if (packet.request.op === 'closeSession') this.finishClosing();
  }

  private onNotification(n: Notification): void {
    const { type, state, path } = n.event;
    if (type === 'None') return this.queueSessionEvent(state);
    const watchers = this.registry.materialize(type, path);
    if (watchers === undefined) return this.protocolError(`a ${type} notification`);
    this.events.queueEvent({ type, state, path, zxid: n.zxid }, () => watchers);
  }

  private sendPacket(packet: Packet): void {
    assert(packet.xid === 0, 'a packet is written once');
    packet.xid = this.takeXid();
    this.pending.push(packet);
    this.send({ type: 'request', xid: packet.xid, request: packet.request });
  }

  private send(msg: ClientMessage): void {
    const link = this.link;
    assert(link.kind === 'open' || (link.kind === 'handshaking' && msg.type === 'connect'), 'requests go on an open connection');
    this.env.send(link.conn, msg);
    this.lastSendMicros = this.env.now();
  }

  private takeXid(): number {
    if (this.nextXid === MAX_XID) this.nextXid = 1;
    return this.nextXid++;
  }

  // ---- calls ----

  private onCall(call: ClientCall): void {
    switch (call.kind) {
      case 'request':
        return this.onRequest(call.request, call.watcher, call.done);
      case 'close':
        return this.close(call.done);
      case 'addAuthInfo':
        return this.addAuthInfo(call.scheme, call.auth, call.done);
      case 'register':
        this.registry.defaultWatcher = call.watcher;
        return this.events.queueDone(call.done, EMPTY_OK);
      case 'removeWatches': {
        const removal: Removal = { path: call.path, watcherType: call.watcherType, watcher: call.watcher, local: call.local };
        const request = { op: 'removeWatches', path: call.path, watcherType: call.watcherType, all: call.watcher === undefined } as const;
        return this.submit({ request, done: call.done, watcher: undefined, removal, xid: 0 });
      }
      default:
        return assertNever(call, 'client call');
    }
  }

  private onRequest(request: AppRequest, watcher: Watcher | undefined, done: Done): void {
    assert(!RESERVED_OPS.has(request.op), `${request.op} is not an application request: it has its own call kind or is the client's`);
    const target = asksForWatch(request) ? watcher ?? this.registry.defaultWatcher : undefined;
    this.submit({ request, done, watcher: target, removal: undefined, xid: 0 });
  }

  /** ClientCnxn.queuePacket: a dead or closing handle fails it at once; otherwise it is sent or queued. */
  private submit(packet: Packet): void {
    if (!isAlive(this.clientState) || this.closing) return this.finish(packet, this.conLossCode(), undefined, undefined);
    if (packet.request.op === 'closeSession') this.closing = true;
    if (this.link.kind === 'open') this.sendPacket(packet);
    else this.queued.push(packet);
  }

  private close(done: Done): void {
    if (!isAlive(this.clientState)) return this.events.queueDone(done, EMPTY_OK);
    this.submit({ request: { op: 'closeSession' }, done, watcher: undefined, removal: undefined, xid: 0 });
  }

  private addAuthInfo(scheme: string, auth: string, done: Done): void {
    if (!isAlive(this.clientState)) return this.events.queueDone(done, { ok: false, code: this.conLossCode() });
    this.authInfo.push({ scheme, auth });
    if (this.link.kind === 'open' && !this.closing) this.send({ type: 'request', xid: AUTH_XID, request: { op: 'auth', scheme, auth } });
    this.events.queueDone(done, EMPTY_OK);
  }

  // ---- finishing requests ----

  /** finishPacket: register the watch the outcome grants, apply a removal, then report. */
  private finish(packet: Packet, code: ErrorName, response: ClientResponse | undefined, zxid: Zxid | undefined): void {
    const registration = registrationOf(packet.request, code);
    if (registration !== undefined) {
      assert(packet.watcher !== undefined, 'a request that sets a watch carries its watcher');
      this.registry.add(registration.kind, registration.path, packet.watcher);
    }
    const finalCode = packet.removal === undefined ? code : this.unregister(packet.removal, code);
    if (packet.done !== undefined) this.events.queueDone(packet.done, resultOf(packet.request, finalCode, response, zxid));
  }

  private unregister(removal: Removal, rc: ErrorName): ErrorName {
    const outcome = this.registry.remove(removal.path, removal.watcher, removal.watcherType, removal.local, rc);
    const state: KeeperState = rc === 'CONNECTIONLOSS' || rc === 'SESSIONEXPIRED' ? 'Disconnected' : 'SyncConnected';
    for (const [type, watchers] of outcome.removed) {
      this.events.queueEvent({ type, state, path: removal.path, zxid: -1 }, () => watchers);
    }
    return outcome.code;
  }

  /** ClientCnxn.cleanup: everything in flight, then everything queued, fails with the state's code. */
  private failAll(): void {
    const code = this.conLossCode();
    const packets = [...this.pending, ...this.queued];
    this.pending = [];
    this.queued = [];
    for (const packet of packets) this.finish(packet, code, undefined, undefined);
  }

  private conLossCode(): FailureName {
    if (this.clientState === 'AUTH_FAILED') return 'AUTHFAILED';
    return this.clientState === 'CLOSED' ? 'SESSIONEXPIRED' : 'CONNECTIONLOSS';
  }

  // ---- losing the connection, and the ends of a handle ----

  private protocolError(why: string): void {
    this.connectionLost(`protocol error: ${why}`, true);
  }

  private connectionLost(reason: string, closeConn: boolean): void {
    const link = this.link;
    assert(isLive(link), 'only a connection can be lost');
    if (closeConn) this.env.close(link.conn);
    this.link = NO_LINK;
    this.trace({ event: 'clientDisconnected', server: link.host, reason });
    this.failAll();
    if (this.closing) return this.finishClosing();
    this.queueSessionEvent('Disconnected');
    this.beginAttempt();
  }

  /** closeSession answered, or the connection it needed is gone: the handle is CLOSED. */
  private finishClosing(): void {
    assert(this.closing, 'only close() ends in Closed');
    this.dropLink();
    this.setState('CLOSED');
    this.failAll();
    this.queueSessionEvent('Closed');
  }

  /** A ConnectResponse with timeout 0: the session is gone and so is the handle. */
  private expiredByServer(): void {
    this.dropLink();
    this.setState('CLOSED');
    this.trace({ event: 'clientExpired', session: hex(this.sessionIdValue), by: 'server' });
    this.queueSessionEvent('Expired');
    this.failAll();
    if (this.closing) this.queueSessionEvent('Closed');
  }

  /** 4T/3 without hearing from any server (3.9.3+, optional): the client gives the session up itself. */
  private expireLocally(): void {
    this.dropLink();
    this.setState('CLOSED');
    this.trace({ event: 'clientExpired', session: hex(this.sessionIdValue), by: 'client' });
    this.failAll();
    this.queueSessionEvent(this.closing ? 'Closed' : 'Expired');
  }

  private authFailed(): void {
    this.dropLink();
    this.setState('AUTH_FAILED');
    this.queueSessionEvent('AuthFailed');
    this.failAll();
    if (this.closing) this.queueSessionEvent('Closed');
  }

  private dropLink(): void {
    if (isLive(this.link)) this.env.close(this.link.conn);
    this.link = NO_LINK;
  }

  private queueSessionEvent(state: KeeperState): void {
    this.events.queueEvent({ type: 'None', state, path: null, zxid: -1 }, () => this.registry.sessionWatchers());
  }

  private setState(next: ClientState): void {
    if (next === this.clientState) return;
    assert(isAlive(this.clientState), `a ${this.clientState} client stays ${this.clientState}`);
    this.trace({ event: 'clientState', from: this.clientState, to: next });
    this.clientState = next;
  }

  private trace(data: { readonly [key: string]: JsonValue }): void {
    this.env.emit(data);
  }

  private checkInvariants(): void {
    const s = this.clientState;
    const link = this.link;
    if (!isAlive(s)) {
      assert(this.pending.length === 0 && this.queued.length === 0 && this.wake === undefined, `a ${s} client holds nothing`);
    }
    assert((link.kind === 'none') === (s === 'NOT_CONNECTED' || !isAlive(s)), `a ${s} client has a ${link.kind} link`);
    assert((link.kind === 'open') === (s === 'CONNECTED' || s === 'CONNECTEDREADONLY'), `a ${s} client has a ${link.kind} link`);
    assert(this.pending.length === 0 || link.kind === 'open', 'requests are in flight only on an open connection');
    assert(this.queued.length === 0 || link.kind !== 'open', 'nothing waits while a connection is open');
    assert(link.kind === 'none' || this.wake !== undefined, 'a live link always has a wake-up armed');
  }
}
