/**
 * zab/observers: three voters and two observers. An observer is cut off and another is restarted while
 * clients use all five servers. Observers learn committed txns by INFORM and never vote, so losing them
 * costs no quorum. Probes that observers serve consistent reads and catch up.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'zab/observers',
  description: 'three voters and two observers; observers partitioned and restarted; no quorum lost',
  ensemble: { voters: 3, observers: 2 },
  workloads: [{ name: 'cas-register', options: { clients: 4, keys: 2 } }, { name: 'watch-then-read', options: { readers: 2, writers: 1 } }],
  faults: [
    { kind: 'partition', atMs: 2000, pattern: 'isolate', target: { server: 4 }, durationMs: 4000 },
    { kind: 'crash', atMs: 4000, target: { server: 5 }, restartAfterMs: 3000 },
  ],
  chaosMs: 9000,
  healMs: 5000,
  requireMarks: ['server-restart', 'partition'],
  seeds: [1, 2],
});
