// Every named scenario at its pinned seeds with its expected verdict: 'pass' means no checker and no
// required coverage mark failed; { fail: checker } means that checker (and only checkers of that
// scenario's own pattern) caught the run. The first pinned seed is also run twice and must give the same
// trace hash (determinism is the product), and its recorded run can be drawn as a report. On failure the
// message carries the replay command.
import { describe, expect, it } from 'vitest';
import { scenarios } from '../../scenarios/index.ts';
import { reportInputOf } from '../../src/cli/report.ts';
import { buildReport } from '../../src/report/index.ts';

const OLD_STYLE_SEEDS = [1, 2, 3];

describe.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
  const seeds = scenario.seeds ?? OLD_STYLE_SEEDS;
  const expected = scenario.expect ?? 'pass';
  it.each(seeds)(`seed %i gives the expected verdict (${expected === 'pass' ? 'pass' : `fail: ${expected.fail}`})`, async (seed) => {
    const first = await scenario.run({ seed });
    const replay = `zksim run ${scenario.name} --seed ${seed}`;
    const failed = [...new Set(first.violations.map((v) => v.checker))];
    if (expected === 'pass') {
      expect(first.violations.slice(0, 5), replay).toEqual([]);
      expect(first.ok).toBe(true);
    } else {
      expect(failed, replay).toEqual([expected.fail]);
    }
    expect(first.events).toBeGreaterThan(100);
    if (seed !== seeds[0]) return;
    if (first.history !== undefined) {
      // Every recorded scenario can be drawn: a lane per server and per client, a row per violation.
      const data = buildReport({ ...reportInputOf(scenario.name, first, replay), messages: [] });
      expect(data.servers.map((l) => l.server)).toEqual(first.history.meta.servers);
      expect(data.clients.reduce((n, c) => n + c.ops.length, 0)).toBe(first.history.ops.length);
      expect(data.violations).toHaveLength(first.violations.length);
    }
    const again = await scenario.run({ seed });
    expect(again.traceHash, `${replay} twice`).toBe(first.traceHash);
    expect(again.events).toBe(first.events);
  });
});
