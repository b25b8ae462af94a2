/**
 * Latency distributions as plain data, so that scenarios and swarm runs can print and replay them.
 * Every draw is integer microseconds, at least `minMicros` where the distribution has one.
 */
import { assert, assertNever } from '../base/index.ts';
import type { Rng } from './rng.ts';

export type Latency =
  | { readonly kind: 'constant'; readonly micros: number }
  | { readonly kind: 'uniform'; readonly minMicros: number; readonly maxMicros: number }
  | { readonly kind: 'exponential'; readonly minMicros: number; readonly meanExtraMicros: number }
  | { readonly kind: 'normal'; readonly meanMicros: number; readonly stddevMicros: number; readonly minMicros: number };

export function drawLatencyMicros(rng: Rng, latency: Latency): number {
  switch (latency.kind) {
    case 'constant':
      return latency.micros;
    case 'uniform':
      // Validated once when configured (assertLatency); no per-draw checks on the hot path.
      return latency.minMicros + Math.floor(rng.float() * (latency.maxMicros - latency.minMicros + 1));
    case 'exponential':
      return latency.minMicros + rng.exponentialInt(latency.meanExtraMicros);
    case 'normal':
      return Math.max(latency.minMicros, rng.normalishInt(latency.meanMicros, latency.stddevMicros));
    default:
      return assertNever(latency, 'latency distribution');
  }
}

/** Checks a distribution read from user input; returns a message saying what to fix, or undefined. */
export function validateLatency(latency: Latency): string | undefined {
  const nonNegInt = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
  switch (latency.kind) {
    case 'constant':
      return nonNegInt(latency.micros) ? undefined : 'constant latency needs micros >= 0 (integer)';
    case 'uniform':
      return nonNegInt(latency.minMicros) && nonNegInt(latency.maxMicros) && latency.minMicros <= latency.maxMicros
        ? undefined : 'uniform latency needs integers 0 <= minMicros <= maxMicros';
    case 'exponential':
      return nonNegInt(latency.minMicros) && latency.meanExtraMicros >= 0
        ? undefined : 'exponential latency needs minMicros >= 0 and meanExtraMicros >= 0';
    case 'normal':
      return nonNegInt(latency.minMicros) && latency.meanMicros >= 0 && latency.stddevMicros >= 0
        ? undefined : 'normal latency needs meanMicros, stddevMicros, minMicros >= 0';
    default:
      return assertNever(latency, 'latency distribution');
  }
}

export function assertLatency(latency: Latency): void {
  const problem = validateLatency(latency);
  assert(problem === undefined, problem ?? '');
}
