// Leader election of a whole ensemble on the kernel: QuorumPeers running Fast Leader Election over their
// election channels (one connection per pair, opened by the larger id) on a simulated network with
// sub-millisecond latency. What is asserted comes from the recorded run (the peers' `peer-state` events)
// and the peers' states: one leader, everyone agreeing on it, in about one finalize wait (200 ms) of
// virtual time; observers observe; a late or cut-off server joins the established leader instead of
// taking over, even with the highest id; the same seed gives the same trace.
import { describe, expect, it } from 'vitest';
import { Ensemble } from '../../src/cluster/index.ts';
import type { EnsembleOptions } from '../../src/cluster/index.ts';
import type { JsonValue } from '../../src/base/index.ts';
import type { TraceRecord } from '../../src/sim/index.ts';

const MS = 1_000;
const LATENCY = { kind: 'uniform', minMicros: 100, maxMicros: 500 } as const;

interface StateEvent {
  readonly atMicros: number;
  readonly server: number;
  readonly state: string;
  readonly leader?: number;
  readonly round?: number;
  readonly via?: string;
}

function ensemble(options: Omit<EnsembleOptions, 'trace' | 'seed'> & { seed?: number }): { e: Ensemble; decisions: StateEvent[] } {
  const decisions: StateEvent[] = [];
  const trace = (r: TraceRecord): void => {
    if (r.type !== 'emit') return;
    const d = r.data as Record<string, JsonValue>;
    if (d['event'] === 'peer-state' && d['state'] !== 'LOOKING') decisions.push({ atMicros: r.atMicros, ...(d as unknown as Omit<StateEvent, 'atMicros'>) });
  };
  const e = new Ensemble({ seed: 1, network: { latency: LATENCY }, trace, ...options });
  return { e, decisions };
}

describe('an ensemble elects a leader', () => {
  it('5 fresh voters: server 5 leads, the other four follow it, in one round, within about one finalize wait', async () => {
    const { e, decisions } = ensemble({ voters: 5 });
    await e.sim.run({ untilMicros: 2_000 * MS });
    expect(e.leaders()).toEqual([5]);
    expect(decisions.map((d) => [d.server, d.state, d.leader, d.round]).sort()).toEqual([
      [1, 'FOLLOWING', 5, 1], [2, 'FOLLOWING', 5, 1], [3, 'FOLLOWING', 5, 1], [4, 'FOLLOWING', 5, 1], [5, 'LEADING', 5, 1],
    ]);
    const last = Math.max(...decisions.map((d) => d.atMicros));
    expect(last).toBeGreaterThanOrEqual(200 * MS); // the finalize wait is always paid
    expect(last).toBeLessThan(250 * MS);
  });

  it('an observer never votes but learns the leader and observes it', async () => {
    const { e, decisions } = ensemble({ voters: 3, observers: 1 });
    await e.sim.run({ untilMicros: 2_000 * MS });
    expect(e.leaders()).toEqual([3]);
    expect(e.peer(4)?.state).toBe('OBSERVING');
    expect(decisions.find((d) => d.server === 4)).toMatchObject({ state: 'OBSERVING', leader: 3 });
  });

  it('a server started late joins the established leader, though its id is the highest', async () => {
    const { e, decisions } = ensemble({ voters: 3, delayedStart: [3] });
    e.sim.at(1_000 * MS, () => e.startServer(3));
    await e.sim.run({ untilMicros: 3_000 * MS });
    expect(e.leaders()).toEqual([2]);
    const late = decisions.find((d) => d.server === 3);
    expect(late).toMatchObject({ state: 'FOLLOWING', leader: 2 });
    expect(late?.via).not.toBe('quorum'); // decided from FOLLOWING/LEADING answers, not a new round
    expect(late?.atMicros).toBeLessThan(1_010 * MS); // no finalize wait: one round trip after it starts
  });

  it('a server cut off from the others stays LOOKING while they elect, then follows their leader after the heal', async () => {
    const { e, decisions } = ensemble({ voters: 5 });
    const others = [1, 2, 3, 4].map((sid) => e.hostOf(sid));
    const cut = e.sim.network.partition([e.hostOf(5)], others);
    e.sim.at(5_000 * MS, () => e.sim.network.heal(cut));
    await e.sim.run({ untilMicros: 4_000 * MS });
    expect(e.leaders()).toEqual([4]);
    expect(e.peer(5)?.state).toBe('LOOKING');
    await e.sim.run({ untilMicros: 130_000 * MS }); // its back-off is up to 60 s between re-sends
    expect(e.peer(5)?.state).toBe('FOLLOWING');
    expect(e.peer(5)?.vote?.leader).toBe(4);
    expect(e.leaders()).toEqual([4]);
    expect(decisions.filter((d) => d.state === 'LEADING').map((d) => d.server)).toEqual([4]);
  });

  it('votes carry the persisted currentEpoch: a server whose epoch files say 5 wins over higher ids; a bad file stops a server', async () => {
    const { e } = ensemble({ voters: 4, delayedStart: [1, 2, 3, 4] });
    const put = (sid: number, file: string, text: string): void => {
      const disk = e.sim.disk(e.hostOf(sid));
      disk.write(file, 0, new TextEncoder().encode(text));
      disk.fsync(file);
    };
    put(1, 'currentEpoch', '5');
    put(1, 'acceptedEpoch', '5');
    put(4, 'currentEpoch', 'five');
    const halted: string[] = [];
    e.sim.attachTrace((r) => { // replaces the fixture's sink
      const d = r.type === 'emit' ? (r.data as Record<string, JsonValue>) : undefined;
      if (d?.['event'] === 'halted') halted.push(JSON.stringify(d['reason']));
    });
    e.sim.at(10 * MS, () => [1, 2, 3, 4].forEach((sid) => e.startServer(sid)));
    await e.sim.run({ untilMicros: 2_000 * MS });
    expect(halted).toEqual([JSON.stringify('Unable to load database on disk: Found five in currentEpoch')]);
    expect(e.leaders()).toEqual([1]);
    // Once synced, every vote carries the new epoch: 1 + the highest acceptedEpoch of the quorum (5).
    expect([2, 3].map((sid) => [e.peer(sid)?.state, e.peer(sid)?.vote?.leader, e.peer(sid)?.vote?.peerEpoch])).toEqual([
      ['FOLLOWING', 1, 6], ['FOLLOWING', 1, 6],
    ]);
    expect([1, 2, 3].map((sid) => e.peer(sid)?.epochs)).toEqual(Array(3).fill({ acceptedEpoch: 6, currentEpoch: 6 }));
  });

  it('replays exactly: the same seed gives the same trace hash, another seed another trace', async () => {
    const run = async (seed: number): Promise<string> => (await ensemble({ voters: 5, seed }).e.sim.run({ untilMicros: 2_000 * MS })).traceHash;
    expect(await run(7)).toBe(await run(7));
    expect(await run(7)).not.toBe(await run(8));
  });
});
