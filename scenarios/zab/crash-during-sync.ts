/**
 * zab/crash-during-sync: a follower is restarted, and as it syncs with the leader it is crashed again
 * right after a step of the sync: after it wrote currentEpoch (the window of ZOOKEEPER-4643), then after
 * it received the sync mode. Probes that a learner dying between the steps of a sync never makes the
 * ensemble lose or invent a committed txn (CommittedLogDurability, ProcessConsistency).
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'zab/crash-during-sync',
  description: 'a follower crashes between the steps of its sync (after currentEpoch, after the sync mode)',
  ensemble: { voters: 3 },
  workloads: [{ name: 'cas-register', options: { clients: 3, keys: 2 } }, { name: 'counter', options: { clients: 2 } }],
  faults: [
    { kind: 'crash', atMs: 2000, target: { server: 1 }, restartAfterMs: 1500 },
    { kind: 'crash-at-step', atMs: 2500, step: 'zab-epoch-current', target: { server: 1 }, restartAfterMs: 1000 },
    { kind: 'crash', atMs: 6000, target: { server: 1 }, restartAfterMs: 1000 },
    { kind: 'crash-at-step', atMs: 6500, step: 'zab-sync-received', target: { server: 1 }, restartAfterMs: 1000 },
  ],
  chaosMs: 10_000,
  healMs: 5000,
  requireMarks: ['server-crash', 'server-restart'],
  seeds: [1, 2],
});
