/**
 * sessions/expiry-under-partition: the clients connected to the leader are cut off from every server for
 * longer than their session timeout (4 s). The leader expires their sessions on its own clock, at a tick
 * boundary; their ephemerals vanish on every server; the clients learn of it (Expired) when they reach a
 * server again and start new sessions. Probes session expiry, ephemeral cleanup and single system image
 * across the gap.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'sessions/expiry-under-partition',
  description: 'clients cut off from every server past their session timeout; sessions and ephemerals expire',
  ensemble: { voters: 3 },
  workloads: [{ name: 'ephemeral-churn', options: { clients: 4, sessionTimeoutMs: 4000 } }, { name: 'cas-register', options: { clients: 2 } }],
  faults: [{ kind: 'partition', atMs: 3000, pattern: 'isolate', target: { role: 'clients-of-leader' }, durationMs: 7000 }],
  chaosMs: 11_000,
  healMs: 6000,
  requireMarks: ['session-expired', 'client-expired'],
  seeds: [1, 2],
});
