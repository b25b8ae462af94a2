// A whole ensemble on the seeded kernel: QuorumPeers running election and Zab with clients on every
// server, faults injected on the kernel (crashes, restarts, partitions). Each test is one deterministic
// run and asserts from the recorded run (the servers' zab-* and peer-state events: who led which epoch,
// what was synced how, when a leader stepped down) and from the final trees: acknowledged writes are on
// every live server, states agree, minority sides commit nothing. tickTime is 500 ms, initLimit 10 and
// syncLimit 5 ticks, latency 0.1-0.5 ms (zk-internals.md sections 2-7 for the rules asserted).
import { describe, expect, it } from 'vitest';
import { EnsembleWorld, MS, S } from '../support/ensemble-world.ts';

const TICK = 500 * MS;
const SYNC_LIMIT = 5 * TICK;

describe('a 5-server ensemble commits', () => {
  it('elects one leader and commits writes from clients on every server; every server ends with the same state', async () => {
    const w = new EnsembleWorld({ seed: 1, voters: 5 });
    for (let c = 1; c <= 5; c++) w.at(1 * S, () => w.writer(w.e.connect(`c${c}`, 6_000, {}, [c]), `/c${c}`, 20, 20 * MS));
    await w.run(4 * S);
    expect(w.reigns().map((r) => [r.epoch, r.leader])).toEqual([[1, 5]]);
    expect(w.outcomes.filter((o) => o.result !== 'OK')).toEqual([]);
    expect(new Set(w.outcomes.map((o) => o.server))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(w.acked()).toHaveLength(100);
    expect(w.missing(w.acked())).toEqual(new Map());
    expect(new Set(w.states().values()).size).toBe(1);
    // Every proposal committed once, in zxid order, and only after a quorum (3 of 5) acked it.
    const commits = w.of('zab-commit').map((x) => x['zxid'] as number);
    expect(commits).toEqual([...commits].sort((a, b) => a - b));
    for (const zxid of commits) {
      const acks = w.of('zab-ack').filter((x) => x['zxid'] === zxid && x.atMicros <= (w.of('zab-commit').find((c) => c['zxid'] === zxid)?.atMicros ?? 0));
      expect(new Set(acks.map((a) => a['from'])).size).toBeGreaterThanOrEqual(3);
    }
  });

  it('replays exactly from its seed', async () => {
    const run = async (seed: number): Promise<string> => {
      const w = new EnsembleWorld({ seed, voters: 3 });
      for (let c = 1; c <= 3; c++) w.at(1 * S, () => w.writer(w.e.connect(`c${c}`, 6_000), `/c${c}`, 10, 10 * MS));
      return w.run(3 * S);
    };
    expect(await run(5)).toBe(await run(5));
    expect(await run(5)).not.toBe(await run(6));
  });
});

describe('the leader dies', () => {
  it('a new leader takes over with a higher epoch, no acknowledged write is lost, and the old one rejoins by DIFF', async () => {
    const w = new EnsembleWorld({ seed: 2, voters: 5 });
    for (let c = 1; c <= 5; c++) w.at(1 * S, () => w.writer(w.e.connect(`c${c}`, 6_000), `/c${c}`, 40, 50 * MS));
    let crashed = 0;
    w.at(1_500 * MS, () => {
      crashed = w.e.leaders()[0] as number;
      w.e.crash(crashed);
    });
    w.at(4 * S, () => w.e.restart(crashed));
    await w.run(8 * S);
    const reigns = w.reigns();
    expect(reigns).toHaveLength(2);
    const [first, second] = reigns as [(typeof reigns)[0], (typeof reigns)[0]];
    expect(second.leader).not.toBe(first.leader);
    expect(second.epoch).toBeGreaterThan(first.epoch);
    // Re-election after the crash (tickTime 500 ms): well under a second.
    expect(second.atMicros - 1_500 * MS).toBeLessThan(1 * S);
    expect(w.acked().length).toBeGreaterThan(150);
    expect(w.missing(w.acked())).toEqual(new Map());
    expect(new Set(w.states().values()).size).toBe(1);
    const rejoin = w.of('zab-sync-planned').filter((x) => x['learner'] === crashed);
    expect(rejoin.map((x) => x['mode'])).toEqual(['DIFF']);
  });

  it('the whole ensemble crashes at once and restarts: no acknowledged write is lost', async () => {
    const w = new EnsembleWorld({ seed: 3, voters: 3 });
    for (let c = 1; c <= 3; c++) w.at(1 * S, () => w.writer(w.e.connect(`c${c}`, 6_000), `/c${c}`, 100, 5 * MS));
    w.at(1_300 * MS, () => w.e.ids.forEach((sid) => w.e.crash(sid)));
    w.at(1_400 * MS, () => w.e.ids.forEach((sid) => w.e.restart(sid)));
    await w.run(5 * S);
    const before = w.outcomes.filter((o) => o.result === 'OK' && o.doneMicros <= 1_300 * MS).map((o) => o.path);
    expect(before.length).toBeGreaterThan(50);
    expect(w.missing(w.acked())).toEqual(new Map());
    expect(w.reigns().map((r) => r.epoch)).toEqual([1, 2]);
    expect(new Set(w.states().values()).size).toBe(1);
  });
});

describe('partitions', () => {
  it('the old leader cut off with a minority steps down within syncLimit ticks; the minority commits nothing while the majority elects and commits', async () => {
    const w = new EnsembleWorld({ seed: 4, voters: 5 });
    const CUT = 1_500 * MS;
    const HEAL = 8 * S;
    let minority: number[] = [];
    let oldLeader = 0;
    w.at(1_000 * MS, () => {
      oldLeader = w.e.leaders()[0] as number;
      const follower = w.e.ids.find((sid) => sid !== oldLeader) as number;
      minority = [oldLeader, follower];
      for (const sid of w.e.ids) w.writer(w.e.connect(`c${sid}`, 20_000, {}, [sid]), `/c${sid}`, 200, 20 * MS);
    });
    let cut: ReturnType<typeof w.e.sim.network.partition> | undefined;
    w.at(CUT, () => {
      const majority = w.e.ids.filter((sid) => !minority.includes(sid));
      cut = w.e.sim.network.partition(minority.map((s) => w.e.hostOf(s)), majority.map((s) => w.e.hostOf(s)));
    });
    w.at(HEAL, () => w.e.sim.network.heal(cut as NonNullable<typeof cut>));
    await w.run(12 * S);
    const stepDown = w.of('zab-step-down', oldLeader).find((x) => x.atMicros > CUT);
    expect(stepDown?.['reason']).toMatch(/^Not sufficient followers synced/);
    const after = (stepDown?.atMicros ?? Infinity) - CUT;
    expect(after).toBeGreaterThan(SYNC_LIMIT);
    expect(after).toBeLessThanOrEqual(SYNC_LIMIT + 1.5 * TICK);
    // Before it votes again, the old leader brings its tree up to its log: its vote carries the last
    // proposal it logged, committed or not (forgetting to was ZOOKEEPER-2845).
    const looking = w.of('peer-state', oldLeader).find((x) => x['state'] === 'LOOKING' && x.atMicros >= (stepDown?.atMicros ?? 0));
    const lastProposed = Math.max(...w.of('zab-proposal', oldLeader).filter((x) => x.atMicros < (stepDown?.atMicros ?? 0)).map((x) => x['zxid'] as number));
    expect(looking?.['lastLoggedZxid']).toBe(lastProposed);
    // Nothing committed on the minority side while cut off; the majority's new leader commits.
    expect(w.events.filter((x) => minority.includes(x.server) && x.event === 'zab-commit' && x.atMicros > CUT + 2 * MS && x.atMicros < HEAL)).toEqual([]);
    const newReign = w.reigns().find((r) => r.atMicros > CUT && r.atMicros < HEAL);
    expect(newReign).toBeDefined();
    expect(minority).not.toContain(newReign?.leader);
    expect(w.of('zab-commit', newReign?.leader).some((x) => x.atMicros > (newReign?.atMicros ?? 0) && x.atMicros < HEAL)).toBe(true);
    const minorityAcks = w.outcomes.filter((o) => o.result === 'OK' && o.server !== undefined && minority.includes(o.server) &&
      o.invokedMicros > CUT + 2 * MS && o.doneMicros < HEAL);
    expect(minorityAcks).toEqual([]);
    // What the minority proposed while cut off never committed, and is gone everywhere after the heal: the
    // old leader's log is cut back (its epoch-1 tail is not the new leader's history).
    const orphaned = w.outcomes.filter((o) => o.server !== undefined && minority.includes(o.server) && o.invokedMicros > CUT + 2 * MS &&
      o.invokedMicros < (stepDown?.atMicros ?? 0)).map((o) => o.path);
    expect(orphaned.length).toBeGreaterThan(0);
    expect([...w.missing(orphaned).values()].map((lacks) => lacks.length)).toEqual(w.e.ids.map(() => orphaned.length));
    expect(w.of('zab-sync-planned').filter((x) => x['learner'] === oldLeader && x.atMicros > HEAL).map((x) => x['mode'])).not.toContain('DIFF');
    // After the heal everyone agrees and every acknowledged write is everywhere.
    expect(w.missing(w.acked())).toEqual(new Map());
    expect(new Set(w.states().values()).size).toBe(1);
  });
});

describe('sync', () => {
  it('a follower far behind (past the committedLog and a txn log too big to replay) is brought up by SNAP', async () => {
    const w = new EnsembleWorld({ seed: 5, voters: 3 });
    w.at(500 * MS, () => w.e.crash(1));
    w.at(600 * MS, () => w.writer(w.e.connect('c', 6_000, {}, [2, 3]), '/far', 700, 1 * MS));
    w.at(5 * S, () => w.e.restart(1));
    await w.run(7 * S);
    expect(w.acked()).toHaveLength(700);
    const plans = w.of('zab-sync-planned').filter((x) => x['learner'] === 1 && x.atMicros > 5 * S);
    expect(plans.map((x) => [x['mode'], x['reason']])).toEqual([['SNAP', 'txn-log-unavailable']]);
    expect(w.of('snapshot-loaded', 1)).toHaveLength(1);
    expect(w.missing(w.acked())).toEqual(new Map());
    expect(new Set(w.states().values()).size).toBe(1);
  });
});

describe('sessions across servers', () => {
  it('a client cut off from every server: its session expires on the leader\'s clock and its ephemeral vanishes everywhere', async () => {
    const w = new EnsembleWorld({ seed: 6, voters: 3 });
    const T_MS = 4_000;
    let follower = 0;
    let created = false;
    let cutAt = 0;
    w.at(1 * S, () => {
      follower = w.e.ids.find((sid) => !w.e.leaders().includes(sid)) as number;
      const zk = w.e.connect('eph', T_MS, {}, [follower]);
      void zk.create('/eph', null, { mode: 'EPHEMERAL' }).then(() => {
        created = true;
        cutAt = w.e.sim.now;
        w.e.sim.network.partition([zk.host], w.e.ids.map((sid) => w.e.hostOf(sid)));
      });
    });
    await w.run(10 * S);
    expect(created).toBe(true);
    const leader = w.reigns()[0]?.leader as number;
    const expired = w.of('sessionExpired');
    expect(expired.map((x) => x.server)).toEqual([leader]); // only the leader expires sessions
    const expiredAt = expired[0]?.atMicros as number;
    // Between T and T + a tick (bucket rounding) + half a tick (the touch travels in a ping reply) after the cut.
    expect(expiredAt - cutAt).toBeGreaterThanOrEqual(T_MS * MS - TICK / 2);
    expect(expiredAt - cutAt).toBeLessThanOrEqual(T_MS * MS + 2 * TICK);
    expect(expiredAt % TICK).toBe(0); // tick buckets
    expect(w.missing(['/eph'])).toEqual(new Map(w.e.ids.map((sid) => [sid, ['/eph']])));
    expect(w.of('sessionClosed', follower)).toHaveLength(1);
  });
});

describe('read-only mode', () => {
  it('a server cut off from the quorum serves reads to canBeReadOnly clients (ConnectedReadOnly), refuses writes with NOTREADONLY and other clients altogether', async () => {
    const w = new EnsembleWorld({ seed: 7, voters: 3, readOnlyMode: true });
    const CUT = 1 * S;
    let isolated = 0;
    const seen: string[] = [];
    w.at(500 * MS, () => {
      const writer = w.e.connect('writer', 6_000);
      void writer.create('/before', 'committed before the cut');
    });
    w.at(CUT, () => {
      isolated = w.e.ids.find((sid) => !w.e.leaders().includes(sid)) as number;
      w.e.sim.network.partition([w.e.hostOf(isolated)], w.e.ids.filter((sid) => sid !== isolated).map((sid) => w.e.hostOf(sid)));
    });
    // syncLimit (2.5 s) to notice, then max(2 s, tickTime) of grace before the read-only server starts.
    w.at(CUT + 5 * S, () => {
      const ro = w.e.connect('ro', 6_000, { canBeReadOnly: true }, [isolated]);
      const rw = w.e.connect('rw', 6_000, {}, [isolated]);
      void (async () => {
        const data = await ro.getData('/before');
        seen.push(`read ${new TextDecoder().decode(data.data ?? new Uint8Array())} in state ${String(ro.state)}`);
        try {
          await ro.create('/during', null);
          seen.push('write ok');
        } catch (err) {
          seen.push(`write ${(err as { codeName: string }).codeName}`);
        }
        seen.push(`rw client state ${String(rw.state)}`);
      })();
    });
    await w.run(CUT + 9 * S);
    expect(w.of('read-only-serving', isolated)).toHaveLength(1);
    const roStart = w.of('read-only-serving', isolated)[0]?.atMicros as number;
    const lookingSince = w.of('peer-state', isolated).filter((x) => x['state'] === 'LOOKING' && x.atMicros > CUT)[0]?.atMicros as number;
    expect(roStart - lookingSince).toBe(2 * S);
    expect(seen).toEqual(['read committed before the cut in state CONNECTEDREADONLY', 'write NOTREADONLY', 'rw client state CONNECTING']);
  });
});

describe('timing and epochs', () => {
  it('election timing with tickTime 500 ms: a fresh 3-server ensemble serves in about 210 ms, and again about 210 ms after its leader is killed', async () => {
    // The real 3.8 ensemble on loopback took 1.6 s from process start (JVM start-up included) and 0.83 s
    // to re-elect; zksim has no start-up cost, so what remains is the finalize wait (200 ms) plus the
    // epoch and NEWLEADER round trips and fsyncs.
    const w = new EnsembleWorld({ seed: 8, voters: 3 });
    w.at(2 * S, () => w.e.crash(w.e.leaders()[0] as number));
    await w.run(4 * S);
    const [first, second] = w.reigns();
    expect(first?.atMicros).toBeGreaterThan(200 * MS);
    expect(first?.atMicros).toBeLessThan(260 * MS);
    expect((second?.atMicros ?? 0) - 2 * S).toBeGreaterThan(200 * MS);
    expect((second?.atMicros ?? 0) - 2 * S).toBeLessThan(260 * MS);
  });

  it('when the zxid counter would roll over, the leader gives up and a new election starts a new epoch; writes go on', async () => {
    const w = new EnsembleWorld({ seed: 9, voters: 3, zab: { tickTimeMs: 500, initLimitTicks: 10, syncLimitTicks: 5, counterBits: 4 } });
    w.at(1 * S, () => w.writer(w.e.connect('c', 6_000), '/n', 40, 20 * MS));
    await w.run(10 * S);
    const rollovers = w.of('zab-step-down').filter((x) => (x['reason'] as string).startsWith('zxid lower 32 bits have rolled over'));
    expect(rollovers.length).toBeGreaterThanOrEqual(2);
    const epochs = w.reigns().map((r) => r.epoch);
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
    expect(epochs.length).toBe(rollovers.length + 1);
    // No proposal ever used the last counter value (15 with 4 bits).
    expect(w.of('zab-proposal').every((x) => ((x['zxid'] as number) % 2 ** 32) < 15)).toBe(true);
    expect(w.acked().length).toBeGreaterThan(30);
    expect(w.missing(w.acked())).toEqual(new Map());
  });
});

describe('session ownership', () => {
  it('a session re-attached through another server moves there: a write still sent through the old server fails with SESSIONMOVED', async () => {
    // SessionTest.testSessionMove: the leader's tracker records which server a session is attached to
    // (createSession, REVALIDATE); PrepRequestProcessor's checkSession refuses a write from another one.
    const w = new EnsembleWorld({ seed: 10, voters: 3 });
    const results: string[] = [];
    w.at(1 * S, () => {
      const [x, y] = w.e.ids.filter((sid) => !w.e.leaders().includes(sid)) as [number, number];
      const a = w.e.connect('a', 10_000, {}, [x]);
      void (async () => {
        await a.create('/owned', null);
        const client = w.e.client(a.host);
        const b = w.e.connect('b', 10_000, { session: { id: client?.sessionId ?? 0, passwd: client?.sessionPasswd ?? '' } }, [y]);
        await b.exists('/owned');
        results.push(`b attached through ${y}`);
        for (const [name, zk] of [['a', a], ['b', b]] as const) {
          try {
            await zk.setData('/owned', name);
            results.push(`${name} setData ok`);
          } catch (err) {
            results.push(`${name} setData ${(err as { codeName: string }).codeName}`);
          }
        }
      })();
    });
    await w.run(3 * S);
    expect(results).toEqual([expect.stringMatching(/^b attached through/), 'a setData SESSIONMOVED', 'b setData ok']);
  });
});

describe('clients move between servers', () => {
  it('a client whose server dies reconnects to another server within its session; its ephemeral survives; the new leader keeps every session', async () => {
    const w = new EnsembleWorld({ seed: 11, voters: 5 });
    const log: string[] = [];
    let first = 0;
    let sessionId = 0;
    w.at(1 * S, () => {
      const zk = w.e.connect('mover', 6_000);
      void (async () => {
        await zk.create('/mine', null, { mode: 'EPHEMERAL' });
        const client = w.e.client(zk.host);
        sessionId = client?.sessionId ?? 0;
        first = w.e.sidOf(client?.server ?? (-1 as never)) ?? 0;
        w.e.crash(first); // its server dies (whatever its role)
        if (!w.e.leaders().includes(first)) w.e.crash(w.e.leaders()[0] as number); // and the leader too
        await w.e.sim.sleep(3 * S);
        const stat = await zk.exists('/mine');
        log.push(`ephemeral owner matches: ${String(stat?.ephemeralOwner === sessionId)}`);
        log.push(`same session: ${String(w.e.client(zk.host)?.sessionId === sessionId)}`);
        log.push(`moved: ${String(w.e.sidOf(w.e.client(zk.host)?.server ?? (-1 as never)) !== first)}`);
      })();
    });
    await w.run(6 * S);
    expect(log).toEqual(['ephemeral owner matches: true', 'same session: true', 'moved: true']);
    expect(w.of('sessionExpired')).toEqual([]);
    expect(w.reigns().length).toBe(2);
  });
});

describe('observers and sync', () => {
  it('an observer learns every commit by INFORM, forwards its clients\' writes, and never counts toward a quorum', async () => {
    const w = new EnsembleWorld({ seed: 12, voters: 3, observers: 1 });
    w.at(1 * S, () => w.writer(w.e.connect('via-observer', 6_000, {}, [4]), '/o', 20, 10 * MS));
    w.at(1 * S, () => w.writer(w.e.connect('via-voters', 6_000, {}, [1, 2, 3]), '/v', 20, 10 * MS));
    await w.run(3 * S);
    expect(w.acked()).toHaveLength(40);
    expect(w.outcomes.filter((o) => o.path.startsWith('/o')).every((o) => o.server === 4)).toBe(true);
    expect(w.missing(w.acked())).toEqual(new Map());
    expect(new Set(w.states().values()).size).toBe(1);
    expect(w.of('zab-ack').some((x) => x['from'] === 4)).toBe(false);
    expect(w.of('zab-serving', 4).map((x) => x['role'])).toEqual(['observer']);
  });

  it('sync through a follower: a read after it sees every write acknowledged (to anyone) before the sync was issued', async () => {
    const w = new EnsembleWorld({ seed: 13, voters: 5 });
    const seen: boolean[] = [];
    w.at(1 * S, () => {
      const leader = w.e.leaders()[0] as number;
      const followers = w.e.ids.filter((sid) => sid !== leader);
      const writer = w.e.connect('writer', 6_000, {}, [leader]);
      const reader = w.e.connect('reader', 6_000, {}, [followers[0] as number]);
      void (async () => {
        await w.e.sim.sleep(100 * MS);
        for (let i = 0; i < 20; i++) {
          await writer.create(`/s-${i}`, null);
          await reader.sync('/');
          seen.push((await reader.exists(`/s-${i}`)) !== null);
        }
      })();
    });
    await w.run(3 * S);
    expect(seen).toEqual(Array(20).fill(true));
  });
});

describe('hierarchical quorums', () => {
  it('two groups of three (a quorum is a majority of the weight of a majority of groups): 4 of 6 up is no quorum when one group lost its majority', async () => {
    const w = new EnsembleWorld({
      seed: 14, voters: 6,
      quorum: { kind: 'hierarchical', groups: [[1, 2, 3], [4, 5, 6]] },
    });
    w.at(1 * S, () => w.writer(w.e.connect('c', 6_000), '/h', 30, 20 * MS));
    w.at(1_200 * MS, () => [4, 5].forEach((sid) => w.e.crash(sid))); // group 2 keeps only 6: no majority of it
    await w.run(4 * S);
    // With two groups a quorum needs both: losing a majority of group 2 stops commits (a majority quorum
    // of the same six servers would go on with four).
    const stalled = w.outcomes.filter((o) => o.invokedMicros > 1_200 * MS && o.result === 'OK');
    expect(w.outcomes.filter((o) => o.doneMicros < 1_200 * MS && o.result === 'OK').length).toBeGreaterThan(5);
    expect(stalled).toEqual([]);
  });
});

describe('initLimit', () => {
  it('discovery and sync must finish within initLimit ticks: followers whose disks take too long to accept the epoch make the leader give up, and a later round succeeds', async () => {
    const w = new EnsembleWorld({ seed: 15, voters: 3 });
    // Every fsync of servers 1 and 2 takes 8 s more until 7 s: their acceptedEpoch is not durable in time.
    for (const sid of [1, 2]) w.e.sim.disk(w.e.hostOf(sid)).slowFsync(8 * S, 7 * S);
    await w.run(30 * S);
    const gaveUp = w.of('zab-step-down').filter((x) => x['role'] === 'leader');
    expect(gaveUp[0]?.['reason']).toBe('Timeout while waiting for epoch to be acked by quorum');
    const proposed = w.of('zab-epoch-proposed')[0]?.atMicros as number;
    expect((gaveUp[0]?.atMicros as number) - proposed).toBe(10 * TICK); // initLimit 10 ticks of 500 ms
    const reigns = w.reigns();
    expect(reigns.length).toBe(1);
    expect(reigns[0]?.atMicros).toBeGreaterThan(7 * S);
  });
});
