/**
 * What a workload gets from the run: clients to connect, the virtual clock, a seeded random stream, a way
 * to leave notes in the history for its own checker, and the time to stop issuing operations.
 */
import type { JsonValue } from '../base/index.ts';
import type { Ensemble, ZooKeeper } from '../cluster/index.ts';
import { Rng } from '../sim/index.ts';

export interface WorkloadContext {
  /** Virtual time now, in microseconds. */
  now(): number;
  /**
   * Sleeps `micros` of virtual time as the process behind `zk` experiences it: if that client's host is
   * paused (a GC-like pause) when the time is up, the sleep ends only when the pause does.
   */
  sleep(zk: ZooKeeper, micros: number): Promise<void>;
  /** A new client (its own host and session) whose connect string lists every server. */
  connect(name: string, sessionTimeoutMs?: number): ZooKeeper;
  /** A note in the history (ClientEvent kind 'note') for a checker to read. */
  note(client: string, name: string, detail: JsonValue): void;
  /** This workload's own seeded stream. */
  readonly rng: Rng;
  /** Issue no new operation at or after this virtual time (micros). */
  readonly stopMicros: number;
}

/** A workload: starts its client programs (async functions) and returns at once. */
export interface Workload {
  readonly name: string;
  start(ctx: WorkloadContext): void;
}

const POLL_MICROS = 1_000;

export function workloadContext(e: Ensemble, seed: number, name: string, stopMicros: number): WorkloadContext {
  const sleep = async (zk: ZooKeeper, micros: number): Promise<void> => {
    await e.sim.sleep(micros);
    while (e.sim.status(zk.host).paused) await e.sim.sleep(POLL_MICROS);
  };
  return {
    now: () => e.sim.now,
    sleep,
    connect: (client, sessionTimeoutMs = 10_000) => e.connect(client, sessionTimeoutMs),
    note: (client, noteName, detail) => e.recorder?.note(client, noteName, detail),
    rng: new Rng(`${seed}/workload/${name}`),
    stopMicros,
  };
}
