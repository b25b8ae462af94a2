/**
 * The demo actor: every host keeps a connection to every peer with a lower id and bounces a ball on each
 * one forever; the ball carries a per-direction sequence number, and the receiver asserts FIFO, no gaps
 * and no duplicates. Each host also answers echo requests (the async workload's round trips), beats a
 * heartbeat timer, and persists its heartbeat count with write + fsync, recovering it after a restart.
 * It stands in for a ZooKeeper server until the ensemble exists, and exercises every kernel facility.
 */
import { assertNever, fail } from '../base/index.ts';
import type { ConnId, HostId } from '../base/index.ts';
import type { Actor, Env, HostInput } from '../sim/index.ts';

export type PingMsg =
  | { readonly kind: 'ball'; readonly seq: number; readonly hops: number }
  | { readonly kind: 'echo'; readonly id: number }
  | { readonly kind: 'echoReply'; readonly id: number };

export type PingTag = 'heartbeat' | { readonly reconnect: HostId };

/** A workload's echo request: answered through `done(true)`, or `done(false)` if the connection died. */
export interface PingCall {
  readonly id: number;
  readonly done: (ok: boolean) => void;
}

export const HEARTBEAT_MICROS = 100_000;
export const RECONNECT_MICROS = 200_000;
/** The heartbeat count is written and fsynced every PERSIST_EVERY beats. */
export const PERSIST_EVERY = 10;
const COUNT_FILE = 'heartbeats';

export function describePingMsg(msg: PingMsg): string {
  return msg.kind === 'ball' ? `ball seq=${msg.seq} hops=${msg.hops}` : `${msg.kind} id=${msg.id}`;
}

export class PingPongActor implements Actor<PingMsg, PingTag, PingCall> {
  /** Per open connection: the peer, and the last ball sequence numbers sent and received on it. */
  private readonly conns = new Map<ConnId, { readonly peer: HostId; sent: number; received: number }>();
  private readonly pendingEchoes = new Map<number, { readonly conn: ConnId; readonly call: PingCall }>();
  heartbeats = 0;
  /** The heartbeat count this incarnation found on disk when it started. */
  recoveredFrom = 0;
  bounces = 0;

  constructor(private readonly env: Env<PingMsg, PingTag>, private readonly peers: readonly HostId[]) {}

  step(input: HostInput<PingMsg, PingTag, PingCall>): void {
    switch (input.kind) {
      case 'start':
        return this.onStart();
      case 'timer':
        return this.onTimer(input.tag);
      case 'accepted':
        this.conns.set(input.conn, { peer: input.peer, sent: 0, received: 0 });
        return;
      case 'connected':
        this.conns.set(input.conn, { peer: input.peer, sent: 0, received: 0 });
        this.sendBall(input.conn, 0);
        return;
      case 'message':
        return this.onMessage(input.conn, input.msg);
      case 'closed':
        return this.onClosed(input.conn, input.peer);
      case 'disk':
        return;
      case 'call':
        return this.onCall(input.call);
      default:
        return assertNever(input, 'host input');
    }
  }

  private onStart(): void {
    const saved = this.env.disk.read(COUNT_FILE);
    if (saved !== undefined && saved.length === 8) this.heartbeats = new DataView(saved.buffer).getFloat64(0);
    this.recoveredFrom = this.heartbeats;
    this.env.emit({ event: 'recovered', heartbeats: this.heartbeats });
    this.env.setTimer(HEARTBEAT_MICROS, 'heartbeat');
    for (const peer of this.peers) {
      if (peer < this.env.host) this.env.connect(peer);
    }
  }

  private onTimer(tag: PingTag): void {
    if (tag !== 'heartbeat') {
      this.env.connect(tag.reconnect);
      return;
    }
    this.heartbeats += 1;
    this.env.setTimer(HEARTBEAT_MICROS, 'heartbeat');
    if (this.heartbeats % PERSIST_EVERY === 0) {
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setFloat64(0, this.heartbeats);
      this.env.disk.write(COUNT_FILE, 0, bytes);
      this.env.disk.fsync(COUNT_FILE);
    }
  }

  private onMessage(conn: ConnId, msg: PingMsg): void {
    switch (msg.kind) {
      case 'ball': {
        const state = this.conns.get(conn);
        if (state === undefined) return fail(`a ball arrived on connection ${conn}, which is not open`);
        if (msg.seq !== state.received + 1) fail(`FIFO broken on connection ${conn}: got ball ${msg.seq} after ${state.received}`);
        state.received = msg.seq;
        this.bounces += 1;
        this.sendBall(conn, msg.hops + 1);
        return;
      }
      case 'echo':
        this.send(conn, { kind: 'echoReply', id: msg.id });
        return;
      case 'echoReply': {
        const pending = this.pendingEchoes.get(msg.id);
        if (!(pending !== undefined && pending.conn === conn)) fail(`an echo reply ${msg.id} matches a request`);
        this.pendingEchoes.delete(msg.id);
        pending.call.done(true);
        return;
      }
      default:
        return assertNever(msg, 'ping message');
    }
  }

  private onClosed(conn: ConnId, peer: HostId): void {
    this.conns.delete(conn);
    for (const [id, pending] of [...this.pendingEchoes]) {
      if (pending.conn !== conn) continue;
      this.pendingEchoes.delete(id);
      pending.call.done(false);
    }
    if (peer < this.env.host) this.env.setTimer(RECONNECT_MICROS, { reconnect: peer });
  }

  private onCall(call: PingCall): void {
    const conns = [...this.conns.keys()];
    if (conns.length === 0) {
      call.done(false);
      return;
    }
    const conn = this.env.rng.pick(conns);
    this.pendingEchoes.set(call.id, { conn, call });
    this.send(conn, { kind: 'echo', id: call.id });
  }

  private sendBall(conn: ConnId, hops: number): void {
    const state = this.conns.get(conn);
    if (state === undefined) return fail(`cannot send a ball on connection ${conn}, which is not open`);
    state.sent += 1;
    this.send(conn, { kind: 'ball', seq: state.sent, hops });
  }

  private send(conn: ConnId, msg: PingMsg): void {
    this.env.send(conn, msg);
  }
}
