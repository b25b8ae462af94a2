/**
 * ZooKeeper's file names (persistence/Util.java): `log.<zxid>` for a txn log file, named after the
 * first txn it holds, and `snapshot.<zxid>` for a snapshot, named after the last txn applied when it
 * started; the zxid in lower-case hex without padding (Long.toHexString). And SyncRequestProcessor's
 * rule for when to roll the log and take a snapshot.
 */
import { assert, assertInt } from '../../base/index.ts';
import type { Zxid } from '../../base/index.ts';

export const LOG_PREFIX = 'log.';
export const SNAPSHOT_PREFIX = 'snapshot.';

const HEX = /^[0-9a-f]+$/;

export function logFileName(firstZxid: Zxid): string {
  assertInt(firstZxid, 'a log file zxid');
  assert(firstZxid >= 0, 'a log file zxid is not negative');
  return `${LOG_PREFIX}${firstZxid.toString(16)}`;
}

export function snapshotFileName(zxid: Zxid): string {
  assertInt(zxid, 'a snapshot zxid');
  assert(zxid >= 0, 'a snapshot zxid is not negative');
  return `${SNAPSHOT_PREFIX}${zxid.toString(16)}`;
}

/** The zxid a `log.<hex>` name carries, or undefined for any other name (Util.getZxidFromName: -1). */
export function parseLogFileName(name: string): Zxid | undefined {
  return zxidAfter(name, LOG_PREFIX);
}

/** The zxid a `snapshot.<hex>` name carries, or undefined for any other name. */
export function parseSnapshotFileName(name: string): Zxid | undefined {
  return zxidAfter(name, SNAPSHOT_PREFIX);
}

function zxidAfter(name: string, prefix: string): Zxid | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const hex = name.slice(prefix.length);
  if (!HEX.test(hex) || hex.length > 14) return undefined; // 14 hex digits hold every zxid below 2^53
  const zxid = parseInt(hex, 16);
  return Number.isSafeInteger(zxid) ? (zxid as Zxid) : undefined;
}

/** The named files of one kind with their zxids, newest first or oldest first. */
export function sortedByZxid(names: Iterable<string>, parse: (name: string) => Zxid | undefined, order: 'newest' | 'oldest'):
  { readonly name: string; readonly zxid: Zxid }[] {
  const found: { name: string; zxid: Zxid }[] = [];
  for (const name of names) {
    const zxid = parse(name);
    if (zxid !== undefined) found.push({ name, zxid });
  }
  const sign = order === 'newest' ? -1 : 1;
  return found.sort((a, b) => sign * (a.zxid - b.zxid) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface LogRollPlan {
  /** Roll the log (the next txn opens a new file) and start a snapshot. */
  readonly roll: boolean;
  /** The count of txns logged since the last roll that triggers one: snapCount/2 + randRoll + 1. */
  readonly thresholdTxns: number;
}

/**
 * SyncRequestProcessor.shouldSnapshot, by count: after appending a txn, roll the log and take a snapshot
 * when `txnsSinceSnapshot > snapCount/2 + randRoll` (integer division), where `randRoll` is drawn
 * uniformly from [0, snapCount/2) once per roll, so the effective threshold is uniform in
 * [snapCount/2 + 1, snapCount] and servers of an ensemble do not snapshot together. ZooKeeper raises a
 * snapCount below 2 to 2. (The size rule, txn bytes > snapSizeLimit/2 + randSize, is not modelled.)
 * The caller draws `randRoll` from its seeded rng: `rng.int(0, randRollBound(snapCount) - 1)`.
 */
export function planLogRoll(txnsSinceSnapshot: number, snapCount: number, randRoll: number): LogRollPlan {
  assert(Number.isSafeInteger(txnsSinceSnapshot) && txnsSinceSnapshot >= 0, 'a txn count is a non-negative integer');
  assert(Number.isSafeInteger(snapCount) && snapCount >= 2, 'snapCount is an integer of at least 2');
  assert(Number.isInteger(randRoll) && randRoll >= 0 && randRoll < randRollBound(snapCount), 'randRoll lies in [0, snapCount/2)');
  const thresholdTxns = Math.floor(snapCount / 2) + randRoll + 1;
  return { roll: txnsSinceSnapshot >= thresholdTxns, thresholdTxns };
}

/** randRoll is drawn from [0, randRollBound(snapCount)). */
export function randRollBound(snapCount: number): number {
  assert(Number.isSafeInteger(snapCount) && snapCount >= 2, 'snapCount is an integer of at least 2');
  return Math.floor(snapCount / 2);
}
