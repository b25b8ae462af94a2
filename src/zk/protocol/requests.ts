/**
 * Client requests as the server receives them. Fields are as on the wire, so that a raw, unvalidated
 * request (a bad path, an unknown create flag) reaches the server's checks exactly as a non-Java client's
 * would: the server must answer BADARGUMENTS where the Java client would have thrown locally.
 */
import type { Acl } from './acl.ts';
import { createModeOfFlag, isTtlMode } from './modes.ts';

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

/**
 * A multi's op as the server reads it back (MultiOperationRecord): a createTTL op goes through
 * Op.create(path, data, acl, flags, ttl), which keeps the TTL only for a TTL mode (an unknown flag
 * counting as PERSISTENT there) and otherwise builds a plain Create with the flags as sent. So inside a
 * multi a TTL sent with another mode is dropped, not refused as it is outside one, and unknown flags are
 * still BADARGUMENTS (conformance transactions/create-modes-and-ttl-inside).
 */
export function multiRecordOp(op: MultiOp): MultiOp {
  if (op.op !== 'create' || op.ttlMs === undefined) return op;
  const mode = createModeOfFlag(op.flags) ?? 'PERSISTENT';
  if (isTtlMode(mode)) return op;
  return { op: 'create', path: op.path, data: op.data, acl: op.acl, flags: op.flags };
}
