/**
 * smoke/ping-pong: five hosts bounce balls on every pair of connections while two async workloads make
 * echo round trips. Faults: host h0 is cut off from the rest past the connection-reset timeout (so its
 * connections reset and reconnect), h1 crashes and restarts, h2 pauses for 400 ms, then its clock drifts.
 * Checks: every connection stayed FIFO with no gaps or duplicates (the actors assert it on every ball);
 * echo round trips succeeded; and each restarted host recovered exactly the heartbeat count it had last
 * fsynced before its crash, no more (unsynced writes are lost) and no less (fsynced ones survive).
 */
import { PERSIST_EVERY, runPingPong } from '../../src/demo/index.ts';
import type { PingPongLife } from '../../src/demo/index.ts';
import type { Scenario, Violation } from '../../src/scenario/index.ts';

const DURATION_MICROS = 10_000_000;

export const scenario: Scenario = {
  name: 'smoke/ping-pong',
  description: 'five hosts ping-pong through a partition, a crash and restart, a pause and clock drift',
  defaultSeed: 1,
  async run({ seed, trace }) {
    const r = await runPingPong({
      seed, hosts: 5, durationMicros: DURATION_MICROS, faults: true, asyncClients: 2, ...(trace ? { trace } : {}),
    });
    const atMs = DURATION_MICROS / 1000;
    const violations: Violation[] = [];
    if (r.echoes.ok === 0) violations.push({ checker: 'liveness', message: 'no echo round trip succeeded', atMs });
    for (const message of durabilityProblems(r.lives)) violations.push({ checker: 'durability', message, atMs });
    const restarts = r.lives.filter((l) => l.incarnation > 1);
    return {
      ok: violations.length === 0,
      virtualMs: r.nowMicros / 1000,
      events: r.events,
      messages: r.messagesDelivered,
      ops: { invoked: r.echoes.invoked, ok: r.echoes.ok, failed: r.echoes.failed, indeterminate: 0 },
      leaders: [],
      violations,
      coverage: { bounces: r.bounces, restarts: restarts.length },
      traceHash: r.traceHash,
      story: [
        `${r.bounces} ball bounces, every one in FIFO order without gaps or duplicates`,
        `echo round trips: ${r.echoes.ok} ok, ${r.echoes.failed} failed on lost connections`,
        ...restarts.map((l) => `h${l.host} restarted and recovered ${l.recoveredFrom} heartbeats from disk`),
      ],
    };
  },
};

/** A restarted life must start from the previous life's count rounded down to its last fsync. */
function durabilityProblems(lives: readonly PingPongLife[]): string[] {
  const problems: string[] = [];
  for (const life of lives) {
    if (life.incarnation === 1) continue;
    const before = lives.find((l) => l.host === life.host && l.incarnation === life.incarnation - 1);
    if (before === undefined) continue;
    const expected = Math.floor(before.heartbeats / PERSIST_EVERY) * PERSIST_EVERY;
    if (life.recoveredFrom !== expected) {
      problems.push(`h${life.host} recovered ${life.recoveredFrom} heartbeats, expected ${expected} ` +
        `(counted ${before.heartbeats} before its crash, fsynced every ${PERSIST_EVERY})`);
    }
  }
  return problems;
}
