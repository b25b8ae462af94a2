/**
 * election/follower-crash: a follower is killed mid-run and restarted; the leader keeps its quorum, the
 * follower's clients move to other servers, and the follower rejoins by DIFF from its own log. Probes
 * that a follower's loss costs no availability and no data.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'election/follower-crash',
  description: 'three servers; a follower is killed and restarted; it rejoins by DIFF and nothing is lost',
  ensemble: { voters: 3 },
  workloads: [{ name: 'cas-register', options: { clients: 3, keys: 3 } }, { name: 'counter', options: { clients: 2 } }],
  faults: [{ kind: 'crash', atMs: 3000, target: { role: 'follower' }, restartAfterMs: 3000 }],
  chaosMs: 8000,
  healMs: 5000,
  requireMarks: ['server-crash', 'sync-diff'],
  seeds: [1, 2],
});
