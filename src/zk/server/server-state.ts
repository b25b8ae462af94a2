/**
 * The standalone server's state, shared by its intake (standalone.ts) and its final stage
 * (final-stage.ts): the tree and the writes prepared ahead of it, sessions, watches, connections.
 */
import type { ConnId, HostId, Zxid } from '../../base/index.ts';
import type { ClientRequest, Id, WireMessage } from '../protocol/index.ts';
import { PendingChanges } from '../prep/index.ts';
import { SessionTracker } from '../session/index.ts';
import type { DataTree } from '../tree/index.ts';
import { WatchManager } from '../watch/index.ts';
import type { ZkEnv } from '../io.ts';
import type { ServerConfig } from './config.ts';

export type ServerTag = 'tick' | 'reap';

/** What serving clients needs from the environment (a standalone server's, or an ensemble member's). */
export type ServingEnv = Pick<ZkEnv<WireMessage, never>, 'send' | 'close' | 'emit' | 'now' | 'wallMicros'>;

export interface ConnState {
  readonly conn: ConnId;
  readonly peer: HostId;
  /** 0 until the handshake binds a session. */
  sessionId: number;
  handshake: 'none' | 'pending' | 'done';
  readonly authIds: Id[];
}

/** Why a request is in the pipeline: what the final stage must do once it is durable and applied. */
export type Work =
  | { readonly kind: 'request'; readonly conn: ConnId; readonly sessionId: number; readonly xid: number; readonly request: ClientRequest; readonly sessionOk: boolean }
  | { readonly kind: 'connect'; readonly conn: ConnId; readonly sessionId: number; readonly timeoutMs: number }
  | { readonly kind: 'expire'; readonly sessionId: number }
  | { readonly kind: 'reap'; readonly path: string };

export class ServerState {
  readonly pending: PendingChanges;
  readonly tracker: SessionTracker;
  readonly watches = new WatchManager<ConnId>();
  readonly conns = new Map<ConnId, ConnState>();
  /** Each session's current connection. */
  readonly sessionConn = new Map<number, ConnId>();

  constructor(
    readonly env: ServingEnv,
    readonly config: ServerConfig,
    readonly tree: DataTree,
    /** The zxid of the last txn prepared (standalone: epoch 0, the counter alone). */
    public lastPreparedZxid: Zxid,
  ) {
    this.pending = new PendingChanges(tree);
    this.tracker = new SessionTracker(config.tickTimeMs * 1000);
  }

  send(conn: ConnId, msg: WireMessage): void {
    if (this.conns.has(conn)) this.env.send(conn, msg);
  }

  /** Closes a client connection from the server's side and forgets its watches. */
  drop(conn: ConnId): void {
    if (this.forget(conn)) this.env.close(conn);
  }

  /** The connection is gone (either side closed it): forget it and its watches. False if unknown. */
  forget(conn: ConnId): boolean {
    const state = this.conns.get(conn);
    if (state === undefined) return false;
    this.conns.delete(conn);
    this.watches.removeWatcher(conn);
    if (this.sessionConn.get(state.sessionId) === conn) this.sessionConn.delete(state.sessionId);
    return true;
  }
}
