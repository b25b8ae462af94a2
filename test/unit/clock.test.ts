// Per-host clocks (src/sim/clock.ts, Simulation.setClockDrift/jumpClock, addHost clock options). Checks
// that HostClock.monotonicAt is exactly the piecewise-linear drifted clock (against an independent BigInt
// reference), that a host's timers fire at the earliest kernel microsecond at which its drifted monotonic
// clock has advanced by the delay (hand-computed cases for positive and negative drift, a drift change
// while a timer is pending, and a property over random drifts, changes and delays), and that wall-clock
// offsets and jumps move env.wallMicros() but neither env.now() nor timer firing. ZooKeeper's session
// and election timeouts run on these clocks, so an off-by-one or a timer ignoring drift would make clock
// fault scenarios test the wrong thing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DRIFT_PPM_LIMIT, HostClock, Simulation } from '../../src/sim/index.ts';
import type { Actor, Env, HostInput } from '../../src/sim/index.ts';
import type { HostId } from '../../src/base/index.ts';
import { checkProperty } from '../support/property.ts';

type Call = (env: Env<never, string>) => void;

interface Fired {
  readonly tag: string;
  readonly at: number;
  readonly now: number;
  readonly wall: number;
}

interface Harness {
  readonly sim: Simulation<never, string, Call>;
  readonly host: HostId;
  readonly fired: Fired[];
  /** Runs `call` inside the host's step at kernel time `at`. */
  readonly callAt: (at: number, call: Call) => void;
}

function harness(options: { clockDriftPpm?: number; clockOffsetMicros?: number } = {}): Harness {
  const sim = new Simulation<never, string, Call>({ seed: 1 });
  const fired: Fired[] = [];
  const host = sim.addHost('h', (env): Actor<never, string, Call> => ({
    step(input: HostInput<never, string, Call>): void {
      if (input.kind === 'call') input.call(env);
      if (input.kind === 'timer') fired.push({ tag: input.tag, at: sim.now, now: env.now(), wall: env.wallMicros() });
    },
  }), options);
  sim.start(host);
  return { sim, host, fired, callAt: (at, call) => sim.at(at, () => sim.inject(host, call)) };
}

// ---- an independent reference clock: exact integer arithmetic, one segment per drift setting ----

interface Segment {
  readonly fromKernel: bigint;
  readonly fromLocal: bigint;
  readonly driftPpm: bigint;
}

/** floor(a / b) for b > 0. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

class ReferenceClock {
  private readonly segments: Segment[] = [{ fromKernel: 0n, fromLocal: 0n, driftPpm: 0n }];

  at(kernel: number): number {
    const k = BigInt(kernel);
    let seg = this.segments[0] as Segment;
    for (const s of this.segments) if (s.fromKernel <= k) seg = s;
    const e = k - seg.fromKernel;
    return Number(seg.fromLocal + e + floorDiv(e * seg.driftPpm, 1_000_000n));
  }

  setDrift(kernel: number, driftPpm: number): void {
    this.segments.push({ fromKernel: BigInt(kernel), fromLocal: BigInt(this.at(kernel)), driftPpm: BigInt(driftPpm) });
  }

  /** The earliest kernel time >= from at which the reading is >= target (readings never decrease). */
  firstReaching(from: number, target: number): number {
    let hi = from + 1;
    while (this.at(hi) < target) hi = from + (hi - from) * 2;
    let lo = from;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.at(mid) >= target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

describe('HostClock', () => {
  it('reads exactly the piecewise drifted clock, never decreasing, and kernelTimeAfter is the first time a delay has passed', async () => {
    const drift = fc.integer({ min: -DRIFT_PPM_LIMIT, max: DRIFT_PPM_LIMIT });
    const property = fc.property(
      fc.array(fc.record({ gap: fc.integer({ min: 0, max: 3_000_000 }), drift }), { minLength: 1, maxLength: 4 }),
      fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 0, max: 4_000_000 }),
      (changes, offsets, delay) => {
        const clock = new HostClock();
        const ref = new ReferenceClock();
        let t = 0;
        let last = 0;
        for (const change of changes) {
          // Readings within the current segment, before the next change.
          for (const o of offsets) {
            const at = t + Math.min(o, change.gap);
            expect(clock.monotonicAt(at)).toBe(ref.at(at));
          }
          t += change.gap;
          expect(clock.monotonicAt(t)).toBeGreaterThanOrEqual(last);
          last = clock.monotonicAt(t);
          clock.setDrift(t, change.drift);
          ref.setDrift(t, change.drift);
          expect(clock.drift).toBe(change.drift);
          expect(clock.monotonicAt(t)).toBe(last); // continuous across the change
        }
        for (const o of offsets) expect(clock.monotonicAt(t + o)).toBe(ref.at(t + o));
        const due = clock.kernelTimeAfter(t, delay);
        expect(due).toBe(ref.firstReaching(t, ref.at(t) + delay));
      });
    await checkProperty(property, { numRuns: 200, file: import.meta.url });
  });

  it('rejects drifts outside the limit and fractional drifts or jumps', () => {
    const clock = new HostClock();
    expect(() => clock.setDrift(0, DRIFT_PPM_LIMIT + 1)).toThrow(/drift/);
    expect(() => clock.setDrift(0, -DRIFT_PPM_LIMIT - 1)).toThrow(/drift/);
    expect(() => clock.setDrift(0, 1.5)).toThrow(/drift/);
    expect(() => clock.jumpWall(0.5)).toThrow(/jump/);
    clock.setDrift(0, DRIFT_PPM_LIMIT);
    expect(clock.monotonicAt(1_000)).toBe(1_500);
  });
});

describe('host clocks in a simulation', () => {
  it('fires a timer on a fast clock at the first microsecond its local clock has advanced by the delay', async () => {
    const { sim, fired, callAt } = harness({ clockDriftPpm: 100_000 }); // 10% fast
    callAt(0, (env) => env.setTimer(1_000, 'a'));
    // Local reading at kernel t is t + floor(t / 10): 909 -> 999, 910 -> 1001.
    callAt(10_000, (env) => env.setTimer(1_000, 'b'));
    // Set at local 11000, due at local 12000: 10909 -> 11999, 10910 -> 12001.
    await sim.run();
    expect(fired).toEqual([
      { tag: 'a', at: 910, now: 1_001, wall: 1_001 },
      { tag: 'b', at: 10_910, now: 12_001, wall: 12_001 },
    ]);
  });

  it('fires a timer on a slow clock late by exactly the drift', async () => {
    const { sim, fired, callAt } = harness({ clockDriftPpm: -100_000 }); // 10% slow
    callAt(0, (env) => env.setTimer(1_000, 'a'));
    await sim.run();
    // Local reading at t is t + floor(-t / 10): 1111 -> 999, 1112 -> 1000.
    expect(fired).toEqual([{ tag: 'a', at: 1_112, now: 1_000, wall: 1_000 }]);
  });

  it('reschedules a pending timer when the drift changes, counting from the local reading at the change', async () => {
    for (const [newDrift, expectedAt, expectedNow] of [
      // At 500 the local clock reads 500; 500 local micros remain.
      [500_000, 834, 1_001], // e + floor(e/2) >= 500 first at e = 334
      [-500_000, 1_500, 1_000], // e + floor(-e/2) >= 500 first at e = 1000
      [0, 1_000, 1_000],
    ] as const) {
      const { sim, host, fired, callAt } = harness();
      callAt(0, (env) => env.setTimer(1_000, 't'));
      sim.at(500, () => sim.setClockDrift(host, newDrift));
      await sim.run();
      expect(fired).toEqual([{ tag: 't', at: expectedAt, now: expectedNow, wall: expectedNow }]);
      expect(sim.status(host).pendingTimers).toBe(0);
    }
  });

  it('moves the wall clock on a jump and with the initial offset, but not the monotonic clock nor timers', async () => {
    const { sim, host, fired, callAt } = harness({ clockOffsetMicros: 12_345, clockDriftPpm: 200_000 });
    const readings: { at: number; now: number; wall: number }[] = [];
    const read: Call = (env) => readings.push({ at: sim.now, now: env.now(), wall: env.wallMicros() });
    callAt(0, read);
    callAt(0, (env) => env.setTimer(1_200, 'jumpless')); // local 1200 first at kernel 1000
    sim.at(300, () => sim.jumpClock(host, 5_000_000));
    callAt(400, read);
    sim.at(500, () => sim.jumpClock(host, -7_000_000));
    callAt(600, read);
    await sim.run();
    expect(readings).toEqual([
      { at: 0, now: 0, wall: 12_345 },
      { at: 400, now: 480, wall: 480 + 12_345 + 5_000_000 },
      { at: 600, now: 720, wall: 720 + 12_345 - 2_000_000 },
    ]);
    expect(fired).toEqual([{ tag: 'jumpless', at: 1_000, now: 1_200, wall: 1_200 + 12_345 - 2_000_000 }]);
    expect(sim.clock(host).wallOffset).toBe(12_345 - 2_000_000);
  });

  it('fires every timer at the first kernel time its drifting local clock has advanced by the delay', async () => {
    const drift = fc.integer({ min: -DRIFT_PPM_LIMIT, max: DRIFT_PPM_LIMIT });
    const property = fc.asyncProperty(
      drift,
      fc.array(fc.record({ at: fc.integer({ min: 0, max: 3_000_000 }), drift }), { maxLength: 3 }),
      fc.array(fc.record({ at: fc.integer({ min: 0, max: 1_000_000 }), delay: fc.integer({ min: 0, max: 2_000_000 }) }),
        { minLength: 1, maxLength: 4 }),
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      async (initialDrift, changes, timers, jump) => {
        const { sim, host, fired, callAt } = harness({ clockDriftPpm: initialDrift });
        const ref = new ReferenceClock();
        ref.setDrift(0, initialDrift);
        // Drift changes are scheduled first, so at equal times they apply before a timer is set.
        const sortedChanges = [...changes].sort((x, y) => x.at - y.at);
        for (const c of sortedChanges) {
          sim.at(c.at, () => sim.setClockDrift(host, c.drift));
          ref.setDrift(c.at, c.drift);
        }
        sim.at(1_500_000, () => sim.jumpClock(host, jump));
        const expected: Fired[] = [];
        timers.forEach((timer, i) => {
          const tag = `t${i}`;
          callAt(timer.at, (env) => env.setTimer(timer.delay, tag));
          const deadline = ref.at(timer.at) + timer.delay;
          const at = ref.firstReaching(timer.at, deadline);
          expected.push({ tag, at, now: ref.at(at), wall: ref.at(at) + (at >= 1_500_000 ? jump : 0) });
        });
        await sim.run();
        const byTime = (x: Fired, y: Fired): number => x.at - y.at || x.tag.localeCompare(y.tag);
        expect([...fired].sort(byTime)).toEqual(expected.sort(byTime));
      });
    await checkProperty(property, { numRuns: 100, file: import.meta.url });
  });
});
