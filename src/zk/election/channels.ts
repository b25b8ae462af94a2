/**
 * The election's transport (QuorumCnxManager): one connection per pair of servers, always the one the
 * larger id opened, carrying notifications. The rules copied from 3.8.0:
 *  - an opener sends its id first (InitialMessage); the accepting side drops a connection from a smaller
 *    id and connects back itself (handleConnection), and an opener whose target has the larger id drops
 *    its own connection after announcing itself (startConnection), so the larger side connects back;
 *  - each destination has a send queue of capacity one: a newer notification replaces an unsent older one
 *    (SEND_CAPACITY, addToSendQueue);
 *  - a connection that opens with nothing queued re-sends the last notification sent to that server
 *    (SendWorker.run), so duplicates are possible and harmless;
 *  - sending to a server without a connection starts one (toSend -> connectOne), once at a time.
 * Connections are hosts' connections on whatever network the owner has; connect timeouts are the
 * network's (zookeeper.cnxTimeout).
 */
import { assert } from '../../base/index.ts';
import type { ConnId } from '../../base/index.ts';
import type { ServerId } from '../zab/index.ts';
import type { Notification } from './types.ts';

/** What travels on an election connection. */
export type ElectionWire =
  | { readonly type: 'election-hello'; readonly sid: ServerId }
  | { readonly type: 'election-vote'; readonly notification: Notification };

/** What the channels need from their owner. */
export interface ChannelPort {
  /** Opens a connection to that server's election port. */
  connect(to: ServerId): ConnId;
  send(conn: ConnId, msg: ElectionWire): void;
  close(conn: ConnId): void;
}

type Link =
  /** We opened it and wait for the network to connect it. */
  | { readonly kind: 'opening'; readonly conn: ConnId }
  /** Usable in both directions. */
  | { readonly kind: 'open'; readonly conn: ConnId };

export class ElectionChannels {
  private readonly links = new Map<ServerId, Link>();
  /** Accepted connections whose hello has not come yet. */
  private readonly unidentified = new Set<ConnId>();
  private readonly sidOf = new Map<ConnId, ServerId>();
  private readonly queued = new Map<ServerId, Notification>();
  private readonly lastSent = new Map<ServerId, Notification>();

  constructor(
    private readonly myId: ServerId,
    private readonly port: ChannelPort,
  ) {}

  /** toSend: over the open connection, or queued (replacing an older one) while one is being made. */
  send(to: ServerId, notification: Notification): void {
    assert(to !== this.myId, 'the election sends to itself through its own loopback');
    const link = this.links.get(to);
    if (link?.kind === 'open') {
      this.write(to, link.conn, notification);
      return;
    }
    this.queued.set(to, notification);
    if (link === undefined) this.connectOne(to);
  }

  /** Our connection attempt succeeded: announce ourselves; keep it only if we have the larger id. */
  onConnected(conn: ConnId): void {
    const sid = this.sidOf.get(conn);
    if (sid === undefined) return;
    this.port.send(conn, { type: 'election-hello', sid: this.myId });
    if (sid > this.myId) {
      // startConnection: "Have smaller server identifier, so dropping the connection"; it connects back.
      this.forget(conn);
      this.port.close(conn);
      return;
    }
    this.links.set(sid, { kind: 'open', conn });
    this.flush(sid, conn);
  }

  onAccepted(conn: ConnId): void {
    this.unidentified.add(conn);
  }

  /** A message on an election connection; returns a notification for the election, if it is one. */
  onMessage(conn: ConnId, msg: ElectionWire): { readonly from: ServerId; readonly notification: Notification } | undefined {
    if (msg.type === 'election-hello') {
      this.onHello(conn, msg.sid);
      return undefined;
    }
    const from = this.sidOf.get(conn);
    return from === undefined ? undefined : { from, notification: msg.notification };
  }

  /** The network closed a connection (either side, a reset, a failed connect). */
  onClosed(conn: ConnId): void {
    this.unidentified.delete(conn);
    this.forget(conn);
  }

  /** Whether this connection belongs to the election (the owner routes by it). */
  owns(conn: ConnId): boolean {
    return this.unidentified.has(conn) || this.sidOf.has(conn);
  }

  /** Closes everything (the server is shutting down). */
  closeAll(): void {
    for (const conn of [...this.unidentified, ...this.sidOf.keys()]) this.port.close(conn);
    this.unidentified.clear();
    this.sidOf.clear();
    this.links.clear();
  }

  private onHello(conn: ConnId, sid: ServerId): void {
    if (!this.unidentified.delete(conn)) return;
    if (sid < this.myId) {
      // handleConnection: drop a connection from a smaller id and connect back.
      this.port.close(conn);
      if (!this.links.has(sid)) this.connectOne(sid);
      return;
    }
    if (sid === this.myId) {
      this.port.close(conn);
      return;
    }
    const old = this.links.get(sid);
    if (old !== undefined) {
      // A newer connection from the same server replaces the old one (the old SendWorker finishes).
      this.forget(old.conn);
      this.port.close(old.conn);
    }
    this.sidOf.set(conn, sid);
    this.links.set(sid, { kind: 'open', conn });
    this.flush(sid, conn);
  }

  private connectOne(sid: ServerId): void {
    const conn = this.port.connect(sid);
    this.sidOf.set(conn, sid);
    this.links.set(sid, { kind: 'opening', conn });
  }

  /** SendWorker start: the queued notification, else the last one sent (the peer may have missed it). */
  private flush(sid: ServerId, conn: ConnId): void {
    const next = this.queued.get(sid) ?? this.lastSent.get(sid);
    this.queued.delete(sid);
    if (next !== undefined) this.write(sid, conn, next);
  }

  private write(sid: ServerId, conn: ConnId, notification: Notification): void {
    this.port.send(conn, { type: 'election-vote', notification });
    this.lastSent.set(sid, notification);
  }

  private forget(conn: ConnId): void {
    const sid = this.sidOf.get(conn);
    this.sidOf.delete(conn);
    if (sid !== undefined && this.links.get(sid)?.conn === conn) this.links.delete(sid);
  }
}
