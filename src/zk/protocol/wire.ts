/**
 * What travels between a client and a server, as data (the simulation does not encode jute bytes; the
 * shapes follow ZooKeeper's jute records, with names for codes). One connection carries, client to
 * server, a ConnectRequest then Requests; server to client, a ConnectResponse then Replies (in request
 * order) and Notifications (watch events, sent before any later reply on the same connection).
 */
import type { Zxid } from '../../base/index.ts';
import type { Acl, Id } from './acl.ts';
import type { ErrorName } from './codes.ts';
import type { MultiOp, WriteRequest } from './requests.ts';
import type { EventType, Stat } from './stat.ts';

export type AddWatchMode = 'PERSISTENT' | 'PERSISTENT_RECURSIVE';
/** removeWatches' watcher types (S/Watcher.java WatcherType). */
export type WatcherType = 'Children' | 'Data' | 'Any' | 'Persistent' | 'PersistentRecursive';
export type KeeperState = 'Disconnected' | 'SyncConnected' | 'AuthFailed' | 'ConnectedReadOnly' | 'Expired' | 'Closed';

export interface ConnectRequest {
  readonly type: 'connect';
  readonly protocolVersion: 0;
  /** The highest zxid this client has seen in a reply; a server behind it refuses the connection. */
  readonly lastZxidSeen: Zxid;
  readonly timeoutMs: number;
  /** 0 asks for a new session. */
  readonly sessionId: number;
  readonly passwd: string;
  readonly readOnly: boolean;
}

export interface ConnectResponse {
  readonly type: 'connected';
  /** 0 means the session is invalid or expired. */
  readonly timeoutMs: number;
  readonly sessionId: number;
  readonly passwd: string;
  readonly readOnly: boolean;
}

export type ReadRequest =
  | { readonly op: 'exists'; readonly path: string; readonly watch: boolean }
  | { readonly op: 'getData'; readonly path: string; readonly watch: boolean }
  | { readonly op: 'getChildren'; readonly path: string; readonly watch: boolean; readonly withStat: boolean }
  | { readonly op: 'getACL'; readonly path: string }
  | { readonly op: 'getEphemerals'; readonly prefix: string }
  | { readonly op: 'getAllChildrenNumber'; readonly path: string }
  | { readonly op: 'multiRead'; readonly ops: readonly ({ readonly op: 'getData'; readonly path: string } | { readonly op: 'getChildren'; readonly path: string })[] };

export type ControlRequest =
  | { readonly op: 'sync'; readonly path: string }
  | { readonly op: 'ping' }
  | { readonly op: 'auth'; readonly scheme: string; readonly auth: string }
  | { readonly op: 'whoAmI' }
  | { readonly op: 'closeSession' }
  | { readonly op: 'addWatch'; readonly path: string; readonly mode: AddWatchMode }
  /** `all` = removeAllWatches (opcode removeWatches); otherwise checkWatches for one watcher. */
  | { readonly op: 'removeWatches'; readonly path: string; readonly watcherType: WatcherType; readonly all: boolean }
  /** Sent on reconnect, before queued requests: the server reconciles each watch against relativeZxid. */
  | {
    readonly op: 'setWatches';
    readonly relativeZxid: Zxid;
    readonly dataWatches: readonly string[];
    readonly existWatches: readonly string[];
    readonly childWatches: readonly string[];
    readonly persistentWatches: readonly string[];
    readonly persistentRecursiveWatches: readonly string[];
  };

/** `create` carries `withStat` (create2 / createContainer / createTTL return the Stat). */
export type ClientRequest =
  | (WriteRequest & { readonly withStat?: boolean })
  | { readonly op: 'multi'; readonly ops: readonly MultiOp[] }
  | ReadRequest
  | ControlRequest;

export interface Request {
  readonly type: 'request';
  /** FIFO per connection; PING uses -2 and AUTH -4, as ZooKeeper's reserved xids. */
  readonly xid: number;
  readonly request: ClientRequest;
}

export type MultiResult =
  | { readonly op: 'create'; readonly path: string; readonly stat?: Stat }
  | { readonly op: 'delete' }
  | { readonly op: 'setData'; readonly stat: Stat }
  | { readonly op: 'check' }
  | { readonly op: 'error'; readonly code: ErrorName };

export type MultiReadResult =
  | { readonly op: 'getData'; readonly data: Uint8Array | null; readonly stat: Stat }
  | { readonly op: 'getChildren'; readonly children: readonly string[] }
  | { readonly op: 'error'; readonly code: ErrorName };

export type ClientResponse =
  | { readonly op: 'create'; readonly path: string; readonly stat?: Stat }
  | { readonly op: 'setData' | 'setACL' | 'exists'; readonly stat: Stat }
  | { readonly op: 'getData'; readonly data: Uint8Array | null; readonly stat: Stat }
  | { readonly op: 'getChildren'; readonly children: readonly string[]; readonly stat?: Stat }
  | { readonly op: 'getACL'; readonly acl: readonly Acl[]; readonly stat: Stat }
  | { readonly op: 'multi'; readonly results: readonly MultiResult[] }
  | { readonly op: 'multiRead'; readonly results: readonly MultiReadResult[] }
  | { readonly op: 'sync'; readonly path: string }
  | { readonly op: 'getEphemerals'; readonly paths: readonly string[] }
  | { readonly op: 'getAllChildrenNumber'; readonly count: number }
  | { readonly op: 'whoAmI'; readonly ids: readonly Id[] }
  /** delete, ping, auth, closeSession, addWatch, removeWatches, setWatches. */
  | { readonly op: 'empty' };

export interface Reply {
  readonly type: 'reply';
  readonly xid: number;
  /** The server's last applied zxid at reply time (for a write, its own txn zxid, failed or not). */
  readonly zxid: Zxid;
  readonly err: ErrorName;
  /** Present when err is OK (and for multi, whose err is OK even when it failed). */
  readonly response?: ClientResponse;
}

export interface Notification {
  readonly type: 'notification';
  /** The triggering txn's zxid (-1 for events made by setWatches). */
  readonly zxid: Zxid;
  readonly event: { readonly type: EventType; readonly state: KeeperState; readonly path: string };
}

export type ClientMessage = ConnectRequest | Request;
export type ServerMessage = ConnectResponse | Reply | Notification;

export const PING_XID = -2;
export const AUTH_XID = -4;
export const SET_WATCHES_XID = -8;
export const NOTIFICATION_XID = -1;

/** Everything that travels on a client connection, in either direction. */
export type WireMessage = ClientMessage | ServerMessage;
