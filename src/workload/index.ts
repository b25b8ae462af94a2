/**
 * workload: client programs over the Promise API (register/CAS, counters, sequential queue, ephemeral
 * churn, watch-then-read, multi transfers) and the classic recipes written as a user would (lock, fenced
 * lock, leader latch, barrier). Each records what it believes in notes for its own checker.
 * Imports: base, sim (Rng), cluster (the Promise API), zk/protocol (codes).
 */
export type { Workload, WorkloadContext } from './context.ts';
export { workloadContext } from './context.ts';
