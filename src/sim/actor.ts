/**
 * The contract between the kernel and the code it hosts. An actor is a step machine: the kernel hands it
 * one input at a time; during that step, and only then, it acts through its narrow `Env`. It never sees
 * the kernel, the network or other hosts. A crash throws the actor away; a restart builds a fresh one
 * from the same factory, which recovers from whatever its disk kept.
 */
import type { ConnId, DiskOpId, HostId, TimerId } from '../base/index.ts';
import type { Rng } from './rng.ts';
import type { DiskOpKind, DiskOutcome, JsonValue } from './trace.ts';

/** Why a connection ended, as the end that learns of it sees it. */
export type CloseReason = 'eof' | 'reset' | 'timeout';

export type HostInput<M, T, X> =
  /** The actor was just built (start or restart): recover from disk, open connections. */
  | { readonly kind: 'start' }
  | { readonly kind: 'timer'; readonly timer: TimerId; readonly tag: T }
  /** A peer connected to this host. */
  | { readonly kind: 'accepted'; readonly conn: ConnId; readonly peer: HostId }
  /** A connection this host opened is established. */
  | { readonly kind: 'connected'; readonly conn: ConnId; readonly peer: HostId }
  | { readonly kind: 'message'; readonly conn: ConnId; readonly peer: HostId; readonly msg: M }
  /** The connection is gone: nothing more arrives on it and sending on it is an error. */
  | { readonly kind: 'closed'; readonly conn: ConnId; readonly peer: HostId; readonly reason: CloseReason }
  | { readonly kind: 'disk'; readonly op: DiskOpId; readonly opKind: DiskOpKind; readonly file: string; readonly outcome: DiskOutcome }
  /** An input from outside the simulation's hosts (a workload's call on a client). */
  | { readonly kind: 'call'; readonly call: X };

export interface Actor<M, T, X> {
  step(input: HostInput<M, T, X>): void;
}

/** File operations. Reads are synchronous and see the page cache; changes complete as `disk` inputs. */
export interface DiskApi {
  read(file: string): Uint8Array | undefined;
  sizeBytes(file: string): number | undefined;
  /** File names, sorted. */
  list(): string[];
  append(file: string, bytes: Uint8Array): DiskOpId;
  write(file: string, offsetBytes: number, bytes: Uint8Array): DiskOpId;
  truncate(file: string, lengthBytes: number): DiskOpId;
  /** Makes every data change to `file` issued before this call durable, when it completes. */
  fsync(file: string): DiskOpId;
  rename(from: string, to: string): DiskOpId;
  delete(file: string): DiskOpId;
}

export interface Env<M, T> {
  readonly host: HostId;
  /** How many times this host has been started; a restart makes a new incarnation. */
  readonly incarnation: number;
  /** This incarnation's own random stream. */
  readonly rng: Rng;
  /** Local monotonic time in microseconds (drifts with the host's clock, never jumps). */
  now(): number;
  /** Local wall-clock time in microseconds (skewed, drifting, may jump). */
  wallMicros(): number;
  /** A one-shot timer `delayMicros` of local monotonic time from now. */
  setTimer(delayMicros: number, tag: T): TimerId;
  cancelTimer(timer: TimerId): void;
  connect(peer: HostId): ConnId;
  send(conn: ConnId, msg: M): void;
  close(conn: ConnId): void;
  readonly disk: DiskApi;
  /** Records an actor-level event in the trace (role changes, commits...). */
  emit(data: JsonValue): void;
}

export type ActorFactory<M, T, X> = (env: Env<M, T>) => Actor<M, T, X>;
