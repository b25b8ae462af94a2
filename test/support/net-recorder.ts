// A recording actor for network tests. It does nothing on its own: the test drives it with `call`
// inputs (sim.inject) telling it to connect, send numbered messages or close, and it writes every
// input it gets and every network action it takes, stamped with virtual time and its incarnation,
// into a log shared by all hosts. Tests read the log afterwards, or watch it as it grows (`observe`)
// to check invariants at the moment each event happens.
import type { ConnId, HostId } from '../../src/base/index.ts';
import type { Actor, ActorFactory, CloseReason, Env, HostInput, Simulation } from '../../src/sim/index.ts';

/** A message names its connection, its sender and its rank among what the sender sent on it (from 1). */
export interface NetMsg {
  readonly conn: ConnId;
  readonly from: HostId;
  readonly seq: number;
}

export type NetCall =
  | { readonly op: 'connect'; readonly peer: HostId }
  /** Sends `count` (default 1) messages on `conn`, which must be open at this host. */
  | { readonly op: 'send'; readonly conn: ConnId; readonly count?: number }
  /** Sends on the `pick % n`-th of this host's n open connections (by id); nothing if it has none. */
  | { readonly op: 'sendPick'; readonly pick: number; readonly count?: number }
  | { readonly op: 'close'; readonly conn: ConnId }
  | { readonly op: 'closePick'; readonly pick: number };

interface Stamp {
  readonly t: number;
  readonly host: HostId;
  readonly incarnation: number;
}

export type NetEvent = Stamp & (
  | { readonly kind: 'start' }
  /** The actor called connect. */
  | { readonly kind: 'connect'; readonly conn: ConnId; readonly peer: HostId }
  | { readonly kind: 'accepted'; readonly conn: ConnId; readonly peer: HostId }
  | { readonly kind: 'connected'; readonly conn: ConnId; readonly peer: HostId }
  /** The actor sent message `seq` on `conn`. */
  | { readonly kind: 'send'; readonly conn: ConnId; readonly peer: HostId; readonly seq: number }
  | { readonly kind: 'message'; readonly conn: ConnId; readonly peer: HostId; readonly msg: NetMsg }
  /** The actor called close. */
  | { readonly kind: 'close'; readonly conn: ConnId; readonly peer: HostId }
  | { readonly kind: 'closed'; readonly conn: ConnId; readonly peer: HostId; readonly reason: CloseReason }
);

export class NetLog {
  readonly events: NetEvent[] = [];
  private readonly observers: ((event: NetEvent) => void)[] = [];

  observe(fn: (event: NetEvent) => void): void {
    this.observers.push(fn);
  }

  record(event: NetEvent): void {
    this.events.push(event);
    for (const fn of this.observers) fn(event);
  }

  /** Connections opened by `connect` calls, in order. */
  connects(): Extract<NetEvent, { kind: 'connect' }>[] {
    return this.events.filter((e): e is Extract<NetEvent, { kind: 'connect' }> => e.kind === 'connect');
  }

  /** What arrived at `host` on `conn` (message sequence numbers, in arrival order, with times). */
  received(conn: ConnId, host: HostId): { readonly t: number; readonly seq: number }[] {
    const out: { t: number; seq: number }[] = [];
    for (const e of this.events) {
      if (e.kind === 'message' && e.conn === conn && e.host === host) out.push({ t: e.t, seq: e.msg.seq });
    }
    return out;
  }

  closed(conn: ConnId, host: HostId): Extract<NetEvent, { kind: 'closed' }>[] {
    return this.events.filter((e): e is Extract<NetEvent, { kind: 'closed' }> =>
      e.kind === 'closed' && e.conn === conn && e.host === host);
  }

  ofKind<K extends NetEvent['kind']>(kind: K): Extract<NetEvent, { kind: K }>[] {
    return this.events.filter((e): e is Extract<NetEvent, { kind: K }> => e.kind === kind);
  }
}

export class RecordingActor implements Actor<NetMsg, string, NetCall> {
  /** Connections open at this end (as far as this actor knows), with the peer and messages sent. */
  private readonly open = new Map<ConnId, { readonly peer: HostId; sent: number }>();

  constructor(private readonly env: Env<NetMsg, string>, private readonly log: NetLog, private readonly now: () => number) {}

  step(input: HostInput<NetMsg, string, NetCall>): void {
    const stamp = { t: this.now(), host: this.env.host, incarnation: this.env.incarnation };
    switch (input.kind) {
      case 'start':
        this.log.record({ ...stamp, kind: 'start' });
        return;
      case 'accepted':
        this.open.set(input.conn, { peer: input.peer, sent: 0 });
        this.log.record({ ...stamp, kind: 'accepted', conn: input.conn, peer: input.peer });
        return;
      case 'connected':
        this.log.record({ ...stamp, kind: 'connected', conn: input.conn, peer: input.peer });
        return;
      case 'message':
        this.log.record({ ...stamp, kind: 'message', conn: input.conn, peer: input.peer, msg: input.msg });
        return;
      case 'closed':
        this.open.delete(input.conn);
        this.log.record({ ...stamp, kind: 'closed', conn: input.conn, peer: input.peer, reason: input.reason });
        return;
      case 'call':
        this.onCall(input.call, stamp);
        return;
      case 'timer':
      case 'disk':
        return;
    }
  }

  private onCall(call: NetCall, stamp: Stamp): void {
    switch (call.op) {
      case 'connect': {
        const conn = this.env.connect(call.peer);
        this.open.set(conn, { peer: call.peer, sent: 0 });
        this.log.record({ ...stamp, kind: 'connect', conn, peer: call.peer });
        return;
      }
      case 'send':
        this.send(call.conn, call.count ?? 1, stamp);
        return;
      case 'sendPick': {
        const conn = this.pick(call.pick);
        if (conn !== undefined) this.send(conn, call.count ?? 1, stamp);
        return;
      }
      case 'close':
        this.close(call.conn, stamp);
        return;
      case 'closePick': {
        const conn = this.pick(call.pick);
        if (conn !== undefined) this.close(conn, stamp);
        return;
      }
    }
  }

  private pick(n: number): ConnId | undefined {
    const conns = [...this.open.keys()].sort((a, b) => a - b);
    return conns.length === 0 ? undefined : conns[n % conns.length];
  }

  private send(conn: ConnId, count: number, stamp: Stamp): void {
    const state = this.open.get(conn);
    if (state === undefined) throw new Error(`test bug: host ${this.env.host} told to send on ${conn}, which it does not have open`);
    for (let i = 0; i < count; i++) {
      state.sent += 1;
      // Record first: the send may not deliver synchronously, but observers must see it before any arrival.
      this.log.record({ ...stamp, kind: 'send', conn, peer: state.peer, seq: state.sent });
      this.env.send(conn, { conn, from: this.env.host, seq: state.sent });
    }
  }

  private close(conn: ConnId, stamp: Stamp): void {
    const state = this.open.get(conn);
    if (state === undefined) throw new Error(`test bug: host ${this.env.host} told to close ${conn}, which it does not have open`);
    this.open.delete(conn);
    this.log.record({ ...stamp, kind: 'close', conn, peer: state.peer });
    this.env.close(conn);
  }
}

export function recordingActor(log: NetLog, sim: Simulation<NetMsg, string, NetCall>): ActorFactory<NetMsg, string, NetCall> {
  return (env) => new RecordingActor(env, log, () => sim.now);
}

/** Hosts 0..n-1, all running recording actors writing to one log (not started). */
export function addRecordingHosts(sim: Simulation<NetMsg, string, NetCall>, log: NetLog, n: number): HostId[] {
  const hosts: HostId[] = [];
  for (let i = 0; i < n; i++) hosts.push(sim.addHost(`h${i}`, recordingActor(log, sim)));
  return hosts;
}
