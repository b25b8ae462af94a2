/**
 * recipes/lock-pause-fenced: the same run as recipes/lock-pause-unfenced, but the resource checks a
 * fencing token: the czxid of the holder's lock node (a zxid, so later holders have larger tokens). The
 * paused holder's late write carries a stale token and is refused. Expected verdict: pass.
 */
import { defineScenario } from '../../src/scenario/index.ts';

export const scenario = defineScenario({
  name: 'recipes/lock-pause-fenced',
  description: 'the same paused holder, but the resource checks the zxid fencing token: its late write is refused',
  ensemble: { voters: 3 },
  workloads: [{ name: 'lock', options: { clients: 3, fenced: true, holdMicros: 1_000_000, sessionTimeoutMs: 4000 } }],
  faults: [{ kind: 'pause-at-note', atMs: 1000, note: 'lock-acquired', durationMs: 8000 }],
  chaosMs: 11_000,
  healMs: 4000,
  requireMarks: ['session-expired'],
  seeds: [1, 2],
});
