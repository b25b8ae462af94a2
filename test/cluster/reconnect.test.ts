// The client library's reconnect logic, end to end: a real StandaloneServer and real ZkClients on the
// simulation kernel, driven through the Promise ZooKeeper API, with faults injected on the kernel (server
// crash and restart, partitions, GC-like pauses, a disk that lost synced data). Each test is one
// deterministic run at a fixed seed and asserts what an application can observe: session events and
// their virtual times, call outcomes (KeeperError code name and number), watch events, the tree other
// clients see. Expected times come from ClientCnxn's timing (read timeout 2T/3, a ping after readTimeout/2
// without sending, optional self-expiry at 4T/3) and the server's session tracker (expiry between T and
// T + tickTime after the last touch; a restarted server re-registers every session with a fresh timeout):
// zk-client-semantics.md 5.4, 5.5, 6.3-6.6. All times are the simulation's clock; a failure here is a
// broken guarantee or a timing rule that moved, not flakiness.
import { describe, expect, it } from 'vitest';
import type { HostId, JsonValue } from '../../src/base/index.ts';
import { StandaloneCluster } from '../../src/cluster/index.ts';
import type { StandaloneClusterOptions, ZooKeeper } from '../../src/cluster/index.ts';
import type { SimRunResult, TraceRecord } from '../../src/sim/index.ts';
import type { ClientOptions, WatchedEvent, Watcher, ZkClient } from '../../src/zk/client/index.ts';
import { KeeperError } from '../../src/zk/protocol/index.ts';

const MS = 1_000;
const S = 1_000_000;
/** The session timeout every client asks for; the server (tickTime 2 s: 4..40 s) grants it as is. */
const T_MS = 9_000;
const T = T_MS * MS;
const TICK = 2 * S;
/** 2T/3: the client drops a connection it has heard nothing on for this long. */
const READ_TIMEOUT = 6 * S;
/**
 * readTimeout/2: an idle client pings this long after its last send. (The 1 s of slack in ClientCnxn's
 * formula only matters when the send loop wakes for something else; an idle loop sleeps until the ping.)
 */
const PING_IDLE = 3 * S;
/** 4T/3: a client with clientSideExpiry gives the session up after hearing nothing for this long. */
const SELF_EXPIRY = 12 * S;
/** Every link's one-way latency: constant, so that "in flight" and "arrives at" are exact. */
const LATENCY = 1 * MS;

interface Seen extends WatchedEvent {
  readonly at: number;
}

/** How a call ended, filled in when its promise settles (inside a kernel event). */
interface Attempt<T> {
  at?: number;
  value?: T;
  error?: KeeperError;
}

interface Client {
  readonly zk: ZooKeeper;
  /** Everything the default watcher received (session events, `watch: true` reads). */
  readonly events: Seen[];
}

/** One cluster, its full trace, and helpers to drive it and read what happened. */
class World {
  readonly cluster: StandaloneCluster;
  readonly records: TraceRecord[] = [];
  /** Session events, watch events and call outcomes of every client, in the order they happened. */
  readonly journal: string[] = [];
  private readonly failures: unknown[] = [];
  private unfinished = 0;

  constructor(seed: number, options: Partial<StandaloneClusterOptions> = {}) {
    this.cluster = new StandaloneCluster({
      seed, network: { latency: { kind: 'constant', micros: LATENCY } }, ...options, trace: (r) => this.records.push(r),
    });
  }

  get now(): number {
    return this.cluster.sim.now;
  }

  get server(): HostId {
    return this.cluster.serverHost;
  }

  client(name: string, options: Omit<ClientOptions, 'defaultWatcher'> = {}): Client {
    const events: Seen[] = [];
    const zk = this.cluster.connect(name, T_MS, { ...options, defaultWatcher: this.watcher(name, events) });
    return { zk, events };
  }

  zkClient(c: Client): ZkClient {
    const client = this.cluster.client(c.zk.host);
    if (client === undefined) throw new Error(`no client on ${c.zk.name}`);
    return client;
  }

  /** A watcher that logs what it gets, with the virtual time. */
  watcher(name: string, into: Seen[]): Watcher {
    return (e) => {
      into.push({ ...e, at: this.now });
      this.journal.push(`${this.now} ${name} ${e.type} ${e.state}${e.path === null ? '' : ` ${e.path} zxid=${e.zxid}`}`);
    };
  }

  /** Starts a workload; it must finish by the end of the run, and any error it throws fails the test. */
  spawn(body: () => Promise<void>): void {
    this.unfinished += 1;
    body().then(() => (this.unfinished -= 1), (e: unknown) => this.failures.push(e));
  }

  /** Starts a call and records how it ends. */
  attempt<T>(label: string, call: () => Promise<T>): Attempt<T> {
    const a: Attempt<T> = {};
    call().then((value) => {
      a.at = this.now;
      a.value = value;
      this.journal.push(`${this.now} ${label} OK`);
    }, (e: unknown) => {
      if (!(e instanceof KeeperError)) return void this.failures.push(e);
      a.at = this.now;
      a.error = e;
      this.journal.push(`${this.now} ${label} ${e.codeName}`);
    });
    return a;
  }

  at(atMicros: number, fn: () => void): void {
    this.cluster.sim.at(atMicros, fn);
  }

  async run(untilMicros: number): Promise<SimRunResult> {
    const result = await this.cluster.sim.run({ untilMicros });
    if (this.failures.length > 0) throw this.failures[0];
    expect(this.unfinished, 'workloads still running at the end of the run').toBe(0);
    return result;
  }

  /** What `host`'s actor emitted with `event: name`, with times. */
  emits(host: HostId, name: string): { readonly at: number; readonly data: { readonly [k: string]: JsonValue } }[] {
    const out: { at: number; data: { readonly [k: string]: JsonValue } }[] = [];
    for (const r of this.records) {
      if (r.type !== 'emit' || r.host !== host || typeof r.data !== 'object' || r.data === null || Array.isArray(r.data)) continue;
      const data = r.data as { readonly [k: string]: JsonValue };
      if (data.event === name) out.push({ at: r.atMicros, data });
    }
    return out;
  }

  /** Times of messages delivered from `from` to `to` in [fromMicros, toMicros). */
  deliveries(from: HostId, to: HostId, fromMicros = 0, toMicros = Number.POSITIVE_INFINITY): number[] {
    return this.records
      .filter((r) => r.type === 'deliver' && r.from === from && r.to === to && r.atMicros >= fromMicros && r.atMicros < toMicros)
      .map((r) => r.atMicros);
  }

  /** Messages `from` sent in [fromMicros, toMicros), described, with times. */
  sendTimes(from: HostId, fromMicros: number, toMicros: number): { readonly at: number; readonly msg: string }[] {
    const out: { at: number; msg: string }[] = [];
    for (const r of this.records) {
      if (r.type === 'send' && r.from === from && r.atMicros >= fromMicros && r.atMicros < toMicros) out.push({ at: r.atMicros, msg: r.msg ?? '' });
    }
    return out;
  }

  lastDeliveryBefore(from: HostId, to: HostId, atMicros: number): number {
    const times = this.deliveries(from, to, 0, atMicros);
    const last = times[times.length - 1];
    if (last === undefined) throw new Error(`nothing went from ${from} to ${to} before ${atMicros}`);
    return last;
  }
}

function sessionEvents(events: readonly Seen[]): [number, string][] {
  return events.filter((e) => e.type === 'None').map((e) => [e.at, e.state]);
}

function nodeEvents(events: readonly Seen[]): [string, string | null, number][] {
  return events.filter((e) => e.type !== 'None').map((e) => [e.type, e.path, e.zxid]);
}

function text(data: Uint8Array | null | undefined): string {
  return new TextDecoder().decode(data ?? new Uint8Array());
}

function expectKeeperError(a: Attempt<unknown>, codeName: string, code: number): void {
  expect(a.at, 'the call ended').toBeDefined();
  expect(a.error).toBeInstanceOf(KeeperError);
  expect([a.error?.codeName, a.error?.code]).toEqual([codeName, code]);
}

// ---------------------------------------------------------------------------------------------------

const CRASH = 2 * S + 500;
const RESTART = 4 * S;
/** Client a is also cut off from the server from just after it saw the crash until here, so b gets back first. */
const HEAL_A = 6 * S;
const LATE_WRITE = 7 * S;

/**
 * The server crashes at CRASH and restarts at RESTART, well within T. Client a had an ephemeral node and
 * four watches; b reconnects first and changes three of the watched nodes while a is still away; then
 * a comes back, and later b changes the fourth.
 */
async function crashAndRestart(seed: number) {
  const w = new World(seed);
  const a = w.client('a');
  const b = w.client('b');
  const stable: Seen[] = [];
  let inFlight: Attempt<unknown> = {};
  let queued: Attempt<{ data: Uint8Array | null }> = {};
  let sessionBefore = 0;
  let lateWrite: Attempt<{ mzxid: number }> = {};
  let owner: Attempt<{ ephemeralOwner: number } | null> = {};
  let ephemerals: Attempt<string[]> = {};
  let cut = 0;
  w.spawn(async () => {
    await b.zk.create('/changed', 'v0');
    await b.zk.create('/stable', 'v0');
    await b.zk.create('/kids');
    await a.zk.create('/eph', 'mine', { mode: 'EPHEMERAL' });
    await a.zk.getData('/changed', true);
    await a.zk.getData('/stable', w.watcher('a-stable', stable));
    expect(await a.zk.exists('/absent', true)).toBeNull();
    await a.zk.getChildren('/kids', true);
    sessionBefore = w.zkClient(a).sessionId;
  });
  // Sent 500 us before the crash with 1 ms of latency: it reaches a server that is down.
  w.at(CRASH - 500, () => (inFlight = w.attempt('a getData /stable (in flight)', () => a.zk.getData('/stable'))));
  w.at(CRASH, () => w.cluster.sim.crash(w.server));
  w.at(CRASH + 2 * LATENCY, () => (cut = w.cluster.sim.network.partition([a.zk.host], [w.server])));
  w.at(3 * S, () => (queued = w.attempt('a getData /changed (queued)', () => a.zk.getData('/changed'))));
  w.at(RESTART, () => w.cluster.sim.restart(w.server));
  w.at(5 * S, () => w.spawn(async () => {
    await b.zk.setData('/changed', 'v1');
    await b.zk.create('/absent');
    await b.zk.create('/kids/k1');
  }));
  w.at(HEAL_A, () => w.cluster.sim.network.heal(cut));
  w.at(LATE_WRITE, () => {
    lateWrite = w.attempt('b setData /stable', () => b.zk.setData('/stable', 'v1'));
    owner = w.attempt('b exists /eph', () => b.zk.exists('/eph'));
    ephemerals = w.attempt('a getEphemerals', () => a.zk.getEphemerals());
  });
  const result = await w.run(10 * S);
  return { w, a, b, stable, inFlight, queued, sessionBefore, lateWrite, owner, ephemerals, result };
}

describe('server crash, restart within the session timeout', () => {
  it('keeps the session: Disconnected then SyncConnected, in-flight calls fail CONNECTIONLOSS, ephemerals and watches survive', async () => {
    const r = await crashAndRestart(1);
    const { w, a, b } = r;
    const session = w.zkClient(a).sessionId;
    expect(session).toBe(r.sessionBefore);
    expect(session).toBeGreaterThan(0);

    // The crash's reset reaches a one latency later: the call in flight fails CONNECTIONLOSS and a goes
    // Disconnected (in the client, the failure is queued first; a promise continuation runs after the
    // watchers of the same step).
    expectKeeperError(r.inFlight, 'CONNECTIONLOSS', -4);
    expect(r.inFlight.at).toBe(CRASH + LATENCY);
    const states = sessionEvents(a.events);
    expect(states.map(([, s]) => s)).toEqual(['SyncConnected', 'Disconnected', 'SyncConnected']);
    expect(states[1]?.[0]).toBe(CRASH + LATENCY);
    const back = states[2]?.[0] ?? 0;
    expect(back).toBeGreaterThan(HEAL_A);
    expect(back).toBeLessThan(HEAL_A + 100 * MS);
    expect(w.emits(a.zk.host, 'clientSession').map((e) => e.data.session)).toEqual([`0x${session.toString(16)}`, `0x${session.toString(16)}`]);
    expect(w.emits(w.server, 'sessionExpired')).toEqual([]);
    expect(sessionEvents(b.events).map(([, s]) => s)).toEqual(['SyncConnected', 'Disconnected', 'SyncConnected']);

    // What changed while a was away is owed by setWatches (zxid -1), right after SyncConnected and before
    // the call a queued while disconnected, which then sees the new data.
    expect(nodeEvents(a.events)).toEqual([
      ['NodeDataChanged', '/changed', -1],
      ['NodeCreated', '/absent', -1],
      ['NodeChildrenChanged', '/kids', -1],
    ]);
    expect(a.events.filter((e) => e.type !== 'None').every((e) => e.at >= back)).toBe(true);
    expect(r.queued.at).toBeGreaterThanOrEqual(back);
    expect(text(r.queued.value?.data)).toBe('v1');
    const order = w.journal.filter((l) => / a (None|Node)|queued/.test(l)).map((l) => l.replace(/^\d+ /, ''));
    expect(order.slice(-5)).toEqual([
      'a None SyncConnected',
      'a NodeDataChanged SyncConnected /changed zxid=-1',
      'a NodeCreated SyncConnected /absent zxid=-1',
      'a NodeChildrenChanged SyncConnected /kids zxid=-1',
      'a getData /changed (queued) OK',
    ]);

    // The unchanged node's watch was re-registered, not fired: it fires once, for the change b makes after
    // the reconnect, one latency after that write is applied (3.8 servers send every event with zxid -1).
    expect(nodeEvents(r.stable)).toEqual([['NodeDataChanged', '/stable', -1]]);
    expect(r.lateWrite.value?.mzxid).toBeGreaterThan(0);
    expect(r.stable.find((e) => e.type !== 'None')?.at).toBeGreaterThan(LATE_WRITE + 2 * LATENCY);
    expect(r.stable.find((e) => e.type !== 'None')?.at).toBe(r.lateWrite.at);

    // The ephemeral survived, still owned by the same session.
    expect(r.owner.value?.ephemeralOwner).toBe(session);
    expect(r.ephemerals.value).toEqual(['/eph']);
    expect(w.emits(w.server, 'recovered').map((e) => e.data.sessions)).toEqual([0, 2]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('server down longer than the session timeout', () => {
  const DOWN_AT = 2 * S;
  const UP_AT = DOWN_AT + 3 * T;

  it('keeps the session of a 3.8 client: the restarted server re-registers it with a fresh timeout, so the reconnect succeeds', async () => {
    const w = new World(2);
    const a = w.client('a');
    const b = w.client('b');
    let duringOutage: Attempt<unknown> = {};
    let owner: Attempt<{ ephemeralOwner: number } | null> = {};
    w.spawn(async () => {
      await a.zk.create('/eph', null, { mode: 'EPHEMERAL' });
    });
    w.at(DOWN_AT, () => w.cluster.sim.crash(w.server));
    // Queued while disconnected: it fails at the next failed connect attempt, not when the server returns.
    w.at(10 * S, () => (duringOutage = w.attempt('a sync (during the outage)', () => a.zk.sync('/'))));
    w.at(UP_AT, () => w.cluster.sim.restart(w.server));
    w.at(UP_AT + 3 * S, () => (owner = w.attempt('b exists /eph', () => b.zk.exists('/eph'))));
    await w.run(UP_AT + T + 2 * TICK);

    const session = w.zkClient(a).sessionId;
    const states = sessionEvents(a.events);
    expect(states.map(([, s]) => s)).toEqual(['SyncConnected', 'Disconnected', 'SyncConnected']);
    expect(states[2]?.[0]).toBeGreaterThan(UP_AT);
    expect(states[2]?.[0]).toBeLessThan(UP_AT + 3 * S);
    expect(w.zkClient(a).state).toBe('CONNECTED');
    // The client kept trying all along (a 3.8 client never gives up by itself).
    const attempts = w.emits(a.zk.host, 'clientConnecting').filter((e) => e.at > DOWN_AT && e.at < UP_AT);
    expect(attempts.length).toBeGreaterThan(3);
    expectKeeperError(duringOutage, 'CONNECTIONLOSS', -4);
    expect(duringOutage.at).toBeLessThan(UP_AT);
    expect(w.emits(a.zk.host, 'clientDisconnected').map((e) => e.at)).toContain(duringOutage.at);
    // The ephemeral is still a's, and the server expired nobody, even T + 2 ticks after the restart.
    expect(owner.value?.ephemeralOwner).toBe(session);
    expect(w.emits(w.server, 'sessionExpired')).toEqual([]);
    expect(w.cluster.server?.inspect?.tree.node('/eph')).toBeDefined();
  });

  it('expires a 3.9.3+ client by itself at 4T/3 without news; the server expires the session T after its restart', async () => {
    const w = new World(3);
    const a = w.client('a', { clientSideExpiry: true });
    const b = w.client('b');
    const bSaw: Seen[] = [];
    let after: Attempt<unknown> = {};
    w.spawn(async () => {
      await a.zk.create('/eph', null, { mode: 'EPHEMERAL' });
      expect(await b.zk.exists('/eph', w.watcher('b-eph', bSaw))).not.toBeNull();
    });
    w.at(DOWN_AT, () => w.cluster.sim.crash(w.server));
    w.at(UP_AT - S, () => (after = w.attempt('a getData /eph (expired handle)', () => a.zk.getData('/eph'))));
    w.at(UP_AT, () => w.cluster.sim.restart(w.server));
    await w.run(UP_AT + T + 2 * TICK);

    const lastHeard = w.lastDeliveryBefore(w.server, a.zk.host, DOWN_AT + 1);
    const states = sessionEvents(a.events);
    expect(states.map(([, s]) => s)).toEqual(['SyncConnected', 'Disconnected', 'Expired']);
    expect(states[2]?.[0]).toBe(lastHeard + SELF_EXPIRY);
    expect(w.emits(a.zk.host, 'clientExpired').map((e) => e.data.by)).toEqual(['client']);
    expect(w.zkClient(a).state).toBe('CLOSED');
    // A dead handle fails at once with SESSIONEXPIRED, and never tries to connect again.
    expectKeeperError(after, 'SESSIONEXPIRED', -112);
    expect(after.at).toBe(UP_AT - S);
    expect(w.emits(a.zk.host, 'clientConnecting').filter((e) => e.at > lastHeard + SELF_EXPIRY)).toEqual([]);

    // The server knows nothing of that: it restores the session with a fresh timeout, and since nobody
    // comes back for it, expires it between T and T + tickTime after the restart; b (which reconnected and
    // whose watch setWatches restored) sees the ephemeral go.
    const expired = w.emits(w.server, 'sessionExpired');
    expect(expired.map((e) => e.data.session)).toEqual([w.zkClient(a).sessionId]);
    const expiredAt = expired[0]?.at ?? 0;
    expect(expiredAt).toBeGreaterThanOrEqual(UP_AT + T);
    expect(expiredAt).toBeLessThanOrEqual(UP_AT + T + TICK);
    expect(nodeEvents(bSaw)).toEqual([['NodeDeleted', '/eph', -1]]);
    expect(bSaw.find((e) => e.type === 'NodeDeleted')?.at).toBeGreaterThan(expiredAt);
    expect(sessionEvents(b.events).map(([, s]) => s)).toEqual(['SyncConnected', 'Disconnected', 'SyncConnected']);
    expect(w.cluster.server?.inspect?.tree.node('/eph')).toBeUndefined();
  });

  it('gives a 3.8 client Expired when it reaches the restarted server only after T more: later calls fail SESSIONEXPIRED', async () => {
    const w = new World(4);
    const a = w.client('a');
    const b = w.client('b');
    const bSaw: Seen[] = [];
    const restart = 4 * S;
    const heal = restart + T + TICK + S;
    let cut = 0;
    let after: Attempt<unknown> = {};
    w.spawn(async () => {
      await a.zk.create('/eph', null, { mode: 'EPHEMERAL' });
      expect(await b.zk.exists('/eph', w.watcher('b-eph', bSaw))).not.toBeNull();
    });
    w.at(DOWN_AT, () => w.cluster.sim.crash(w.server));
    w.at(DOWN_AT + 2 * LATENCY, () => (cut = w.cluster.sim.network.partition([a.zk.host], [w.server])));
    w.at(restart, () => w.cluster.sim.restart(w.server));
    w.at(heal, () => w.cluster.sim.network.heal(cut));
    w.at(heal + 3 * S, () => (after = w.attempt('a create (expired handle)', () => a.zk.create('/late'))));
    await w.run(heal + 4 * S);

    const expired = w.emits(w.server, 'sessionExpired');
    expect(expired.map((e) => e.data.session)).toEqual([w.zkClient(a).sessionId]);
    expect(expired[0]?.at).toBeGreaterThanOrEqual(restart + T);
    expect(expired[0]?.at).toBeLessThanOrEqual(restart + T + TICK);
    const states = sessionEvents(a.events);
    expect(states.map(([, s]) => s)).toEqual(['SyncConnected', 'Disconnected', 'Expired']);
    expect(states[2]?.[0]).toBeGreaterThan(heal);
    expect(w.emits(a.zk.host, 'clientExpired').map((e) => e.data.by)).toEqual(['server']);
    expectKeeperError(after, 'SESSIONEXPIRED', -112);
    expect(nodeEvents(bSaw)).toEqual([['NodeDeleted', '/eph', -1]]);
    expect(w.cluster.server?.inspect?.tree.node('/late')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------

/**
 * Client a is cut off from the server at CUT (b is not); `healAfter` says when the cut heals, given the
 * time a went Disconnected. a holds an ephemeral that b watches.
 */
async function partitionA(seed: number, healAfter: (disconnectedAt: number) => number) {
  const w = new World(seed);
  const a = w.client('a');
  const b = w.client('b');
  const bSaw: Seen[] = [];
  const cutAt = 3 * S;
  let cut = 0;
  let healAt = 0;
  let bWrites = 0;
  let after: Attempt<unknown> = {};
  let queued: Attempt<unknown> = {};
  w.spawn(async () => {
    await a.zk.create('/eph', null, { mode: 'EPHEMERAL' });
    expect(await b.zk.exists('/eph', w.watcher('b-eph', bSaw))).not.toBeNull();
    await b.zk.create('/b', '0');
    // b works on through a's trouble.
    while (w.now < 40 * S) {
      await b.zk.setData('/b', String(bWrites + 1));
      bWrites += 1;
      await w.cluster.sim.sleep(500 * MS);
    }
  });
  w.at(cutAt, () => (cut = w.cluster.sim.network.partition([a.zk.host], [w.server])));
  const disconnected = (): void => {
    healAt = healAfter(w.now);
    w.at(healAt - MS, () => (queued = w.attempt('a exists /eph (queued)', () => a.zk.exists('/eph'))));
    w.at(healAt, () => w.cluster.sim.network.heal(cut));
    w.at(healAt + 4 * S, () => (after = w.attempt('a getData /eph (after the heal)', () => a.zk.getData('/eph'))));
  };
  w.spawn(async () => {
    await w.cluster.sim.sleep(cutAt);
    while (a.events[a.events.length - 1]?.state !== 'Disconnected') await w.cluster.sim.sleep(MS);
    disconnected();
  });
  await w.run(45 * S);
  const lastHeard = w.lastDeliveryBefore(w.server, a.zk.host, cutAt);
  const lastTouch = w.lastDeliveryBefore(a.zk.host, w.server, cutAt);
  return { w, a, b, bSaw, cutAt, healAt, bWrites, after, queued, lastHeard, lastTouch };
}

describe('a partition between one client and the server', () => {
  it('drops the connection at 2T/3 without news and gets the same session back when healed within T', async () => {
    const r = await partitionA(5, (disconnectedAt) => disconnectedAt + 1_500 * MS);
    const { w, a, b } = r;
    const session = w.zkClient(a).sessionId;

    // a keeps sending pings into the cut, none arrives; it goes Disconnected exactly 2T/3 after it last
    // heard from the server (a reply, at most one idle ping interval before the cut), so 1/3 to 2/3 of T
    // after the cut.
    const states = sessionEvents(a.events);
    expect(states.map(([, s]) => s)).toEqual(['SyncConnected', 'Disconnected', 'SyncConnected']);
    const down = states[1]?.[0] ?? 0;
    expect(r.lastHeard).toBeGreaterThan(r.cutAt - PING_IDLE - 3 * LATENCY);
    expect(down).toBe(r.lastHeard + READ_TIMEOUT);
    expect(down).toBeGreaterThan(r.cutAt + READ_TIMEOUT - PING_IDLE - 3 * LATENCY);
    expect(down).toBeLessThanOrEqual(r.cutAt + READ_TIMEOUT);
    expect(w.emits(a.zk.host, 'clientDisconnected').map((e) => [e.at, e.data.reason])).toEqual([[down, 'read timeout']]);
    // It pings whenever it has sent nothing for readTimeout/2, up to the read timeout (Java's send loop
    // goes round once more after writing a ping, so the next ping is due then).
    const pings = w.sendTimes(a.zk.host, r.cutAt, down);
    expect(pings.map((p) => p.msg)).toEqual(pings.map(() => 'request xid=-2 ping'));
    expect(pings.length).toBe(2);
    expect(pings.slice(1).map((p, i) => p.at - (pings[i]?.at ?? 0))).toEqual([PING_IDLE]);
    expect(down - (pings[pings.length - 1]?.at ?? 0)).toBeLessThan(PING_IDLE);
    expect(w.deliveries(a.zk.host, w.server, r.cutAt, r.healAt)).toEqual([]);

    // Healed 1.5 s later, within T of the last touch: the same session, nothing expired, the ephemeral is a's.
    const back = states[2]?.[0] ?? 0;
    expect(back).toBeGreaterThan(r.healAt);
    expect(back).toBeLessThan(r.lastTouch + T);
    expect(w.emits(a.zk.host, 'clientSession').map((e) => e.data.session)).toEqual([`0x${session.toString(16)}`, `0x${session.toString(16)}`]);
    expect(w.emits(w.server, 'sessionExpired')).toEqual([]);
    expect(r.after.error).toBeUndefined();
    expect(r.after.value).toBeDefined();
    // Queued just before the heal, sent after the reconnect.
    expect(r.queued.at).toBeGreaterThan(back);
    expect(r.queued.value).toMatchObject({ ephemeralOwner: session });
    expect(w.cluster.server?.inspect?.tree.node('/eph')?.ephemeralOwner).toBe(session);

    // b noticed nothing: no session event after its first, its pings and writes went on through the cut.
    expect(sessionEvents(b.events).map(([, s]) => s)).toEqual(['SyncConnected']);
    // (a write every 500 ms plus its round trip and fsync)
    expect(w.deliveries(b.zk.host, w.server, r.cutAt, r.healAt).length).toBeGreaterThanOrEqual(Math.floor((r.healAt - r.cutAt) / (510 * MS)));
    expect(r.bWrites).toBeGreaterThan(70);
    expect(nodeEvents(r.bSaw)).toEqual([]);
  });

  it('gets Expired when healed after the server expired the session: its ephemeral is gone and watchers saw NodeDeleted', async () => {
    const r = await partitionA(6, (disconnectedAt) => disconnectedAt + T + 2 * TICK);
    const { w, a, b } = r;
    const session = w.zkClient(a).sessionId;

    // The server expires a between T and T + tickTime after its last ping arrived, and deletes its ephemeral.
    const expired = w.emits(w.server, 'sessionExpired');
    expect(expired.map((e) => e.data.session)).toEqual([session]);
    const expiredAt = expired[0]?.at ?? 0;
    expect(expiredAt).toBeGreaterThan(r.lastTouch + T);
    expect(expiredAt).toBeLessThanOrEqual(r.lastTouch + T + TICK);
    expect(expiredAt).toBeLessThan(r.healAt);
    expect(nodeEvents(r.bSaw)).toEqual([['NodeDeleted', '/eph', -1]]);
    const deletedSeenAt = r.bSaw.find((e) => e.type === 'NodeDeleted')?.at ?? 0;
    expect(deletedSeenAt).toBeGreaterThan(expiredAt);
    expect(deletedSeenAt).toBeLessThan(expiredAt + 100 * MS);
    expect(sessionEvents(b.events).map(([, s]) => s)).toEqual(['SyncConnected']);

    // a: Disconnected at 2T/3 without news, then, once healed, Expired from the server; the handle is dead.
    const states = sessionEvents(a.events);
    expect(states.map(([, s]) => s)).toEqual(['SyncConnected', 'Disconnected', 'Expired']);
    expect(states[1]?.[0]).toBe(r.lastHeard + READ_TIMEOUT);
    expect(states[2]?.[0]).toBeGreaterThan(r.healAt);
    expect(w.emits(a.zk.host, 'clientExpired').map((e) => e.data.by)).toEqual(['server']);
    expect(w.zkClient(a).state).toBe('CLOSED');
    // Queued just before the heal: it fails with the handle, SESSIONEXPIRED, as the Expired event comes.
    expectKeeperError(r.queued, 'SESSIONEXPIRED', -112);
    expect(r.queued.at).toBe(states[2]?.[0]);
    expectKeeperError(r.after, 'SESSIONEXPIRED', -112);
    expect(w.cluster.server?.inspect?.tree.node('/eph')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------

describe('pauses (stop-the-world, as a long GC)', () => {
  const PAUSE_AT = 3 * S;

  /** Client a (holding an ephemeral that b watches), b, and `pause` applied at PAUSE_AT. */
  async function paused(seed: number, pause: (w: World, a: Client) => void, callAt: number, until: number) {
    const w = new World(seed);
    const a = w.client('a');
    const b = w.client('b');
    const bSaw: Seen[] = [];
    let call: Attempt<{ data: Uint8Array | null }> = {};
    w.spawn(async () => {
      await a.zk.create('/eph', 'a', { mode: 'EPHEMERAL' });
      expect(await b.zk.exists('/eph', w.watcher('b-eph', bSaw))).not.toBeNull();
    });
    w.at(PAUSE_AT, () => pause(w, a));
    w.at(callAt, () => (call = w.attempt('a getData /eph', () => a.zk.getData('/eph'))));
    await w.run(until);
    return { w, a, b, bSaw, call };
  }

  it('a server pause shorter than the read timeout goes unnoticed but for latency: no event, calls wait it out', async () => {
    const pauseFor = 3 * S;
    const { w, a, b, call } = await paused(7, (x) => x.cluster.sim.pause(x.server, pauseFor), PAUSE_AT + S, 20 * S);
    expect(sessionEvents(a.events).map(([, s]) => s)).toEqual(['SyncConnected']);
    expect(sessionEvents(b.events).map(([, s]) => s)).toEqual(['SyncConnected']);
    // Sent during the pause, answered when the server resumes.
    expect(text(call.value?.data)).toBe('a');
    expect(call.at).toBe(PAUSE_AT + pauseFor + LATENCY);
    expect(w.emits(w.server, 'sessionExpired')).toEqual([]);
  });

  it('a server pause longer than the read timeout but shorter than T: Disconnected, then the same session again', async () => {
    const pauseFor = READ_TIMEOUT + 500 * MS;
    const { w, a, call } = await paused(8, (x) => x.cluster.sim.pause(x.server, pauseFor), PAUSE_AT + S, 20 * S);
    const session = w.zkClient(a).sessionId;
    const lastHeard = w.lastDeliveryBefore(w.server, a.zk.host, PAUSE_AT);
    const states = sessionEvents(a.events);
    expect(states.map(([, s]) => s)).toEqual(['SyncConnected', 'Disconnected', 'SyncConnected']);
    expect(states[1]?.[0]).toBe(lastHeard + READ_TIMEOUT);
    expect(states[1]?.[0]).toBeLessThan(PAUSE_AT + pauseFor);
    // The reconnect's handshake waited in the paused server's inbox: answered as soon as it resumed.
    expect(states[2]?.[0]).toBeGreaterThan(PAUSE_AT + pauseFor);
    expect(states[2]?.[0]).toBeLessThan(PAUSE_AT + pauseFor + 10 * MS);
    expect(w.emits(a.zk.host, 'clientSession').map((e) => e.data.session)).toEqual([`0x${session.toString(16)}`, `0x${session.toString(16)}`]);
    // The call made on the old connection during the pause was lost with it.
    expectKeeperError(call, 'CONNECTIONLOSS', -4);
    expect(call.at).toBe(states[1]?.[0]);
    expect(w.emits(w.server, 'sessionExpired')).toEqual([]);
    expect(w.cluster.server?.inspect?.tree.node('/eph')?.ephemeralOwner).toBe(session);
  });

  it('a client pause longer than T: the server expires the session meanwhile; the client wakes up Disconnected, then Expired', async () => {
    const pauseFor = 20 * S;
    const resume = PAUSE_AT + pauseFor;
    const { w, a, b, bSaw, call } = await paused(9, (x, c) => x.cluster.sim.pause(c.zk.host, pauseFor), resume + 3 * S, resume + 5 * S);
    const session = w.zkClient(a).sessionId;
    const lastTouch = w.lastDeliveryBefore(a.zk.host, w.server, PAUSE_AT);
    const expired = w.emits(w.server, 'sessionExpired');
    expect(expired.map((e) => e.data.session)).toEqual([session]);
    const expiredAt = expired[0]?.at ?? 0;
    expect(expiredAt).toBeGreaterThan(lastTouch + T);
    expect(expiredAt).toBeLessThanOrEqual(lastTouch + T + TICK);
    expect(nodeEvents(bSaw)).toEqual([['NodeDeleted', '/eph', -1]]);
    expect(bSaw.find((e) => e.type === 'NodeDeleted')?.at).toBeLessThan(resume);
    expect(sessionEvents(b.events).map(([, s]) => s)).toEqual(['SyncConnected']);

    // Nothing happens on a while it is stopped; on resuming it notices the read timeout at once, then the
    // server tells it the session is gone.
    const states = sessionEvents(a.events);
    expect(states.map(([, s]) => s)).toEqual(['SyncConnected', 'Disconnected', 'Expired']);
    expect(states[1]?.[0]).toBe(resume);
    expect(w.emits(a.zk.host, 'clientDisconnected').map((e) => [e.at, e.data.reason])).toEqual([[resume, 'read timeout']]);
    expect(states[2]?.[0]).toBeGreaterThan(resume);
    expect(states[2]?.[0]).toBeLessThan(resume + 3 * S);
    expectKeeperError(call, 'SESSIONEXPIRED', -112);
    expect(w.cluster.server?.inspect?.tree.node('/eph')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------

describe("a server behind the client's lastZxidSeen", () => {
  // The simulated disk only loses what was never synced, and the server acknowledges nothing before its
  // fsync, so no crash alone can put it behind a client. The harness therefore plays a disk that lost
  // synced data (a lying write cache): while the server is down it cuts the last byte off the txn log and
  // syncs that, and recovery, taking the cut record for a torn tail, comes back one txn short — the very
  // txn whose reply gave client a its lastZxidSeen.
  it('is refused until it has caught up: a never gets SyncConnected from it before, and sees no zxid go backwards after', async () => {
    const w = new World(10);
    const a = w.client('a');
    const b = w.client('b');
    const crash = 1 * S;
    const restart = 2 * S;
    const bWrite = 5 * S;
    const zxids: number[] = [];
    let seenBeforeCrash = 0;
    let write: Attempt<string> = {};
    let read: Attempt<unknown> = {};
    w.spawn(async () => {
      await a.zk.create('/a', 'v0');
      await a.zk.setData('/a', 'v1');
      seenBeforeCrash = w.zkClient(a).lastZxidSeen;
    });
    w.at(crash, () => {
      w.cluster.sim.crash(w.server);
      const disk = w.cluster.sim.disk(w.server);
      const log = disk.list().filter((f) => f.startsWith('log.')).sort().pop() ?? '';
      disk.truncate(log, (disk.sizeBytes(log) ?? 1) - 1);
      disk.fsync(log);
    });
    w.at(restart, () => w.cluster.sim.restart(w.server));
    w.at(bWrite, () => (write = w.attempt('b create /b', () => b.zk.create('/b'))));
    w.at(bWrite + 3 * S, () => (read = w.attempt('a getData /a', async () => {
      const r = await a.zk.raw({ op: 'getData', path: '/a', watch: false });
      if (r.zxid !== undefined) zxids.push(r.zxid);
      return r;
    })));
    await w.run(bWrite + 4 * S);

    const recovered = w.emits(w.server, 'recovered').map((e) => e.data.zxid);
    expect(seenBeforeCrash).toBeGreaterThan(0);
    expect(recovered).toEqual([0, seenBeforeCrash - 1]);
    // Every attempt a made before b's write was refused (the server closes the connection during the
    // handshake); a stayed CONNECTING, with a single Disconnected.
    const writeApplied = write.at ?? 0;
    expect(writeApplied).toBeGreaterThan(bWrite);
    const refused = w.emits(w.server, 'refusedClient');
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.every((e) => e.data.lastZxidSeen === seenBeforeCrash && e.data.ours === seenBeforeCrash - 1)).toBe(true);
    expect(refused.every((e) => e.at < writeApplied)).toBe(true);
    const attempts = w.emits(a.zk.host, 'clientConnecting').filter((e) => e.at > crash);
    expect(attempts.length).toBe(refused.length + 1);
    const states = sessionEvents(a.events);
    expect(states.map(([, s]) => s)).toEqual(['SyncConnected', 'Disconnected', 'SyncConnected']);
    expect(states[2]?.[0]).toBeGreaterThan(writeApplied - LATENCY);
    expect(w.emits(a.zk.host, 'clientState').filter((e) => e.at > crash && e.data.to === 'CONNECTED').map((e) => e.at)).toEqual([states[2]?.[0]]);
    // b, which had seen no zxid, was let in at once; its write brought the server level with a.
    expect(sessionEvents(b.events).map(([, s]) => s)).toEqual(['SyncConnected', 'Disconnected', 'SyncConnected']);
    expect((sessionEvents(b.events)[2]?.[0] ?? 0)).toBeLessThan(refused[1]?.at ?? 0);
    // Once in, with the same session, nothing a reads is older than what it had seen.
    expect(w.emits(a.zk.host, 'clientSession').map((e) => e.data.session)).toEqual([`0x${w.zkClient(a).sessionId.toString(16)}`, `0x${w.zkClient(a).sessionId.toString(16)}`]);
    expect(read.error).toBeUndefined();
    expect(zxids.every((z) => z >= seenBeforeCrash)).toBe(true);
    expect(zxids.length).toBe(1);
    expect(w.zkClient(a).lastZxidSeen).toBeGreaterThanOrEqual(seenBeforeCrash);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('determinism', () => {
  it('runs the crash-and-restart scenario to the same trace hash and the same observations from the same seed', async () => {
    const first = await crashAndRestart(11);
    const again = await crashAndRestart(11);
    expect(again.result.traceHash).toBe(first.result.traceHash);
    expect(again.result.events).toBe(first.result.events);
    expect(again.w.journal).toEqual(first.w.journal);
    expect(again.w.records).toEqual(first.w.records);
    const other = await crashAndRestart(12);
    expect(other.result.traceHash).not.toBe(first.result.traceHash);
  });
});
