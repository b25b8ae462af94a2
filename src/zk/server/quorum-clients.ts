/**
 * The client service of an ensemble member while it serves (FOLLOWING, OBSERVING or LEADING): the
 * handshake, request intake and the CommitProcessor's ordering. Writes (and createSession, closeSession,
 * sync) go to the leader's order through the `ClientSide` (the leader prepares and proposes them itself;
 * a learner forwards them); reads are served from the local tree, each behind every request queued before
 * it on this server, so a session always sees its own writes and replies leave in request order. A
 * committed txn that one of our requests waits for (same session and cxid) answers it; any other is only
 * applied (a closeSession ends the session here too).
 *
 * Invariants: txns are applied in commit (zxid) order; queued entries are answered in queue order; a
 * write is at the head of the queue when its txn commits (commits follow submission order, and syncs and
 * reads ahead of it are answered by then).
 */
import { assert, fail } from '../../base/index.ts';
import type { ConnId, HostId, Zxid } from '../../base/index.ts';
import type { ClientRequest, ConnectRequest, Id, Request, Txn, WireMessage } from '../protocol/index.ts';
import { sessionPassword } from '../session/index.ts';
import type { ApplyResult, TreeEvent } from '../tree/index.ts';
import type { ForwardedRequest } from '../zab/index.ts';
import { negotiateTimeoutMs } from './config.ts';
import { endSession, finishWork, notify } from './final-stage.ts';
import { WRITES, answerAuth, requestBytes } from './intake.ts';
import type { PeerDatabase } from './peer-database.ts';
import type { ServerState, Work } from './server-state.ts';

/** Where the ordering of writes happens: on the leader itself, or behind a forward to it. */
export interface ClientSide {
  /** Prepare-and-propose (leader) or forward (learner) a write, createSession or closeSession. */
  write(sessionId: number, cxid: number, request: ForwardedRequest, authIds: readonly Id[]): void;
  /** A reconnecting session: valid or not now, or 'pending' until `revalidated`. */
  revalidate(sessionId: number, timeoutMs: number): boolean | 'pending';
  /** A sync: the leader gives the zxid to wait for; a learner forwards it and waits for `synced`. */
  sync(sessionId: number, cxid: number, path: string): { readonly waitZxid: Zxid } | 'forwarded';
  /** Client activity on a session (a learner collects it for its next ping reply). */
  touched(sessionId: number, timeoutMs: number): void;
  /** A session id for a new session (server id in the top bits). */
  nextSessionId(): number;
}

type Queued =
  | { readonly kind: 'write'; readonly sessionId: number; readonly cxid: number; readonly work: Work; outcome: ApplyResult | undefined; done: boolean }
  | { readonly kind: 'read'; readonly work: Work }
  | { readonly kind: 'sync'; readonly waitZxid: Zxid | undefined; readonly work: Work; done: boolean };

/** createSession travels with cxid 0 (a client's first request has xid 1). */
const CREATE_SESSION_CXID = 0;

export class QuorumClients {
  private readonly queue: Queued[] = [];
  private readonly revalidating = new Map<number, { readonly conn: ConnId; readonly timeoutMs: number; readonly passwd: string }>();

  constructor(
    readonly s: ServerState,
    private readonly db: PeerDatabase,
    private readonly side: ClientSide,
    /**
     * ReadOnlyZooKeeperServer (readonlymode.enabled, a peer cut off from the quorum): only clients that
     * asked for canBeReadOnly are accepted, each with a session of this server alone; reads are served
     * from the last state this server had, writes and sync fail with NOTREADONLY.
     */
    private readonly readOnly = false,
  ) {}

  accept(conn: ConnId, peer: HostId): void {
    this.s.conns.set(conn, { conn, peer, sessionId: 0, handshake: 'none', authIds: [{ scheme: 'ip', id: this.s.config.addressOf(peer) }] });
  }

  onMessage(conn: ConnId, msg: WireMessage): void {
    const state = this.s.conns.get(conn);
    if (state === undefined) return;
    if (msg.type === 'connect') return this.onConnect(conn, msg);
    if (msg.type !== 'request' || state.handshake !== 'done') return this.s.drop(conn);
    this.onRequest(conn, msg);
  }

  onClosed(conn: ConnId): void {
    this.s.forget(conn);
  }

  /** The server stops serving: every client connection closes (ZooKeeperServer.shutdown). */
  shutdown(): void {
    for (const conn of [...this.s.conns.keys()]) this.s.drop(conn);
    this.queue.length = 0;
    this.revalidating.clear();
  }

  // ---- handshake ----

  private onConnect(conn: ConnId, req: ConnectRequest): void {
    const s = this.s;
    const state = s.conns.get(conn);
    if (state === undefined || state.handshake !== 'none') return s.drop(conn);
    if (req.lastZxidSeen > s.tree.lastProcessedZxid) {
      s.env.emit({ event: 'refusedClient', lastZxidSeen: req.lastZxidSeen, ours: s.tree.lastProcessedZxid });
      return s.drop(conn);
    }
    const timeoutMs = negotiateTimeoutMs(s.config, req.timeoutMs);
    if (this.readOnly) return this.connectReadOnly(conn, req, timeoutMs);
    if (req.sessionId === 0) return this.createSession(conn, timeoutMs);
    if (req.passwd !== sessionPassword(req.sessionId)) return this.refuse(conn, req.sessionId, req.passwd);
    state.handshake = 'pending';
    const answer = this.side.revalidate(req.sessionId, timeoutMs);
    if (answer === 'pending') {
      this.revalidating.set(req.sessionId, { conn, timeoutMs, passwd: req.passwd });
      return;
    }
    this.finishReconnect(conn, req.sessionId, timeoutMs, req.passwd, answer);
  }

  /** The leader's answer to a REVALIDATE. */
  revalidated(sessionId: number, valid: boolean): void {
    const waiting = this.revalidating.get(sessionId);
    if (waiting === undefined) return;
    this.revalidating.delete(sessionId);
    this.finishReconnect(waiting.conn, sessionId, waiting.timeoutMs, waiting.passwd, valid);
  }

  private finishReconnect(conn: ConnId, sessionId: number, timeoutMs: number, passwd: string, valid: boolean): void {
    const s = this.s;
    const state = s.conns.get(conn);
    if (state === undefined) return;
    if (!valid) return this.refuse(conn, sessionId, passwd);
    const previous = s.sessionConn.get(sessionId);
    if (previous !== undefined && previous !== conn) s.drop(previous);
    if (s.tracker.get(sessionId) === undefined) s.tracker.add(sessionId, timeoutMs, s.env.now());
    state.sessionId = sessionId;
    state.handshake = 'done';
    s.sessionConn.set(sessionId, conn);
    s.send(conn, { type: 'connected', timeoutMs, sessionId, passwd, readOnly: false });
  }

  private refuse(conn: ConnId, sessionId: number, passwd: string): void {
    this.s.send(conn, { type: 'connected', timeoutMs: 0, sessionId, passwd, readOnly: false });
    this.s.drop(conn);
  }

  /**
   * "Refusing session request for not-read-only client"; a new session lives on this server only (as a
   * local session: 3.8.0 needs localSessionsEnabled for that, else it answers createSession with
   * NOTREADONLY); a global session may not reconnect here ("Refusing global session reconnection in RO
   * mode").
   */
  private connectReadOnly(conn: ConnId, req: ConnectRequest, timeoutMs: number): void {
    const s = this.s;
    const state = s.conns.get(conn);
    assert(state !== undefined, 'a connection being handshaken is known');
    if (!req.readOnly) return s.drop(conn);
    const local = req.sessionId !== 0 && s.tracker.get(req.sessionId) !== undefined && req.passwd === sessionPassword(req.sessionId);
    if (req.sessionId !== 0 && !local) return s.drop(conn);
    const sessionId = req.sessionId !== 0 ? req.sessionId : this.side.nextSessionId();
    if (req.sessionId === 0) s.tracker.add(sessionId, timeoutMs, s.env.now());
    state.sessionId = sessionId;
    state.handshake = 'done';
    s.sessionConn.set(sessionId, conn);
    s.send(conn, { type: 'connected', timeoutMs, sessionId, passwd: sessionPassword(sessionId), readOnly: true });
  }

  private createSession(conn: ConnId, timeoutMs: number): void {
    const s = this.s;
    const state = s.conns.get(conn);
    assert(state !== undefined, 'a session is created for a known connection');
    const sessionId = this.side.nextSessionId();
    state.sessionId = sessionId;
    state.handshake = 'pending';
    s.tracker.add(sessionId, timeoutMs, s.env.now());
    this.enqueueWrite(sessionId, CREATE_SESSION_CXID, { kind: 'connect', conn, sessionId, timeoutMs });
    this.side.write(sessionId, CREATE_SESSION_CXID, { op: 'createSession', timeoutMs }, state.authIds);
  }

  // ---- requests ----

  private onRequest(conn: ConnId, msg: Request): void {
    const s = this.s;
    const state = s.conns.get(conn);
    assert(state !== undefined, 'requests come on known connections');
    const request = msg.request;
    if (requestBytes(request) > s.config.juteMaxBufferBytes) return s.drop(conn);
    if (request.op === 'auth') return answerAuth(s, conn, request.scheme, request.auth);
    const sessionOk = s.tracker.touch(state.sessionId, s.env.now());
    if (sessionOk) this.side.touched(state.sessionId, s.tracker.get(state.sessionId)?.timeoutMs ?? 0);
    const work: Work = { kind: 'request', conn, sessionId: state.sessionId, xid: msg.xid, request, sessionOk };
    if (this.readOnly && (WRITES.has(request.op) || request.op === 'sync')) return this.refuseWrite(conn, msg.xid, request);
    if (WRITES.has(request.op)) {
      this.enqueueWrite(state.sessionId, msg.xid, work);
      this.side.write(state.sessionId, msg.xid, asForwarded(request), state.authIds);
      return;
    }
    if (request.op === 'sync' && sessionOk) {
      const answer = this.side.sync(state.sessionId, msg.xid, request.path);
      const waitZxid = answer === 'forwarded' ? undefined : answer.waitZxid;
      this.queue.push({ kind: 'sync', waitZxid, work, done: waitZxid !== undefined && waitZxid <= s.tree.lastProcessedZxid });
      return this.drain();
    }
    this.queue.push({ kind: 'read', work });
    this.drain();
  }

  /** ReadOnlyRequestProcessor: NOTREADONLY for every write and sync; a local session may close. */
  private refuseWrite(conn: ConnId, xid: number, request: ClientRequest): void {
    const s = this.s;
    const state = s.conns.get(conn);
    if (request.op === 'closeSession' && state !== undefined) {
      s.send(conn, { type: 'reply', xid, zxid: s.tree.lastProcessedZxid, err: 'OK', response: { op: 'empty' } });
      endSession(s, state.sessionId);
      return;
    }
    s.send(conn, { type: 'reply', xid, zxid: s.tree.lastProcessedZxid, err: 'NOTREADONLY' });
  }

  private enqueueWrite(sessionId: number, cxid: number, work: Work): void {
    this.queue.push({ kind: 'write', sessionId, cxid, work, outcome: undefined, done: false });
  }

  // ---- commits ----

  /** A committed txn (in zxid order): apply it, answer whoever waits on it here. */
  commit(txn: Txn): void {
    const s = this.s;
    const events: TreeEvent[] = [];
    const outcome = this.db.apply(txn, events);
    s.pending.applied(txn.zxid);
    for (const event of events) notify(s, s.watches.trigger(event), event.acl);
    const mine = this.queue.find((q) => q.kind === 'write' && !q.done);
    if (mine !== undefined && mine.kind === 'write' && mine.sessionId === txn.sessionId && mine.cxid === txn.cxid) {
      mine.outcome = outcome;
      mine.done = true;
    } else if (txn.op.type === 'closeSession') {
      endSession(s, txn.sessionId);
    }
    for (const q of this.queue) if (q.kind === 'sync' && q.waitZxid !== undefined && q.waitZxid <= txn.zxid) q.done = true;
    this.drain();
  }

  /** The leader answered our oldest forwarded sync. */
  synced(): void {
    const waiting = this.queue.find((q) => q.kind === 'sync' && q.waitZxid === undefined && !q.done);
    if (waiting !== undefined && waiting.kind === 'sync') waiting.done = true;
    this.drain();
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const head = this.queue[0] as Queued;
      if (head.kind !== 'read' && !head.done) return;
      this.queue.shift();
      finishWork(this.s, head.work, head.kind === 'write' ? head.outcome : undefined);
    }
  }
}

/** The request as the leader's prep reads it (the reply is built here, from our own copy). */
function asForwarded(request: ClientRequest): ForwardedRequest {
  if (request.op === 'create' || request.op === 'delete' || request.op === 'setData' || request.op === 'setACL' || request.op === 'check' ||
    request.op === 'multi' || request.op === 'closeSession') return request;
  return fail(`${request.op} is not forwarded as a write`);
}
