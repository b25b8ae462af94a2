/**
 * The only view ZooKeeper code has of the world: one input at a time in, actions through a narrow
 * environment out. It never learns what implements it. These shapes match the simulation kernel's actor
 * contract structurally (src/sim/actor.ts), so the cluster layer hosts zk step machines on the kernel
 * without adapters; a real-network implementation could provide the same. Times are local microseconds
 * (convert ZooKeeper's millisecond knobs at the edge); randomness comes only from `rng`.
 */
import type { ConnId, DiskOpId, HostId, JsonValue, TimerId } from '../base/index.ts';

export type CloseReason = 'eof' | 'reset' | 'timeout';
export type DiskOpKind = 'append' | 'write' | 'truncate' | 'fsync' | 'rename' | 'delete';
export type DiskOutcome = 'ok' | 'EIO' | 'ENOSPC' | 'ENOENT';

export type ZkInput<M, T, X> =
  | { readonly kind: 'start' }
  | { readonly kind: 'timer'; readonly timer: TimerId; readonly tag: T }
  | { readonly kind: 'accepted'; readonly conn: ConnId; readonly peer: HostId }
  | { readonly kind: 'connected'; readonly conn: ConnId; readonly peer: HostId }
  | { readonly kind: 'message'; readonly conn: ConnId; readonly peer: HostId; readonly msg: M }
  | { readonly kind: 'closed'; readonly conn: ConnId; readonly peer: HostId; readonly reason: CloseReason }
  | { readonly kind: 'disk'; readonly op: DiskOpId; readonly opKind: DiskOpKind; readonly file: string; readonly outcome: DiskOutcome }
  | { readonly kind: 'call'; readonly call: X };

export interface ZkDisk {
  read(file: string): Uint8Array | undefined;
  sizeBytes(file: string): number | undefined;
  list(): string[];
  append(file: string, bytes: Uint8Array): DiskOpId;
  write(file: string, offsetBytes: number, bytes: Uint8Array): DiskOpId;
  truncate(file: string, lengthBytes: number): DiskOpId;
  fsync(file: string): DiskOpId;
  rename(from: string, to: string): DiskOpId;
  delete(file: string): DiskOpId;
}

export interface ZkRandom {
  float(): number;
  int(min: number, max: number): number;
  shuffled<V>(items: readonly V[]): V[];
}

export interface ZkEnv<M, T> {
  readonly host: HostId;
  readonly incarnation: number;
  readonly rng: ZkRandom;
  /** Local monotonic microseconds: for timeouts. */
  now(): number;
  /** Local wall-clock microseconds: for ctime/mtime and session ids. */
  wallMicros(): number;
  setTimer(delayMicros: number, tag: T): TimerId;
  cancelTimer(timer: TimerId): void;
  connect(peer: HostId): ConnId;
  send(conn: ConnId, msg: M): void;
  close(conn: ConnId): void;
  readonly disk: ZkDisk;
  emit(data: JsonValue): void;
}

export interface ZkActor<M, T, X> {
  step(input: ZkInput<M, T, X>): void;
}

/** Every file on the disk with its bytes, as recovery reads a data directory. */
export function readAllFiles(disk: ZkDisk): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const name of disk.list()) files.set(name, disk.read(name) ?? new Uint8Array());
  return files;
}
