/**
 * Zxids as the checkers read them: plain numbers from JSON (history/), so the branded helpers of base/
 * are wrapped once here.
 */
import { counterOf, epochOf, formatZxid } from '../../base/index.ts';
import type { Zxid } from '../../base/index.ts';

export function epochOfZxid(z: number): number {
  return epochOf(z as Zxid);
}

/** A real txn: zxid 0 (empty database) and (e, 0) (the NEWLEADER marker) are not. */
export function isTxnZxid(z: number): boolean {
  return z > 0 && counterOf(z as Zxid) !== 0;
}

/** A zxid as ZooKeeper prints it (hex); -1 and other negatives as they are. */
export function hex(z: number): string {
  return z < 0 ? String(z) : formatZxid(z as Zxid);
}
