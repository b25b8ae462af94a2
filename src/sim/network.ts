/**
 * The simulated network. ZooKeeper relies on TCP, so the unit is a connection, not a datagram:
 * - each direction of a connection is a FIFO queue; delivery times never decrease along it, so what a
 *   receiver gets is always a prefix of what was sent, once each, in order;
 * - a cut link holds traffic (TCP retransmits); when the cut heals, held traffic flows again; traffic held
 *   longer than `stallResetMicros` (counted from when it was due) resets the connection, and both ends
 *   learn of it; an idle connection survives any cut, as TCP without keepalive does;
 * - nothing is delivered to an end after it closed or learned of a reset;
 * - faults: symmetric and one-way partitions of any host sets, clogs (extra delay for a while), latency
 *   spikes, resets on demand.
 * Only the head of each direction has an event in the kernel, so the heap holds one entry per busy
 * direction, and a delivery allocates nothing but the input handed to the host.
 */
import { assert, fail } from '../base/index.ts';
import type { ConnId, HostId } from '../base/index.ts';
import type { CloseReason, HostInput } from './actor.ts';
import type { Handler, Kernel } from './kernel.ts';
import { assertLatency, drawLatencyMicros } from './latency.ts';
import type { Latency } from './latency.ts';
import type { Rng } from './rng.ts';
import type { Tracer } from './trace.ts';

export interface NetworkOptions {
  /** One-way latency of every link unless overridden with setLinkLatency. */
  readonly latency: Latency;
  /** A connection attempt that cannot reach its peer (cut link, peer down) fails after this. */
  readonly connectTimeoutMicros: number;
  /** Traffic held by a cut link for this long resets the connection (TCP giving up). */
  readonly stallResetMicros: number;
  /** A bound on messages queued in one direction of one connection. */
  readonly maxQueuedPerDirection: number;
}

export const DEFAULT_NETWORK_OPTIONS: NetworkOptions = {
  latency: { kind: 'uniform', minMicros: 100, maxMicros: 2_000 },
  connectTimeoutMicros: 5_000_000,
  stallResetMicros: 5_000_000,
  maxQueuedPerDirection: 1_000_000,
};

/** How the network reaches hosts: implemented by the simulation, which knows lifecycles and pauses. */
export interface NetworkHosts<M> {
  isUp(host: HostId): boolean;
  /** Hands `input` to the host's actor now, or queues it if the host is paused. */
  input(host: HostId, input: HostInput<M, never, never>): void;
}

export type PartitionId = number;

interface Clog {
  readonly from: ReadonlySet<HostId>;
  readonly to: ReadonlySet<HostId>;
  readonly extra: Latency;
  readonly untilMicros: number;
}

/** Control items that travel in a direction's queue among the messages, as TCP segments would. */
class Marker {
  constructor(readonly name: 'SYN' | 'SYNACK' | 'FIN' | 'RST') {}
}
const SYN = new Marker('SYN');
const SYNACK = new Marker('SYNACK');
const FIN = new Marker('FIN');
const RST = new Marker('RST');

class Direction<M> implements Handler {
  /** A ring of queued items and their delivery times; capacity is a power of two. */
  private items: unknown[] = new Array<unknown>(8);
  private times = new Float64Array(8);
  private first = 0;
  private count = 0;
  /** Generation of the one kernel event this direction may have pending; older events are stale. */
  gen = 0;
  scheduled = false;
  stalledSinceMicros = -1;
  lastDeliverAtMicros = 0;
  sent = 0;
  delivered = 0;

  constructor(
    readonly net: Network<M>,
    readonly conn: Connection<M>,
    readonly from: HostId,
    readonly to: HostId,
  ) {}

  get queued(): number {
    return this.count;
  }

  onEvent(arg: unknown): void {
    if (arg !== this.gen) return;
    this.scheduled = false;
    this.net.onDirectionEvent(this);
  }

  peekItem(): unknown {
    return this.items[this.first];
  }

  peekTime(): number {
    return this.times[this.first] as number;
  }

  setPeekTime(atMicros: number): void {
    this.times[this.first] = atMicros;
  }

  push(item: unknown, atMicros: number): void {
    if (this.count === this.items.length) this.grow();
    const at = (this.first + this.count) & (this.items.length - 1);
    this.items[at] = item;
    this.times[at] = atMicros;
    this.count += 1;
  }

  shift(): unknown {
    const item = this.items[this.first];
    this.items[this.first] = undefined;
    this.first = (this.first + 1) & (this.items.length - 1);
    this.count -= 1;
    return item;
  }

  /** Queued items that are messages (not control markers). */
  countMessages(): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) {
      if (!(this.items[(this.first + i) & (this.items.length - 1)] instanceof Marker)) n += 1;
    }
    return n;
  }

  clear(): void {
    this.items.fill(undefined);
    this.first = 0;
    this.count = 0;
    this.gen += 1;
    this.scheduled = false;
    this.stalledSinceMicros = -1;
  }

  private grow(): void {
    const capacity = this.items.length * 2;
    const items = new Array<unknown>(capacity);
    const times = new Float64Array(capacity);
    for (let i = 0; i < this.count; i++) {
      const from = (this.first + i) & (this.items.length - 1);
      items[i] = this.items[from];
      times[i] = this.times[from] as number;
    }
    this.items = items;
    this.times = times;
    this.first = 0;
  }
}

/**
 * One end of a connection, as its host sees it:
 * - none: the peer's SYN has not arrived (only the accepting end starts here);
 * - open: data is received and may be sent;
 * - closing: the connection ended at the OS level (FIN, reset, timeout) and a `closed` input is on its
 *   way to the actor, which may still send (dropped) until it sees it;
 * - done: the actor closed it, saw `closed`, or its host crashed; it must not use it again.
 */
type EndState = 'none' | 'open' | 'closing' | 'done';

class Connection<M> {
  readonly ab: Direction<M>;
  readonly ba: Direction<M>;
  aState: EndState = 'open';
  bState: EndState = 'none';

  constructor(net: Network<M>, readonly id: ConnId, readonly a: HostId, readonly b: HostId) {
    this.ab = new Direction(net, this, a, b);
    this.ba = new Direction(net, this, b, a);
  }

  stateAt(host: HostId): EndState {
    return host === this.a ? this.aState : this.bState;
  }

  isOpenAt(host: HostId): boolean {
    return this.stateAt(host) === 'open';
  }

  setState(host: HostId, state: EndState): void {
    if (host === this.a) this.aState = state;
    else this.bState = state;
  }

  /** The direction `host` sends on. */
  outOf(host: HostId): Direction<M> {
    if (!(host === this.a || host === this.b)) fail(`host ${host} is not an end of connection ${this.id}`);
    return host === this.a ? this.ab : this.ba;
  }

  peerOf(host: HostId): HostId {
    return host === this.a ? this.b : this.a;
  }

  /** Both ends are finished with it and nothing is in flight. */
  get finished(): boolean {
    const aDone = this.aState === 'none' || this.aState === 'done';
    const bDone = this.bState === 'none' || this.bState === 'done';
    return aDone && bDone && this.ab.queued === 0 && this.ba.queued === 0;
  }
}

export class Network<M> {
  private readonly options: NetworkOptions;
  private readonly conns = new Map<ConnId, Connection<M>>();
  private readonly connsByHost = new Map<HostId, Set<Connection<M>>>();
  private readonly blocked: Uint16Array;
  private readonly linkLatency = new Map<number, Latency>();
  private readonly partitions = new Map<PartitionId, { readonly pairs: readonly number[] }>();
  private readonly stalled = new Set<Direction<M>>();
  private clogs: Clog[] = [];
  private nextConnId = 1;
  private nextPartitionId = 1;
  messagesSent = 0;
  messagesDelivered = 0;
  messagesDropped = 0;

  constructor(
    private readonly kernel: Kernel,
    private readonly rng: Rng,
    private readonly tracer: Tracer<M>,
    private readonly hosts: NetworkHosts<M>,
    readonly maxHosts: number,
    options: Partial<NetworkOptions> = {},
  ) {
    this.options = { ...DEFAULT_NETWORK_OPTIONS, ...options };
    assertLatency(this.options.latency);
    assert(maxHosts > 0 && maxHosts <= 4096, 'maxHosts is within 1..4096');
    this.blocked = new Uint16Array(maxHosts * maxHosts);
  }

  // ---- what actors do (through their Env) ----

  connect(from: HostId, to: HostId): ConnId {
    if (from === to) fail(`host ${from} cannot connect to itself`);
    this.assertHost(to);
    const conn = new Connection(this, this.nextConnId++ as ConnId, from, to);
    this.conns.set(conn.id, conn);
    this.hostConns(from).add(conn);
    this.tracer.conn(this.kernel.now, conn.id, from, to, 'connect');
    this.enqueue(conn.ab, SYN);
    return conn.id;
  }

  send(from: HostId, connId: ConnId, msg: M): void {
    const conn = this.conns.get(connId);
    const state = conn?.stateAt(from);
    if (conn === undefined || (state !== 'open' && state !== 'closing')) {
      fail(`host ${from} sent on connection ${connId}, which it does not have open`);
    }
    if (state === 'closing') {
      // The connection ended but the actor has not been told yet; TCP would accept the write and drop it.
      this.messagesDropped += 1;
      return;
    }
    const dir = conn.outOf(from);
    dir.sent += 1;
    this.messagesSent += 1;
    this.tracer.send(this.kernel.now, conn.id, from, dir.to, dir.sent, msg);
    this.enqueue(dir, msg);
  }

  /** A graceful close: the peer gets everything sent so far, then `closed(eof)`. */
  close(host: HostId, connId: ConnId): void {
    const conn = this.conns.get(connId);
    const state = conn?.stateAt(host);
    if (conn === undefined || (state !== 'open' && state !== 'closing')) {
      fail(`host ${host} closed connection ${connId}, which it does not have open`);
    }
    this.finishEnd(conn, host);
    if (state === 'open') {
      this.dropQueued(conn.outOf(conn.peerOf(host)));
      this.enqueue(conn.outOf(host), FIN);
    }
    this.forgetIfDone(conn);
  }

  /**
   * Whether an input about a connection may still reach the actor when it is processed, which for a paused
   * host is later than it arrived: nothing reaches an end the actor closed, and a `closed` input, once
   * seen, finishes the end.
   */
  admit(host: HostId, connId: ConnId, kind: 'message' | 'accepted' | 'connected' | 'closed'): boolean {
    const conn = this.conns.get(connId);
    if (conn === undefined) return false;
    const state = conn.stateAt(host);
    if (kind !== 'closed') return state === 'open' || state === 'closing';
    if (state !== 'closing') return false;
    this.finishEnd(conn, host);
    this.forgetIfDone(conn);
    return true;
  }

  // ---- faults ----

  /** Cuts every link from `from` to `to` (and back, unless one-way). Overlapping cuts stack. */
  partition(from: readonly HostId[], to: readonly HostId[], oneWay = false): PartitionId {
    const pairs: number[] = [];
    for (const f of from) {
      for (const t of to) {
        if (f === t) continue;
        pairs.push(this.linkKey(f, t));
        if (!oneWay) pairs.push(this.linkKey(t, f));
      }
    }
    for (const key of pairs) this.blocked[key] = (this.blocked[key] as number) + 1;
    const id = this.nextPartitionId++;
    this.partitions.set(id, { pairs });
    this.tracer.fault(this.kernel.now, 'partition', { id, from: [...from], to: [...to], oneWay });
    return id;
  }

  heal(id: PartitionId): void {
    const partition = this.partitions.get(id);
    if (partition === undefined) fail(`no partition ${id} to heal`);
    for (const key of partition.pairs) {
      assert((this.blocked[key] as number) > 0, 'a healed link was cut');
      this.blocked[key] = (this.blocked[key] as number) - 1;
    }
    this.partitions.delete(id);
    this.tracer.fault(this.kernel.now, 'heal', { id });
    this.releaseStalled();
  }

  healAll(): void {
    for (const id of [...this.partitions.keys()]) this.heal(id);
  }

  get activePartitions(): number {
    return this.partitions.size;
  }

  isBlocked(from: HostId, to: HostId): boolean {
    return (this.blocked[this.linkKey(from, to)] as number) > 0;
  }

  setLinkLatency(from: HostId, to: HostId, latency: Latency): void {
    assertLatency(latency);
    this.linkLatency.set(this.linkKey(from, to), latency);
  }

  /** Adds `extra` latency to messages sent from `from` to `to` until `untilMicros`. */
  clog(from: readonly HostId[], to: readonly HostId[], extra: Latency, untilMicros: number): void {
    assertLatency(extra);
    assert(untilMicros >= this.kernel.now, 'a clog ends in the future');
    this.clogs.push({ from: new Set(from), to: new Set(to), extra, untilMicros });
    this.tracer.fault(this.kernel.now, 'clog', { from: [...from], to: [...to], untilMicros });
  }

  /** Ends every clog now (messages already sent keep the delay they drew). */
  unclogAll(): void {
    if (this.clogs.length === 0) return;
    this.clogs = [];
    this.tracer.fault(this.kernel.now, 'unclog', {});
  }

  /** A latency spike: every message sent until `untilMicros`, on every link, takes `extra` longer. */
  spike(extra: Latency, untilMicros: number): void {
    const all = Array.from({ length: this.maxHosts }, (_, i) => i as HostId);
    this.clog(all, all, extra, untilMicros);
  }

  /** Resets one connection now: both ends learn of it, everything in flight is lost. */
  reset(connId: ConnId, reason: CloseReason = 'reset'): void {
    const conn = this.conns.get(connId);
    if (conn === undefined) return;
    this.tracer.fault(this.kernel.now, 'reset', { conn: connId, reason });
    this.resetConnection(conn, reason);
  }

  /**
   * Resets every connection between `a` and `b`, whichever end opened it and whatever state each end is
   * in (one end may already be closed or crashed, or not yet have accepted): all of them, not only those
   * with an open end at `a`.
   */
  resetBetween(a: HostId, b: HostId): void {
    for (const conn of [...this.conns.values()]) {
      if ((conn.a === a && conn.b === b) || (conn.a === b && conn.b === a)) this.reset(conn.id);
    }
  }

  // ---- host lifecycle (from the simulation) ----

  /**
   * The host lost power: its ends are gone. What it sent before still travels and is followed by a
   * reset, as the rebooted machine's RST would be; nothing more reaches it.
   */
  hostCrashed(host: HostId): void {
    for (const conn of [...this.hostConns(host)]) {
      const wasOpen = conn.isOpenAt(host);
      conn.setState(host, 'done');
      this.dropQueued(conn.outOf(conn.peerOf(host)));
      if (wasOpen) this.enqueue(conn.outOf(host), RST);
      this.forgetIfDone(conn);
    }
    this.connsByHost.delete(host);
  }

  /** A host came up: connection attempts that were waiting for it may go on. */
  hostStarted(): void {
    this.releaseStalled();
  }

  openConnections(host: HostId): ConnId[] {
    return [...this.hostConns(host)].filter((c) => c.isOpenAt(host)).map((c) => c.id);
  }

  // ---- the delivery engine ----

  onDirectionEvent(dir: Direction<M>): void {
    if (dir.stalledSinceMicros >= 0) {
      this.checkStall(dir);
      return;
    }
    if (dir.queued === 0) return;
    if (!this.canPass(dir)) {
      this.stall(dir);
      return;
    }
    const item = dir.shift();
    this.deliver(dir, item);
    if (dir.queued > 0 && !dir.scheduled) {
      this.schedule(dir, Math.max(dir.peekTime(), this.kernel.now));
    }
    this.forgetIfDone(dir.conn);
  }

  /** A connection with both ends closed and nothing left in flight is forgotten. */
  private forgetIfDone(conn: Connection<M>): void {
    if (conn.finished) this.conns.delete(conn.id);
  }

  private deliver(dir: Direction<M>, item: unknown): void {
    const conn = dir.conn;
    const to = dir.to;
    if (item instanceof Marker) {
      this.deliverMarker(conn, dir, item);
      return;
    }
    if (!conn.isOpenAt(to)) {
      this.messagesDropped += 1;
      return;
    }
    dir.delivered += 1;
    this.messagesDelivered += 1;
    this.tracer.deliver(this.kernel.now, conn.id, dir.from, to, dir.delivered, item as M);
    this.hosts.input(to, { kind: 'message', conn: conn.id, peer: dir.from, msg: item as M });
  }

  private deliverMarker(conn: Connection<M>, dir: Direction<M>, marker: Marker): void {
    const now = this.kernel.now;
    const to = dir.to;
    switch (marker.name) {
      case 'SYN':
        // The peer is up (canPass checked it): its OS accepts and answers.
        if (conn.bState !== 'none') fail(`connection ${conn.id} was accepted twice`);
        conn.bState = 'open';
        this.hostConns(to).add(conn);
        this.tracer.conn(now, conn.id, to, dir.from, 'accept');
        this.enqueue(conn.ba, SYNACK);
        this.hosts.input(to, { kind: 'accepted', conn: conn.id, peer: dir.from });
        return;
      case 'SYNACK':
        if (!conn.isOpenAt(to)) return;
        this.tracer.conn(now, conn.id, to, dir.from, 'connected');
        this.hosts.input(to, { kind: 'connected', conn: conn.id, peer: dir.from });
        return;
      case 'FIN':
        this.endLearns(conn, to, 'eof');
        return;
      case 'RST':
        this.endLearns(conn, to, 'reset');
        return;
    }
  }

  /** One end learns that the connection is over: its actor gets `closed` (now, or after a pause). */
  private endLearns(conn: Connection<M>, host: HostId, reason: CloseReason): void {
    if (conn.isOpenAt(host)) {
      conn.setState(host, 'closing');
      this.dropQueued(conn.outOf(conn.peerOf(host)));
      this.tracer.conn(this.kernel.now, conn.id, host, conn.peerOf(host), reason);
      this.hosts.input(host, { kind: 'closed', conn: conn.id, peer: conn.peerOf(host), reason });
    }
    this.forgetIfDone(conn);
  }

  private finishEnd(conn: Connection<M>, host: HostId): void {
    conn.setState(host, 'done');
    this.connsByHost.get(host)?.delete(conn);
  }

  private resetConnection(conn: Connection<M>, reason: CloseReason): void {
    conn.ab.clear();
    conn.ba.clear();
    this.stalled.delete(conn.ab);
    this.stalled.delete(conn.ba);
    this.endLearns(conn, conn.a, reason);
    this.endLearns(conn, conn.b, reason);
  }

  private canPass(dir: Direction<M>): boolean {
    if (this.isBlocked(dir.from, dir.to)) return false;
    // A connection attempt to a machine that is down goes unanswered, as if the link were cut.
    return dir.peekItem() !== SYN || this.hosts.isUp(dir.to);
  }

  private stall(dir: Direction<M>): void {
    const now = this.kernel.now;
    if (dir.stalledSinceMicros < 0) dir.stalledSinceMicros = now;
    this.stalled.add(dir);
    const limit = dir.peekItem() === SYN ? this.options.connectTimeoutMicros : this.options.stallResetMicros;
    this.schedule(dir, dir.stalledSinceMicros + limit);
  }

  private checkStall(dir: Direction<M>): void {
    const limit = dir.peekItem() === SYN ? this.options.connectTimeoutMicros : this.options.stallResetMicros;
    if (this.canPass(dir)) {
      this.unstall(dir);
      return;
    }
    assert(this.kernel.now >= dir.stalledSinceMicros + limit, 'a stall check fires at its deadline');
    this.resetConnection(dir.conn, 'timeout');
  }

  private releaseStalled(): void {
    for (const dir of [...this.stalled]) {
      if (this.canPass(dir)) this.unstall(dir);
    }
  }

  /** Held traffic flows again, as a retransmission would: the head leaves now with a fresh latency. */
  private unstall(dir: Direction<M>): void {
    this.stalled.delete(dir);
    dir.stalledSinceMicros = -1;
    if (dir.queued === 0) return;
    const at = this.kernel.now + this.latencyMicros(dir.from, dir.to);
    dir.setPeekTime(at);
    if (dir.lastDeliverAtMicros < at) dir.lastDeliverAtMicros = at;
    this.schedule(dir, at);
  }

  private enqueue(dir: Direction<M>, item: unknown): void {
    if (dir.queued >= this.options.maxQueuedPerDirection) {
      fail(`more than ${this.options.maxQueuedPerDirection} messages queued from host ${dir.from} to ${dir.to}`);
    }
    const at = Math.max(this.kernel.now + this.latencyMicros(dir.from, dir.to), dir.lastDeliverAtMicros);
    dir.lastDeliverAtMicros = at;
    dir.push(item, at);
    if (!dir.scheduled && dir.stalledSinceMicros < 0) this.schedule(dir, dir.peekTime());
  }

  private schedule(dir: Direction<M>, atMicros: number): void {
    dir.gen += 1;
    dir.scheduled = true;
    this.kernel.at(atMicros, dir, dir.gen);
  }

  private dropQueued(dir: Direction<M>): void {
    this.messagesDropped += dir.countMessages();
    dir.clear();
    this.stalled.delete(dir);
  }

  private latencyMicros(from: HostId, to: HostId): number {
    const base = this.linkLatency.size === 0
      ? this.options.latency
      : this.linkLatency.get(this.linkKey(from, to)) ?? this.options.latency;
    let micros = drawLatencyMicros(this.rng, base);
    if (this.clogs.length > 0) micros += this.clogExtraMicros(from, to);
    return micros;
  }

  private clogExtraMicros(from: HostId, to: HostId): number {
    const now = this.kernel.now;
    let expired = false;
    for (const clog of this.clogs) expired ||= clog.untilMicros <= now;
    if (expired) this.clogs = this.clogs.filter((c) => c.untilMicros > now);
    let extra = 0;
    for (const clog of this.clogs) {
      if (clog.from.has(from) && clog.to.has(to)) extra += drawLatencyMicros(this.rng, clog.extra);
    }
    return extra;
  }

  private hostConns(host: HostId): Set<Connection<M>> {
    let set = this.connsByHost.get(host);
    if (set === undefined) {
      set = new Set();
      this.connsByHost.set(host, set);
    }
    return set;
  }

  private linkKey(from: HostId, to: HostId): number {
    this.assertHost(from);
    this.assertHost(to);
    return from * this.maxHosts + to;
  }

  private assertHost(host: HostId): void {
    if (!(Number.isInteger(host) && host >= 0 && host < this.maxHosts)) fail(`no host ${host}`);
  }
}
