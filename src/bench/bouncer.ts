/**
 * The benchmark's actor: the least work a host can do per delivery (send the same message straight
 * back), so that what is measured is the kernel (event queue, network, trace), not actor logic.
 */
import type { HostId } from '../base/index.ts';
import type { Actor, Env, HostInput } from '../sim/index.ts';

export interface Ball {
  readonly hops: number;
}

export class Bouncer implements Actor<Ball, string, never> {
  constructor(private readonly env: Env<Ball, string>) {}

  step(input: HostInput<Ball, string, never>): void {
    switch (input.kind) {
      case 'start':
        for (let peer = 0; peer < this.env.host; peer++) this.env.connect(peer as HostId);
        return;
      case 'connected':
        this.env.send(input.conn, { hops: 0 });
        return;
      case 'message':
        this.env.send(input.conn, input.msg);
        return;
      case 'accepted':
      case 'closed':
      case 'timer':
      case 'disk':
      case 'call':
        return;
    }
  }
}
