/**
 * zk/server: the standalone ZooKeeper server as a step machine: handshake and sessions, the request
 * pipeline (prep -> log + group-committed fsync -> apply and answer), reads, watches, expiry, container
 * and TTL reaping, log rolling and snapshots, recovery on start.
 * Imports: src/base and zk/ (protocol, prep, tree, watch, session, io; storage through the storage port).
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
