/**
 * zab/isolated-leader: the leader is cut off from every other server but keeps its clients. Until it
 * notices (syncLimit ticks without a quorum) it still answers reads from its own, now stale, state, which
 * ZooKeeper's contract allows (reads are sequentially consistent, not linearizable); it commits nothing,
 * steps down, and the majority elects a new leader. Probes stale reads being allowed but never going back
 * in time for a session, and the step-down.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'zab/isolated-leader',
  description: 'the leader is cut off from the other servers but not from its clients; it steps down',
  ensemble: { voters: 3 },
  workloads: [{ name: 'cas-register', options: { clients: 4, keys: 2 } }, { name: 'watch-then-read', options: { readers: 2, writers: 1 } }],
  faults: [{ kind: 'partition', atMs: 3000, pattern: 'isolate', target: { role: 'leader' }, durationMs: 6000 }],
  chaosMs: 10_000,
  healMs: 6000,
  requireMarks: ['step-down', 'election'],
  seeds: [1, 2],
});
