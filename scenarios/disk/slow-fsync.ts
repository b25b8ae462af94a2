/**
 * disk/slow-fsync: the leader's fsyncs take a quarter second longer for six seconds, then a follower's do.
 * Acknowledgements wait for the disk (ACK after fsync), so writes slow down but nothing is answered
 * before it is durable on a quorum. Probes group commit and ack-after-fsync under disk latency.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'disk/slow-fsync',
  description: 'slow fsync on the leader and then on a follower; writes slow down, nothing is lost',
  ensemble: { voters: 3 },
  workloads: [{ name: 'cas-register', options: { clients: 4, keys: 2 } }, { name: 'multi-transfer', options: { clients: 2 } }],
  faults: [
    { kind: 'disk', atMs: 2000, target: { role: 'leader' }, disk: 'slow-fsync', durationMs: 6000, extraMs: 250 },
    { kind: 'disk', atMs: 5000, target: { role: 'follower' }, disk: 'slow-fsync', durationMs: 3000, extraMs: 600 },
    { kind: 'crash', atMs: 7000, target: { role: 'leader' }, restartAfterMs: 1000 },
  ],
  chaosMs: 9000,
  healMs: 5000,
  requireMarks: ['server-crash'],
  seeds: [1, 2],
});
