// Properties over whole runs: for arbitrary fault schedules (drawn within the fault budget from the
// kinds fast-check picks) and workloads, on 3- and 5-server ensembles, every checker holds and the run
// replays to the same trace hash. Then the checkers are shown able to fail: with a deliberately broken
// leader (commits without a quorum) or follower (ACKs before fsync), the right checker catches the run
// and the shrinker reduces its plan while the same checker still fails.
// Seeds are pinned (test/support/property.ts); ZKSIM_PROPERTY_SEED explores others and
// ZKSIM_PROPERTY_RUNS=N runs a larger sweep.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { GENERATED_KINDS } from '../../src/faults/index.ts';
import { defineScenario, runSpec, shrinkFailure } from '../../src/scenario/index.ts';
import type { ScenarioSpec } from '../../src/scenario/index.ts';
import { propertySeed } from '../support/property.ts';

const RUNS = Number(process.env['ZKSIM_PROPERTY_RUNS'] ?? '4');
const REPLAY = `ZKSIM_PROPERTY_SEED=${propertySeed()} npx vitest run test/property/guarantees.test.ts`;

function spec(voters: number, kinds: readonly (typeof GENERATED_KINDS)[number][], clients: number): ScenarioSpec {
  return {
    name: 'property/arbitrary', description: 'an arbitrary schedule', ensemble: { voters },
    workloads: [
      { name: 'cas-register', options: { clients, keys: 2 } },
      { name: 'ephemeral-churn', options: { clients: 2 } },
      { name: 'watch-then-read', options: { readers: 1, writers: 1 } },
    ],
    faults: { generate: { kinds, meanGapMs: 1500, maxOutageMs: 3000 } },
    chaosMs: 8000, healMs: 7000, seeds: [1],
  };
}

describe('every checker holds under arbitrary faults', () => {
  test.prop(
    [fc.constantFrom(3, 5), fc.subarray([...GENERATED_KINDS], { minLength: 1 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1_000_000 })],
    { seed: propertySeed(), numRuns: RUNS },
  )('3 and 5 servers, any fault mix, any workload size', async (voters, kinds, clients, seed) => {
    const out = await runSpec(spec(voters, kinds, clients), seed);
    const failed = out.results.filter((r) => r.verdict === 'fail');
    const where = `${REPLAY} (run seed ${seed}, ${voters} servers, faults ${JSON.stringify(out.plan.faults)})`;
    expect(failed.map((r) => `${r.checker}: ${r.violations[0]?.message ?? ''}`), where).toEqual([]);
    const again = await runSpec(spec(voters, kinds, clients), seed);
    expect(again.traceHash, where).toBe(out.traceHash);
  }, 600_000);
});

describe('the checkers can fail', () => {
  const splitBrain = (bugs: NonNullable<ScenarioSpec['ensemble']['bugs']>): ScenarioSpec => ({
    name: 'mutation/commit-without-quorum', description: 'a leader that commits without a quorum, left in a minority',
    ensemble: { voters: 5, bugs }, workloads: [{ name: 'cas-register', options: { clients: 4, keys: 2 } }],
    faults: [
      { kind: 'clog', atMs: 500, target: { role: 'follower' }, extraMs: 5, durationMs: 100 },
      { kind: 'partition', atMs: 2000, pattern: 'majority-minority', target: { role: 'leader-minority' }, durationMs: 6000 },
      { kind: 'reset', atMs: 4000, target: { role: 'follower' } },
    ],
    chaosMs: 9000, healMs: 6000, seeds: [1],
  });

  test('a leader committing without a quorum is caught, and the shrinker keeps only what it needs', async () => {
    const healthy = await runSpec(splitBrain({}), 1);
    expect(healthy.results.filter((r) => r.verdict === 'fail').map((r) => r.checker)).toEqual([]);
    const scenario = defineScenario(splitBrain({ commitWithoutQuorum: true }));
    const broken = await scenario.run({ seed: 1 });
    const caught = [...new Set(broken.violations.map((v) => v.checker))];
    expect(caught.length, 'some checker catches a minority leader that commits').toBeGreaterThan(0);
    const checker = caught.includes('no-lost-writes') ? 'no-lost-writes' : (caught[0] as string);
    const cx = await shrinkFailure(scenario, 1, broken, checker, 40);
    expect(cx.checker).toBe(checker);
    expect(cx.plan.faults.length).toBeLessThanOrEqual(3);
    expect(cx.plan.faults.some((f) => f.kind === 'partition'), 'the partition is what makes it fail').toBe(true);
    const replayed = await scenario.run({ seed: 1, plan: cx.plan });
    expect(replayed.violations.some((v) => v.checker === checker)).toBe(true);
  }, 600_000);

  test('a follower that ACKs before fsync loses acknowledged writes in a power loss, and no-lost-writes says so', async () => {
    const powerLoss = (bugs: NonNullable<ScenarioSpec['ensemble']['bugs']>): ScenarioSpec => ({
      name: 'mutation/ack-before-fsync', description: 'followers ACK before fsync; the leader loses power with them',
      ensemble: { voters: 3, bugs }, workloads: [{ name: 'cas-register', options: { clients: 4, keys: 3, opsPerSecond: 200 } }],
      faults: [
        { kind: 'disk', atMs: 0, target: { role: 'all' }, disk: 'slow-fsync', durationMs: 20_000, extraMs: 200 },
        { kind: 'power-loss', atMs: 3000, restartAfterMs: 500 },
      ],
      chaosMs: 6000, healMs: 6000, seeds: [1],
    });
    const healthy = await runSpec(powerLoss({}), 1);
    expect(healthy.results.filter((r) => r.verdict === 'fail').map((r) => r.checker)).toEqual([]);
    const broken = await runSpec(powerLoss({ ackBeforeFsync: true }), 1);
    const caught = broken.results.filter((r) => r.verdict === 'fail').map((r) => r.checker);
    expect(caught).toContain('no-lost-writes');
  }, 600_000);
});
