/**
 * recipes/leader-latch: clients elect a leader among themselves with the latch recipe while the
 * ensemble's own leader crashes and a latch participant's connection is reset. Probes the latch's
 * property: at most one client believes it leads at any time.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'recipes/leader-latch',
  description: 'clients elect a leader with the latch recipe through a server crash; never two leaders',
  ensemble: { voters: 3 },
  workloads: [{ name: 'leader-latch', options: { clients: 4 } }],
  faults: [
    { kind: 'crash', atMs: 3000, target: { role: 'leader' }, restartAfterMs: 2000 },
    { kind: 'reset', atMs: 6000, target: { role: 'clients-of-leader' } },
  ],
  chaosMs: 9000,
  healMs: 4000,
  requireMarks: ['server-crash'],
  seeds: [1, 2],
});
