/**
 * The fenced lock: the lock recipe plus a fencing token, and the guarded resource that checks it. The
 * token is the czxid of the holder's lock node, a zxid: every later holder's node was created later, so
 * its token is larger. The resource is an outside service (not ZooKeeper), shared in memory by the
 * workload's clients: unfenced it accepts every write; fenced it accepts a write only if its token is
 * at least the highest it has accepted, so a stale holder (paused past its session, its lock since taken)
 * is refused once the new holder has written. Each write is noted 'resource-write' {lock, client, token,
 * accepted, fenced} for the lock-mutual-exclusion checker.
 */
import type { WorkloadContext } from '../context.ts';
import type { LockHold } from './lock.ts';

export { acquireLock, releaseLock } from './lock.ts';

/** The fencing token of a hold. */
export function fencingToken(hold: LockHold): number {
  return hold.token;
}

export class GuardedResource {
  private highestToken = -1;

  constructor(private readonly ctx: WorkloadContext, readonly lock: string, readonly fenced: boolean) {}

  /** A write by `client` (the holder's session name) carrying `token`; true if accepted. */
  write(client: string, token: number): boolean {
    const accepted = !this.fenced || token >= this.highestToken;
    if (accepted) this.highestToken = Math.max(this.highestToken, token);
    this.ctx.note(client, 'resource-write', { lock: this.lock, client, token, accepted, fenced: this.fenced });
    return accepted;
  }
}
