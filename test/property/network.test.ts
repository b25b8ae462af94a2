// The simulated network's guarantees, checked under random schedules. ZooKeeper's correctness rests
// on TCP's promises, so if the simulated network broke them, every protocol test above it would be
// testing against a network that cannot exist. Checked here:
//  1. under random partitions (symmetric and one-way), heals, on-demand resets, crashes and restarts,
//     pauses, connects, closes and sends, each direction of each connection delivers exactly a prefix
//     of what was sent, in order, once; nothing reaches an end after it closed or learned it was closed
//     (even inputs that were waiting for a paused host); every reset (on demand, by stall timeout, or by
//     a crashed peer) is learned by every end that was open, with the right reason, at once unless its
//     host is paused; and once healed and quiet, every connection is either whole (all sent arrived) or
//     gone at both ends, and the network's idea of the open ends matches what the hosts were told;
//  2. a partition blocks exactly the directions asked for, and held traffic arrives in order on heal;
//  3. a cut held past `stallResetMicros` resets the connection (both ends: 'timeout'), a shorter one
//     does not and loses nothing;
//  4. a connection attempt to a host that is down or cut off times out after `connectTimeoutMicros`,
//     one to a host that is up is accepted there and then connected at the initiator;
//  5. a clog adds its extra latency to what is sent while it lasts, on the clogged links only.
// Recording actors (test/support/net-recorder.ts) do only what the test tells them and log every input
// with virtual time; a model built from that log checks each event as it happens.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConnId, HostId } from '../../src/base/index.ts';
import { Simulation } from '../../src/sim/index.ts';
import type { CloseReason, NetworkOptions, PartitionId } from '../../src/sim/index.ts';
import { NetLog, addRecordingHosts } from '../support/net-recorder.ts';
import type { NetCall, NetEvent, NetMsg } from '../support/net-recorder.ts';
import { checkProperty } from '../support/property.ts';

type Sim = Simulation<NetMsg, string, NetCall>;

function makeSim(seed: number, n: number, network: Partial<NetworkOptions>): { sim: Sim; log: NetLog; hosts: HostId[] } {
  const sim: Sim = new Simulation<NetMsg, string, NetCall>({ seed, maxHosts: 8, network });
  const log = new NetLog();
  const hosts = addRecordingHosts(sim, log, n);
  return { sim, log, hosts };
}

function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`test bug: no element ${i}`);
  return x;
}

/** Hosts whose bit is set in `mask` (taken modulo the host count); `fallback` if none. */
function hostsOf(mask: number, hosts: readonly HostId[], fallback: HostId): HostId[] {
  const out = hosts.filter((_, i) => (mask & (1 << i)) !== 0);
  return out.length > 0 ? out : [fallback];
}

// ---------------------------------------------------------------------------------------------------
// 1. The model: what each end of each connection may see, checked event by event.
// ---------------------------------------------------------------------------------------------------

type ClosedBy = 'close' | 'crash' | CloseReason;

interface End {
  readonly host: HostId;
  readonly incarnation: number;
  open: boolean;
  connected: boolean;
  sent: number;
  received: number;
  closedBy?: ClosedBy;
  closedAt?: number;
  /**
   * Stands for an end the actor never heard of: its host crashed while paused, so an `accepted` may have
   * been lost with its inbox (or the SYN was still in flight, and a later incarnation may accept).
   */
  phantom?: true;
}

interface ConnModel {
  readonly id: ConnId;
  readonly initiator: HostId;
  readonly acceptor: HostId;
  readonly ends: Map<HostId, End>;
  /** The harness reset it on demand: a 'reset' may still reach an end whose host was paused then. */
  resetOnDemand: boolean;
}

interface Coverage {
  delivered: number;
  eof: number;
  resetByPeerCrash: number;
  resetOnDemand: number;
  timeout: number;
  connectTimeout: number;
  /** Ends told `closed` late, because their host was paused when the connection ended. */
  closedWhilePaused: number;
  crashes: number;
  pauses: number;
  restarts: number;
  oneWayCuts: number;
  wholeAtEnd: number;
}

class NetModel {
  readonly conns = new Map<ConnId, ConnModel>();
  private readonly incarnations = new Map<HostId, number>();
  /** After one end learns of a timeout reset, the other end (if open, and not paused) must learn of it next. */
  private expectNext: { readonly conn: ConnId; readonly host: HostId } | undefined;
  /** True while the harness resets connections on demand. */
  onDemandReset = false;

  constructor(private readonly coverage: Coverage, private readonly isPaused: (host: HostId) => boolean) {}

  private fail(e: NetEvent, what: string): never {
    throw new Error(`at ${e.t} us, host ${e.host}#${e.incarnation} ${e.kind}${'conn' in e ? ` on conn ${e.conn}` : ''}: ${what}`);
  }

  private conn(e: NetEvent & { readonly conn: ConnId }): ConnModel {
    const c = this.conns.get(e.conn);
    if (c === undefined) this.fail(e, 'no such connection was ever opened');
    return c;
  }

  private end(e: NetEvent & { readonly conn: ConnId }, c: ConnModel): End {
    const end = c.ends.get(e.host);
    if (end === undefined) this.fail(e, 'this host has no end of the connection');
    if (end.incarnation !== e.incarnation) this.fail(e, `the end belongs to incarnation ${end.incarnation}`);
    return end;
  }

  private other(c: ConnModel, host: HostId): HostId {
    return host === c.initiator ? c.acceptor : c.initiator;
  }

  openEnds(conn: ConnId): End[] {
    const c = this.conns.get(conn);
    return c === undefined ? [] : [...c.ends.values()].filter((e) => e.open);
  }

  openAt(host: HostId): ConnId[] {
    const out: ConnId[] = [];
    for (const c of this.conns.values()) if (c.ends.get(host)?.open === true) out.push(c.id);
    return out.sort((a, b) => a - b);
  }

  onEvent(e: NetEvent): void {
    if (this.expectNext !== undefined) {
      const want = this.expectNext;
      this.expectNext = undefined;
      if (!(e.kind === 'closed' && e.conn === want.conn && e.host === want.host && e.reason === 'timeout')) {
        this.fail(e, `expected host ${want.host} to learn at once that conn ${want.conn} timed out (its peer just did)`);
      }
    }
    if (e.kind === 'start') {
      const prev = this.incarnations.get(e.host) ?? 0;
      if (e.incarnation !== prev + 1) this.fail(e, `incarnation ${e.incarnation} follows ${prev}`);
      this.incarnations.set(e.host, e.incarnation);
      return;
    }
    if (this.incarnations.get(e.host) !== e.incarnation) this.fail(e, 'a stale incarnation acted or got an input');
    switch (e.kind) {
      case 'connect': {
        if (this.conns.has(e.conn)) this.fail(e, 'connection id reused');
        const end: End = { host: e.host, incarnation: e.incarnation, open: true, connected: false, sent: 0, received: 0 };
        this.conns.set(e.conn, { id: e.conn, initiator: e.host, acceptor: e.peer, ends: new Map([[e.host, end]]), resetOnDemand: false });
        return;
      }
      case 'accepted': {
        const c = this.conn(e);
        if (!(c.acceptor === e.host && c.initiator === e.peer)) this.fail(e, `the connection is ${c.initiator}->${c.acceptor}`);
        if (c.ends.has(e.host) && c.ends.get(e.host)?.phantom !== true) this.fail(e, 'accepted twice');
        c.ends.set(e.host, { host: e.host, incarnation: e.incarnation, open: true, connected: true, sent: 0, received: 0 });
        return;
      }
      case 'connected': {
        const c = this.conn(e);
        const end = this.end(e, c);
        if (c.initiator !== e.host) this.fail(e, 'only the initiator gets connected');
        if (!end.open) this.fail(e, `connected after the end was closed (${end.closedBy})`);
        if (end.connected) this.fail(e, 'connected twice');
        // The peer's OS accepted first; its actor hears of it at once, or on resuming if paused.
        if (!c.ends.has(c.acceptor) && !this.isPaused(c.acceptor)) this.fail(e, 'connected before the peer accepted');
        end.connected = true;
        return;
      }
      case 'send': {
        const end = this.end(e, this.conn(e));
        if (!end.open) this.fail(e, 'sent on a closed end');
        if (e.seq !== end.sent + 1) this.fail(e, `sent ${e.seq} after ${end.sent}`);
        end.sent = e.seq;
        return;
      }
      case 'message': {
        const c = this.conn(e);
        const end = this.end(e, c);
        if (!end.open) this.fail(e, `message ${e.msg.seq} delivered after the end was closed (${end.closedBy} at ${end.closedAt})`);
        if (!end.connected) this.fail(e, 'message delivered before connected');
        const peer = this.other(c, e.host);
        if (e.peer !== peer || e.msg.from !== peer || e.msg.conn !== e.conn) {
          this.fail(e, `message ${JSON.stringify(e.msg)} from ${e.peer} does not belong here (peer is ${peer})`);
        }
        const sender = c.ends.get(peer);
        if (sender === undefined || e.msg.seq > sender.sent) this.fail(e, `message ${e.msg.seq} was never sent`);
        if (e.msg.seq !== end.received + 1) {
          this.fail(e, `got message ${e.msg.seq} after ${end.received}: not a FIFO prefix (gap, duplicate or reorder)`);
        }
        end.received = e.msg.seq;
        this.coverage.delivered += 1;
        return;
      }
      case 'close': {
        const end = this.end(e, this.conn(e));
        if (!end.open) this.fail(e, 'closed an end that is not open');
        end.open = false;
        end.closedBy = 'close';
        end.closedAt = e.t;
        return;
      }
      case 'closed': {
        const c = this.conn(e);
        const end = this.end(e, c);
        if (!end.open) this.fail(e, `told closed (${e.reason}) but the end was already closed (${end.closedBy} at ${end.closedAt})`);
        const peer = c.ends.get(this.other(c, e.host));
        end.open = false;
        end.closedBy = e.reason;
        end.closedAt = e.t;
        if (e.t > (peer?.closedAt ?? e.t) && peer?.closedBy !== 'close' && peer?.closedBy !== 'crash') this.coverage.closedWhilePaused += 1;
        if (e.host === c.initiator && !end.connected && !(e.reason === 'timeout' || c.resetOnDemand)) {
          this.fail(e, `an unconnected initiator was closed with '${e.reason}'`);
        }
        switch (e.reason) {
          case 'eof':
            if (peer?.closedBy !== 'close') this.fail(e, `eof, but the peer did not close (${peer?.closedBy})`);
            this.coverage.eof += 1;
            return;
          case 'reset':
            // On demand (now, or later if this host was paused then), or the peer's crash.
            if (c.resetOnDemand) {
              this.coverage.resetOnDemand += 1;
            } else {
              if (peer?.closedBy !== 'crash') this.fail(e, `reset, but nobody reset it and the peer did not crash (${peer?.closedBy})`);
              this.coverage.resetByPeerCrash += 1;
            }
            return;
          case 'timeout':
            if (peer?.open === true && !this.isPaused(peer.host)) this.expectNext = { conn: e.conn, host: peer.host };
            if (peer === undefined) this.coverage.connectTimeout += 1;
            else this.coverage.timeout += 1;
            return;
        }
        return;
      }
    }
  }

  /** The harness is about to crash `host`: its open ends are gone. */
  crashed(host: HostId, t: number, paused: boolean): void {
    for (const c of this.conns.values()) {
      if (paused && c.acceptor === host && !c.ends.has(host)) {
        const incarnation = this.incarnations.get(host) ?? 0;
        c.ends.set(host, { host, incarnation, open: false, connected: true, sent: 0, received: 0, closedBy: 'crash', closedAt: t, phantom: true });
        continue;
      }
      const end = c.ends.get(host);
      if (end?.open === true) {
        end.open = false;
        end.closedBy = 'crash';
        end.closedAt = t;
      }
    }
  }

  /** At quiescence, after every cut healed: each connection is whole at both ends, or gone at both. */
  checkSettled(sim: Sim): void {
    if (this.expectNext !== undefined) throw new Error(`host ${this.expectNext.host} never learned conn ${this.expectNext.conn} timed out`);
    for (const c of this.conns.values()) {
      const i = c.ends.get(c.initiator);
      const a = c.ends.get(c.acceptor);
      const what = `conn ${c.id} (${c.initiator}->${c.acceptor}): initiator ${i?.open === true ? 'open' : i?.closedBy}, ` +
        `acceptor ${a === undefined ? 'never accepted' : a.open ? 'open' : a.closedBy}`;
      if (i?.open === true || a?.open === true) {
        expect(i?.open && a?.open, `half-open after settling: ${what}`).toBe(true);
        expect(i?.connected, `never connected: ${what}`).toBe(true);
        // Healed and quiet: everything sent on a live connection has arrived.
        expect(a?.received, `${what}: all ${i?.sent} sent to the acceptor arrived`).toBe(i?.sent);
        expect(i?.received, `${what}: all ${a?.sent} sent to the initiator arrived`).toBe(a?.sent);
        this.coverage.wholeAtEnd += 1;
      }
    }
    for (const h of sim.hostIds()) {
      const actual = sim.network.openConnections(h).sort((x, y) => x - y);
      expect(actual, `the network's open ends at host ${h} match what the host was told`).toEqual(this.openAt(h));
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Property 1: random faults and traffic.
// ---------------------------------------------------------------------------------------------------

type Step =
  | { readonly kind: 'send'; readonly host: number; readonly pick: number; readonly count: number }
  | { readonly kind: 'connect'; readonly host: number; readonly peer: number }
  | { readonly kind: 'close'; readonly host: number; readonly pick: number }
  | { readonly kind: 'partition'; readonly from: number; readonly to: number; readonly oneWay: boolean }
  | { readonly kind: 'heal'; readonly pick: number }
  | { readonly kind: 'healAll' }
  | { readonly kind: 'reset'; readonly pick: number }
  | { readonly kind: 'resetBetween'; readonly a: number; readonly b: number }
  | { readonly kind: 'crashOrRestart'; readonly host: number }
  | { readonly kind: 'pause'; readonly host: number; readonly micros: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('send' as const), host: fc.nat(7), pick: fc.nat(7), count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('connect' as const), host: fc.nat(7), peer: fc.nat(7) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), host: fc.nat(7), pick: fc.nat(7) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('partition' as const), from: fc.integer({ min: 1, max: 15 }), to: fc.integer({ min: 1, max: 15 }), oneWay: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('heal' as const), pick: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'healAll' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const), pick: fc.nat(15) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resetBetween' as const), a: fc.nat(7), b: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crashOrRestart' as const), host: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const), host: fc.nat(7), micros: fc.integer({ min: 1, max: 60_000 }) }) },
);

interface Scenario {
  readonly seed: number;
  readonly hosts: number;
  readonly steps: readonly { readonly dtMicros: number; readonly step: Step }[];
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  hosts: fc.integer({ min: 2, max: 4 }),
  steps: fc.array(fc.record({ dtMicros: fc.integer({ min: 0, max: 8_000 }), step: stepArb }), { minLength: 5, maxLength: 60, size: 'max' }),
});

const CHAOS_NETWORK: Partial<NetworkOptions> = {
  latency: { kind: 'uniform', minMicros: 100, maxMicros: 3_000 },
  connectTimeoutMicros: 20_000,
  stallResetMicros: 30_000,
};

async function runScenario(s: Scenario, coverage: Coverage): Promise<void> {
  const { sim, log, hosts } = makeSim(s.seed, s.hosts, CHAOS_NETWORK);
  const model = new NetModel(coverage, (h) => sim.status(h).paused);
  log.observe((e) => model.onEvent(e));
  const host = (i: number): HostId => at(hosts, i % hosts.length);
  const up = new Set<HostId>();
  const partitions: PartitionId[] = [];

  for (const h of hosts) {
    sim.start(h);
    up.add(h);
  }
  // A connection between every pair to begin with; steps open more.
  for (const a of hosts) for (const b of hosts) if (a < b) sim.inject(a, { op: 'connect', peer: b });

  /**
   * Resets on demand: every end open just before must be told 'reset' right away, unless its host is
   * paused (then it hears of it on resuming; the final check sees that it did).
   */
  const resetOnDemand = (conns: readonly ConnId[], doIt: () => void): void => {
    for (const c of conns) {
      const m = model.conns.get(c);
      if (m !== undefined) m.resetOnDemand = true;
    }
    const before = conns.flatMap((c) => model.openEnds(c)).filter((end) => !sim.status(end.host).paused);
    model.onDemandReset = true;
    try {
      doIt();
    } finally {
      model.onDemandReset = false;
    }
    for (const end of before) {
      expect(end, `an open end of a reset connection learned of it at once (t=${sim.now})`)
        .toMatchObject({ open: false, closedBy: 'reset', closedAt: sim.now });
    }
  };

  let t = 5_000;
  for (const { dtMicros, step } of s.steps) {
    t += dtMicros;
    sim.at(t, () => {
      switch (step.kind) {
        case 'send':
          sim.inject(host(step.host), { op: 'sendPick', pick: step.pick, count: step.count });
          return;
        case 'connect': {
          const from = host(step.host);
          const to = host(step.host + 1 + (step.peer % (hosts.length - 1)));
          sim.inject(from, { op: 'connect', peer: to });
          return;
        }
        case 'close':
          sim.inject(host(step.host), { op: 'closePick', pick: step.pick });
          return;
        case 'partition': {
          const from = hostsOf(step.from, hosts, at(hosts, 0));
          const to = hostsOf(step.to, hosts, at(hosts, hosts.length - 1));
          partitions.push(sim.network.partition(from, to, step.oneWay));
          if (step.oneWay) coverage.oneWayCuts += 1;
          return;
        }
        case 'heal':
          if (partitions.length > 0) sim.network.heal(partitions.splice(step.pick % partitions.length, 1)[0] as PartitionId);
          return;
        case 'healAll':
          sim.network.healAll();
          partitions.length = 0;
          return;
        case 'reset': {
          // Prefer connections with an open end; a forgotten one is a harmless no-op.
          const ids = [...model.conns.keys()];
          const live = ids.filter((c) => model.openEnds(c).length > 0);
          const pool = live.length > 0 ? live : ids;
          if (pool.length === 0) return;
          const conn = at(pool, step.pick % pool.length);
          resetOnDemand([conn], () => sim.network.reset(conn));
          return;
        }
        case 'resetBetween': {
          const a = host(step.a);
          const b = host(step.a + 1 + (step.b % (hosts.length - 1)));
          const between = [...model.conns.values()]
            .filter((c) => (c.initiator === a && c.acceptor === b) || (c.initiator === b && c.acceptor === a))
            .map((c) => c.id);
          resetOnDemand(between, () => sim.network.resetBetween(a, b));
          return;
        }
        case 'crashOrRestart': {
          const h = host(step.host);
          if (up.has(h)) {
            model.crashed(h, sim.now, sim.status(h).paused);
            sim.crash(h);
            up.delete(h);
            coverage.crashes += 1;
          } else {
            sim.restart(h);
            up.add(h);
            coverage.restarts += 1;
          }
          return;
        }
        case 'pause': {
          const h = host(step.host);
          if (up.has(h) && !sim.status(h).paused) {
            sim.pause(h, step.micros);
            coverage.pauses += 1;
          }
          return;
        }
      }
    });
  }
  sim.at(t + 1, () => sim.network.healAll());
  // No timers anywhere: the run ends when every message, stall and connection attempt has settled.
  const result = await sim.run({ maxEvents: 2_000_000 });
  expect(result.reason).toBe('quiescent');
  expect(sim.network.activePartitions).toBe(0);
  model.checkSettled(sim);
}

function newCoverage(): Coverage {
  return {
    delivered: 0, eof: 0, resetByPeerCrash: 0, resetOnDemand: 0, timeout: 0, connectTimeout: 0,
    closedWhilePaused: 0, crashes: 0, restarts: 0, pauses: 0, oneWayCuts: 0, wholeAtEnd: 0,
  };
}

describe('network under random faults', () => {
  it('delivers a FIFO prefix once per direction, never after close, and every reset reaches every open end', async () => {
    const coverage = newCoverage();
    await checkProperty(fc.asyncProperty(scenarioArb, (s) => runScenario(s, coverage)), { numRuns: 200, file: import.meta.url });
    // The property is only as good as what the schedules exercised: every kind of ending must occur.
    for (const [what, n] of Object.entries(coverage)) expect(n, `coverage: ${what}`).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties 2-5: targeted, with constant latency so that times are exact.
// ---------------------------------------------------------------------------------------------------

/** Starts every host and connects every pair i<j at time 0 (established by 2L); returns conn ids by pair. */
async function connectAll(sim: Sim, log: NetLog, hosts: readonly HostId[], untilMicros: number): Promise<Map<string, ConnId>> {
  for (const h of hosts) sim.start(h);
  for (const a of hosts) for (const b of hosts) if (a < b) sim.inject(a, { op: 'connect', peer: b });
  await sim.run({ untilMicros });
  const byPair = new Map<string, ConnId>();
  for (const c of log.connects()) {
    expect(log.ofKind('connected').some((e) => e.conn === c.conn), `conn ${c.conn} established`).toBe(true);
    byPair.set(`${c.host}-${c.peer}`, c.conn);
  }
  return byPair;
}

/** Messages sent on `conn` by `from`, with send times, from the log. */
function sentBy(log: NetLog, conn: ConnId, from: HostId): { readonly t: number; readonly seq: number }[] {
  return log.ofKind('send').filter((e) => e.conn === conn && e.host === from).map((e) => ({ t: e.t, seq: e.seq }));
}

function seqs(xs: readonly { readonly seq: number }[]): number[] {
  return xs.map((x) => x.seq);
}

describe('partitions', () => {
  it('block exactly the directions asked for; on heal, held messages arrive in order', async () => {
    const arb = fc.record({
      seed: fc.nat(),
      n: fc.integer({ min: 2, max: 5 }),
      fromMask: fc.integer({ min: 1, max: 31 }),
      toMask: fc.integer({ min: 1, max: 31 }),
      oneWay: fc.boolean(),
      latency: fc.integer({ min: 10, max: 2_000 }),
      // Up to a dozen: enough to make a direction's ring buffer grow while it holds traffic.
      rounds: fc.integer({ min: 1, max: 12 }),
      holdMicros: fc.integer({ min: 10_000, max: 100_000 }),
    });
    await checkProperty(fc.asyncProperty(arb, async (p) => {
      const { sim, log, hosts } = makeSim(p.seed, p.n, {
        latency: { kind: 'constant', micros: p.latency }, stallResetMicros: 1_000_000,
      });
      const conns = await connectAll(sim, log, hosts, 5_000);
      const from = hostsOf(p.fromMask, hosts, at(hosts, 0));
      const to = hostsOf(p.toMask, hosts, at(hosts, hosts.length - 1));
      const cut = (x: HostId, y: HostId): boolean =>
        x !== y && ((from.includes(x) && to.includes(y)) || (!p.oneWay && from.includes(y) && to.includes(x)));
      const t1 = 10_000;
      const t2 = t1 + p.holdMicros;
      sim.at(t1, () => {
        const id = sim.network.partition(from, to, p.oneWay);
        for (const x of hosts) for (const y of hosts) if (x !== y) expect(sim.network.isBlocked(x, y), `${x}->${y} cut`).toBe(cut(x, y));
        sim.at(t2, () => sim.network.heal(id));
      });
      // Both ends of every connection send, in rounds, during the cut (and well before the heal).
      for (let r = 0; r < p.rounds; r++) {
        sim.at(t1 + 1 + r * 500, () => {
          for (const [pair, conn] of conns) {
            const [a, b] = pair.split('-').map(Number) as [HostId, HostId];
            sim.inject(a, { op: 'send', conn });
            sim.inject(b, { op: 'send', conn });
          }
        });
      }
      await sim.run({ untilMicros: t2 + 100_000 });
      expect(log.ofKind('closed'), 'a cut shorter than the stall limit resets nothing').toEqual([]);
      for (const [pair, conn] of conns) {
        const [a, b] = pair.split('-').map(Number) as [HostId, HostId];
        for (const [x, y] of [[a, b], [b, a]] as const) {
          const sent = sentBy(log, conn, x);
          const got = log.received(conn, y);
          expect(sent.length).toBe(p.rounds);
          expect(seqs(got), `${x}->${y}: everything arrives, in order, once`).toEqual(seqs(sent));
          if (cut(x, y)) {
            for (const m of got) expect(m.t, `${x}->${y} is cut: message ${m.seq} held until the heal`).toBeGreaterThanOrEqual(t2);
            for (const m of got) expect(m.t, `${x}->${y}: held message ${m.seq} leaves on heal`).toBeLessThanOrEqual(t2 + p.latency);
          } else {
            got.forEach((m, i) => expect(m.t, `${x}->${y} is not cut: message ${m.seq} on time`).toBe(at(sent, i).t + p.latency));
          }
        }
      }
    }), { numRuns: 100, file: import.meta.url });
  });

  it('held past stallResetMicros reset the connection at both ends; healed sooner, they lose nothing', async () => {
    const arb = fc.record({
      seed: fc.nat(),
      latency: fc.integer({ min: 10, max: 2_000 }),
      stallMicros: fc.integer({ min: 5_000, max: 50_000 }),
      cut: fc.constantFrom('a->b', 'b->a', 'both'),
      messages: fc.integer({ min: 1, max: 4 }),
      long: fc.boolean(),
      /** How far from the limit the heal falls (before it if short, after limit + latency if long). */
      marginMicros: fc.integer({ min: 1, max: 20_000 }),
    });
    await checkProperty(fc.asyncProperty(arb, async (p) => {
      const { sim, log, hosts } = makeSim(p.seed, 2, {
        latency: { kind: 'constant', micros: p.latency }, stallResetMicros: p.stallMicros,
      });
      const [a, b] = hosts as [HostId, HostId];
      const conn = at([...(await connectAll(sim, log, hosts, 5_000)).values()], 0);
      const t1 = 10_000;
      const hold = p.long ? p.stallMicros + p.latency + p.marginMicros : Math.max(1, p.stallMicros - p.marginMicros);
      const aToB = p.cut !== 'b->a';
      const bToA = p.cut !== 'a->b';
      sim.at(t1, () => {
        const id = p.cut === 'both' ? sim.network.partition([a], [b]) : p.cut === 'a->b'
          ? sim.network.partition([a], [b], true) : sim.network.partition([b], [a], true);
        sim.inject(a, { op: 'send', conn, count: p.messages });
        sim.inject(b, { op: 'send', conn, count: p.messages });
        sim.at(t1 + hold, () => sim.network.heal(id));
      });
      await sim.run({ untilMicros: t1 + hold + 10 * p.latency + 100_000 });
      const all = Array.from({ length: p.messages }, (_, i) => i + 1);
      const closedA = log.closed(conn, a);
      const closedB = log.closed(conn, b);
      if (p.long) {
        expect(closedA.map((e) => e.reason), 'a learns the connection timed out').toEqual(['timeout']);
        expect(closedB.map((e) => e.reason), 'b learns the connection timed out').toEqual(['timeout']);
        const tc = at(closedA, 0).t;
        expect(at(closedB, 0).t, 'both ends learn at once').toBe(tc);
        expect(tc, 'not before the stall limit').toBeGreaterThanOrEqual(t1 + p.stallMicros);
        expect(tc, 'once traffic has been held for the stall limit').toBeLessThanOrEqual(t1 + p.latency + p.stallMicros);
        // Held traffic is lost; traffic on an open direction arrived on time before the reset.
        expect(seqs(log.received(conn, b))).toEqual(aToB ? [] : all);
        expect(seqs(log.received(conn, a))).toEqual(bToA ? [] : all);
        for (const m of [...log.received(conn, a), ...log.received(conn, b)]) expect(m.t).toBe(t1 + p.latency);
        expect(sim.network.openConnections(a)).toEqual([]);
        expect(sim.network.openConnections(b)).toEqual([]);
      } else {
        expect([...closedA, ...closedB], 'a cut healed in time resets nothing').toEqual([]);
        for (const [x, y, isCut] of [[a, b, aToB], [b, a, bToA]] as const) {
          const got = log.received(conn, y);
          expect(seqs(got), `${x}->${y}: everything arrives in order`).toEqual(all);
          for (const m of got) {
            if (isCut) {
              expect(m.t, `${x}->${y}: held until the heal`).toBeGreaterThanOrEqual(t1 + hold);
              expect(m.t).toBeLessThanOrEqual(t1 + hold + p.latency);
            } else {
              expect(m.t, `${x}->${y} is not cut`).toBe(t1 + p.latency);
            }
          }
        }
        expect(sim.network.openConnections(a)).toEqual([conn]);
        expect(sim.network.openConnections(b)).toEqual([conn]);
      }
    }), { numRuns: 100, file: import.meta.url });
  });
});

describe('connection attempts', () => {
  it('time out after connectTimeoutMicros to a host that is down or cut off, succeed to one that is up', async () => {
    const arb = fc.record({
      seed: fc.nat(),
      latency: fc.integer({ min: 10, max: 2_000 }),
      connectTimeoutMicros: fc.integer({ min: 5_000, max: 50_000 }),
      target: fc.constantFrom('up', 'never-started', 'crashed', 'cut', 'cut-one-way'),
      /** For an unreachable target: whether it becomes reachable before the attempt times out, and when. */
      recovers: fc.boolean(),
      recoverAt: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      /** Messages the initiator sends before it even knows the connection is up. */
      early: fc.integer({ min: 0, max: 3 }),
    });
    await checkProperty(fc.asyncProperty(arb, async (p) => {
      const { sim, log, hosts } = makeSim(p.seed, 2, {
        latency: { kind: 'constant', micros: p.latency }, connectTimeoutMicros: p.connectTimeoutMicros,
        stallResetMicros: 10_000_000,
      });
      const [a, b] = hosts as [HostId, HostId];
      const L = p.latency;
      sim.start(a);
      if (p.target !== 'never-started') sim.start(b);
      const t0 = 1_000;
      let cut: PartitionId | undefined;
      sim.at(t0, () => {
        if (p.target === 'crashed') sim.crash(b);
        if (p.target === 'cut') cut = sim.network.partition([a], [b]);
        if (p.target === 'cut-one-way') cut = sim.network.partition([a], [b], true);
        sim.inject(a, { op: 'connect', peer: b });
      });
      sim.at(t0 + 1, () => {
        const conn = at(log.connects(), 0).conn;
        if (p.early > 0) sim.inject(a, { op: 'send', conn, count: p.early });
      });
      // Reachable again strictly before the attempt could time out (its SYN is due at t0 + L).
      const recovery = p.target !== 'up' && p.recovers ? t0 + 2 + Math.floor(p.recoverAt * (p.connectTimeoutMicros - 2)) : undefined;
      const recover = (): void => {
        if (cut !== undefined) sim.network.heal(cut);
        if (!sim.status(b).up) sim.start(b);
      };
      if (recovery !== undefined) sim.at(recovery, recover);
      await sim.run({ untilMicros: t0 + p.connectTimeoutMicros + 10 * L + 10_000 });
      const conn = at(log.connects(), 0).conn;
      const atA = log.events.filter((e) => e.host === a && 'conn' in e && e.kind !== 'send' && e.kind !== 'connect');
      const atB = log.events.filter((e) => e.host === b && 'conn' in e);
      if (p.target === 'up' || recovery !== undefined) {
        expect(atB.map((e) => e.kind), 'b accepts, then gets the early messages').toEqual(['accepted', ...Array<string>(p.early).fill('message')]);
        const accepted = at(atB, 0).t;
        if (recovery === undefined) {
          expect(accepted).toBe(t0 + L);
        } else {
          expect(accepted, 'accepted once reachable').toBeGreaterThanOrEqual(Math.max(t0 + L, recovery));
          expect(accepted, 'the held SYN goes as soon as the peer is reachable').toBeLessThanOrEqual(Math.max(t0 + L, recovery + L));
        }
        expect(seqs(log.received(conn, b))).toEqual(Array.from({ length: p.early }, (_, i) => i + 1));
        expect(atA.map((e) => e.kind), 'a is connected, and nothing else').toEqual(['connected']);
        expect(at(atA, 0).t).toBe(accepted + L);
        expect(sim.network.openConnections(a)).toEqual([conn]);
        expect(sim.network.openConnections(b)).toEqual([conn]);
      } else {
        expect(atB, 'the unreachable host hears nothing').toEqual([]);
        expect(atA.map((e) => e.kind === 'closed' ? e.reason : e.kind), 'the attempt times out').toEqual(['timeout']);
        const tc = at(atA, 0).t;
        expect(tc, 'not before connectTimeoutMicros').toBeGreaterThanOrEqual(t0 + p.connectTimeoutMicros);
        expect(tc, 'by connectTimeoutMicros after the SYN was due').toBeLessThanOrEqual(t0 + L + p.connectTimeoutMicros);
        expect(sim.network.openConnections(a)).toEqual([]);
        // The attempt is over: the host coming up, or the cut healing, does not revive it.
        recover();
        await sim.run({ untilMicros: sim.now + 10 * L + 1_000 });
        expect(log.events.filter((e) => e.host === b && 'conn' in e)).toEqual([]);
      }
    }), { numRuns: 100, file: import.meta.url });
  });
});

describe('clogs', () => {
  it('add their extra latency to what is sent on clogged links while they last, and nowhere else', async () => {
    const arb = fc.record({
      seed: fc.nat(),
      latency: fc.integer({ min: 10, max: 2_000 }),
      extraMicros: fc.integer({ min: 1, max: 20_000 }),
      clogStart: fc.integer({ min: 0, max: 20_000 }),
      clogLength: fc.integer({ min: 0, max: 30_000 }),
      /** Send times (offsets), on the clogged link and on two that are not. */
      sends: fc.array(fc.record({ at: fc.integer({ min: 0, max: 60_000 }), link: fc.constantFrom('a->b', 'b->a', 'a->c') }), { minLength: 1, maxLength: 30 }),
    });
    await checkProperty(fc.asyncProperty(arb, async (p) => {
      const { sim, log, hosts } = makeSim(p.seed, 3, { latency: { kind: 'constant', micros: p.latency } });
      const [a, b, c] = hosts as [HostId, HostId, HostId];
      const conns = await connectAll(sim, log, hosts, 5_000);
      const ab = conns.get(`${a}-${b}`) as ConnId;
      const ac = conns.get(`${a}-${c}`) as ConnId;
      // Clog boundaries at even times, sends at odd ones: no ties to break.
      const t0 = 10_000;
      const c0 = t0 + 2 * p.clogStart;
      const c1 = c0 + 2 * p.clogLength;
      sim.at(c0, () => sim.network.clog([a], [b], { kind: 'constant', micros: p.extraMicros }, c1));
      for (const s of p.sends) {
        const [from, conn] = s.link === 'a->b' ? [a, ab] : s.link === 'b->a' ? [b, ab] : [a, ac];
        sim.at(t0 + 2 * s.at + 1, () => sim.inject(from, { op: 'send', conn }));
      }
      await sim.run();
      for (const [conn, from, to, clogged] of [[ab, a, b, true], [ab, b, a, false], [ac, a, c, false]] as const) {
        const sent = sentBy(log, conn, from);
        const got = log.received(conn, to);
        expect(seqs(got)).toEqual(seqs(sent));
        // FIFO: a message never overtakes the one before it, so it arrives at the later of its own
        // due time and its predecessor's arrival.
        let prev = 0;
        const expected = sent.map((m) => {
          const extra = clogged && m.t >= c0 && m.t < c1 ? p.extraMicros : 0;
          prev = Math.max(prev, m.t + p.latency + extra);
          return prev;
        });
        expect(got.map((m) => m.t), `${from}->${to} arrival times`).toEqual(expected);
      }
    }), { numRuns: 100, file: import.meta.url });
  });
});
