/**
 * bench: throughput benchmarks (`zksim bench`, `npm run bench`). The one part of src/ besides cli that
 * reads wall time, to measure; it never feeds wall time into a simulation.
 * Imports: base, sim, demo.
 */
export { benchKernel } from './kernel-bench.ts';
export type { KernelBenchResult, Rounds } from './kernel-bench.ts';
