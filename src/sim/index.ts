/**
 * sim: the deterministic simulation kernel. It knows nothing of ZooKeeper: virtual time and the event
 * queue, seeded random streams, hosts with their lifecycle (start, crash, restart, pause) and clocks
 * (offset, drift, jumps), a TCP-like network with partitions, clogs and resets, disks with write vs
 * fsync, torn tails and corruption, and the trace with its hash.
 *
 * Invariants: same seed and same inputs, same trace hash; actors see only their Env; events fire in
 * (time, seq) order; promises are settled inside events and microtasks drain before the next event.
 * Imports: src/base only.
 */
export type { Actor, ActorFactory, CloseReason, DiskApi, Env, HostInput } from './actor.ts';
export { HostClock, DRIFT_PPM_LIMIT } from './clock.ts';
export { DEFAULT_DISK_OPTIONS, Disk } from './disk.ts';
export type { DiskCompletion, DiskOptions } from './disk.ts';
export type { HostStatus } from './host.ts';
export { DEFAULT_MAX_EVENTS, EventLimitError, Kernel } from './kernel.ts';
export type { Deferred, Handler, RunOptions, RunResult, StopReason } from './kernel.ts';
export { drawLatencyMicros, validateLatency } from './latency.ts';
export type { Latency } from './latency.ts';
export { DEFAULT_NETWORK_OPTIONS, Network } from './network.ts';
export type { NetworkOptions, PartitionId } from './network.ts';
export { Rng } from './rng.ts';
export { ActorError, Simulation } from './simulation.ts';
export type { HostOptions, SimRunResult, SimulationOptions } from './simulation.ts';
export { Tracer, traceLine } from './trace.ts';
export type { ConnEvent, DiskOpKind, DiskOutcome, HostEvent, JsonValue, TraceOptions, TraceRecord, TraceSink } from './trace.ts';
