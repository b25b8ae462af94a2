/**
 * zk/client: ZooKeeper's client library as a pure step machine (ClientCnxn, StaticHostProvider,
 * ZKWatchManager and the handle states of ZooKeeper.java), following zk-client-semantics.md 3, 5 and 6.
 * The cluster layer hosts a ZkClient as an actor and wraps its calls into a Promise API.
 *
 * Invariants:
 * - every call ends with exactly one `done`, invoked at the end of a step, in the order the step
 *   produced it relative to watch and session events (a watch event that preceded a reply on the wire
 *   reaches the application first); callbacks must not call `step`;
 * - requests carry FIFO xids on a connection and are answered in that order (a mismatch is a lost
 *   connection); lastZxidSeen only moves with replies (not pings, auth or notifications);
 * - after CLOSED or AUTH_FAILED nothing is sent and every call fails at once (SESSIONEXPIRED / AUTHFAILED);
 * - all time comes from env.now() and one wake-up timer; all randomness from env.rng.
 *
 * Imports: src/base, src/zk/protocol and src/zk/io.ts only.
 */
export { ZkClient } from './client.ts';
export { HostProvider, SPIN_DELAY_MS } from './host-provider.ts';
export { SET_WATCHES_MAX_CHARS, setWatchesBatches } from './set-watches.ts';
export { MAX_SEND_PING_INTERVAL_MICROS, PING_SLACK_MICROS, RECONNECT_PAUSE_MAX_MS, microsToNextPing, timeoutsFor } from './timeouts.ts';
export type { Timeouts } from './timeouts.ts';
export { isAlive } from './types.ts';
export type {
  AppRequest, CallResult, ClientCall, ClientOptions, ClientState, ClientTimerTag, Done, ReservedOp, WatchedEvent, Watcher,
} from './types.ts';
export { WATCH_KINDS, WatchRegistry } from './watch-registry.ts';
export type { RemovalOutcome, WatchKind } from './watch-registry.ts';
