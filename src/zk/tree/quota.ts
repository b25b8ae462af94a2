/**
 * ZooKeeper's quota bookkeeping (DataTree's pTrie, Quotas, StatsTrack in 3.8.0): creating
 * `/zookeeper/quota<P>/zookeeper_limits` puts P under quota; creating `.../zookeeper_stats` fills it with
 * the count and bytes of P's subtree; from then on every create, delete and setData below P rewrites the
 * stats node's data in place (no version, mzxid or watch event). Nothing is enforced (3.8.0's
 * enforceQuota is off by default). Conformance lifecycle/quota-stats-node.
 */
import { QUOTA_NODE, ROOT, parentOf } from '../protocol/index.ts';

export const LIMIT_NODE = 'zookeeper_limits';
export const STAT_NODE = 'zookeeper_stats';

/** Quotas.trimQuotaPath, as a PathTrie key: the quota path P of `/zookeeper/quota<P>`; undefined if none. */
export function quotaPathOf(quotaNodePath: string): string | undefined {
  if (!quotaNodePath.startsWith(QUOTA_NODE)) return undefined;
  const parts = quotaNodePath.slice(QUOTA_NODE.length).split('/').filter((c) => c !== '');
  return parts.length === 0 ? undefined : `/${parts.join('/')}`;
}

/** Quotas.statPath. */
export function statPathOf(quotaPath: string): string {
  return `${QUOTA_NODE}${quotaPath}/${STAT_NODE}`;
}

/** The PathTrie of quota paths: which quota, if any, a path counts towards (the deepest one above it). */
export class QuotaPaths {
  private readonly paths = new Set<string>();

  get size(): number {
    return this.paths.size;
  }

  add(path: string): void {
    this.paths.add(path);
  }

  delete(path: string): void {
    this.paths.delete(path);
  }

  /** getMaxPrefixWithQuota: the deepest quota path that is `path` or an ancestor of it (never the root). */
  maxPrefix(path: string): string | undefined {
    if (this.paths.size === 0) return undefined;
    for (let p = path; p !== ROOT && p !== ''; p = parentOf(p)) {
      if (this.paths.has(p)) return p;
    }
    return undefined;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** StatsTrack's text: count and bytes first, then any other keys sorted after a `=` (3.8's format). */
export function statsBytes(stats: ReadonlyMap<string, number>): Uint8Array {
  const others = [...stats.keys()].filter((k) => k !== 'count' && k !== 'bytes').sort();
  let text = `count=${stats.get('count') ?? -1},bytes=${stats.get('bytes') ?? -1}`;
  if (others.length > 0) text += `=${others.map((k) => `;${k}=${stats.get(k) ?? -1}`).join('')}`;
  return encoder.encode(text);
}

/**
 * StatsTrack(String): `key=value` pairs split on runs of `,` and `;`. Undefined where Java would throw
 * (a pair without `=value`, a value Long.parseLong refuses): the real server then dies applying the txn,
 * which zksim does not copy; it leaves such a stats node alone.
 */
export function parseStats(data: Uint8Array | null): Map<string, number> | undefined {
  const stats = new Map<string, number>();
  const text = data === null ? '' : decoder.decode(data);
  if (text === '') return stats;
  for (const pair of text.split(/[,;]+/)) {
    const kv = pair.split('=');
    while (kv.length > 1 && kv[kv.length - 1] === '') kv.pop();
    const [key, value] = kv;
    if (key === undefined || value === undefined || !/^[+-]?\d+$/.test(value)) return undefined;
    stats.set(key, Number(value));
  }
  return stats;
}
