// Worked examples of the simulated network's guarantees, with constant latency so every time is exact:
// graceful close, a crashed peer's reset (and a timeout when that reset cannot get through), a
// one-way cut that lets the SYN through but holds the answer, stacked partitions and clogs, and
// resetBetween reaching every connection between two hosts whichever end opened it and whatever state
// it is in (a regression test: it used to reset only connections with an open end at its first
// argument, so after a crash of `a`, resetBetween(a, b) left b's ends open). The properties in
// test/property/network.test.ts check the same rules under random schedules; these pin them down in
// readable form.
import { describe, expect, it } from 'vitest';
import type { ConnId, HostId } from '../../src/base/index.ts';
import { Simulation } from '../../src/sim/index.ts';
import type { NetworkOptions } from '../../src/sim/index.ts';
import { NetLog, addRecordingHosts } from '../support/net-recorder.ts';
import type { NetCall, NetEvent, NetMsg } from '../support/net-recorder.ts';

const L = 1_000;

function setup(n: number, network: Partial<NetworkOptions> = {}): { sim: Simulation<NetMsg, string, NetCall>; log: NetLog; hosts: HostId[] } {
  const sim = new Simulation<NetMsg, string, NetCall>({ seed: 7, maxHosts: 8, network: { latency: { kind: 'constant', micros: L }, ...network } });
  const log = new NetLog();
  const hosts = addRecordingHosts(sim, log, n);
  for (const h of hosts) sim.start(h);
  return { sim, log, hosts };
}

/** `from` connects to `to` at `atMicros`; the connection's id, once the run has passed that time. */
function connectAt(sim: Simulation<NetMsg, string, NetCall>, log: NetLog, atMicros: number, from: HostId, to: HostId): () => ConnId {
  sim.at(atMicros, () => sim.inject(from, { op: 'connect', peer: to }));
  return () => {
    const c = log.connects().find((e) => e.t === atMicros && e.host === from && e.peer === to);
    if (c === undefined) throw new Error('the connect call did not happen');
    return c.conn;
  };
}

/** What `host` was told about `conn`, as [time, what] pairs. */
function told(log: NetLog, host: HostId, conn: ConnId): [number, string][] {
  const describe = (e: NetEvent): string | undefined => {
    switch (e.kind) {
      case 'accepted':
      case 'connected':
        return e.kind;
      case 'message':
        return `msg ${e.msg.seq}`;
      case 'closed':
        return `closed ${e.reason}`;
      case 'start':
      case 'connect':
      case 'send':
      case 'close':
        return undefined;
    }
  };
  const out: [number, string][] = [];
  for (const e of log.events) {
    if (e.host !== host || !('conn' in e) || e.conn !== conn) continue;
    const what = describe(e);
    if (what !== undefined) out.push([e.t, what]);
  }
  return out;
}

describe('graceful close', () => {
  it('delivers everything sent before close, then eof; the closer gets nothing more', async () => {
    const { sim, log, hosts } = setup(2);
    const [a, b] = hosts as [HostId, HostId];
    const conn = connectAt(sim, log, 0, a, b);
    sim.at(3_000, () => sim.inject(a, { op: 'send', conn: conn(), count: 2 }));
    sim.at(3_100, () => sim.inject(b, { op: 'send', conn: conn(), count: 1 })); // would arrive at 4_100
    sim.at(3_500, () => sim.inject(a, { op: 'close', conn: conn() }));
    sim.at(3_600, () => sim.inject(b, { op: 'send', conn: conn(), count: 1 })); // b does not know yet
    await sim.run();
    expect(told(log, b, conn())).toEqual([[L, 'accepted'], [4_000, 'msg 1'], [4_000, 'msg 2'], [4_500, 'closed eof']]);
    expect(told(log, a, conn())).toEqual([[2 * L, 'connected']]);
    expect(sim.network.openConnections(a)).toEqual([]);
    expect(sim.network.openConnections(b)).toEqual([]);
  });
});

describe('a crashed peer', () => {
  it('still delivers what it sent before the crash, then a reset', async () => {
    const { sim, log, hosts } = setup(2);
    const [a, b] = hosts as [HostId, HostId];
    const conn = connectAt(sim, log, 0, a, b);
    sim.at(3_000, () => sim.inject(a, { op: 'send', conn: conn(), count: 3 }));
    sim.at(3_200, () => sim.crash(a));
    sim.at(3_300, () => sim.inject(b, { op: 'send', conn: conn(), count: 1 }));
    await sim.run();
    expect(told(log, b, conn())).toEqual([[L, 'accepted'], [4_000, 'msg 1'], [4_000, 'msg 2'], [4_000, 'msg 3'], [4_200, 'closed reset']]);
    expect(log.received(conn(), a)).toEqual([]);
  });

  it('times the connection out if its reset cannot get through', async () => {
    const { sim, log, hosts } = setup(2, { stallResetMicros: 50_000 });
    const [a, b] = hosts as [HostId, HostId];
    const conn = connectAt(sim, log, 0, a, b);
    sim.at(3_000, () => sim.network.partition([a], [b], true));
    sim.at(3_200, () => sim.crash(a));
    sim.at(200_000, () => sim.network.healAll());
    await sim.run();
    // The RST is held from when it was due (4_200) until the stall limit.
    expect(told(log, b, conn())).toEqual([[L, 'accepted'], [54_200, 'closed timeout']]);
  });
});

describe('cuts during a connection attempt', () => {
  it('a one-way cut back from the peer lets it accept but holds its answer until both ends time out', async () => {
    const { sim, log, hosts } = setup(2, { connectTimeoutMicros: 20_000, stallResetMicros: 50_000 });
    const [a, b] = hosts as [HostId, HostId];
    sim.network.partition([b], [a], true);
    const conn = connectAt(sim, log, 0, a, b);
    await sim.run({ untilMicros: 200_000 });
    expect(told(log, b, conn())).toEqual([[L, 'accepted'], [L + L + 50_000, 'closed timeout']]);
    expect(told(log, a, conn())).toEqual([[L + L + 50_000, 'closed timeout']]);
  });
});

describe('partitions', () => {
  it('stack: a link cut twice stays cut until both are healed', async () => {
    const { sim, log, hosts } = setup(3);
    const [a, b, c] = hosts as [HostId, HostId, HostId];
    const conn = connectAt(sim, log, 0, a, b);
    let first = 0;
    let second = 0;
    sim.at(3_000, () => {
      first = sim.network.partition([a], [b, c]);
      second = sim.network.partition([a, c], [b], true);
      sim.inject(a, { op: 'send', conn: conn() });
      sim.inject(b, { op: 'send', conn: conn() });
    });
    sim.at(10_000, () => {
      sim.network.heal(first);
      expect(sim.network.isBlocked(a, b)).toBe(true);
      expect(sim.network.isBlocked(b, a)).toBe(false);
      expect(sim.network.isBlocked(a, c)).toBe(false);
    });
    sim.at(20_000, () => sim.network.heal(second));
    await sim.run();
    expect(log.received(conn(), a)).toEqual([{ t: 10_000 + L, seq: 1 }]);
    expect(log.received(conn(), b)).toEqual([{ t: 20_000 + L, seq: 1 }]);
    expect(sim.network.activePartitions).toBe(0);
  });
});

describe('clogs', () => {
  it('stack: overlapping clogs add their extra latencies', async () => {
    const { sim, log, hosts } = setup(2);
    const [a, b] = hosts as [HostId, HostId];
    const conn = connectAt(sim, log, 0, a, b);
    sim.at(3_000, () => {
      sim.network.clog([a], [b], { kind: 'constant', micros: 5_000 }, 20_000);
      sim.network.clog([a], [b], { kind: 'constant', micros: 700 }, 10_000);
    });
    sim.at(4_001, () => sim.inject(a, { op: 'send', conn: conn() })); // both clogs: 4_001 + 1_000 + 5_700
    sim.at(15_001, () => sim.inject(a, { op: 'send', conn: conn() })); // the first only: 15_001 + 6_000
    sim.at(30_001, () => sim.inject(a, { op: 'send', conn: conn() })); // neither
    await sim.run();
    expect(log.received(conn(), b)).toEqual([{ t: 10_701, seq: 1 }, { t: 21_001, seq: 2 }, { t: 31_001, seq: 3 }]);
  });
});

describe('latency spikes', () => {
  it('delay every link, both ways, for messages sent while the spike lasts', async () => {
    const { sim, log, hosts } = setup(3);
    const [a, b, c] = hosts as [HostId, HostId, HostId];
    const ab = connectAt(sim, log, 0, a, b);
    const cb = connectAt(sim, log, 0, c, b);
    sim.at(3_000, () => sim.network.spike({ kind: 'constant', micros: 9_000 }, 8_000));
    sim.at(4_000, () => {
      sim.inject(a, { op: 'send', conn: ab() });
      sim.inject(b, { op: 'send', conn: cb() });
    });
    sim.at(9_000, () => sim.inject(a, { op: 'send', conn: ab() })); // after the spike: plain latency
    await sim.run();
    expect(log.received(ab(), b)).toEqual([{ t: 14_000, seq: 1 }, { t: 14_000, seq: 2 }]); // FIFO behind the first
    expect(log.received(cb(), c)).toEqual([{ t: 14_000, seq: 1 }]);
  });
});

describe('resetBetween', () => {
  it('resets a connection the other host is still opening (its SYN in flight)', async () => {
    const { sim, log, hosts } = setup(2);
    const [a, b] = hosts as [HostId, HostId];
    const conn = connectAt(sim, log, 0, b, a);
    sim.at(500, () => sim.network.resetBetween(a, b));
    await sim.run();
    expect(told(log, b, conn())).toEqual([[500, 'closed reset']]);
    expect(told(log, a, conn()), 'the SYN was lost with the reset').toEqual([]);
  });

  it('resets the peer end of a connection whose end at the first host is gone (crashed)', async () => {
    const { sim, log, hosts } = setup(2);
    const [a, b] = hosts as [HostId, HostId];
    const conn = connectAt(sim, log, 0, a, b);
    sim.at(3_000, () => sim.inject(a, { op: 'send', conn: conn() }));
    sim.at(3_500, () => {
      sim.crash(a);
      sim.network.resetBetween(a, b);
    });
    await sim.run();
    // At once, and what was in flight is lost with it.
    expect(told(log, b, conn())).toEqual([[L, 'accepted'], [3_500, 'closed reset']]);
  });

  it('resets connections in both orientations, and no others', async () => {
    const { sim, log, hosts } = setup(3);
    const [a, b, c] = hosts as [HostId, HostId, HostId];
    const ab = connectAt(sim, log, 0, a, b);
    const ba = connectAt(sim, log, 0, b, a);
    const ac = connectAt(sim, log, 0, a, c);
    sim.at(5_000, () => sim.network.resetBetween(b, a));
    await sim.run();
    for (const conn of [ab(), ba()]) {
      expect(log.closed(conn, a).map((e) => [e.t, e.reason])).toEqual([[5_000, 'reset']]);
      expect(log.closed(conn, b).map((e) => [e.t, e.reason])).toEqual([[5_000, 'reset']]);
    }
    expect(log.closed(ac(), a)).toEqual([]);
    expect(sim.network.openConnections(a)).toEqual([ac()]);
  });
});

describe('a paused host', () => {
  it('gets nothing more on a connection it closed, even what arrived while it was paused', async () => {
    const { sim, log, hosts } = setup(2);
    const [a, b] = hosts as [HostId, HostId];
    const conn = connectAt(sim, log, 0, a, b);
    sim.at(3_000, () => {
      sim.pause(b, 5_000);
      sim.inject(a, { op: 'send', conn: conn(), count: 2 }); // arrives at 4_000, while b is paused
    });
    // Queued ahead of the two messages: b closes on the first input it processes after the pause.
    sim.at(3_500, () => sim.inject(b, { op: 'close', conn: conn() }));
    await sim.run();
    expect(told(log, b, conn())).toEqual([[L, 'accepted']]);
    expect(log.events.filter((e) => e.host === b && e.kind === 'close').map((e) => e.t)).toEqual([8_000]);
  });
});
