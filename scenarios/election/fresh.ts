/**
 * election/fresh: a fresh ensemble of five voters and one observer elects its leader over a network with
 * 0.1-0.5 ms latency; server 5 starts 1.5 s late and one voter is cut off from everyone for the first
 * 3 s. Checks: exactly one server leads and every decided server agrees on it and on the round (the
 * election's outcome, not yet Zab's); the late and the cut-off servers join that leader instead of
 * starting a round of their own; every server is decided by the end. (The peers go on to run Zab; the
 * zab/ scenarios check that part.)
 */
import { Ensemble } from '../../src/cluster/index.ts';
import type { JsonValue } from '../../src/base/index.ts';
import type { Scenario, Violation } from '../../src/scenario/index.ts';

const DURATION_MICROS = 10_000_000;
const LATE_MICROS = 1_500_000;
const CUT_MICROS = 3_000_000;

interface Decision {
  readonly atMs: number;
  readonly server: number;
  readonly state: string;
  readonly leader: number;
  readonly round: number;
  readonly peerEpoch: number;
  readonly via: string;
}

export const scenario: Scenario = {
  name: 'election/fresh',
  description: 'five voters and an observer elect a leader; a late server and a cut-off one join it',
  defaultSeed: 1,
  async run({ seed, trace }) {
    const decisions: Decision[] = [];
    const e = new Ensemble({
      seed, voters: 5, observers: 1, delayedStart: [5],
      network: { latency: { kind: 'uniform', minMicros: 100, maxMicros: 500 } },
      trace: (r) => {
        trace?.(r);
        if (r.type !== 'emit') return;
        const d = r.data as Record<string, JsonValue>;
        if (d['event'] === 'peer-state' && d['state'] !== 'LOOKING') decisions.push({ atMs: r.atMicros / 1000, ...(d as unknown as Omit<Decision, 'atMs'>) });
      },
    });
    const cutOff = e.ids[0] ?? 1;
    const cut = e.sim.network.partition([e.hostOf(cutOff)], e.ids.filter((sid) => sid !== cutOff).map((sid) => e.hostOf(sid)));
    e.sim.at(CUT_MICROS, () => e.sim.network.heal(cut));
    e.sim.at(LATE_MICROS, () => e.startServer(5));
    const result = await e.sim.run({ untilMicros: DURATION_MICROS });
    const violations = check(e, decisions);
    const leaders = decisions.filter((d) => d.state === 'LEADING');
    return {
      ok: violations.length === 0,
      virtualMs: DURATION_MICROS / 1000,
      events: result.events,
      messages: result.messagesDelivered,
      ops: { invoked: 0, ok: 0, failed: 0, indeterminate: 0 },
      leaders: leaders.map((d) => ({ epoch: d.peerEpoch, sid: d.server, atMs: d.atMs })),
      violations,
      coverage: { decisions: decisions.length, viaQuorum: decisions.filter((d) => d.via === 'quorum').length },
      traceHash: result.traceHash,
      story: [
        `server ${cutOff} cut off until ${CUT_MICROS / 1000} ms; server 5 started at ${LATE_MICROS / 1000} ms`,
        ...decisions.map((d) => `${d.atMs.toFixed(1)} ms: server ${d.server} ${d.state} leader ${d.leader} (round ${d.round}, via ${d.via})`),
      ],
    };
  },
};

function check(e: Ensemble, decisions: readonly Decision[]): Violation[] {
  const atMs = DURATION_MICROS / 1000;
  const violations: Violation[] = [];
  const leading = decisions.filter((d) => d.state === 'LEADING');
  if (leading.length !== 1) violations.push({ checker: 'one-leader', message: `${leading.length} servers decided to lead`, atMs });
  const leader = leading[0];
  for (const d of decisions) {
    if (leader !== undefined && d.leader !== leader.server) {
      violations.push({ checker: 'agreement', message: `server ${d.server} decided for ${d.leader}, not ${leader.server}`, atMs: d.atMs });
    }
  }
  for (const sid of e.ids) {
    if (e.peer(sid)?.state === 'LOOKING') violations.push({ checker: 'liveness', message: `server ${sid} is still LOOKING`, atMs });
  }
  for (const late of [5, e.ids[0] ?? 1]) {
    const d = decisions.find((x) => x.server === late);
    if (d?.via === 'quorum') violations.push({ checker: 'join', message: `server ${late} started its own round instead of joining`, atMs: d.atMs });
  }
  return violations;
}
