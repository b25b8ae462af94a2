// Every named scenario at its pinned seeds: the verdict must be the expected one, and running a seed twice
// must give the same trace hash (determinism is the product).
import { describe, expect, it } from 'vitest';
import { scenarios } from '../../scenarios/index.ts';

const PINNED_SEEDS = [1, 2, 3];

describe.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
  it.each(PINNED_SEEDS)('holds every check at seed %i, and replays to the same trace hash', async (seed) => {
    const first = await scenario.run({ seed });
    expect(first.violations).toEqual([]);
    expect(first.ok).toBe(true);
    expect(first.events).toBeGreaterThan(100);
    const again = await scenario.run({ seed });
    expect(again.traceHash).toBe(first.traceHash);
    expect(again.events).toBe(first.events);
  });
});
