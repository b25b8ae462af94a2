/**
 * faults: fault schedules as plain JSON data (types), their validation, the injector that applies one to
 * an ensemble (targets resolved by role when each fault fires), and generators that draw schedules for a
 * seed within a fault budget (swarm mode also draws which kinds are on).
 * Imports: base, sim, cluster.
 */
export { FAULT_KINDS, GENERATED_KINDS } from './types.ts';
export type { ClockFault, DiskFault, FaultEvent, FaultKind, FaultSchedule, PartitionPattern, SyncStep, Target } from './types.ts';
export { FaultScheduleError, validateSchedule } from './validate.ts';
export { FaultInjector } from './injector.ts';
export { currentLeader } from './targets.ts';
