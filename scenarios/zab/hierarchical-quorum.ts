/**
 * zab/hierarchical-quorum: six voters in three groups of two; a quorum is a majority of a majority of
 * groups. Losing one whole group is survivable, losing one server from each of two groups is too; the
 * schedule does the first. Probes the hierarchical verifier in election and commit.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'zab/hierarchical-quorum',
  description: 'six voters in three groups; a whole group is cut off and the other two keep a quorum',
  ensemble: {
    voters: 6,
    quorum: { kind: 'hierarchical', groups: [[1, 2], [3, 4], [5, 6]] },
  },
  workloads: [{ name: 'cas-register', options: { clients: 3, keys: 2 } }],
  faults: [{ kind: 'partition', atMs: 3000, pattern: 'isolate', target: { server: 1 }, durationMs: 5000 }, { kind: 'partition', atMs: 3000, pattern: 'isolate', target: { server: 2 }, durationMs: 5000 }],
  chaosMs: 9000,
  healMs: 5000,
  requireMarks: ['partition'],
  seeds: [1, 2],
});
