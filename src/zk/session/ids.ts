/**
 * Session ids and passwords. ZooKeeper's ids are 64-bit (server id in the top byte, then 40 bits of a
 * monotonic millisecond clock, low 16 bits a counter); zksim keeps them below 2^53 as
 * serverId * 2^40 + (startMs mod 2^24) * 2^16 + counter (ARCHITECTURE.md, "Zxids"). The password is
 * derived from the id and a shared secret, so any server can check it (generatePasswd).
 */
import { assert, base64, sha1 } from '../../base/index.ts';

const TWO_40 = 2 ** 40;
const TWO_24 = 2 ** 24;
const TWO_16 = 2 ** 16;
const SECRET = 'zksim-session-secret';

export function firstSessionId(serverId: number, startMs: number): number {
  assert(Number.isInteger(serverId) && serverId >= 0 && serverId < 4096, 'a server id is within 0..4095');
  return serverId * TWO_40 + (Math.floor(startMs) % TWO_24) * TWO_16;
}

export function sessionPassword(sessionId: number): string {
  return base64(sha1(`${sessionId}:${SECRET}`)).slice(0, 22);
}

export function formatSessionId(sessionId: number): string {
  return `0x${sessionId.toString(16)}`;
}
