/**
 * The heal phase undoes every fault: a server that halted on its disk is restarted (a supervisor restarts
 * a process that gave up), a clog that would outlast the chaos ends, and the ensemble converges. Both
 * were found by the 500-seed swarm sweep (servers halted on I/O errors stayed down; a 9 s clog kept a
 * commit in flight past the end of the run).
 */
import { describe, expect, it } from 'vitest';
import { runSpec } from '../../src/scenario/index.ts';
import type { ScenarioSpec } from '../../src/scenario/index.ts';

const base = {
  description: 'heal test',
  ensemble: { voters: 3, tickTimeMs: 200, initLimitTicks: 5, syncLimitTicks: 2 },
  workloads: [{ name: 'counter', options: { clients: 2 } }],
  chaosMs: 6000,
  healMs: 8000,
  seeds: [1],
} as const;

const verdicts = (results: readonly { readonly checker: string; readonly verdict: string }[]): Record<string, string> =>
  Object.fromEntries(results.map((r) => [r.checker, r.verdict]));

describe('the heal phase', () => {
  it('restarts servers that halted on a failing disk, and they catch up', async () => {
    const spec: ScenarioSpec = {
      ...base, name: 'test/heal-halted',
      faults: [
        { kind: 'disk', atMs: 1000, target: { server: 1 }, disk: 'io-error', chance: 1, durationMs: 30_000 },
        { kind: 'disk', atMs: 1000, target: { server: 2 }, disk: 'full', durationMs: 30_000 },
      ],
    };
    const out = await runSpec(spec, 7);
    const halted = out.history.serverEvents.filter((e) => e.event === 'halted' && e.atMicros < 6_000_000);
    expect(new Set(halted.map((e) => e.server))).toEqual(new Set([1, 2]));
    expect(out.faultsFired.filter((f) => f.line.startsWith('restart halted')).map((f) => f.atMs)).toEqual([6000, 6000]);
    const v = verdicts(out.results);
    expect(v['servers-converge']).toBe('pass');
    expect(v['leader-after-heal']).toBe('pass');
    expect(out.history.final.filter((s) => s.serving)).toHaveLength(3);
  });

  it('ends clogs that would outlast the chaos', async () => {
    const spec: ScenarioSpec = {
      ...base, name: 'test/heal-clog',
      faults: [{ kind: 'clog', atMs: 3000, target: { role: 'all' }, extraMs: 2500, durationMs: 60_000 }],
    };
    const out = await runSpec(spec, 3);
    const unclogs = out.history.faults.filter((f) => f.kind === 'unclog');
    expect(unclogs.map((f) => f.atMicros)).toEqual([6_000_000]);
    expect(verdicts(out.results)['servers-converge']).toBe('pass');
  });
});
