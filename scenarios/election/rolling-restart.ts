/**
 * election/rolling-restart: every server is restarted in turn, one at a time, the way operators upgrade
 * an ensemble; the leader goes last. Probes that a rolling restart never loses a quorum for long, never
 * loses data, and that clients ride through every move.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'election/rolling-restart',
  description: 'three servers restarted one at a time (the leader last); clients ride through every move',
  ensemble: { voters: 3 },
  workloads: [{ name: 'mixed', options: { clients: 4 } }, { name: 'ephemeral-churn', options: { clients: 2 } }],
  faults: [
    { kind: 'crash', atMs: 2000, target: { role: 'follower' }, restartAfterMs: 1500 },
    { kind: 'crash', atMs: 5000, target: { role: 'follower' }, restartAfterMs: 1500 },
    { kind: 'crash', atMs: 8000, target: { role: 'leader' }, restartAfterMs: 1500 },
  ],
  chaosMs: 11_000,
  healMs: 5000,
  requireMarks: ['server-restart', 'election'],
  seeds: [1, 2],
});
