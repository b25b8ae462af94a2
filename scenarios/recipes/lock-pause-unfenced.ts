/**
 * recipes/lock-pause-unfenced: the classic lock recipe (ephemeral sequential node, watch the predecessor)
 * guarding an external resource without fencing. The first holder's process is paused (a long GC) for
 * 8 s while it holds the lock, past its 4 s session: ZooKeeper expires the session, deletes its node, and
 * the next client acquires. The paused holder resumes still believing it holds and writes. ZooKeeper is
 * right; the pattern is unsafe. Expected verdict: FAIL, found by the lock's own checker.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'recipes/lock-pause-unfenced',
  description: 'a lock holder paused past its session writes after the next holder acquired (expected to FAIL)',
  ensemble: { voters: 3 },
  workloads: [{ name: 'lock', options: { clients: 3, fenced: false, holdMicros: 1_000_000, sessionTimeoutMs: 4000 } }],
  faults: [{ kind: 'pause-at-note', atMs: 1000, note: 'lock-acquired', durationMs: 8000 }],
  chaosMs: 11_000,
  healMs: 4000,
  requireMarks: ['session-expired'],
  seeds: [1, 2],
  expect: { fail: 'lock-mutual-exclusion' },
});
