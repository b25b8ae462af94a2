/**
 * One logical client's ZooKeeper handle across sessions. A handle holds one session; when it expires
 * (SESSIONEXPIRED, terminal for the handle) the client connects a new one named `<client>-<n>`, so
 * every session has its own name in the history. Sessions are capped: each is a new simulated host.
 * The handle refuses calls after the stop time (stop.ts).
 */
import type { ZooKeeper } from '../cluster/index.ts';
import type { WorkloadContext } from './context.ts';
import { stopGuarded } from './stop.ts';

export const DEFAULT_MAX_SESSIONS = 6;

export class Handle {
  private sessions = 1;
  private current: ZooKeeper;

  constructor(
    private readonly ctx: WorkloadContext,
    readonly client: string,
    private readonly sessionTimeoutMs: number,
    private readonly maxSessions = DEFAULT_MAX_SESSIONS,
  ) {
    this.current = stopGuarded(ctx, ctx.connect(client, sessionTimeoutMs));
  }

  get zk(): ZooKeeper {
    return this.current;
  }

  /** Whether renew() may connect another session. */
  get canRenew(): boolean {
    return this.sessions < this.maxSessions;
  }

  /** Connects a new session under a new name; false when this client has used all it may. */
  renew(): boolean {
    if (!this.canRenew) return false;
    this.sessions += 1;
    this.current = stopGuarded(this.ctx, this.ctx.connect(`${this.client}-${this.sessions}`, this.sessionTimeoutMs));
    return true;
  }
}
