/**
 * The zxid sub-lanes' vertical scale: a zxid's rank among every zxid any server logged or committed, so
 * the same zxid sits at the same height in every lane and an epoch change (a jump of 2^32) does not
 * flatten the counters into a line.
 */
import { bisectLeft } from 'd3';
import type { ServerLane } from '../types.ts';

export interface ZxidScale {
  /** 0 for the smallest zxid seen, 1 for the largest. */
  fraction(zxid: number): number;
}

export function zxidScale(servers: readonly ServerLane[]): ZxidScale {
  const seen = new Set<number>();
  for (const server of servers) {
    for (const point of server.zxids) {
      seen.add(point.logged);
      seen.add(point.committed);
    }
  }
  const sorted = Float64Array.from([...seen].sort((a, b) => a - b));
  const top = Math.max(1, sorted.length - 1);
  return { fraction: (zxid) => (sorted.length <= 1 ? 0.5 : bisectLeft(sorted, zxid) / top) };
}
