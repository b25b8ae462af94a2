/**
 * sessions/clock-skew-leader: the leader's clock runs 20% fast for a while and its wall clock jumps a
 * minute ahead. ZooKeeper's timers use the monotonic clock, so a fast clock makes the leader expire
 * sessions early (allowed: expiry is the server's call) and tick faster; a wall-clock jump changes only
 * session-id generation and timestamps. Probes that skew costs no safety.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'sessions/clock-skew-leader',
  description: 'the leader\'s clock drifts 20% fast and its wall clock jumps; no guarantee breaks',
  ensemble: { voters: 3 },
  workloads: [{ name: 'ephemeral-churn', options: { clients: 3 } }, { name: 'cas-register', options: { clients: 3 } }],
  faults: [
    { kind: 'clock', atMs: 2000, target: { role: 'leader' }, clock: 'drift', driftPpm: 200_000 },
    { kind: 'clock', atMs: 4000, target: { role: 'leader' }, clock: 'jump', deltaMs: 60_000 },
    { kind: 'crash', atMs: 7000, target: { role: 'leader' }, restartAfterMs: 1000 },
  ],
  chaosMs: 10_000,
  healMs: 5000,
  requireMarks: ['fault'],
  seeds: [1, 2],
});
