/**
 * A server's knobs, with ZooKeeper's defaults (zoo.cfg names in comments). Milliseconds here, as in
 * ZooKeeper; the server converts to microseconds at the edge.
 */
import { assert } from '../../base/index.ts';
import type { HostId } from '../../base/index.ts';

export interface ServerConfig {
  /** myid. */
  readonly serverId: number;
  /** tickTime. */
  readonly tickTimeMs: number;
  /** minSessionTimeout (default 2 x tickTime), maxSessionTimeout (default 20 x tickTime). */
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  /** snapCount: roll the log and snapshot after about this many txns (randomised, as ZooKeeper does). */
  readonly snapCount: number;
  /** Most txns one fsync covers (SyncRequestProcessor's batch of 1000). */
  readonly maxBatch: number;
  /** zookeeper.extendedTypesEnabled: TTL nodes. */
  readonly extendedTypesEnabled: boolean;
  /** zookeeper.DigestAuthenticationProvider.superDigest ("super:<base64 sha1>"), if any. */
  readonly superDigest?: string;
  /** znode.container.checkIntervalMs. */
  readonly containerCheckIntervalMs: number;
  /** jute.maxbuffer: a request frame longer than this closes the connection. */
  readonly juteMaxBufferBytes: number;
  /** exists() requires READ on an existing node (3.8.4+; absent from Debian's 3.8.0, conformance shows). */
  readonly existsChecksRead: boolean;
  /**
   * Watch notifications go only to connections with READ on the node the event names, the one-shot watch
   * being consumed all the same (CVE-2024-23944: 3.8.4+, and backported into Debian's 3.8.0).
   */
  readonly notificationsNeedRead: boolean;
  /** The address a client connection appears to come from (its `ip:` id). */
  readonly addressOf: (peer: HostId) => string;
}

export function serverConfig(overrides: Partial<ServerConfig> & { readonly serverId: number }): ServerConfig {
  const tickTimeMs = overrides.tickTimeMs ?? 2000;
  const config: ServerConfig = {
    tickTimeMs,
    minSessionTimeoutMs: 2 * tickTimeMs,
    maxSessionTimeoutMs: 20 * tickTimeMs,
    snapCount: 100_000,
    maxBatch: 1000,
    extendedTypesEnabled: true,
    containerCheckIntervalMs: 60_000,
    juteMaxBufferBytes: 0xfffff,
    existsChecksRead: false,
    notificationsNeedRead: true,
    addressOf: () => '127.0.0.1',
    ...overrides,
  };
  assert(config.tickTimeMs > 0 && Number.isInteger(config.tickTimeMs), 'tickTime is a positive integer of ms');
  assert(config.minSessionTimeoutMs <= config.maxSessionTimeoutMs, 'minSessionTimeout <= maxSessionTimeout');
  assert(config.snapCount >= 2, 'snapCount is at least 2');
  return config;
}

/** processConnectRequest: the requested timeout clamped to [min, max]. */
export function negotiateTimeoutMs(config: ServerConfig, requestedMs: number): number {
  return Math.min(Math.max(requestedMs, config.minSessionTimeoutMs), config.maxSessionTimeoutMs);
}
