/**
 * sessions/read-only: read-only mode is on (readonlymode.enabled). A server cut off from the others
 * (a minority) goes read-only and keeps serving reads from its last state while the majority goes on.
 * Probes read-only serving: reads stay sequentially consistent and writes there are refused.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'sessions/read-only',
  description: 'read-only mode on; a server cut off from the quorum serves reads only, then rejoins',
  ensemble: { voters: 3, readOnlyMode: true },
  workloads: [{ name: 'cas-register', options: { clients: 4 } }],
  faults: [{ kind: 'partition', atMs: 3000, pattern: 'isolate', target: { role: 'follower' }, durationMs: 6000 }],
  chaosMs: 10_000,
  healMs: 5000,
  requireMarks: ['read-only'],
  seeds: [1, 2],
});
