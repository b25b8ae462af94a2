/**
 * LeaderZooKeeperServer's own part: the PrepRequestProcessor for every write in the ensemble (its own
 * clients' and those learners forward), the global session tracker with owners, and session expiry.
 * Sessions are re-armed with a full timeout when a leader starts (every session in its database); a
 * session is touched by its clients on the leader and by the touch tables in learners' ping replies;
 * only the leader expires sessions, at tick boundaries, each by a closeSession proposal.
 *
 * Owners (SessionTrackerImpl.checkSession): the server a session is attached to. createSession and
 * REVALIDATE set it; a write arriving through another server fails with SESSIONMOVED.
 */
import type { Zxid } from '../../base/index.ts';
import type { Id, Txn, TxnOp } from '../protocol/index.ts';
import { prepWrite } from '../prep/index.ts';
import { firstSessionId } from '../session/index.ts';
import type { ForwardedRequest, Leader, PacketOf, ServerId, SessionTouch } from '../zab/index.ts';
import type { ClientSide } from './quorum-clients.ts';
import type { ServerState } from './server-state.ts';

export class LeaderServer implements ClientSide {
  private readonly owners = new Map<number, ServerId>();
  private nextId: number;

  constructor(
    private readonly s: ServerState,
    private readonly leader: Leader,
    private readonly myId: ServerId,
    sessions: ReadonlyMap<number, number>,
  ) {
    const now = s.env.now();
    for (const [id, timeoutMs] of sessions) s.tracker.add(id, timeoutMs, now);
    this.nextId = firstSessionId(myId, Math.floor(s.env.wallMicros() / 1000));
    s.lastPreparedZxid = leader.lastProposedZxid;
  }

  nextSessionId(): number {
    return this.nextId++;
  }

  write(sessionId: number, cxid: number, request: ForwardedRequest, authIds: readonly Id[]): void {
    this.prepare(sessionId, cxid, request, authIds, this.myId);
  }

  /** A learner's REQUEST (sync is handled by the Leader itself). */
  onRequest(fromSid: ServerId, p: PacketOf<'REQUEST'>): void {
    this.prepare(p.sessionId, p.cxid, p.request, p.authInfo, fromSid);
  }

  onTouches(touches: readonly SessionTouch[]): void {
    const now = this.s.env.now();
    for (const t of touches) this.s.tracker.touch(t.sessionId, now);
  }

  revalidate(sessionId: number, _timeoutMs: number, owner: ServerId = this.myId): boolean {
    const valid = this.s.tracker.touch(sessionId, this.s.env.now());
    if (valid) this.owners.set(sessionId, owner);
    return valid;
  }

  sync(): { readonly waitZxid: Zxid } {
    return { waitZxid: this.leader.lastProposedZxid };
  }

  touched(): void {}

  /** A tick boundary: every session due expires by a closeSession proposal. */
  expireDue(): void {
    const s = this.s;
    for (const sessionId of s.tracker.due(s.env.now())) {
      s.tracker.setClosing(sessionId);
      s.env.emit({ event: 'sessionExpired', session: sessionId });
      if (!this.propose(sessionId, undefined, { type: 'closeSession' })) return;
    }
  }

  private prepare(sessionId: number, cxid: number, request: ForwardedRequest, authIds: readonly Id[], owner: ServerId): void {
    if (request.op === 'sync') return;
    this.propose(sessionId, cxid, this.prepOp(sessionId, request, authIds, owner));
  }

  private prepOp(sessionId: number, request: Exclude<ForwardedRequest, { op: 'sync' }>, authIds: readonly Id[], owner: ServerId): TxnOp {
    const s = this.s;
    const info = s.tracker.get(sessionId);
    switch (request.op) {
      case 'createSession':
        if (info === undefined) s.tracker.add(sessionId, request.timeoutMs, s.env.now());
        this.owners.set(sessionId, owner);
        return { type: 'createSession', timeoutMs: request.timeoutMs };
      case 'closeSession':
        if (info === undefined || info.closing) return { type: 'error', code: 'SESSIONEXPIRED' };
        s.tracker.setClosing(sessionId);
        return { type: 'closeSession' };
      case 'create':
      case 'delete':
      case 'setData':
      case 'setACL':
      case 'check':
      case 'multi': {
        const problem = info === undefined || info.closing ? 'SESSIONEXPIRED' as const : this.movedFrom(sessionId, owner);
        const ctx = {
          sessionId, authIds, extendedTypesEnabled: s.config.extendedTypesEnabled, ...(problem === undefined ? {} : { sessionProblem: problem }),
        };
        return prepWrite(s.pending, request, ctx, this.leader.nextZxid());
      }
    }
  }

  /** checkSession: the first server to use a session owns it; another one gets SESSIONMOVED. */
  private movedFrom(sessionId: number, owner: ServerId): 'SESSIONMOVED' | undefined {
    const current = this.owners.get(sessionId);
    if (current === undefined) {
      this.owners.set(sessionId, owner);
      return undefined;
    }
    return current === owner ? undefined : 'SESSIONMOVED';
  }

  private propose(sessionId: number, cxid: number | undefined, op: TxnOp): boolean {
    const zxid = this.leader.nextZxid();
    const txn: Txn = {
      sessionId, zxid, timeMs: Math.floor(this.s.env.wallMicros() / 1000), op, ...(cxid === undefined ? {} : { cxid }),
    };
    this.s.lastPreparedZxid = zxid;
    return this.leader.propose(txn);
  }
}
