// Seeded randomness: a seed always gives the same stream (a known answer pins the algorithm); named forks
// are independent of each other and of their parent's draws, so adding draws in one subsystem never
// shifts another's; helpers stay inside their ranges; and latency draws honour their distributions.
import { describe, expect, it } from 'vitest';
import { Rng, drawLatencyMicros, validateLatency } from '../../src/sim/index.ts';

const draws = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.float());

describe('Rng', () => {
  it('is a pure function of the seed, with a known first draw', () => {
    expect(draws(Rng.root(42), 5)).toEqual(draws(Rng.root(42), 5));
    expect(draws(Rng.root(42), 5)).not.toEqual(draws(Rng.root(43), 5));
    expect(Rng.root(42).float()).toBe(0.5879959433805197); // alea("zksim:42"): changes only on purpose
  });

  it('forks streams that do not depend on the parent\'s draws or on each other', () => {
    const a = Rng.root(7);
    const netA = draws(a.fork('net'), 10);
    const b = Rng.root(7);
    draws(b, 1000);
    draws(b.fork('disk'), 1000);
    expect(draws(b.fork('net'), 10)).toEqual(netA);
    expect(draws(Rng.root(7).fork('disk'), 10)).not.toEqual(netA);
  });

  it('refuses to fork the same name twice from one parent', () => {
    const rng = Rng.root(1);
    rng.fork('net');
    expect(() => rng.fork('net')).toThrow(/already forked/);
  });

  it('keeps ints, picks and chances inside their ranges', () => {
    const rng = Rng.root(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = rng.int(-2, 2);
      expect(n).toBeGreaterThanOrEqual(-2);
      expect(n).toBeLessThanOrEqual(2);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2]);
    expect(rng.chance(0)).toBe(false);
    expect(rng.chance(1)).toBe(true);
    expect(['a', 'b']).toContain(rng.pick(['a', 'b']));
    expect(rng.shuffled([1, 2, 3, 4]).sort()).toEqual([1, 2, 3, 4]);
    expect(() => rng.int(3, 1)).toThrow();
    expect(() => Rng.root(-1)).toThrow(/non-negative/);
  });

  it('draws latencies within their bounds and near their means', () => {
    const rng = Rng.root(11);
    const n = 20_000;
    let sumExp = 0;
    let sumNormal = 0;
    for (let i = 0; i < n; i++) {
      const u = drawLatencyMicros(rng, { kind: 'uniform', minMicros: 100, maxMicros: 200 });
      expect(u >= 100 && u <= 200 && Number.isInteger(u)).toBe(true);
      const e = drawLatencyMicros(rng, { kind: 'exponential', minMicros: 50, meanExtraMicros: 1000 });
      expect(e).toBeGreaterThanOrEqual(50);
      sumExp += e;
      const g = drawLatencyMicros(rng, { kind: 'normal', meanMicros: 500, stddevMicros: 100, minMicros: 0 });
      expect(Number.isInteger(g)).toBe(true);
      sumNormal += g;
    }
    expect(Math.abs(sumExp / n - 1050)).toBeLessThan(40);
    expect(Math.abs(sumNormal / n - 500)).toBeLessThan(5);
    expect(drawLatencyMicros(rng, { kind: 'constant', micros: 7 })).toBe(7);
  });

  it('says what is wrong with a bad latency', () => {
    expect(validateLatency({ kind: 'uniform', minMicros: 5, maxMicros: 1 })).toMatch(/minMicros <= maxMicros/);
    expect(validateLatency({ kind: 'constant', micros: -1 })).toMatch(/micros >= 0/);
    expect(validateLatency({ kind: 'uniform', minMicros: 1, maxMicros: 5 })).toBeUndefined();
  });
});
