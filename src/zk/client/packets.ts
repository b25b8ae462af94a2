/**
 * A request on its way through the client (ClientCnxn's Packet), and the pure rules applied when it
 * finishes: which watch a reply registers (WatchRegistration), what response a reply must carry, and how
 * a reply or a local failure becomes the CallResult the application sees.
 */
import { assert } from '../../base/index.ts';
import type { Zxid } from '../../base/index.ts';
import type { ClientRequest, ClientResponse, ErrorName, FailureName, Reply, WatcherType } from '../protocol/index.ts';
import type { CallResult, Done, Watcher } from './types.ts';
import type { WatchKind } from './watch-registry.ts';

/** What a removeWatches call asks the local tables to drop once the server has answered. */
export interface Removal {
  readonly path: string;
  readonly watcherType: WatcherType;
  /** undefined: every watcher of that type on the path. */
  readonly watcher: Watcher | undefined;
  readonly local: boolean;
}

export interface Packet {
  readonly request: ClientRequest;
  /** undefined for the client's own requests (setWatches). */
  readonly done: Done | undefined;
  /** Who gets the watch this request may set (set when the request asks for one). */
  readonly watcher: Watcher | undefined;
  readonly removal: Removal | undefined;
  /** Assigned when the packet is written to a connection (as ClientCnxnSocketNIO does); 0 before. */
  xid: number;
}

export const EMPTY_OK: CallResult = { ok: true, response: { op: 'empty' } };

/** Whether the request asks the server for a watch (so it carries a watcher). */
export function asksForWatch(request: ClientRequest): boolean {
  if (request.op === 'exists' || request.op === 'getData' || request.op === 'getChildren') return request.watch;
  return request.op === 'addWatch';
}

/**
 * The local watch a finished request registers, given its code: exists registers a data watch (OK) or an
 * exist watch (NONODE); getData and getChildren only on OK; addWatch on OK (and NONODE, as Java's
 * AddWatchRegistration says, though servers never answer that).
 */
export function registrationOf(request: ClientRequest, code: ErrorName): { readonly kind: WatchKind; readonly path: string } | undefined {
  if (request.op === 'exists' && request.watch) {
    if (code === 'OK') return { kind: 'data', path: request.path };
    return code === 'NONODE' ? { kind: 'exist', path: request.path } : undefined;
  }
  if (code !== 'OK' && !(request.op === 'addWatch' && code === 'NONODE')) return undefined;
  if (request.op === 'getData' && request.watch) return { kind: 'data', path: request.path };
  if (request.op === 'getChildren' && request.watch) return { kind: 'child', path: request.path };
  if (request.op === 'addWatch') return { kind: request.mode === 'PERSISTENT' ? 'persistent' : 'persistentRecursive', path: request.path };
  return undefined;
}

/** The response op an OK reply to `request` carries (anything else is a protocol error). */
export function expectedResponseOp(request: ClientRequest): ClientResponse['op'] {
  switch (request.op) {
    case 'create':
    case 'setData':
    case 'setACL':
    case 'exists':
    case 'getData':
    case 'getChildren':
    case 'getACL':
    case 'multi':
    case 'multiRead':
    case 'sync':
    case 'getEphemerals':
    case 'getAllChildrenNumber':
    case 'whoAmI':
      return request.op;
    case 'delete':
    case 'check':
    case 'ping':
    case 'auth':
    case 'closeSession':
    case 'addWatch':
    case 'removeWatches':
    case 'setWatches':
      return 'empty';
  }
}

/** Why `reply` cannot be the answer to `packet` (ClientCnxn treats it as a lost connection), if it cannot. */
export function replyProblem(packet: Packet, reply: Reply): string | undefined {
  if (reply.xid !== packet.xid) return `xid out of order: got ${reply.xid}, expected ${packet.xid}`;
  if (reply.err !== 'OK') return undefined;
  const expected = expectedResponseOp(packet.request);
  const got = reply.response?.op;
  return got === expected ? undefined : `xid ${reply.xid}: an OK reply to ${packet.request.op} must carry a ${expected} response, got ${got ?? 'none'}`;
}

export function isFailure(code: ErrorName): code is FailureName {
  return code !== 'OK';
}

/** The result a finished request reports: the reply's, or a local failure's (no response, no zxid). */
export function resultOf(request: ClientRequest, code: ErrorName, response: ClientResponse | undefined, zxid: Zxid | undefined): CallResult {
  const withZxid = zxid === undefined ? {} : { zxid };
  if (isFailure(code)) return { ok: false, code, ...withZxid };
  const body = response ?? { op: 'empty' as const };
  if (request.op === 'multi') {
    assert(body.op === 'multi', 'an OK multi reply carries per-op results');
    const failed = body.results.find((r) => r.op === 'error' && r.code !== 'OK');
    if (failed !== undefined && failed.op === 'error' && isFailure(failed.code)) {
      return { ok: false, code: failed.code, response: body, ...withZxid };
    }
  }
  return { ok: true, response: body, ...withZxid };
}
