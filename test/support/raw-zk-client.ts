// A scriptable raw ZooKeeper client for server tests: it speaks the wire protocol directly (no client
// library logic), so a test decides exactly what is sent and sees exactly what comes back. Drive it with
// sim.inject(host, call); it records every server message with the virtual time it arrived.
import type { ConnId, HostId, Zxid } from '../../src/base/index.ts';
import type { ClientMessage, ClientRequest, ServerMessage, WireMessage } from '../../src/zk/protocol/index.ts';
import type { ZkActor, ZkEnv, ZkInput } from '../../src/zk/io.ts';

export type RawCall =
  | { readonly kind: 'connect'; readonly sessionId?: number; readonly passwd?: string; readonly timeoutMs?: number; readonly lastZxidSeen?: number }
  | { readonly kind: 'request'; readonly request: ClientRequest; readonly xid?: number }
  | { readonly kind: 'send'; readonly msg: ClientMessage }
  | { readonly kind: 'hangUp' }
  /** Opens a connection without sending a ConnectRequest (to test a server's handshake checks). */
  | { readonly kind: 'openOnly' };

export interface Received {
  readonly atMicros: number;
  readonly conn: ConnId;
  readonly msg: ServerMessage;
}

export class RawZkClient implements ZkActor<WireMessage, string, RawCall> {
  readonly received: Received[] = [];
  readonly closed: { atMicros: number; conn: ConnId; reason: string }[] = [];
  conn: ConnId | undefined;
  private nextXid = 1;
  private established = false;
  private queued: ClientMessage[] = [];

  constructor(
    private readonly env: ZkEnv<WireMessage, string>,
    private readonly server: HostId,
    private readonly clock: () => number,
  ) {}

  step(input: ZkInput<WireMessage, string, RawCall>): void {
    switch (input.kind) {
      case 'connected':
        this.established = true;
        for (const msg of this.queued) this.env.send(input.conn, msg);
        this.queued = [];
        return;
      case 'message':
        this.received.push({ atMicros: this.clock(), conn: input.conn, msg: input.msg as ServerMessage });
        return;
      case 'closed':
        this.closed.push({ atMicros: this.clock(), conn: input.conn, reason: input.reason });
        if (this.conn === input.conn) this.conn = undefined;
        return;
      case 'call':
        return this.onCall(input.call);
      case 'start':
      case 'accepted':
      case 'timer':
      case 'disk':
        return;
    }
  }

  private onCall(call: RawCall): void {
    switch (call.kind) {
      case 'connect':
        this.conn = this.env.connect(this.server);
        this.established = false;
        return this.send({
          type: 'connect', protocolVersion: 0, lastZxidSeen: (call.lastZxidSeen ?? 0) as Zxid, timeoutMs: call.timeoutMs ?? 10_000,
          sessionId: call.sessionId ?? 0, passwd: call.passwd ?? '', readOnly: false,
        });
      case 'request':
        return this.send({ type: 'request', xid: call.xid ?? this.nextXid++, request: call.request });
      case 'send':
        return this.send(call.msg);
      case 'hangUp':
        if (this.conn !== undefined) this.env.close(this.conn);
        this.conn = undefined;
        return;
      case 'openOnly':
        this.conn = this.env.connect(this.server);
        this.established = false;
        return;
    }
  }

  private send(msg: ClientMessage): void {
    if (this.conn === undefined) return;
    if (this.established) this.env.send(this.conn, msg);
    else this.queued.push(msg);
  }

  replies(): Extract<ServerMessage, { type: 'reply' }>[] {
    return this.received.map((r) => r.msg).filter((m): m is Extract<ServerMessage, { type: 'reply' }> => m.type === 'reply');
  }
}
