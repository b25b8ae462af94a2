/**
 * election/leader-crash (what `npm start` runs): five servers, clients on a CAS register and a mixed
 * workload; the leader is killed at 4 s and restarted 4 s later. Probes Fast Leader Election after a
 * leader failure, recovery by DIFF, and every client guarantee across the failover: no acknowledged
 * write lost, single system image across reconnects, sessions that survive the move.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'election/leader-crash',
  description: 'five servers; the leader is killed and comes back; every guarantee checked across the failover',
  ensemble: { voters: 5 },
  workloads: [
    { name: 'cas-register', options: { clients: 3, keys: 2 } },
    { name: 'mixed', options: { clients: 4 } },
  ],
  faults: [{ kind: 'crash', atMs: 4000, target: { role: 'leader' }, restartAfterMs: 4000 }],
  chaosMs: 10_000,
  healMs: 6_000,
  requireMarks: ['election', 'server-crash', 'server-restart', 'sync-diff'],
  seeds: [1, 2],
});
