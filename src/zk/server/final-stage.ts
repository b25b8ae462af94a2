/**
 * The final stage (FinalRequestProcessor): once a request's txn is durable, apply it to the tree, send
 * the watch notifications it triggers (before any later reply on each connection), and answer. Requests
 * without a txn are served here too, in pipeline order, from the tree as it now is.
 */
import { assertNever } from '../../base/index.ts';
import type { ConnId, Zxid } from '../../base/index.ts';
import { PERMS } from '../protocol/index.ts';
import type { Acl, ClientRequest, ClientResponse, ErrorName, Id, Txn } from '../protocol/index.ts';
import { aclAllows } from '../tree/index.ts';

const NO_ZXID = -1 as Zxid;
import type { ApplyResult, TreeEvent } from '../tree/index.ts';
import type { WatchDelivery } from '../watch/index.ts';
import type { PipelineEntry } from './pipeline.ts';
import { serveRead } from './reads.ts';
import type { ServerState, Work } from './server-state.ts';
import { writeReply } from './write-replies.ts';
import { sessionPassword } from '../session/index.ts';

export function finishEntry(s: ServerState, entry: PipelineEntry<Work>): void {
  finishWork(s, entry.request, entry.txn === undefined ? undefined : applyTxn(s, entry.txn));
}

/** Answers the work once its txn (if any) is applied with `outcome`. */
export function finishWork(s: ServerState, work: Work, outcome: ApplyResult | undefined): void {
  switch (work.kind) {
    case 'connect':
      finishConnect(s, work);
      return;
    case 'request':
      finishRequest(s, work, outcome);
      return;
    case 'expire':
      endSession(s, work.sessionId);
      return;
    case 'reap':
      return;
    default:
      assertNever(work, 'pipeline work');
  }
}

function applyTxn(s: ServerState, txn: Txn): ApplyResult {
  const events: TreeEvent[] = [];
  const result = s.tree.apply(txn, events);
  s.pending.applied(txn.zxid);
  for (const event of events) notify(s, s.watches.trigger(event), event.acl);
  return result;
}

/**
 * Sends notifications; with `acl`, only to connections holding READ on it (setWatches' are unfiltered).
 * Their reply header carries zxid -1, as 3.8.0's NIOServerCnxn.process does (conformance: no recorded
 * event has a zxid).
 */
export function notify(s: ServerState, deliveries: readonly WatchDelivery<ConnId>[], acl?: readonly Acl[]): void {
  for (const d of deliveries) {
    if (acl !== undefined && s.config.notificationsNeedRead) {
      const ids = s.conns.get(d.watcher)?.authIds ?? [];
      if (!aclAllows(acl, PERMS.READ, ids)) continue;
    }
    s.send(d.watcher, { type: 'notification', zxid: NO_ZXID, event: { type: d.type, state: 'SyncConnected', path: d.path } });
  }
}

function finishConnect(s: ServerState, work: Extract<Work, { kind: 'connect' }>): void {
  const conn = s.conns.get(work.conn);
  if (conn === undefined || conn.sessionId !== work.sessionId) return;
  conn.handshake = 'done';
  s.sessionConn.set(work.sessionId, work.conn);
  s.send(work.conn, {
    type: 'connected', timeoutMs: work.timeoutMs, sessionId: work.sessionId, passwd: sessionPassword(work.sessionId), readOnly: false,
  });
}

function finishRequest(s: ServerState, work: Extract<Work, { kind: 'request' }>, outcome: ApplyResult | undefined): void {
  const request = work.request;
  if (outcome !== undefined) {
    const reply = writeReply(request, outcome);
    answer(s, work.conn, work.xid, reply.err, reply.response);
    if (request.op === 'closeSession' && outcome.type === 'closeSession') endSession(s, work.sessionId);
    return;
  }
  if (!work.sessionOk) {
    answer(s, work.conn, work.xid, 'SESSIONEXPIRED', undefined);
    return;
  }
  const served = serveOther(s, work.conn, work.sessionId, request);
  answer(s, work.conn, work.xid, served.err, served.response);
}

function answer(s: ServerState, conn: ConnId, xid: number, err: ErrorName, response: ClientResponse | undefined): void {
  const zxid = s.tree.lastProcessedZxid;
  s.send(conn, response === undefined ? { type: 'reply', xid, zxid, err } : { type: 'reply', xid, zxid, err, response });
}

/** The session is over (closed or expired): forget it and close its connection after the reply. */
export function endSession(s: ServerState, sessionId: number): void {
  s.tracker.remove(sessionId);
  const conn = s.sessionConn.get(sessionId);
  if (conn !== undefined) s.drop(conn);
  s.env.emit({ event: 'sessionClosed', session: sessionId });
}

function serveOther(s: ServerState, connId: ConnId, sessionId: number, request: ClientRequest): { err: ErrorName; response?: ClientResponse } {
  const conn = s.conns.get(connId);
  const authIds = conn?.authIds ?? [];
  switch (request.op) {
    case 'exists':
    case 'getData':
    case 'getChildren':
    case 'getACL':
    case 'getEphemerals':
    case 'getAllChildrenNumber':
    case 'multiRead': {
      const r = serveRead(request, {
        tree: s.tree, watches: s.watches, watcher: connId, authIds, sessionId, existsChecksRead: s.config.existsChecksRead,
      });
      return r.ok ? { err: 'OK', response: r.response } : { err: r.code };
    }
    case 'sync':
      return { err: 'OK', response: { op: 'sync', path: request.path } };
    case 'ping':
    case 'closeSession':
      return { err: 'OK', response: { op: 'empty' } };
    case 'whoAmI':
      return { err: 'OK', response: { op: 'whoAmI', ids: authIds.map(clientInfo) } };
    case 'addWatch':
      s.watches.addWatch(request.path, connId, request.mode);
      return { err: 'OK', response: { op: 'empty' } };
    case 'removeWatches':
      // 3.8.0's WatcherType.fromInt knows Children, Data and Any only (conformance watches/remove-watches).
      if (request.watcherType === 'Persistent' || request.watcherType === 'PersistentRecursive') return { err: 'MARSHALLINGERROR' };
      return s.watches.removeWatches(request.path, request.watcherType, connId, request.all)
        ? { err: 'OK', response: { op: 'empty' } } : { err: 'NOWATCHER' };
    case 'setWatches':
      notify(s, s.watches.setWatches(s.tree, request, connId));
      return { err: 'OK', response: { op: 'empty' } };
    case 'auth':
    case 'check':
    case 'create':
    case 'delete':
    case 'multi':
    case 'setACL':
    case 'setData':
      // Writes always carry a txn and auth is answered at intake: neither reaches here.
      return { err: 'SYSTEMERROR' };
  }
}

/** whoAmI's ClientInfo: the provider's user name (a digest id's user part), ServerCnxn.getClientAuthInfo. */
function clientInfo(id: Id): Id {
  return id.scheme === 'digest' ? { scheme: id.scheme, id: id.id.split(':')[0] ?? '' } : id;
}
