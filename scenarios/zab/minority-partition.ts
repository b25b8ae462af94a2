/**
 * zab/minority-partition: a random minority of a five-server ensemble is cut off for six seconds. The
 * majority keeps committing; the minority serves no writes, and when the cut heals it catches up. Probes
 * quorum commit and recovery after a partition.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'zab/minority-partition',
  description: 'a minority of five servers cut off for 6 s; the majority commits, the minority catches up',
  ensemble: { voters: 5 },
  workloads: [{ name: 'cas-register', options: { clients: 4, keys: 2 } }, { name: 'sequential-queue', options: { producers: 2, consumers: 1 } }],
  faults: [{ kind: 'partition', atMs: 3000, pattern: 'majority-minority', durationMs: 6000 }],
  chaosMs: 10_000,
  healMs: 6000,
  requireMarks: ['partition'],
  seeds: [1, 2],
});
