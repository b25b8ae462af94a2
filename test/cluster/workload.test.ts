// Workloads and recipes on a 3-server ensemble (tickTime 500 ms, latency 0.1-0.5 ms), recorded. Checks
// that every workload in the registry runs its clients for 10 virtual seconds and completes operations
// without a stray rejection or a 'workload-error' note; that a run replays to the same trace hash from its
// seed; that the lock, leader latch and barrier recipes pass their checkers on a healthy ensemble; and
// the classic lock hazard: a holder paused past its session timeout resumes still believing it holds
// and writes after the next holder acquired. Unfenced, the resource accepts that stale write and
// lock-mutual-exclusion fails; fenced (token = czxid of the lock node), the write is refused and the
// same run passes. Last, the recipe checkers' failure paths on small hand-made histories.
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/base/index.ts';
import { barrier, leaderLatch, lockMutualExclusion, recipeCheckers } from '../../src/check/recipes/index.ts';
import { Ensemble } from '../../src/cluster/index.ts';
import type { ZooKeeper } from '../../src/cluster/index.ts';
import type { ClientEvent, RunHistory } from '../../src/history/index.ts';
import { lockWorkload, workloadContext, workloads } from '../../src/workload/index.ts';
import type { Workload, WorkloadContext } from '../../src/workload/index.ts';

const MS = 1_000;
const S = 1_000_000;
const START = 1 * S;
const STOP = 11 * S;
const END = 12 * S;

type NoteHook = (ctx: NoteContext) => void;
interface NoteContext {
  readonly e: Ensemble;
  readonly handles: ReadonlyMap<string, ZooKeeper>;
  readonly client: string;
  readonly name: string;
  readonly detail: JsonValue;
}

interface Run {
  readonly history: RunHistory;
  readonly traceHash: string;
}

interface RunOptions {
  readonly onNote?: NoteHook;
  readonly stopMicros?: number;
  readonly endMicros?: number;
}

/** Runs `workload` from 1 s to 11 s (virtual; the run ends at 12 s) on a fresh recorded 3-server ensemble. */
async function run(workload: Workload, seed: number, { onNote, stopMicros = STOP, endMicros = END }: RunOptions = {}): Promise<Run> {
  const e = new Ensemble({
    seed, voters: 3, record: true, zab: { tickTimeMs: 500 },
    network: { latency: { kind: 'uniform', minMicros: 100, maxMicros: 500 } },
  });
  const base = workloadContext(e, seed, workload.name, stopMicros);
  const handles = new Map<string, ZooKeeper>();
  const ctx: WorkloadContext = {
    ...base,
    connect: (name, sessionTimeoutMs) => {
      const zk = base.connect(name, sessionTimeoutMs);
      handles.set(name, zk);
      return zk;
    },
    note: (client, name, detail) => {
      base.note(client, name, detail);
      onNote?.({ e, handles, client, name, detail });
    },
  };
  e.sim.at(START, () => workload.start(ctx));
  const result = await e.sim.run({ untilMicros: endMicros });
  return { history: history(e, seed, workload.name, endMicros), traceHash: result.traceHash };
}

function history(e: Ensemble, seed: number, scenario: string, endMicros: number): RunHistory {
  const r = e.recorder;
  if (r === undefined) throw new Error('the ensemble was built with record: true');
  return {
    meta: {
      scenario, seed, servers: [...e.ids], observers: [], tickTimeMs: 500, syncLimitTicks: 5, initLimitTicks: 10,
      healMicros: endMicros, endMicros,
    },
    ops: r.ops, clientEvents: r.clientEvents, serverEvents: r.serverEvents, lifecycle: r.lifecycle, faults: r.faults,
    final: e.finalStates(),
  };
}

type Note = Extract<ClientEvent, { kind: 'note' }>;

function notes(h: RunHistory, name: string): Note[] {
  return h.clientEvents.filter((x): x is Note => x.kind === 'note' && x.name === name);
}

function field(n: Note, key: string): JsonValue | undefined {
  const d = n.detail;
  return d !== null && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, JsonValue>)[key] : undefined;
}

function verdicts(h: RunHistory): Record<string, string> {
  return Object.fromEntries(recipeCheckers.map((c) => [c.name, c.check(h).verdict]));
}

/** Each recipe workload's own checker; the others must say unknown on its history. */
const RECIPE_CHECKER: Readonly<Record<string, string>> = { lock: 'lock-mutual-exclusion', 'leader-latch': 'leader-latch', barrier: 'barrier' };

describe('every workload runs on a healthy ensemble', () => {
  it.each(Object.keys(workloads))('%s: its clients complete operations for 10 virtual seconds, with no workload error', async (name) => {
    const make = workloads[name];
    if (make === undefined) throw new Error(`no workload ${name}`);
    const { history: h } = await run(make(), 11);
    const ok = h.ops.filter((op) => op.outcome === 'ok');
    expect(ok.length).toBeGreaterThan(20);
    expect(new Set(ok.map((op) => op.client)).size).toBeGreaterThanOrEqual(2);
    expect(notes(h, 'workload-error')).toEqual([]);
    // Nothing is invoked after the stop time.
    expect(h.ops.filter((op) => op.invokeMicros >= STOP)).toEqual([]);
    const own = RECIPE_CHECKER[name];
    const expected = Object.fromEntries(recipeCheckers.map((c) => [c.name, c.name === own ? 'pass' : 'unknown']));
    expect(verdicts(h)).toEqual(expected);
  });

  it('a workload rejects unknown options and options of the wrong type', () => {
    expect(() => workloads['counter']?.({ clientz: 3 })).toThrow(/unknown option "clientz"/);
    expect(() => workloads['lock']?.({ fenced: 'yes' })).toThrow(/"fenced" must be a boolean/);
  });
});

describe('determinism', () => {
  it.each(['multi-transfer', 'lock', 'ephemeral-churn'])('%s replays to the same trace hash from the same seed', async (name) => {
    const make = workloads[name];
    if (make === undefined) throw new Error(`no workload ${name}`);
    const a = await run(make(), 21);
    const b = await run(make(), 21);
    expect(a.traceHash).toBe(b.traceHash);
    expect(b.history.ops.length).toBe(a.history.ops.length);
    expect((await run(make(), 22)).traceHash).not.toBe(a.traceHash);
  });
});

describe('the lock', () => {
  it('three clients on a healthy ensemble take turns: every write accepted, lock-mutual-exclusion passes', async () => {
    const { history: h } = await run(lockWorkload({ clients: 3, holdMicros: 200 * MS }), 31);
    const acquired = notes(h, 'lock-acquired');
    expect(acquired.length).toBeGreaterThan(20);
    expect(new Set(acquired.map((n) => n.client))).toEqual(new Set(['locker1', 'locker2', 'locker3']));
    const tokens = acquired.map((n) => field(n, 'token'));
    expect(tokens).toEqual([...tokens].sort((a, b) => Number(a) - Number(b))); // czxids grow with each holder
    expect(notes(h, 'resource-write').every((n) => field(n, 'accepted') === true)).toBe(true);
    const result = lockMutualExclusion.check(h);
    expect(result.verdict).toBe('pass');
    expect(result.violations).toEqual([]);
  });
});

/**
 * The pause run: T = 4 s, each hold 1 s; 200 ms into the first hold that starts after 2 s, the holder's
 * client host pauses for 7 s (> T + a tick + a hold), so its session expires, the next client acquires
 * and writes, and only then does the paused holder resume, its hold long over, and write.
 */
const SESSION_TIMEOUT_MS = 4_000;
const HOLD = 1 * S;
const PAUSE = 7 * S;

interface PauseRun extends Run {
  readonly paused: { readonly client: string; readonly atMicros: number; readonly token: number };
}

async function pauseRun(fenced: boolean): Promise<PauseRun> {
  let paused: PauseRun['paused'] | undefined;
  const onNote: NoteHook = ({ e, handles, client, name, detail }) => {
    if (paused !== undefined || name !== 'lock-acquired' || e.sim.now < 2 * S) return;
    const zk = handles.get(client);
    const t = typeof detail === 'object' && detail !== null && !Array.isArray(detail) ? (detail as Record<string, JsonValue>)['token'] : undefined;
    if (zk === undefined || typeof t !== 'number') return;
    paused = { client, atMicros: e.sim.now + 200 * MS, token: t };
    e.sim.at(paused.atMicros, () => e.sim.pause(zk.host, PAUSE));
  };
  const r = await run(lockWorkload({ clients: 3, fenced, holdMicros: HOLD, sessionTimeoutMs: SESSION_TIMEOUT_MS }), 41, { onNote });
  if (paused === undefined) throw new Error('no holder was paused');
  return { ...r, paused };
}

/** When the next client acquired after the paused one, and the paused holder's write after its pause. */
function pauseTimeline(r: PauseRun): { secondAcquiredMicros: number; staleWrite: Note } {
  const second = notes(r.history, 'lock-acquired').find((n) => n.client !== r.paused.client && n.atMicros > r.paused.atMicros);
  const stale = notes(r.history, 'resource-write').find((n) => n.client === r.paused.client && field(n, 'token') === r.paused.token);
  if (second === undefined || stale === undefined) throw new Error('the pause run did not go as planned');
  return { secondAcquiredMicros: second.atMicros, staleWrite: stale };
}

describe('a lock holder paused past its session timeout', () => {
  it('unfenced: it resumes believing it holds, its write is accepted after the next holder acquired, and lock-mutual-exclusion fails', async () => {
    const r = await pauseRun(false);
    const { secondAcquiredMicros, staleWrite } = pauseTimeline(r);
    // The next holder took over only after the session timed out, while the holder was still paused.
    expect(secondAcquiredMicros - r.paused.atMicros).toBeGreaterThan(SESSION_TIMEOUT_MS * MS);
    expect(secondAcquiredMicros).toBeLessThan(r.paused.atMicros + PAUSE);
    // The stale write came right when the pause ended, before the client could learn of the expiry.
    expect(staleWrite.atMicros - (r.paused.atMicros + PAUSE)).toBeLessThanOrEqual(1 * MS);
    expect(field(staleWrite, 'accepted')).toBe(true);
    expect(notes(r.history, 'lock-lost').filter((n) => n.client === r.paused.client && n.atMicros < staleWrite.atMicros)).toEqual([]);
    const result = lockMutualExclusion.check(r.history);
    expect(result.verdict).toBe('fail');
    expect(result.violations[0]?.message).toContain(`stale holder: ${r.paused.client}`);
    expect(result.violations[0]?.atMs).toBe(staleWrite.atMicros / MS);
  });

  it('fenced: the same run passes, because the resource refuses the stale token', async () => {
    const r = await pauseRun(true);
    const { secondAcquiredMicros, staleWrite } = pauseTimeline(r);
    expect(secondAcquiredMicros).toBeLessThan(staleWrite.atMicros);
    expect(field(staleWrite, 'accepted')).toBe(false);
    const refused = notes(r.history, 'resource-write').filter((n) => field(n, 'accepted') === false);
    expect(refused).toEqual([staleWrite]);
    const result = lockMutualExclusion.check(r.history);
    expect(result.violations).toEqual([]);
    expect(result.verdict).toBe('pass');
    expect(result.reason).toMatch(/1 refused/);
  });
});

describe('a lock holder cut off by a partition past its session timeout', () => {
  it('learns on reconnecting that its session expired, notes lock-lost instead of writing, and starts over with a new session', async () => {
    let cut: { client: string; fromMicros: number } | undefined;
    const CUT = 6 * S;
    const onNote: NoteHook = ({ e, handles, client, name }) => {
      const zk = handles.get(client);
      if (cut !== undefined || name !== 'lock-acquired' || zk === undefined) return;
      cut = { client, fromMicros: e.sim.now + 200 * MS };
      e.sim.at(cut.fromMicros, () => {
        const p = e.sim.network.partition([zk.host], e.ids.map((sid) => e.hostOf(sid)));
        e.sim.at(e.sim.now + CUT, () => e.sim.network.heal(p));
      });
    };
    const workload = lockWorkload({ clients: 3, holdMicros: 8 * S, sessionTimeoutMs: SESSION_TIMEOUT_MS });
    const { history: h } = await run(workload, 51, { onNote, stopMicros: 16 * S, endMicros: 17 * S });
    if (cut === undefined) throw new Error('no holder was cut off');
    const holder = cut.client;
    const lost = notes(h, 'lock-lost').filter((n) => n.client === holder);
    expect(lost).toHaveLength(1);
    expect(notes(h, 'resource-write').filter((n) => n.client === holder)).toEqual([]);
    const expired = h.clientEvents.find((x) => x.kind === 'session' && x.client === holder && x.state === 'expired');
    expect(expired?.atMicros).toBeGreaterThan(cut.fromMicros + CUT); // learnt only after the heal
    expect(h.clientEvents.some((x) => x.kind === 'session' && x.client === `${holder}-2` && x.state === 'connected')).toBe(true);
    const next = notes(h, 'lock-acquired').find((n) => n.client !== holder);
    expect(next?.atMicros).toBeLessThan(cut.fromMicros + CUT);
    expect(notes(h, 'resource-write').filter((n) => field(n, 'accepted') === true).length).toBeGreaterThan(0);
    expect(lockMutualExclusion.check(h).verdict).toBe('pass');
  });
});

describe('recipe checkers on hand-made notes', () => {
  let seq = 0;
  const note = (atMicros: number, client: string, name: string, detail: JsonValue): ClientEvent =>
    ({ kind: 'note', atMicros, seq: seq++, client, name, detail });
  const of = (clientEvents: ClientEvent[]): RunHistory => ({
    meta: { scenario: 'hand', seed: 0, servers: [1], observers: [], tickTimeMs: 500, syncLimitTicks: 5, initLimitTicks: 10, healMicros: 0, endMicros: 0 },
    ops: [], clientEvents, serverEvents: [], lifecycle: [], faults: [], final: [],
  });

  it('are unknown without their notes', () => {
    expect(recipeCheckers.map((c) => c.check(of([])).verdict)).toEqual(['unknown', 'unknown', 'unknown']);
  });

  it('lock-mutual-exclusion: two overlapping holders whose writes were both accepted fail', () => {
    const h = of([
      note(1, 'a', 'lock-acquired', { lock: 'l', token: 10, session: 1 }),
      note(2, 'a', 'resource-write', { lock: 'l', client: 'a', token: 10, accepted: true }),
      note(3, 'b', 'lock-acquired', { lock: 'l', token: 11, session: 2 }),
      note(4, 'b', 'resource-write', { lock: 'l', client: 'b', token: 11, accepted: true }),
      note(5, 'b', 'lock-released', { lock: 'l', token: 11, session: 2 }),
      note(6, 'a', 'lock-released', { lock: 'l', token: 10, session: 1 }),
    ]);
    const r = lockMutualExclusion.check(h);
    expect(r.verdict).toBe('fail');
    expect(r.violations.map((v) => v.message)).toEqual([
      'lock "l": overlapping holders with accepted writes: a (token 0xa) held it 0.000001s..0.000006s and b (token 0xb) held it 0.000003s..0.000005s',
    ]);
  });

  it('leader-latch: a second leader elected before the first was revoked fails', () => {
    const h = of([
      note(1 * S, 'c1', 'leader-elected', { latch: 'x', token: 5, session: 1 }),
      note(2 * S, 'c2', 'leader-elected', { latch: 'x', token: 6, session: 2 }),
      note(3 * S, 'c1', 'leader-revoked', { latch: 'x', token: 5, session: 1, reason: 'relinquished' }),
    ]);
    const r = leaderLatch.check(h);
    expect(r.verdict).toBe('fail');
    expect(r.violations[0]?.message).toBe('latch "x": two leaders: c1 (token 0x5) led 1.000000s..3.000000s and c2 (token 0x6) was elected at 2.000000s');
    const handedOver = of([
      note(1 * S, 'c1', 'leader-elected', { latch: 'x', token: 5, session: 1 }),
      note(2 * S, 'c1', 'leader-revoked', { latch: 'x', token: 5, session: 1, reason: 'relinquished' }),
      note(2 * S, 'c2', 'leader-elected', { latch: 'x', token: 6, session: 2 }),
    ]);
    expect(leaderLatch.check(handedOver).verdict).toBe('pass');
  });

  it('barrier: a pass before every party entered fails', () => {
    const h = of([
      note(1 * S, 'p1', 'barrier-entered', { barrier: 'b', round: 1, parties: 2 }),
      note(2 * S, 'p1', 'barrier-passed', { barrier: 'b', round: 1 }),
      note(3 * S, 'p2', 'barrier-entered', { barrier: 'b', round: 1, parties: 2 }),
    ]);
    const r = barrier.check(h);
    expect(r.verdict).toBe('fail');
    expect(r.violations[0]?.message).toBe('barrier "b" round 1: p1 passed at 2.000000s with 1 of 2 parties entered (p1); still to enter: p2 at 3.000000s');
  });
});
