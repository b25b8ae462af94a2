/**
 * zab/split-brain: the old leader is left in a minority with one follower while the majority elects a
 * new leader in a higher epoch. For a while two servers believe they lead; only one can commit. Probes
 * Leadership (one established leader per epoch), that the minority commits nothing, and that its
 * orphaned proposals are truncated away when the partition heals.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'zab/split-brain',
  description: 'the old leader in a minority while the majority elects another; only one can commit',
  ensemble: { voters: 5 },
  workloads: [{ name: 'cas-register', options: { clients: 5, keys: 2 } }, { name: 'counter', options: { clients: 2 } }],
  faults: [{ kind: 'partition', atMs: 3000, pattern: 'majority-minority', target: { role: 'leader-minority' }, durationMs: 7000 }],
  chaosMs: 11_000,
  healMs: 6000,
  requireMarks: ['step-down', 'election', 'partition'],
  seeds: [1, 2],
});
