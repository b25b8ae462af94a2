/**
 * Client requests as the server receives them. Fields are as on the wire, so that a raw, unvalidated
 * request (a bad path, an unknown create flag) reaches the server's checks exactly as a non-Java client's
 * would: the server must answer BADARGUMENTS where the Java client would have thrown locally.
 */
import type { Acl } from './acl.ts';

export type WriteRequest =
  | {
    readonly op: 'create';
    readonly path: string;
    readonly data: Uint8Array | null;
    readonly acl: readonly Acl[];
    /** CreateMode flag (0..6); anything else is BADARGUMENTS. */
    readonly flags: number;
    /** For the TTL modes: milliseconds, 0 < ttl <= TTL_MAX_MS. */
    readonly ttlMs?: number;
  }
  | { readonly op: 'delete'; readonly path: string; readonly version: number }
  | { readonly op: 'setData'; readonly path: string; readonly data: Uint8Array | null; readonly version: number }
  | { readonly op: 'setACL'; readonly path: string; readonly acl: readonly Acl[]; readonly version: number }
  | { readonly op: 'check'; readonly path: string; readonly version: number };

export type MultiOp = Exclude<WriteRequest, { readonly op: 'setACL' }>;
