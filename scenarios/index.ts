/** Every named scenario, for `zksim list` and `zksim run <name>`. One file each, grouped by folder. */
import type { Scenario } from '../src/scenario/index.ts';
import { scenario as electionFresh } from './election/fresh.ts';
import { scenario as pingPong } from './smoke/ping-pong.ts';
import { scenario as standalone } from './smoke/standalone.ts';
import { scenario as leaderCrash } from './zab/leader-crash.ts';

export const scenarios: readonly Scenario[] = [leaderCrash, standalone, pingPong, electionFresh];

export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}
