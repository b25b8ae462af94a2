// An actor whose behaviour is data: a random "program" says what a host does on start, on each message,
// on each timer and on each injected call. fast-check generates programs and fault schedules for the
// determinism property. A budget bounds every host's actions, so every program runs to quiescence.
import type { ConnId, HostId } from '../../src/base/index.ts';
import type { Actor, Env, HostInput } from '../../src/sim/index.ts';

export type Action =
  | { readonly kind: 'connect'; readonly peer: number }
  | { readonly kind: 'send'; readonly payload: number }
  | { readonly kind: 'close' }
  | { readonly kind: 'timer'; readonly delayMicros: number }
  | { readonly kind: 'append'; readonly bytes: number }
  | { readonly kind: 'fsync' }
  | { readonly kind: 'emit'; readonly value: number };

export interface HostProgram {
  readonly onStart: readonly Action[];
  readonly onMessage: readonly Action[];
  readonly onTimer: readonly Action[];
  readonly onCall: readonly Action[];
}

export interface ProgramMsg {
  readonly payload: number;
  readonly hops: number;
}

export const ACTION_BUDGET = 150;

export class ProgramActor implements Actor<ProgramMsg, number, number> {
  private readonly open: ConnId[] = [];
  private budget = ACTION_BUDGET;

  constructor(
    private readonly env: Env<ProgramMsg, number>,
    private readonly program: HostProgram,
    private readonly hostCount: number,
  ) {}

  step(input: HostInput<ProgramMsg, number, number>): void {
    switch (input.kind) {
      case 'start':
        return this.run(this.program.onStart, 0);
      case 'accepted':
      case 'connected':
        this.open.push(input.conn);
        return this.run([{ kind: 'send', payload: input.conn }], 0);
      case 'message':
        return this.run(this.program.onMessage, input.msg.hops + 1);
      case 'closed': {
        const i = this.open.indexOf(input.conn);
        if (i >= 0) this.open.splice(i, 1);
        return;
      }
      case 'timer':
        return this.run(this.program.onTimer, input.tag);
      case 'call':
        return this.run(this.program.onCall, input.call);
      case 'disk':
        this.env.emit({ disk: input.opKind, outcome: input.outcome });
        return;
    }
  }

  private run(actions: readonly Action[], hops: number): void {
    for (const action of actions) {
      if (this.budget <= 0) return;
      this.budget -= 1;
      this.act(action, hops);
    }
  }

  private act(action: Action, hops: number): void {
    const env = this.env;
    switch (action.kind) {
      case 'connect': {
        const peer = action.peer % this.hostCount;
        if (peer !== env.host) env.connect(peer as HostId);
        return;
      }
      case 'send':
        if (this.open.length > 0) env.send(env.rng.pick(this.open), { payload: action.payload, hops });
        return;
      case 'close':
        if (this.open.length > 0) env.close(this.open.splice(env.rng.int(0, this.open.length - 1), 1)[0] as ConnId);
        return;
      case 'timer':
        env.setTimer(action.delayMicros, hops);
        return;
      case 'append':
        env.disk.append('log', new Uint8Array(action.bytes).fill(hops & 0xff));
        return;
      case 'fsync':
        if (env.disk.sizeBytes('log') !== undefined) env.disk.fsync('log');
        return;
      case 'emit':
        env.emit({ value: action.value, at: env.now(), wall: env.wallMicros() });
        return;
    }
  }
}
