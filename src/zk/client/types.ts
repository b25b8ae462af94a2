/**
 * The client library's vocabulary: what an application hands the client (ClientCall), what comes back
 * (CallResult through `done`, WatchedEvent through watchers), the handle states, the timer tags and the
 * options. Plain data and callbacks, no behaviour.
 */
import type { Zxid } from '../../base/index.ts';
import type { ClientRequest, ClientResponse, EventType, FailureName, KeeperState, WatcherType } from '../protocol/index.ts';

/** What a watcher receives (S/WatchedEvent.java). */
export interface WatchedEvent {
  /** `None` for session events. */
  readonly type: EventType;
  readonly state: KeeperState;
  /** null for session events. */
  readonly path: string | null;
  /** The triggering txn's zxid; -1 for session events, events made by setWatches and local removals. */
  readonly zxid: number;
}

/**
 * A watcher is known by its function object, as Java knows a Watcher by identity: the same function
 * registered several ways for one path gets one callback per event.
 */
export type Watcher = (event: WatchedEvent) => void;

/**
 * How a call ends. `zxid` is the reply header's zxid when the server answered. A multi whose reply says
 * OK but one of whose ops failed ends `ok: false` with the first failing op's code and the per-op
 * results in `response` (Java's multi throws with `getResults()`).
 */
export type CallResult =
  | { readonly ok: true; readonly response: ClientResponse; readonly zxid?: Zxid }
  | { readonly ok: false; readonly code: FailureName; readonly response?: ClientResponse; readonly zxid?: Zxid };

export type Done = (result: CallResult) => void;

/** Requests the client sends on its own behalf, or that have their own call kind below. */
export type ReservedOp = 'ping' | 'auth' | 'setWatches' | 'closeSession' | 'removeWatches';
export type AppRequest = Exclude<ClientRequest, { readonly op: ReservedOp }>;

/**
 * What an application asks of the client, as a `{ kind: 'call', call }` input. Every call ends with
 * exactly one `done(result)`, invoked inside a step (possibly the same one).
 * - request: sent as is (FIFO); `watcher` receives the watch a `watch: true` read or an addWatch sets
 *   (the default watcher if absent).
 * - close: closeSession, then the handle is CLOSED (done gets closeSession's outcome).
 * - addAuthInfo: remembered and sent now if connected, re-sent on every reconnect (done: accepted).
 * - register: replaces the default watcher (ZooKeeper.register).
 * - removeWatches: `watcher` given: that watcher (opcode checkWatches); absent: all (removeAllWatches).
 *   `local` removes locally even when the server cannot be told.
 */
export type ClientCall =
  | { readonly kind: 'request'; readonly request: AppRequest; readonly watcher?: Watcher; readonly done: Done }
  | { readonly kind: 'close'; readonly done: Done }
  | { readonly kind: 'addAuthInfo'; readonly scheme: string; readonly auth: string; readonly done: Done }
  | { readonly kind: 'register'; readonly watcher: Watcher; readonly done: Done }
  | {
    readonly kind: 'removeWatches';
    readonly path: string;
    readonly watcherType: WatcherType;
    readonly watcher?: Watcher;
    readonly local: boolean;
    readonly done: Done;
  };

/** S/ZooKeeper.java States (ASSOCIATING is unused there too). */
export type ClientState = 'NOT_CONNECTED' | 'CONNECTING' | 'CONNECTED' | 'CONNECTEDREADONLY' | 'CLOSED' | 'AUTH_FAILED';

export function isAlive(state: ClientState): boolean {
  return state !== 'CLOSED' && state !== 'AUTH_FAILED';
}

/**
 * The client keeps one timer, like the select() timeout of ClientCnxn's send loop; its tag says which
 * deadline it was set for (traces read better), and the loop re-checks every deadline when it fires.
 */
export type ClientTimerTag = 'client-pause' | 'client-connect-timeout' | 'client-read-timeout' | 'client-ping' | 'client-expiry';

export interface ClientOptions {
  /** Ask for read-only mode when the ensemble is partitioned (default false). */
  readonly canBeReadOnly?: boolean;
  /** Receives session events and the watches of `watch: true` reads (default: a watcher that ignores). */
  readonly defaultWatcher?: Watcher;
  /** Re-attach to an existing session, as ZooKeeper's constructor with sessionId and passwd does. */
  readonly session?: { readonly id: number; readonly passwd: string };
  /**
   * ZOOKEEPER-4508 (Java client 3.9.3+): a session that hears nothing for 4T/3 expires on the client's own
   * say-so. Default false, the 3.8 behaviour: keep retrying until a server says Expired.
   */
  readonly clientSideExpiry?: boolean;
}
