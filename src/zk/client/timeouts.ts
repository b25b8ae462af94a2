/**
 * The client's timing rules (ClientCnxn, zk-client-semantics.md 6.3), with T the session timeout (the
 * requested one until a server negotiates another) and N the number of servers:
 * - connect timeout T/N per attempt, counted from the last send (the attempt, then the ConnectRequest);
 * - read timeout 2T/3 without hearing anything: the connection is dropped;
 * - ping when nothing was sent for readTimeout/2 (about T/3), minus 1 s of slack once idle more than 1 s,
 *   and whenever nothing was sent for over 10 s;
 * - (3.9.3+, optional) expiration 4T/3 without hearing anything: the client expires the session itself.
 * Java computes these in integer milliseconds; so do we, then convert to microseconds.
 */
import { assert } from '../../base/index.ts';

export interface Timeouts {
  readonly connectMicros: number;
  readonly readMicros: number;
  /** readTimeout / 2, the idle-send interval after which a ping is due. */
  readonly pingMicros: number;
  readonly expirationMicros: number;
}

const MICROS_PER_MS = 1_000;
export const PING_SLACK_MICROS = 1_000_000;
export const MAX_SEND_PING_INTERVAL_MICROS = 10_000_000;
/** The random pause before a reconnect attempt is drawn from 0..999 ms (nextLong(1000)). */
export const RECONNECT_PAUSE_MAX_MS = 999;

export function timeoutsFor(sessionTimeoutMs: number, serverCount: number): Timeouts {
  assert(Number.isSafeInteger(sessionTimeoutMs) && sessionTimeoutMs > 0, `a session timeout is a positive integer of ms, got ${sessionTimeoutMs}`);
  assert(Number.isSafeInteger(serverCount) && serverCount > 0, 'a client knows at least one server');
  const connectMs = Math.floor(sessionTimeoutMs / serverCount);
  const readMs = Math.floor((sessionTimeoutMs * 2) / 3);
  assert(connectMs > 0 && readMs > 1, `a session timeout of ${sessionTimeoutMs} ms is too short for ${serverCount} servers`);
  return {
    connectMicros: connectMs * MICROS_PER_MS,
    readMicros: readMs * MICROS_PER_MS,
    pingMicros: Math.floor(readMs / 2) * MICROS_PER_MS,
    expirationMicros: Math.floor((sessionTimeoutMs * 4) / 3) * MICROS_PER_MS,
  };
}

/** Micros until the next ping is due after `idleSendMicros` without sending; <= 0 means due now. */
export function microsToNextPing(t: Timeouts, idleSendMicros: number): number {
  assert(idleSendMicros >= 0, 'idle time is never negative');
  if (idleSendMicros > MAX_SEND_PING_INTERVAL_MICROS) return 0;
  const slack = idleSendMicros > PING_SLACK_MICROS ? PING_SLACK_MICROS : 0;
  return t.pingMicros - idleSendMicros - slack;
}
