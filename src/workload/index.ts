/**
 * workload: client programs over the Promise API (register/CAS, counters, sequential queue, ephemeral
 * churn, watch-then-read, multi transfers, a mixed read/write load) and the classic recipes written as a
 * user would (lock, fenced lock with a guarded resource, leader latch, barrier). Each records what it
 * believes in notes for its own checker (src/check/recipes).
 * Invariants: programs draw randomness only from ctx.rng, wait only on the virtual clock, stop issuing
 * operations at ctx.stopMicros, catch every KeeperError (a new session after SESSIONEXPIRED; a name whose
 * create was lost is never reused) and never leave a promise rejection unhandled.
 * Imports: base, sim (Rng), cluster (the Promise API), zk/protocol (codes).
 */
export type { Workload, WorkloadContext } from './context.ts';
export { workloadContext } from './context.ts';
export { workloads } from './registry.ts';
export type { WorkloadFactory } from './registry.ts';
export type { JsonOptions } from './options.ts';
export { casRegister } from './cas-register.ts';
export type { CasRegisterOptions } from './cas-register.ts';
export { counter } from './counter.ts';
export type { CounterOptions } from './counter.ts';
export { sequentialQueue } from './sequential-queue.ts';
export type { SequentialQueueOptions } from './sequential-queue.ts';
export { ephemeralChurn } from './ephemeral-churn.ts';
export type { EphemeralChurnOptions } from './ephemeral-churn.ts';
export { watchThenRead } from './watch-then-read.ts';
export type { WatchThenReadOptions } from './watch-then-read.ts';
export { multiTransfer } from './multi-transfer.ts';
export type { MultiTransferOptions } from './multi-transfer.ts';
export { mixed } from './mixed.ts';
export type { MixedOptions } from './mixed.ts';
export { lockWorkload } from './lock-workload.ts';
export type { LockWorkloadOptions } from './lock-workload.ts';
export { leaderLatchWorkload } from './latch-workload.ts';
export type { LeaderLatchOptions } from './latch-workload.ts';
export { barrierWorkload } from './barrier-workload.ts';
export type { BarrierOptions } from './barrier-workload.ts';
export { acquireLock, lockDir, releaseLock } from './recipes/lock.ts';
export type { Acquired, LockHold } from './recipes/lock.ts';
export { GuardedResource, fencingToken } from './recipes/fenced-lock.ts';
export { awaitLeadership, latchDir, lead, leaveLatch } from './recipes/leader-latch.ts';
export type { Revocation } from './recipes/leader-latch.ts';
export { barrierDir, enterBarrier } from './recipes/barrier.ts';
