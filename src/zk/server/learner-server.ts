/**
 * FollowerZooKeeperServer / ObserverZooKeeperServer's own part: writes, session changes and syncs are
 * forwarded to the leader (Learner.request), reconnecting sessions are revalidated there, and client
 * activity is collected in the touch table that the next ping reply carries (LearnerSessionTracker).
 */
import type { Id } from '../protocol/index.ts';
import { firstSessionId } from '../session/index.ts';
import type { ForwardedRequest, Learner, ServerId, SessionTouch } from '../zab/index.ts';
import type { ClientSide } from './quorum-clients.ts';

export class LearnerServer implements ClientSide {
  private touches = new Map<number, number>();
  private nextId: number;

  constructor(private readonly learner: Learner, myId: ServerId, nowWallMs: number) {
    this.nextId = firstSessionId(myId, nowWallMs);
  }

  nextSessionId(): number {
    return this.nextId++;
  }

  write(sessionId: number, cxid: number, request: ForwardedRequest, authIds: readonly Id[]): void {
    if (request.op === 'createSession') this.touches.set(sessionId, request.timeoutMs);
    this.learner.forward({ type: 'REQUEST', sessionId, cxid, request, authInfo: authIds });
  }

  revalidate(sessionId: number, timeoutMs: number): 'pending' {
    this.learner.forward({ type: 'REVALIDATE', sessionId, timeoutMs });
    return 'pending';
  }

  sync(sessionId: number, cxid: number, path: string): 'forwarded' {
    this.learner.forward({ type: 'REQUEST', sessionId, cxid, request: { op: 'sync', path }, authInfo: [] });
    return 'forwarded';
  }

  touched(sessionId: number, timeoutMs: number): void {
    this.touches.set(sessionId, timeoutMs);
  }

  /** The touch table for a ping reply, emptied. */
  takeTouches(): SessionTouch[] {
    const out = [...this.touches].map(([sessionId, timeoutMs]) => ({ sessionId, timeoutMs }));
    this.touches = new Map();
    return out;
  }
}
