/**
 * disk/power-loss: every server loses power at once, twice; each comes back from what it had fsynced.
 * Unsynced log writes are gone, so anything acknowledged must have been on a quorum's disks. Probes
 * "ACK after fsync", recovery from snapshot plus log, and re-election from durable epochs.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'disk/power-loss',
  description: 'the whole ensemble loses power twice; nothing acknowledged is lost',
  ensemble: { voters: 3, snapCount: 100 },
  workloads: [{ name: 'cas-register', options: { clients: 3, keys: 3 } }, { name: 'sequential-queue', options: { producers: 2, consumers: 1 } }],
  faults: [{ kind: 'power-loss', atMs: 3000, restartAfterMs: 1000 }, { kind: 'power-loss', atMs: 7000, restartAfterMs: 500 }],
  chaosMs: 10_000,
  healMs: 6000,
  requireMarks: ['server-crash', 'election'],
  seeds: [1, 2],
});
