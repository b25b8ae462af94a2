/**
 * zk/server: ZooKeeper servers as step machines.
 *  - standalone.ts: the standalone server: handshake and sessions, the request pipeline (prep -> log +
 *    group-committed fsync -> apply and answer), reads, watches, expiry, container and TTL reaping, log
 *    rolling and snapshots, recovery on start.
 *  - quorum-peer.ts: an ensemble member (QuorumPeer.run): election, then the zab roles, with client
 *    service through leader-server.ts (prep, global sessions, owners, expiry) or learner-server.ts
 *    (forwarding, touch tables), ordered by quorum-clients.ts; peer-storage.ts, peer-database.ts and
 *    txn-logger.ts are its data directory, ZKDatabase and SyncRequestProcessor (disk-plan-queue.ts issues
 *    multi-step writes as Java does: a rename only after its fsync); read-only mode.
 * Imports: src/base and zk/ (protocol, prep, tree, watch, session, io, election, zab, storage; the standalone
 * server reaches storage through the storage port).
 */
export { StandaloneServer } from './standalone.ts';
export { QuorumPeer } from './quorum-peer.ts';
export type { EnsembleMessage, PeerConfig, PeerTimerTag } from './quorum-peer.ts';
export { negotiateTimeoutMs, serverConfig } from './config.ts';
export type { ServerConfig } from './config.ts';
export type { ConnState, ServerTag } from './server-state.ts';
export { ServerState } from './server-state.ts';
export type { RecoveredState, ServerStorage } from './storage-port.ts';
export { Pipeline } from './pipeline.ts';
export { zkStorage } from './persistence.ts';
