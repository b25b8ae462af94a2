/**
 * bench: throughput benchmarks (`zksim bench`, `npm run bench`). The one part of src/ besides cli that
 * reads wall time, to measure; it never feeds wall time into a simulation.
 * Imports: base, sim, demo.
 */
export { ROUND_KINDS, bareBouncers, benchRound, summariseRounds } from './kernel-bench.ts';
export type { KernelBenchResult, RoundKind, RoundResult } from './kernel-bench.ts';
