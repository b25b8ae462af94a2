/**
 * Workloads by name, for scenarios that name them as data: `workloads['cas-register']({ clients: 3 })`.
 * Each entry takes JSON options, checked against the workload's defaults (unknown keys and wrong types
 * are refused), and returns the Workload.
 */
import { BARRIER_DEFAULTS, barrierWorkload } from './barrier-workload.ts';
import { CAS_REGISTER_DEFAULTS, casRegister } from './cas-register.ts';
import type { Workload } from './context.ts';
import { COUNTER_DEFAULTS, counter } from './counter.ts';
import { EPHEMERAL_CHURN_DEFAULTS, ephemeralChurn } from './ephemeral-churn.ts';
import { LEADER_LATCH_DEFAULTS, leaderLatchWorkload } from './latch-workload.ts';
import { LOCK_WORKLOAD_DEFAULTS, lockWorkload } from './lock-workload.ts';
import { MIXED_DEFAULTS, mixed } from './mixed.ts';
import { MULTI_TRANSFER_DEFAULTS, multiTransfer } from './multi-transfer.ts';
import { checkOptions } from './options.ts';
import type { JsonOptions, OptionValues } from './options.ts';
import { SEQUENTIAL_QUEUE_DEFAULTS, sequentialQueue } from './sequential-queue.ts';
import { WATCH_THEN_READ_DEFAULTS, watchThenRead } from './watch-then-read.ts';

export type WorkloadFactory = (options?: JsonOptions) => Workload;

function entry<T extends OptionValues<T>>(name: string, defaults: T, make: (options: Partial<T>) => Workload): WorkloadFactory {
  return (options = {}) => make(checkOptions(name, options, defaults));
}

export const workloads: Readonly<Record<string, WorkloadFactory>> = {
  'cas-register': entry('cas-register', CAS_REGISTER_DEFAULTS, casRegister),
  'counter': entry('counter', COUNTER_DEFAULTS, counter),
  'sequential-queue': entry('sequential-queue', SEQUENTIAL_QUEUE_DEFAULTS, sequentialQueue),
  'ephemeral-churn': entry('ephemeral-churn', EPHEMERAL_CHURN_DEFAULTS, ephemeralChurn),
  'watch-then-read': entry('watch-then-read', WATCH_THEN_READ_DEFAULTS, watchThenRead),
  'multi-transfer': entry('multi-transfer', MULTI_TRANSFER_DEFAULTS, multiTransfer),
  'mixed': entry('mixed', MIXED_DEFAULTS, mixed),
  'lock': entry('lock', LOCK_WORKLOAD_DEFAULTS, lockWorkload),
  'leader-latch': entry('leader-latch', LEADER_LATCH_DEFAULTS, leaderLatchWorkload),
  'barrier': entry('barrier', BARRIER_DEFAULTS, barrierWorkload),
};
