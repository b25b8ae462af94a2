/**
 * zab/slow-follower-snap: a follower is down while the others commit far more txns than the leader's
 * committedLog holds, with snapCount small so logs roll and old ones are not kept for it; when it comes
 * back the leader must send a SNAP. Probes SNAP sync: the snapshot durable before currentEpoch and the
 * ACK, and the follower's state afterwards equal to everyone's.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'zab/slow-follower-snap',
  description: 'a follower misses more txns than the committedLog holds and is brought back by SNAP',
  ensemble: { voters: 3, snapCount: 50 },
  workloads: [{ name: 'mixed', options: { clients: 6, opsPerSecond: 200, readFraction: 0.1 } }],
  faults: [
    { kind: 'disk', atMs: 1000, target: { server: 1 }, disk: 'slow-fsync', durationMs: 7000, extraMs: 50 },
    { kind: 'crash', atMs: 1000, target: { server: 1 }, restartAfterMs: 7000 },
  ],
  chaosMs: 10_000,
  healMs: 5000,
  requireMarks: ['sync-snap'],
  seeds: [1, 2],
});
