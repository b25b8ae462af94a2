/**
 * zk/watch: the server's watch registry and trigger rules (data and child tables; standard, persistent
 * and persistent-recursive modes; setWatches reconciliation; removeWatches). Watchers are opaque keys
 * (the server uses connections). Imports: src/base, zk/protocol, zk/tree (types).
 */
export { WatchManager } from './watch-manager.ts';
export type { SetWatchesRequest, WatchDelivery, WatchedNodeView } from './watch-manager.ts';
