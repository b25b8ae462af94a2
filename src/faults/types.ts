/**
 * Fault schedules as plain JSON data: a list of timed fault events, each aimed at hosts by id or by role
 * ("the leader", "a follower", "a minority with the leader", "clients of server 2"). Roles resolve when
 * the fault fires, against the ensemble as it is then, so one schedule means the same thing on every seed.
 */

/** Which hosts a fault hits. Server ids are 1-based. */
export type Target =
  | { readonly server: number }
  | { readonly role: 'leader' | 'follower' | 'observer' | 'any' | 'all' }
  /** The largest minority of voters, chosen at random. */
  | { readonly role: 'minority' }
  /** The leader plus enough voters for the largest minority (the old leader in a minority). */
  | { readonly role: 'leader-minority' }
  /** A quorum minus one: as many voters as a quorum needs, less one (never the leader). */
  | { readonly role: 'quorum-minus-one' }
  /** The client hosts connected to server N now. */
  | { readonly clientsOf: number }
  /** The client hosts connected to the leader now. */
  | { readonly role: 'clients-of-leader' }
  /** The client host a workload named (e.g. "lock-1"). */
  | { readonly client: string };

export type PartitionPattern =
  /** The target (default: a random server) against everyone else. */
  | 'isolate'
  /** Voters in two random halves. */
  | 'halves'
  /** The target minority (default: a random minority) against the majority. */
  | 'majority-minority'
  /** Two halves, one server (the bridge) seeing both (Jepsen's bridge). */
  | 'bridge'
  /** Messages from the target to everyone else are dropped, the other way they flow. */
  | 'one-way';

export type DiskFault =
  /** The next crash keeps a torn prefix of unsynced writes (each crash loses unsynced data anyway). */
  | 'torn-tail'
  /** Flip a byte inside the synced part of the newest txn log. */
  | 'corrupt-log'
  /** Flip a byte inside the newest snapshot. */
  | 'corrupt-snapshot'
  /** Every fsync takes extraMs longer for durationMs. */
  | 'slow-fsync'
  /** Writes fail with ENOSPC for durationMs. */
  | 'full'
  /** Operations fail with EIO at the given chance for durationMs. */
  | 'io-error';

export type ClockFault = 'jump' | 'drift';

/** Events a trigger can wait for on the target server (the steps of a sync and of discovery). */
export type SyncStep = 'zab-epoch-accepted' | 'zab-sync-received' | 'snapshot-loaded' | 'log-truncated' | 'zab-epoch-current' | 'zab-serving';

export type FaultEvent =
  | { readonly kind: 'partition'; readonly atMs: number; readonly pattern: PartitionPattern; readonly target?: Target; readonly durationMs: number }
  | { readonly kind: 'flapping'; readonly atMs: number; readonly pattern: PartitionPattern; readonly target?: Target; readonly periodMs: number; readonly durationMs: number }
  | { readonly kind: 'crash'; readonly atMs: number; readonly target: Target; readonly restartAfterMs?: number }
  /** Crash the server that next reaches `step` (at or after atMs), right after that step. */
  | { readonly kind: 'crash-at-step'; readonly atMs: number; readonly step: SyncStep; readonly target?: Target; readonly restartAfterMs?: number }
  /** Every server loses power at once and comes back after restartAfterMs. */
  | { readonly kind: 'power-loss'; readonly atMs: number; readonly restartAfterMs: number }
  | { readonly kind: 'pause'; readonly atMs: number; readonly target: Target; readonly durationMs: number }
  /**
   * Pause the client that next leaves the note `note` in the history (at or after atMs), right then: e.g.
   * a long GC pause of a lock holder just after it acquired ('lock-acquired').
   */
  | { readonly kind: 'pause-at-note'; readonly atMs: number; readonly note: string; readonly durationMs: number }
  | { readonly kind: 'clock'; readonly atMs: number; readonly target: Target; readonly clock: ClockFault; readonly deltaMs?: number; readonly driftPpm?: number }
  | { readonly kind: 'disk'; readonly atMs: number; readonly target: Target; readonly disk: DiskFault; readonly durationMs?: number; readonly extraMs?: number; readonly chance?: number }
  /** Extra latency on every link from the target for durationMs. */
  | { readonly kind: 'clog'; readonly atMs: number; readonly target: Target; readonly extraMs: number; readonly durationMs: number }
  /** Reset the target's open connections (TCP RST). */
  | { readonly kind: 'reset'; readonly atMs: number; readonly target: Target };

export type FaultKind = FaultEvent['kind'];

export const FAULT_KINDS: readonly FaultKind[] = [
  'partition', 'flapping', 'crash', 'crash-at-step', 'power-loss', 'pause', 'pause-at-note', 'clock', 'disk', 'clog', 'reset',
];

/** The kinds a generator draws (pause-at-note needs to know a workload's notes). */
export const GENERATED_KINDS: readonly FaultKind[] = FAULT_KINDS.filter((k) => k !== 'pause-at-note');

export type FaultSchedule = readonly FaultEvent[];
