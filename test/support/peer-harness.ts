// A hand-stepped world for whole ensemble members, in the style of etcd-raft's InteractionEnv: N real
// QuorumPeers (Fast Leader Election, then the Zab roles Leader and Learner, then client service) on a
// fake environment that moves only when the test says so. It exists so that the interaction tests can
// show Zab's discovery, sync and broadcast message by message, with the disk in the picture, and pin
// each run in a golden transcript.
//
//  - Clock: one fake clock in microseconds, the same for every host; `advance(ms)` fires the timers that
//    fall due in (time, server id, timer id) order.
//  - Network: connections are FIFO per direction. Connection set-up ('accepted' at the listener,
//    'connected' at the opener) and 'closed' notifications are delivered automatically, in order, right
//    after the step that caused them; every *message* waits until the test delivers it (`deliver`,
//    `deliverAll`) or drops it (`drop`). A connection to a server that is down fails (closed at the
//    opener). A graceful close reaches the other end after everything sent before it; a crash resets
//    every connection of the crashed server and loses what was in flight on them.
//  - Disk: a fake ZkDisk per server with a page-cache view (what read/list/sizeBytes return) and a durable
//    view. Data writes become durable when a later fsync of the file completes; create, rename and delete
//    when they complete. Operations complete in issue order, either when the test says (`completeDisk`,
//    in 'manual' mode) or right after the step that issued them ('auto' mode, the default, which keeps
//    transcripts short where the disk is not the point). A crash reverts the page cache to the durable
//    view and voids pending operations.
//  - Clients: a raw client host speaks the wire protocol (ConnectRequest, requests); replies are
//    messages like any other.
//
// Every command, delivered message, fired timer, disk completion and peer event goes to a transcript.
// Election traffic is summarised by `elect()` (only the peers' state changes are shown); Fast Leader
// Election's own events are shown only after `showElectionDetail()`.
import { Rng } from '../../src/sim/index.ts';
import type { ConnId, DiskOpId, HostId, JsonValue, TimerId, Zxid } from '../../src/base/index.ts';
import { describeWire, describeEnsembleMessage } from '../../src/cluster/describe.ts';
import { describeEvent } from '../../src/zk/election/index.ts';
import type { ElectionEvent } from '../../src/zk/election/index.ts';
import type { ClientRequest, WireMessage } from '../../src/zk/protocol/index.ts';
import { QuorumPeer, zkStorage } from '../../src/zk/server/index.ts';
import type { EnsembleMessage, PeerConfig, PeerTimerTag } from '../../src/zk/server/index.ts';
import { decodeSnapshot, parseLogFileName, parseSnapshotFileName, readLogFiles } from '../../src/zk/storage/index.ts';
import type { CloseReason, DiskOpKind, DiskOutcome, ZkDisk, ZkEnv, ZkInput } from '../../src/zk/io.ts';
import { decodeEpochFile } from '../../src/zk/zab/index.ts';
import type { QuorumSpec, ServerId, ZabEvent, ZabTiming } from '../../src/zk/zab/index.ts';

/** A server by its id, or a client host by its name. */
export type Endpoint = ServerId | string;

export type DiskMode = 'auto' | 'manual';

export interface PeerHarnessOptions {
  /** Voters are servers 1..voters; observers follow them. */
  readonly voters: number;
  readonly observers?: number;
  readonly zab?: Partial<ZabTiming>;
  readonly sync?: PeerConfig['sync'];
  readonly server?: PeerConfig['server'];
}

export interface RecordedEvent {
  readonly sid: ServerId;
  readonly atMicros: number;
  readonly data: Readonly<Record<string, JsonValue>>;
}

type PeerInput = ZkInput<EnsembleMessage, PeerTimerTag, never>;
type ConnKind = 'election' | 'quorum' | 'client';

const MAX_STEPS = 100_000;
const CLIENT_HOST_BASE = 1000;
const WORLD_ANYONE = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }] as const;
/** How to read a transcript, below each test's own comment. */
const LEGEND = [
  '',
  'Reading it: "@t ..." is a command at time t; "  a -> b: ..." a message delivered to b; "    n: ..." an',
  'event of server n; "    disk n: ..." operations of n\'s disk completing on their own, "  disk n: ..."',
  'one the test completed; "  n: ... closed" a connection end of n learning that it closed.',
];
const ELECTION_EVENTS: ReadonlySet<string> = new Set([
  'election-started', 'vote-sent', 'proposal-changed', 'notification-ignored', 'established-vote-counted', 'quorum-reached',
  'finalize-interrupted', 'notification-timeout', 'vote-won',
]);

// ---- the fake disk ---------------------------------------------------------------------------------------

type Change =
  | { readonly kind: 'write'; readonly seq: number; readonly offset: number; readonly bytes: Uint8Array }
  | { readonly kind: 'truncate'; readonly seq: number; readonly length: number };

/** A file's bytes as reads see them (`current`) and as a crash would leave them (`durable`). */
class Inode {
  current: Uint8Array;
  durable: Uint8Array;
  unsynced: Change[] = [];
  nextSeq = 1;

  constructor(durable: Uint8Array = new Uint8Array()) {
    this.durable = durable;
    this.current = durable.slice();
  }
}

function applyChange(bytes: Uint8Array, change: Change): Uint8Array {
  if (change.kind === 'truncate') {
    const out = new Uint8Array(change.length);
    out.set(bytes.subarray(0, Math.min(bytes.length, change.length)));
    return out;
  }
  const out = new Uint8Array(Math.max(bytes.length, change.offset + change.bytes.length));
  out.set(bytes);
  out.set(change.bytes, change.offset);
  return out;
}

export interface PendingDiskOp {
  readonly id: DiskOpId;
  readonly kind: DiskOpKind;
  readonly file: string;
  /** `fsync log.100000001`, `rename currentEpoch.tmp>currentEpoch`. */
  readonly text: string;
  readonly outcome: DiskOutcome;
  readonly complete: (() => void) | undefined;
}

/** One server's data directory (it outlives the peer on it). */
export class FakeDisk implements ZkDisk {
  private names = new Map<string, Inode>();
  private durableNames = new Map<string, Inode>();
  private pendingOps: PendingDiskOp[] = [];
  private nextOpId = 1;
  /** Called with each operation as it is issued. */
  onIssue: (op: PendingDiskOp) => void = () => {};

  read(file: string): Uint8Array | undefined {
    return this.names.get(file)?.current.slice();
  }

  sizeBytes(file: string): number | undefined {
    return this.names.get(file)?.current.length;
  }

  list(): string[] {
    return [...this.names.keys()].sort();
  }

  append(file: string, bytes: Uint8Array): DiskOpId {
    return this.writeAt('append', file, this.names.get(file)?.current.length ?? 0, bytes);
  }

  write(file: string, offsetBytes: number, bytes: Uint8Array): DiskOpId {
    return this.writeAt('write', file, offsetBytes, bytes);
  }

  truncate(file: string, lengthBytes: number): DiskOpId {
    const inode = this.names.get(file);
    if (inode === undefined) return this.issue('truncate', file, `truncate ${file}`, 'ENOENT', undefined);
    this.change(inode, { kind: 'truncate', seq: inode.nextSeq++, length: lengthBytes });
    return this.issue('truncate', file, `truncate ${file} to ${lengthBytes}`, 'ok', undefined);
  }

  fsync(file: string): DiskOpId {
    const inode = this.names.get(file);
    if (inode === undefined) return this.issue('fsync', file, `fsync ${file}`, 'ENOENT', undefined);
    const upToSeq = inode.nextSeq - 1;
    return this.issue('fsync', file, `fsync ${file}`, 'ok', () => makeDurable(inode, upToSeq));
  }

  rename(from: string, to: string): DiskOpId {
    const inode = this.names.get(from);
    if (inode === undefined) return this.issue('rename', from, `rename ${from}`, 'ENOENT', undefined);
    this.names.delete(from);
    this.names.set(to, inode);
    return this.issue('rename', from, `rename ${from}>${to}`, 'ok', () => {
      if (this.durableNames.get(from) === inode) this.durableNames.delete(from);
      this.durableNames.set(to, inode);
    });
  }

  delete(file: string): DiskOpId {
    const inode = this.names.get(file);
    if (inode === undefined) return this.issue('delete', file, `delete ${file}`, 'ENOENT', undefined);
    this.names.delete(file);
    return this.issue('delete', file, `delete ${file}`, 'ok', () => {
      if (this.durableNames.get(file) === inode) this.durableNames.delete(file);
    });
  }

  /** Operations issued and not completed, oldest first. */
  get pending(): readonly PendingDiskOp[] {
    return this.pendingOps;
  }

  /** Completes the oldest pending operation (its effect on the durable view happens now). */
  completeOldest(): PendingDiskOp | undefined {
    const op = this.pendingOps.shift();
    op?.complete?.();
    return op;
  }

  /** Power loss: pending operations are void and every file goes back to its durable bytes. */
  crash(): number {
    const lost = this.pendingOps.length;
    this.pendingOps = [];
    const rebuilt = new Map<Inode, Inode>();
    const survivors = new Map<string, Inode>();
    for (const [name, inode] of this.durableNames) {
      const next = rebuilt.get(inode) ?? new Inode(inode.durable.slice());
      rebuilt.set(inode, next);
      survivors.set(name, next);
    }
    this.durableNames = survivors;
    this.names = new Map(survivors);
    return lost;
  }

  /** Every file as reads see it. */
  files(): Map<string, Uint8Array> {
    return new Map(this.list().map((name) => [name, this.read(name) ?? new Uint8Array()]));
  }

  /** Every file as it would survive a crash now. */
  durableFiles(): Map<string, Uint8Array> {
    const names = [...this.durableNames.keys()].sort();
    return new Map(names.map((name) => [name, (this.durableNames.get(name) as Inode).durable.slice()]));
  }

  private writeAt(kind: 'append' | 'write', file: string, offset: number, bytes: Uint8Array): DiskOpId {
    let inode = this.names.get(file);
    let created: Inode | undefined;
    if (inode === undefined) {
      inode = new Inode();
      created = inode;
      this.names.set(file, inode);
    }
    this.change(inode, { kind: 'write', seq: inode.nextSeq++, offset, bytes: bytes.slice() });
    const complete = created === undefined ? undefined : (): void => {
      if (!this.durableNames.has(file)) this.durableNames.set(file, created);
    };
    return this.issue(kind, file, `${kind} ${file}`, 'ok', complete);
  }

  private change(inode: Inode, change: Change): void {
    inode.unsynced.push(change);
    inode.current = applyChange(inode.current, change);
  }

  private issue(kind: DiskOpKind, file: string, text: string, outcome: DiskOutcome, complete: (() => void) | undefined): DiskOpId {
    const op: PendingDiskOp = { id: this.nextOpId++ as DiskOpId, kind, file, text, outcome, complete };
    this.pendingOps.push(op);
    this.onIssue(op);
    return op.id;
  }
}

function makeDurable(inode: Inode, upToSeq: number): void {
  let applied = 0;
  for (const change of inode.unsynced) {
    if (change.seq > upToSeq) break;
    inode.durable = applyChange(inode.durable, change);
    applied += 1;
  }
  inode.unsynced.splice(0, applied);
}

// ---- the network -----------------------------------------------------------------------------------------

interface Conn {
  readonly id: ConnId;
  readonly opener: Endpoint;
  readonly listener: Endpoint;
  /** Set by the first message sent on it. */
  kind: ConnKind | undefined;
  /** Ends whose actor may still use it (not closed by it, not told it closed, not crashed). */
  readonly live: Set<Endpoint>;
  /** Ends that closed gracefully: the other end learns it after what they sent before. */
  readonly finFrom: Set<Endpoint>;
  /** Ends a 'closed' input is scheduled for. */
  readonly closing: Set<Endpoint>;
}

export interface InFlight {
  readonly seq: number;
  readonly conn: Conn;
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly msg: EnsembleMessage;
}

type Auto =
  | { readonly kind: 'input'; readonly to: Endpoint; readonly incarnation: number; readonly conn: Conn; readonly input: PeerInput }
  | { readonly kind: 'disk'; readonly sid: ServerId; readonly incarnation: number };

interface Server {
  readonly sid: ServerId;
  readonly host: HostId;
  readonly disk: FakeDisk;
  peer: QuorumPeer | undefined;
  incarnation: number;
  diskMode: DiskMode;
}

interface Timer {
  readonly id: TimerId;
  readonly sid: ServerId;
  readonly incarnation: number;
  readonly dueMicros: number;
  readonly tag: PeerTimerTag;
}

interface Client {
  readonly name: string;
  readonly host: HostId;
  conn: Conn | undefined;
  readonly received: WireMessage[];
}

// ---- the harness -----------------------------------------------------------------------------------------

export class PeerHarness {
  nowMicros = 0;
  /** Every event any peer emitted, in order (for assertions beside the transcript). */
  readonly events: RecordedEvent[] = [];
  readonly quorum: QuorumSpec;
  private readonly lines: string[] = [];
  private readonly servers = new Map<ServerId, Server>();
  private readonly hosts = new Map<ServerId, HostId>();
  private readonly clients = new Map<string, Client>();
  private readonly endpointOfHost = new Map<HostId, Endpoint>();
  private readonly conns = new Map<ConnId, Conn>();
  private readonly inFlight: InFlight[] = [];
  private readonly auto: Auto[] = [];
  private timers: Timer[] = [];
  private nextConnId = 1;
  private nextTimerId = 1;
  private nextSeq = 1;
  private quietDepth = 0;
  private summarising = false;
  private electionDetail = false;
  /** Auto-mode disk completions not yet written out: one line per server and burst. */
  private diskLine: { readonly sid: ServerId; readonly ops: string[] } | undefined;

  /** `about` is the test's opening comment: what it shows and why, one line per entry. */
  constructor(private readonly options: PeerHarnessOptions, about: readonly string[]) {
    const voters = range(1, options.voters);
    const observers = range(options.voters + 1, options.observers ?? 0);
    this.quorum = { kind: 'majority', voters, observers };
    for (const sid of [...voters, ...observers]) {
      const host = sid as HostId;
      const disk = new FakeDisk();
      const server: Server = { sid, host, disk, peer: undefined, incarnation: 0, diskMode: 'auto' };
      disk.onIssue = () => this.onDiskIssued(server);
      this.servers.set(sid, server);
      this.hosts.set(sid, host);
      this.endpointOfHost.set(host, sid);
    }
    for (const line of [...about, ...LEGEND]) this.lines.push(`# ${line}`.trimEnd());
    const obs = observers.length === 0 ? '' : `, observers ${observers.join(' ')}`;
    this.lines.push(`ensemble: voters ${voters.join(' ')}${obs}; ${this.knobs()}`);
  }

  // ---- commands: lifecycle ------------------------------------------------------------------------------

  /** A comment in the transcript, to say what the next commands are for. */
  note(text: string): void {
    this.flushDisk();
    this.lines.push('', `# ${text}`);
  }

  /** Runs `body` without writing its steps to the transcript (set-up that is not the point of the test). */
  quietly(summary: string, body: () => void): void {
    this.command(`${summary} (steps not shown)`);
    this.quietDepth++;
    try {
      body();
    } finally {
      this.flushDisk();
      this.quietDepth--;
    }
  }

  /** Starts servers that were never started, in the order given (each loads its disk and looks for a leader). */
  start(...sids: ServerId[]): void {
    this.command(`start ${sids.join(' ')}`);
    for (const sid of sids) {
      if (this.server(sid).incarnation !== 0) throw new Error(`server ${sid} was started before: restart it`);
      this.boot(sid);
    }
  }

  /** The server's process dies: connections reset, in-flight messages lost, page cache back to durable. */
  crash(sid: ServerId): void {
    const s = this.upServer(sid);
    s.peer = undefined;
    this.timers = this.timers.filter((t) => t.sid !== sid);
    const lostDisk = s.disk.crash();
    let lostMessages = 0;
    for (const conn of this.connsOf(sid)) lostMessages += this.reset(conn, sid);
    const lost = [lostMessages > 0 ? `${lostMessages} messages in flight lost` : '', lostDisk > 0 ? `${lostDisk} disk ops lost` : '']
      .filter((x) => x !== '');
    this.command(`crash ${sid}${lost.length > 0 ? ` (${lost.join(', ')})` : ''}`);
    this.drain();
  }

  /** A new process on the same disk: a new QuorumPeer, stepped with `start`. */
  restart(sid: ServerId): void {
    if (this.server(sid).peer !== undefined) throw new Error(`server ${sid} is up`);
    this.command(`restart ${sid}`);
    this.boot(sid);
  }

  /** How a server's disk operations complete from now on. */
  diskMode(sid: ServerId, mode: DiskMode): void {
    this.command(`disk ${sid} ${mode}`);
    const s = this.server(sid);
    s.diskMode = mode;
    if (mode === 'auto') for (let k = 0; k < s.disk.pending.length; k++) this.auto.push({ kind: 'disk', sid, incarnation: s.incarnation });
    this.drain();
  }

  /** From now on, Fast Leader Election's own events are written out too. */
  showElectionDetail(): void {
    this.electionDetail = true;
  }

  // ---- commands: time, network, disk ---------------------------------------------------------------------

  /** Moves the clock forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.nowMicros + ms * 1000;
    this.command(`advance ${ms}ms`);
    for (let t = this.nextTimer(); t !== undefined && t.dueMicros <= target; t = this.nextTimer()) this.fire(t);
    this.nowMicros = target;
  }

  /** Delivers the oldest `n` messages pending from `from` to `to` (over any of their connections). */
  deliver(from: Endpoint, to: Endpoint, n = 1): void {
    this.command(n === 1 ? `deliver ${from}->${to}` : `deliver ${from}->${to} x${n}`);
    for (let k = 0; k < n; k++) {
      const i = this.inFlight.findIndex((m) => m.from === from && m.to === to);
      if (i < 0) throw new Error(`no message pending from ${from} to ${to}`);
      this.deliverAt(i);
    }
  }

  /**
   * Delivers pending messages, oldest first, including those sent meanwhile, until none is left (or
   * only those `filter` rejects). Time does not move.
   */
  deliverAll(filter: (m: InFlight) => boolean = () => true, label = 'deliver-all'): void {
    this.command(label);
    for (let steps = 0; ; steps++) {
      if (steps >= MAX_STEPS) throw new Error(`deliver-all did not settle within ${MAX_STEPS} deliveries`);
      const i = this.inFlight.findIndex(filter);
      if (i < 0) return;
      this.deliverAt(i);
    }
  }

  /** Delivers everything pending between the given endpoints only. */
  deliverAmong(...endpoints: Endpoint[]): void {
    this.deliverAll((m) => endpoints.includes(m.from) && endpoints.includes(m.to), `deliver-all among ${endpoints.join(' ')}`);
  }

  /** Drops the oldest `n` messages pending from `from` to `to` (all of them when `n` is not given). */
  drop(from: Endpoint, to: Endpoint, n = Number.POSITIVE_INFINITY): void {
    this.command(`drop ${from}->${to}${Number.isFinite(n) ? ` x${n}` : ''}`);
    let dropped = 0;
    for (let i = this.inFlight.findIndex((m) => m.from === from && m.to === to); i >= 0 && dropped < n;
      i = this.inFlight.findIndex((m) => m.from === from && m.to === to)) {
      const [m] = this.inFlight.splice(i, 1);
      if (m === undefined) break;
      dropped++;
      this.out(`  ${from} -> ${to}: ${describeEnsembleMessage(m.msg)} (dropped)`);
      this.finishedSending(m.conn, from);
    }
    if (dropped === 0) throw new Error(`no message pending from ${from} to ${to}`);
    this.drain();
  }

  /**
   * Fast Leader Election to the end: delivers election traffic only (firing election timers when nothing
   * is in flight) until every server that is up has decided and no election message is pending. Only the
   * peers' state changes and the timers are written out, and how many election messages went.
   */
  elect(): void {
    this.command('elect');
    this.summarising = true;
    let delivered = 0;
    try {
      for (let steps = 0; ; steps++) {
        if (steps >= MAX_STEPS) throw new Error(`elect did not finish within ${MAX_STEPS} steps`);
        const i = this.inFlight.findIndex((m) => isElectionMessage(m.msg));
        if (i >= 0) {
          this.deliverAt(i);
          delivered++;
          continue;
        }
        if (this.upServers().every((s) => s.peer?.state !== 'LOOKING')) break;
        const next = this.nextTimer();
        if (next?.tag !== 'election') throw new Error(`elect: stuck, next timer is ${next === undefined ? 'none' : next.tag}`);
        this.fire(next);
      }
    } finally {
      this.summarising = false;
    }
    this.out(`  (${delivered} election messages delivered)`);
  }

  /** Completes the oldest `n` pending disk operations of a server, in issue order. */
  completeDisk(sid: ServerId, n = 1): void {
    this.command(n === 1 ? `complete disk ${sid}` : `complete disk ${sid} x${n}`);
    for (let k = 0; k < n; k++) {
      if (this.upServer(sid).disk.pending.length === 0) throw new Error(`no disk operation pending on ${sid}`);
      this.completeOne(sid, false);
      this.drain();
    }
  }

  // ---- commands: clients ---------------------------------------------------------------------------------

  /** A client host opens a connection to a server and sends a ConnectRequest for a new session. */
  clientConnect(name: string, sid: ServerId): void {
    if (this.clients.has(name)) throw new Error(`client ${name} exists`);
    const host = (CLIENT_HOST_BASE + this.clients.size) as HostId;
    const client: Client = { name, host, conn: undefined, received: [] };
    this.clients.set(name, client);
    this.endpointOfHost.set(host, name);
    this.command(`client ${name} connects to ${sid}`);
    client.conn = this.open(name, sid);
    this.send(client.conn, name, {
      type: 'connect', protocolVersion: 0, lastZxidSeen: 0 as Zxid, timeoutMs: 10_000, sessionId: 0, passwd: '', readOnly: false,
    });
    this.drain();
  }

  /** The client sends a request on its connection. */
  clientRequest(name: string, xid: number, request: ClientRequest): void {
    const client = this.client(name);
    const msg: WireMessage = { type: 'request', xid, request };
    this.command(`client ${name} sends ${describeWire(msg)}`);
    if (client.conn === undefined || !client.conn.live.has(name)) throw new Error(`client ${name} has no connection`);
    this.send(client.conn, name, msg);
  }

  /** A `create` of a persistent node open to anyone, as the client library would send it. */
  static create(path: string, data = ''): ClientRequest {
    return { op: 'create', path, data: new TextEncoder().encode(data), acl: WORLD_ANYONE, flags: 0 };
  }

  // ---- commands: inspection ------------------------------------------------------------------------------

  /** Prints what is in flight, in send order. */
  pending(): void {
    this.command('pending');
    if (this.inFlight.length === 0) this.out('  (nothing)');
    for (const m of this.inFlight) this.out(`  ${m.from} -> ${m.to}: ${describeEnsembleMessage(m.msg)}`);
  }

  /** Prints a server's pending disk operations. */
  pendingDisk(sid: ServerId): void {
    this.command(`pending disk ${sid}`);
    const ops = this.upServer(sid).disk.pending;
    this.out(ops.length === 0 ? '  (nothing)' : `  ${ops.map((op) => op.text).join(', ')}`);
  }

  /** Prints each server's state, epochs, last applied zxid and whether it serves clients. */
  status(): void {
    this.command('status');
    for (const s of this.servers.values()) this.out(`  ${this.statusLine(s)}`);
  }

  /** Prints a server's files as reads see them: epochs, snapshot zxids, log records; `*` marks unsynced bytes. */
  files(sid: ServerId): void {
    this.command(`files ${sid}`);
    const disk = this.server(sid).disk;
    const durable = disk.durableFiles();
    for (const [name, bytes] of disk.files()) {
      const synced = sameBytes(durable.get(name), bytes) ? '' : ' *';
      this.out(`  ${name}: ${describeFile(name, bytes)}${synced}`);
    }
  }

  // ---- queries for assertions ------------------------------------------------------------------------------

  peer(sid: ServerId): QuorumPeer {
    const peer = this.server(sid).peer;
    if (peer === undefined) throw new Error(`server ${sid} is down`);
    return peer;
  }

  disk(sid: ServerId): FakeDisk {
    return this.server(sid).disk;
  }

  received(name: string): readonly WireMessage[] {
    return this.client(name).received;
  }

  /** Events of one kind, optionally of one server, in order. */
  eventsOf(event: string, sid?: ServerId): Readonly<Record<string, JsonValue>>[] {
    return this.events.filter((e) => e.data['event'] === event && (sid === undefined || e.sid === sid)).map((e) => e.data);
  }

  /** Messages in flight (for assertions: e.g. that no ACK was sent yet). */
  inFlightMessages(): readonly InFlight[] {
    return this.inFlight;
  }

  transcript(): string {
    this.flushDisk();
    return `${this.lines.join('\n')}\n`;
  }

  // ---- internals: peers and their environment ------------------------------------------------------------

  private boot(sid: ServerId): void {
    const s = this.server(sid);
    s.incarnation += 1;
    const o = this.options;
    const config: PeerConfig = {
      myId: sid, hosts: this.hosts, quorum: this.quorum,
      ...(o.zab === undefined ? {} : { zab: o.zab }),
      ...(o.server === undefined ? {} : { server: o.server }),
      ...(o.sync === undefined ? {} : { sync: o.sync }),
    };
    s.peer = new QuorumPeer(this.envFor(s), config, zkStorage);
    this.stepPeer(s, { kind: 'start' });
    this.drain();
  }

  private envFor(s: Server): ZkEnv<EnsembleMessage, PeerTimerTag> {
    const incarnation = s.incarnation;
    const rng = new Rng(`peer-harness/${s.sid}#${incarnation}`);
    return {
      host: s.host,
      incarnation,
      rng,
      now: () => this.nowMicros,
      wallMicros: () => this.nowMicros,
      setTimer: (delayMicros, tag) => {
        const id = this.nextTimerId++ as TimerId;
        this.timers.push({ id, sid: s.sid, incarnation, dueMicros: this.nowMicros + delayMicros, tag });
        return id;
      },
      cancelTimer: (timer) => {
        this.timers = this.timers.filter((t) => t.id !== timer);
      },
      connect: (host) => this.open(s.sid, this.endpointOf(host)).id,
      send: (conn, msg) => this.send(this.connById(conn), s.sid, msg),
      close: (conn) => this.closeBy(this.connById(conn), s.sid),
      disk: s.disk,
      emit: (data) => this.onEmit(s.sid, data),
    };
  }

  private stepPeer(s: Server, input: PeerInput): void {
    const peer = s.peer;
    if (peer === undefined) return;
    peer.step(input);
  }

  private onEmit(sid: ServerId, data: JsonValue): void {
    const record = data as Readonly<Record<string, JsonValue>>;
    this.events.push({ sid, atMicros: this.nowMicros, data: record });
    const event = text(record, 'event');
    if (ELECTION_EVENTS.has(event)) {
      if (this.electionDetail && !this.summarising) this.out(`    ${sid}: ${describeEvent(record as unknown as ElectionEvent)}`);
      return;
    }
    this.out(`    ${sid}: ${describePeerEvent(record)}`);
  }

  // ---- internals: network ----------------------------------------------------------------------------------

  private open(from: Endpoint, to: Endpoint): Conn {
    const conn: Conn = {
      id: this.nextConnId++ as ConnId, opener: from, listener: to, kind: undefined, live: new Set([from]), finFrom: new Set(),
      closing: new Set(),
    };
    this.conns.set(conn.id, conn);
    if (!this.isUp(to)) {
      this.scheduleClosed(conn, from, 'reset');
      return conn;
    }
    conn.live.add(to);
    this.schedule(to, conn, { kind: 'accepted', conn: conn.id, peer: this.hostOf(from) });
    this.schedule(from, conn, { kind: 'connected', conn: conn.id, peer: this.hostOf(to) });
    return conn;
  }

  private send(conn: Conn, from: Endpoint, msg: EnsembleMessage): void {
    conn.kind ??= kindOf(msg);
    const to = conn.opener === from ? conn.listener : conn.opener;
    if (!conn.live.has(from) || !conn.live.has(to) || conn.finFrom.has(to)) return; // the other end is gone: lost
    this.inFlight.push({ seq: this.nextSeq++, conn, from, to, msg });
  }

  /** The actor at `by` closed its end: what it was sent is lost, the other end learns after what it sent. */
  private closeBy(conn: Conn, by: Endpoint): void {
    if (!conn.live.delete(by)) return;
    this.removeInFlight((m) => m.conn === conn && m.to === by);
    conn.finFrom.add(by);
    this.finishedSending(conn, by);
  }

  /** After a message from `from` left the queue: a graceful close behind it reaches the other end now. */
  private finishedSending(conn: Conn, from: Endpoint): void {
    if (!conn.finFrom.has(from)) return;
    if (this.inFlight.some((m) => m.conn === conn && m.from === from)) return;
    const other = conn.opener === from ? conn.listener : conn.opener;
    if (conn.live.has(other)) this.scheduleClosed(conn, other, 'eof');
  }

  /** `sid` crashed: its end is gone, everything in flight on the connection is lost, the other end is reset. */
  private reset(conn: Conn, sid: ServerId): number {
    conn.live.delete(sid);
    const lost = this.removeInFlight((m) => m.conn === conn).length;
    const other = conn.opener === sid ? conn.listener : conn.opener;
    if (conn.live.has(other)) this.scheduleClosed(conn, other, 'reset');
    return lost;
  }

  private scheduleClosed(conn: Conn, to: Endpoint, reason: CloseReason): void {
    if (conn.closing.has(to)) return;
    conn.closing.add(to);
    const peer = this.hostOf(conn.opener === to ? conn.listener : conn.opener);
    this.schedule(to, conn, { kind: 'closed', conn: conn.id, peer, reason });
  }

  private schedule(to: Endpoint, conn: Conn, input: PeerInput): void {
    const incarnation = typeof to === 'number' ? this.server(to).incarnation : 0;
    this.auto.push({ kind: 'input', to, incarnation, conn, input });
  }

  private deliverAt(i: number): void {
    const [m] = this.inFlight.splice(i, 1);
    if (m === undefined) return;
    if (!this.summarising || !isElectionMessage(m.msg)) this.out(`  ${m.from} -> ${m.to}: ${describeEnsembleMessage(m.msg)}`);
    this.finishedSending(m.conn, m.from);
    if (typeof m.to === 'string') {
      this.client(m.to).received.push(m.msg as WireMessage);
    } else {
      this.stepPeer(this.upServer(m.to), { kind: 'message', conn: m.conn.id, peer: this.hostOf(m.from), msg: m.msg });
    }
    this.drain();
  }

  // ---- internals: automatic steps (connection set-up and close, auto-mode disk) ----------------------------

  private drain(): void {
    for (let steps = 0; ; steps++) {
      if (steps >= MAX_STEPS) throw new Error(`automatic steps did not settle within ${MAX_STEPS}`);
      const next = this.auto.shift();
      if (next === undefined) return;
      if (next.kind === 'disk') {
        const s = this.server(next.sid);
        if (s.peer !== undefined && s.incarnation === next.incarnation && s.disk.pending.length > 0) this.completeOne(next.sid, true);
        continue;
      }
      this.applyInput(next);
    }
  }

  private applyInput(a: Extract<Auto, { kind: 'input' }>): void {
    if (a.input.kind === 'closed') {
      if (!a.conn.live.delete(a.to)) return;
      const other = this.endpointOf(a.input.peer);
      if (this.showsClose(a.conn)) this.out(`  ${a.to}: ${a.conn.kind ?? 'new'} connection with ${other} closed (${a.input.reason})`);
    } else if (!a.conn.live.has(a.to)) {
      return;
    }
    if (typeof a.to === 'string') {
      if (a.input.kind === 'closed') this.client(a.to).conn = undefined;
      return;
    }
    const s = this.server(a.to);
    if (s.peer === undefined || s.incarnation !== a.incarnation) return;
    this.stepPeer(s, a.input);
  }

  private showsClose(conn: Conn): boolean {
    if (this.summarising) return false;
    return conn.kind === 'quorum' || conn.kind === 'client' || this.electionDetail;
  }

  private onDiskIssued(s: Server): void {
    if (s.diskMode === 'auto') this.auto.push({ kind: 'disk', sid: s.sid, incarnation: s.incarnation });
  }

  private completeOne(sid: ServerId, automatic: boolean): void {
    const s = this.upServer(sid);
    const op = s.disk.completeOldest();
    if (op === undefined) return;
    if (automatic) this.addDiskLine(sid, op.text);
    else this.out(`  disk ${sid}: ${op.text}${op.outcome === 'ok' ? '' : ` ${op.outcome}`}`);
    this.stepPeer(s, { kind: 'disk', op: op.id, opKind: op.kind, file: op.file, outcome: op.outcome });
  }

  private addDiskLine(sid: ServerId, text: string): void {
    if (this.diskLine !== undefined && this.diskLine.sid === sid) {
      this.diskLine.ops.push(text);
      return;
    }
    this.flushDisk();
    this.diskLine = { sid, ops: [text] };
  }

  private flushDisk(): void {
    const line = this.diskLine;
    this.diskLine = undefined;
    if (line !== undefined && this.quietDepth === 0) this.lines.push(`    disk ${line.sid}: ${line.ops.join(', ')}`);
  }

  // ---- internals: timers -----------------------------------------------------------------------------------

  private nextTimer(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) {
      if (best === undefined || t.dueMicros < best.dueMicros || (t.dueMicros === best.dueMicros &&
        (t.sid < best.sid || (t.sid === best.sid && t.id < best.id)))) best = t;
    }
    return best;
  }

  private fire(t: Timer): void {
    this.timers = this.timers.filter((x) => x !== t);
    this.nowMicros = t.dueMicros;
    this.out(`  @${ms(t.dueMicros)} timer ${t.sid} (${t.tag})`);
    const s = this.server(t.sid);
    if (s.incarnation === t.incarnation) this.stepPeer(s, { kind: 'timer', timer: t.id, tag: t.tag });
    this.drain();
  }

  // ---- internals: lookups and output -----------------------------------------------------------------------

  private server(sid: ServerId): Server {
    const s = this.servers.get(sid);
    if (s === undefined) throw new Error(`no server ${sid}`);
    return s;
  }

  private upServer(sid: ServerId): Server {
    const s = this.server(sid);
    if (s.peer === undefined) throw new Error(`server ${sid} is down`);
    return s;
  }

  private upServers(): Server[] {
    return [...this.servers.values()].filter((s) => s.peer !== undefined);
  }

  private client(name: string): Client {
    const c = this.clients.get(name);
    if (c === undefined) throw new Error(`no client ${name}`);
    return c;
  }

  private isUp(e: Endpoint): boolean {
    return typeof e === 'string' || this.server(e).peer !== undefined;
  }

  private hostOf(e: Endpoint): HostId {
    return typeof e === 'string' ? this.client(e).host : this.server(e).host;
  }

  private endpointOf(host: HostId): Endpoint {
    const e = this.endpointOfHost.get(host);
    if (e === undefined) throw new Error(`no endpoint on host ${host}`);
    return e;
  }

  private connById(id: ConnId): Conn {
    const conn = this.conns.get(id);
    if (conn === undefined) throw new Error(`no connection ${id}`);
    return conn;
  }

  private connsOf(sid: ServerId): Conn[] {
    return [...this.conns.values()].filter((c) => c.live.has(sid));
  }

  private removeInFlight(match: (m: InFlight) => boolean): InFlight[] {
    const removed = this.inFlight.filter(match);
    const kept = this.inFlight.filter((m) => !match(m));
    this.inFlight.length = 0;
    this.inFlight.push(...kept);
    return removed;
  }

  private statusLine(s: Server): string {
    const peer = s.peer;
    if (peer === undefined) return `${s.sid} down`;
    if (peer.haltReason !== undefined) return `${s.sid} halted: ${peer.haltReason}`;
    const leader = peer.state === 'LOOKING' ? '' : ` leader ${peer.lastDecision?.leader ?? '?'}`;
    const e = peer.epochs;
    const zxid = peer.database === undefined ? '-' : hex(peer.database.lastProcessedZxid);
    return `${s.sid} ${peer.state}${leader}, acceptedEpoch ${e.acceptedEpoch}, currentEpoch ${e.currentEpoch}, ` +
      `lastProcessedZxid ${zxid}${peer.serving ? ', serving' : ''}`;
  }

  private knobs(): string {
    const o = this.options;
    const parts = [
      ...Object.entries(o.zab ?? {}).map(([k, v]) => `${k} ${String(v)}`),
      ...Object.entries(o.sync ?? {}).map(([k, v]) => `${k} ${String(v)}`),
      ...Object.entries(o.server ?? {}).map(([k, v]) => `${k} ${String(v)}`),
    ];
    return parts.length === 0 ? 'default knobs' : parts.join(', ');
  }

  private command(text: string): void {
    this.flushDisk();
    if (this.quietDepth === 0) this.lines.push(`@${ms(this.nowMicros)} ${text}`);
  }

  private out(line: string): void {
    this.flushDisk();
    if (this.quietDepth === 0) this.lines.push(line);
  }
}

// ---- formatting --------------------------------------------------------------------------------------------

function isElectionMessage(msg: EnsembleMessage): boolean {
  return msg.type === 'election-hello' || msg.type === 'election-vote';
}

function kindOf(msg: EnsembleMessage): ConnKind {
  switch (msg.type) {
    case 'election-hello':
    case 'election-vote':
      return 'election';
    case 'quorum':
      return 'quorum';
    case 'connect':
    case 'connected':
    case 'request':
    case 'reply':
    case 'notification':
      return 'client';
  }
}

/** The events of the Zab roles' union (a Record, so that the type checker notices a new one). */
const ZAB_EVENT_NAMES: Readonly<Record<ZabEvent['event'], true>> = {
  'zab-epoch-proposed': true, 'zab-epoch-accepted': true, 'zab-epoch-current': true, 'zab-sync-planned': true,
  'zab-sync-received': true, 'zab-serving': true, 'zab-proposal': true, 'zab-ack': true, 'zab-commit': true,
  'zab-learner-lost': true, 'zab-step-down': true, 'zab-warning': true,
};

function isZabEvent(e: Readonly<Record<string, JsonValue>>): boolean {
  return Object.hasOwn(ZAB_EVENT_NAMES, text(e, 'event'));
}

/** One line per peer event (without the server id, which the caller puts first). */
export function describePeerEvent(e: Readonly<Record<string, JsonValue>>): string {
  if (isZabEvent(e)) return describeZabEvent(e as unknown as ZabEvent);
  const event = text(e, 'event');
  switch (event) {
    case 'peer-state':
      if (e['state'] === 'LOOKING') {
        return `LOOKING (${text(e, 'reason')}): currentEpoch ${num(e, 'currentEpoch')}, acceptedEpoch ${num(e, 'acceptedEpoch')}, ` +
          `lastLoggedZxid ${hex(num(e, 'lastLoggedZxid'))}`;
      }
      return `${text(e, 'state')} leader ${num(e, 'leader')} (round ${num(e, 'round')}, peerEpoch ${num(e, 'peerEpoch')}, ` +
        `via ${text(e, 'via')})`;
    case 'zab-apply':
      return `apply ${hex(num(e, 'zxid'))} ${text(e, 'op')}`;
    case 'sessionCreated':
      return `session ${hex(num(e, 'session'))} created (${num(e, 'timeoutMs')} ms)`;
    case 'snapshot-loaded':
      return `SNAP loaded in memory at ${hex(num(e, 'zxid'))} (${num(e, 'nodes')} nodes, ${num(e, 'sessions')} sessions)`;
    case 'snapshot-taken':
      return `writes a snapshot at ${hex(num(e, 'zxid'))} (${text(e, 'reason')})`;
    case 'log-truncated':
      return `cuts its log back to ${hex(num(e, 'zxid'))} (${num(e, 'droppedTxns')} txns dropped)`;
    case 'halted':
      return `HALTED: ${text(e, 'reason')}`;
    default: {
      const rest = Object.entries(e).filter(([k]) => k !== 'event' && k !== 'server')
        .map(([k, v]) => `${k}=${typeof v === 'number' && (k === 'zxid' || k === 'session') ? hex(v) : JSON.stringify(v)}`);
      return [event, ...rest].join(' ');
    }
  }
}

function describeZabEvent(e: ZabEvent): string {
  switch (e.event) {
    case 'zab-epoch-proposed':
      return `epoch ${e.epoch} proposed (quorum ${e.quorum.join(',')}), acceptedEpoch ${e.epoch} durable`;
    case 'zab-epoch-accepted':
      return `acceptedEpoch ${e.epoch} durable (leader ${e.leader})`;
    case 'zab-epoch-current':
      return `currentEpoch ${e.epoch} durable`;
    case 'zab-sync-planned':
      return `sync ${e.learner} ${e.mode} ${hex(e.zxid)} (${e.reason}, ${e.txns} txns; learner at ${hex(e.peerZxid)})`;
    case 'zab-sync-received':
      return `received ${e.mode} ${hex(e.zxid)} from ${e.leader}`;
    case 'zab-serving':
      return `serving as ${e.role} of epoch ${e.epoch}`;
    case 'zab-proposal':
      return `propose ${hex(e.zxid)} (session ${hex(e.session)})`;
    case 'zab-ack':
      return `ack ${hex(e.zxid)} from ${e.from}`;
    case 'zab-commit':
      return `commit ${hex(e.zxid)}`;
    case 'zab-learner-lost':
      return `learner ${e.learner} lost: ${e.reason}`;
    case 'zab-step-down':
      return `${e.role} steps down: ${e.reason}`;
    case 'zab-warning':
      return `WARNING ${e.message}`;
  }
}

/** What a file in a data directory holds, in a few words. */
function describeFile(name: string, bytes: Uint8Array): string {
  if (parseLogFileName(name) !== undefined) {
    const [log] = readLogFiles(new Map([[name, bytes]]));
    const zxids = (log?.txns ?? []).map((t) => hex(t.zxid));
    return `txns ${zxids.length === 0 ? '(none)' : zxids.join(' ')}`;
  }
  if (parseSnapshotFileName(name) !== undefined) {
    const snap = decodeSnapshot(bytes);
    return 'invalid' in snap ? `invalid snapshot (${snap.invalid})` : `snapshot at ${hex(snap.zxid)}, ${snap.tree.size} nodes`;
  }
  if (name === 'acceptedEpoch' || name === 'currentEpoch') {
    const value = decodeEpochFile(bytes, name);
    return 'value' in value ? `${value.value}` : value.error;
  }
  return `${bytes.length} bytes`;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

function text(e: Readonly<Record<string, JsonValue>>, key: string): string {
  const v = e[key];
  return typeof v === 'string' ? v : JSON.stringify(v ?? null);
}

function num(e: Readonly<Record<string, JsonValue>>, key: string): number {
  const v = e[key];
  return typeof v === 'number' ? v : Number.NaN;
}

function range(from: number, count: number): ServerId[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

function ms(micros: number): string {
  return `${micros / 1000}ms`;
}

export function hex(n: number): string {
  return n < 0 ? `${n}` : `0x${n.toString(16)}`;
}
