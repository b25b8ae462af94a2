/**
 * Transactions: what the prep stage decides and every replica applies, in zxid order. A txn is already
 * validated; applying it cannot fail (replaying a txn already in a fuzzy snapshot is tolerated). Every
 * txn carries the header ZooKeeper's TxnHeader does: session, zxid, time.
 */
import type { Zxid } from '../../base/index.ts';
import type { Acl } from './acl.ts';
import type { ErrorName } from './codes.ts';

/** What kind of node a create makes: ZooKeeper's stored ephemeralOwner encodes this (EphemeralType). */
export type NodeKind =
  | { readonly kind: 'persistent' }
  | { readonly kind: 'ephemeral'; readonly sessionId: number }
  | { readonly kind: 'container' }
  | { readonly kind: 'ttl'; readonly ttlMs: number };

export type TxnOp =
  | {
    readonly type: 'create';
    readonly path: string;
    readonly data: Uint8Array | null;
    readonly acl: readonly Acl[];
    readonly node: NodeKind;
    /** The parent's stored child-create counter after this create (makes replay idempotent). */
    readonly parentCversion: number;
  }
  | { readonly type: 'delete'; readonly path: string }
  | { readonly type: 'setData'; readonly path: string; readonly data: Uint8Array | null; readonly version: number }
  | { readonly type: 'setACL'; readonly path: string; readonly acl: readonly Acl[]; readonly aversion: number }
  | { readonly type: 'check'; readonly path: string }
  | { readonly type: 'createSession'; readonly timeoutMs: number }
  | { readonly type: 'closeSession' }
  /** A failed write still consumes its zxid and is replicated as an error txn (inside a failed multi,
   * ops before the culprit carry OK and ops after it RUNTIMEINCONSISTENCY). */
  | { readonly type: 'error'; readonly code: ErrorName }
  /** All or nothing: on success every op; on failure the per-op codes (see multi-results). */
  | { readonly type: 'multi'; readonly ops: readonly TxnOp[] };

export interface Txn {
  readonly sessionId: number;
  readonly zxid: Zxid;
  /** The leader's wall clock at prep time, in ms. */
  readonly timeMs: number;
  readonly op: TxnOp;
  /**
   * The client's xid for the request (TxnHeader.cxid), so the server holding the request recognises its
   * commit. Travels in PROPOSAL/INFORM; not kept in zksim's log records (nothing after a restart waits on it).
   */
  readonly cxid?: number;
}
