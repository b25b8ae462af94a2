/**
 * disk/torn-tail: a follower's disk keeps a torn prefix of its unsynced log writes when it crashes, as a
 * real disk can. Recovery must stop at the first bad record (the checksum) and the follower must rejoin
 * without the torn txns or with them re-sent. Probes txn-log recovery and sync after a torn tail.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'disk/torn-tail',
  description: 'a follower crashes with a torn log tail; recovery stops at the bad record and it rejoins',
  ensemble: { voters: 3 },
  workloads: [{ name: 'mixed', options: { clients: 5, opsPerSecond: 100, readFraction: 0.3 } }],
  faults: [
    { kind: 'disk', atMs: 1000, target: { server: 2 }, disk: 'torn-tail' },
    { kind: 'crash', atMs: 3000, target: { server: 2 }, restartAfterMs: 1000 },
    { kind: 'disk', atMs: 5000, target: { server: 3 }, disk: 'torn-tail' },
    { kind: 'crash', atMs: 6000, target: { server: 3 }, restartAfterMs: 1000 },
  ],
  chaosMs: 9000,
  healMs: 5000,
  requireMarks: ['server-restart'],
  seeds: [1, 2],
});
