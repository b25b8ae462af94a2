/**
 * What every server does with a client request before it reaches a request processor, standalone or in
 * an ensemble: which requests write, the jute.maxbuffer frame check, and authentication (answered at once,
 * outside the pipeline; a failure closes the connection).
 */
import { AUTH_XID } from '../protocol/index.ts';
import type { ClientRequest, Id } from '../protocol/index.ts';
import { digestId } from '../tree/index.ts';
import type { ConnId } from '../../base/index.ts';
import type { ServerState } from './server-state.ts';

/** Requests that become txns (closeSession included). */
export const WRITES: ReadonlySet<ClientRequest['op']> = new Set(['create', 'delete', 'setData', 'setACL', 'check', 'multi', 'closeSession']);

/** The jute frame length of a request, near enough for jute.maxbuffer (header, path, data). */
export function requestBytes(request: ClientRequest): number {
  let bytes = 12;
  if ('path' in request) bytes += 4 + request.path.length;
  if ((request.op === 'create' || request.op === 'setData') && request.data !== null) bytes += 4 + request.data.length;
  if (request.op === 'multi') {
    for (const op of request.ops) bytes += 16 + op.path.length + ('data' in op && op.data !== null ? op.data.length : 0);
  }
  return bytes;
}

/** ServerCnxn.addAuthInfo: a connection holds each id once. */
function addAuthId(ids: Id[], id: Id): void {
  if (!ids.some((x) => x.scheme === id.scheme && x.id === id.id)) ids.push(id);
}

/** Authentication: digest (and super), ip; anything else is AUTHFAILED and closes the connection. */
export function answerAuth(s: ServerState, conn: ConnId, scheme: string, auth: string): void {
  const state = s.conns.get(conn);
  if (state === undefined) return;
  const zxid = s.tree.lastProcessedZxid;
  if (scheme === 'digest') {
    const id = digestId(auth);
    if (s.config.superDigest !== undefined && id === s.config.superDigest) addAuthId(state.authIds, { scheme: 'super', id: '' });
    addAuthId(state.authIds, { scheme: 'digest', id });
    s.send(conn, { type: 'reply', xid: AUTH_XID, zxid, err: 'OK', response: { op: 'empty' } });
    return;
  }
  if (scheme === 'ip') {
    s.send(conn, { type: 'reply', xid: AUTH_XID, zxid, err: 'OK', response: { op: 'empty' } });
    return;
  }
  s.send(conn, { type: 'reply', xid: AUTH_XID, zxid, err: 'AUTHFAILED' });
  s.drop(conn);
}
