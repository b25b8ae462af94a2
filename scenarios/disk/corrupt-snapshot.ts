/**
 * disk/corrupt-snapshot: snapCount is small so servers snapshot often; then a byte of one follower's
 * newest snapshot is flipped and the follower restarts. It must detect the bad snapshot (checksum), fall
 * back to an older one or sync from the leader, and never serve corrupt data. Only one copy is damaged:
 * within what ZooKeeper claims to survive.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'disk/corrupt-snapshot',
  description: 'a follower\'s newest snapshot is corrupted and it restarts; it recovers without serving bad data',
  ensemble: { voters: 3, snapCount: 40 },
  workloads: [{ name: 'mixed', options: { clients: 5, opsPerSecond: 100, readFraction: 0.3 } }],
  faults: [
    { kind: 'disk', atMs: 4000, target: { server: 1 }, disk: 'corrupt-snapshot' },
    { kind: 'crash', atMs: 4000, target: { server: 1 }, restartAfterMs: 1000 },
  ],
  chaosMs: 8000,
  healMs: 5000,
  requireMarks: ['snapshot-taken', 'server-restart'],
  seeds: [1, 2],
});
