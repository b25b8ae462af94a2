/**
 * zab/flapping: partitions that come and go every few hundred milliseconds for eight seconds, in random
 * halves. Probes elections that start and abort, learners that connect and drop mid-sync, and that none
 * of it breaks an invariant; after the heal the ensemble must converge.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'zab/flapping',
  description: 'partitions in random halves flap every 0.6 s for 8 s; the ensemble converges after',
  ensemble: { voters: 5 },
  workloads: [{ name: 'mixed', options: { clients: 4 } }],
  faults: [{ kind: 'flapping', atMs: 2000, pattern: 'halves', periodMs: 600, durationMs: 8000 }],
  chaosMs: 11_000,
  healMs: 6000,
  requireMarks: ['partition'],
  seeds: [1, 2],
});
