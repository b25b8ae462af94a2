/**
 * A synthetic ReportData of a given size (for the "usable with 100,000 events" check): 5 servers with
 * role bands and zxid steps, 100 clients with op bars, messages between lanes, marks and a violation.
 * Deterministic: a small LCG, no ambient randomness.
 */
import type { ClientLane, MessageArrow, ReportData, ServerLane } from '../../src/report/index.ts';

export function syntheticReport(events: number): ReportData {
  let x = 12345;
  const rand = (): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const endMicros = 120_000_000;
  const opsN = Math.floor(events * 0.6);
  const messagesN = Math.floor(events * 0.3);
  const marksN = events - opsN - messagesN;
  const servers: ServerLane[] = [1, 2, 3, 4, 5].map((s) => ({
    id: `server:${s}`, server: s, name: `zk${s}`, observer: false,
    bands: [
      { fromMicros: 0, toMicros: 200_000, state: 'LOOKING', epoch: -1 },
      { fromMicros: 200_000, toMicros: endMicros, state: s === 5 ? 'LEADING' : 'FOLLOWING', epoch: 1, ...(s === 5 ? { established: true } : {}) },
    ],
    marks: Array.from({ length: Math.floor(marksN / 10) }, (_, i) => ({ atMicros: Math.floor((i + 1) * endMicros / (marksN / 10 + 1)), kind: 'snapshot' as const, text: `snapshot ${i}` })),
    zxids: Array.from({ length: Math.floor(marksN / 10) }, (_, i) => ({ atMicros: Math.floor(i * endMicros / (marksN / 10)), logged: 4294967296 + i + 1, committed: 4294967296 + i })),
  }));
  const clients: ClientLane[] = Array.from({ length: 100 }, (_, c) => ({
    id: `client:c${c}`, name: `c${c}`,
    sessions: [{ fromMicros: 300_000, toMicros: endMicros, state: 'connected', server: 1 + (c % 5), session: 1000 + c }],
    ops: [], marks: [], holds: [],
  }));
  for (let i = 0; i < opsN; i++) {
    const lane = clients[i % 100];
    if (lane === undefined) continue;
    const from = Math.floor(rand() * (endMicros - 10_000));
    const outcome = rand() < 0.9 ? 'ok' : rand() < 0.5 ? 'fail' : 'info';
    (lane.ops as ClientLane['ops'][number][]).push({ id: i, fromMicros: from, toMicros: from + 500 + Math.floor(rand() * 5000), outcome, text: `op ${i}`, ...(outcome === 'ok' ? {} : { code: outcome === 'fail' ? 'NONODE' : 'CONNECTIONLOSS' }) });
  }
  for (const lane of clients) (lane.ops as ClientLane['ops'][number][]).sort((a, b) => a.fromMicros - b.fromMicros);
  const kinds = ['PROPOSAL', 'ACK', 'COMMIT', 'request', 'reply', 'PING'];
  const messages: MessageArrow[] = Array.from({ length: messagesN }, (_, i) => {
    const send = Math.floor(rand() * (endMicros - 1000));
    return { sendMicros: send, deliverMicros: send + 300, from: `server:${1 + (i % 5)}`, to: i % 2 === 0 ? `server:${1 + ((i + 1) % 5)}` : `client:c${i % 100}`, kind: kinds[i % kinds.length] ?? 'x', text: `m ${i}` };
  }).sort((a, b) => a.sendMicros - b.sendMicros);
  return {
    header: {
      scenario: 'synthetic/100k', seed: 1, commit: 'test', verdict: 'fail', virtualMs: endMicros / 1000, replay: 'none',
      knobs: { voters: 5 }, faultKinds: ['partition'], marksHit: [], marksMissed: [],
      checks: [{ checker: 'synthetic', verdict: 'fail', reason: 'made up' }],
    },
    endMicros, healMicros: 100_000_000, servers,
    faults: [{ fromMicros: 10_000_000, toMicros: 20_000_000, kind: 'partition', text: 'isolate zk1', from: ['server:1'], to: ['server:2', 'server:3'] }],
    clients, messages, messagesDropped: 0,
    violations: [{ checker: 'synthetic', message: 'a made-up violation', atMicros: 60_000_000, ops: [5], events: [], fromMicros: 59_000_000, toMicros: 61_000_000, lanes: ['client:c5'] }],
  };
}
