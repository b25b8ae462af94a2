/**
 * recipes/barrier: clients meet at a barrier while a follower crashes and a partition isolates a server.
 * Probes the barrier's property: no client passes before every client has entered.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'recipes/barrier',
  description: 'clients meet at a barrier through a crash and a partition; nobody passes early',
  ensemble: { voters: 3 },
  workloads: [{ name: 'barrier', options: { clients: 4 } }],
  faults: [
    { kind: 'crash', atMs: 2000, target: { role: 'follower' }, restartAfterMs: 2000 },
    { kind: 'partition', atMs: 5000, pattern: 'isolate', durationMs: 2000 },
  ],
  chaosMs: 8000,
  healMs: 4000,
  seeds: [1, 2],
});
