/**
 * swarm/swarm: swarm testing. Each seed draws which fault kinds are on (partitions, flapping, crashes,
 * crashes at sync steps, power loss, pauses, clock faults, disk faults, clogs, resets), the knobs
 * (tickTime, initLimit, syncLimit, snapCount, latencies) and a schedule within the fault budget, and
 * prints the draw. Every checker runs. `zksim sweep swarm/swarm --seeds 1..500` is the standing test.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'swarm/swarm',
  description: 'each seed draws fault kinds, knobs and a schedule within the budget; every checker runs',
  ensemble: { voters: 3 },
  workloads: [
    { name: 'cas-register', options: { clients: 3, keys: 2 } },
    { name: 'ephemeral-churn', options: { clients: 2 } },
    { name: 'watch-then-read', options: { readers: 1, writers: 1 } },
  ],
  faults: { generate: { kinds: [] } },
  swarm: true,
  chaosMs: 12_000,
  healMs: 8000,
  seeds: [1, 2, 3],
});
