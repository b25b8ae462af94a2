/**
 * zab/zxid-rollover: a 7-bit zxid counter, so that the leader runs out of counter within seconds and
 * must force a new epoch (ZOOKEEPER-1277: at 0xffffffff the real server steps down and re-elects).
 * Probes the rollover re-election and that zxids stay strictly increasing across it.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'zab/zxid-rollover',
  description: 'a 7-bit zxid counter runs out; the leader forces a new epoch and zxids keep increasing',
  ensemble: { voters: 3, counterBits: 7 },
  workloads: [{ name: 'counter', options: { clients: 3 } }],
  chaosMs: 0,
  healMs: 12_000,
  requireMarks: ['zxid-rollover', 'election'],
  seeds: [1, 2],
});
