// One ZooKeeper session on a real server, held by node-zookeeper-client 1.1.3, which does the connect
// handshake, pings, auth packets and close. Requests the conformance format needs are encoded here
// (jute.ts) and queued on the library's own connection, so they get the library's xids and FIFO order
// but no client-side checks (toolchain.md section 8). The library only decodes replies of the opcodes it
// knows, so the session frames the byte stream itself: replies to its own raw requests and every
// notification are decoded here; everything else (the connect response, pings, auth and close replies)
// is handed to the library one whole frame at a time.
import zookeeper from 'node-zookeeper-client';
import type { Client } from 'node-zookeeper-client';
import { OPCODES, XID_AUTH, XID_NOTIFICATION, XID_PING, readReply, requestFrame } from './jute.ts';
import type { Reader, ReplyHeader } from './jute.ts';

/** What a session saw on its connection, in arrival order. */
export type WireEvent =
  | { readonly kind: 'notification'; readonly type: number; readonly state: number; readonly path: string; readonly zxid: bigint }
  | { readonly kind: 'state'; readonly state: 'SyncConnected' | 'Closed' | 'AuthFailed' | 'Disconnected'; readonly timeoutMs?: number };

export interface RawReply {
  readonly header: ReplyHeader;
  readonly body: Reader;
  /** How many events of this session had arrived when the reply arrived. */
  readonly eventsBefore: number;
}

// The parts of the library's ConnectionManager this module relies on (lib/ConnectionManager.js).
interface Packet {
  readonly request: { readonly header: { xid: number; readonly type: number } | null; readonly raw?: true };
  readonly callback?: (error: unknown, response?: unknown) => void;
}
interface ConnectionManager {
  state: number;
  zxid: Buffer;
  pendingQueue: Packet[];
  onSocketData: (buffer: Buffer) => void;
  queue(request: object, callback: (error: unknown, response?: unknown) => void): void;
}
const CM_CONNECTING = 1;

class RawRequest {
  readonly header: { xid: number; readonly type: number };
  readonly payload = null;
  readonly raw = true as const;

  constructor(
    type: number,
    private readonly body: Buffer,
  ) {
    this.header = { xid: 0, type };
  }

  toBuffer(): Buffer {
    return requestFrame(this.header.xid, this.header.type, this.body);
  }
}

export class SessionError extends Error {}

export class RealSession {
  readonly events: WireEvent[] = [];
  sessionId = 0n;
  timeoutMs = 0;
  private readonly client: Client;
  private readonly cm: ConnectionManager;
  private inbox: Buffer = Buffer.alloc(0);
  private readonly authWaiters: ((r: RawReply) => void)[] = [];
  private closing: { resolve: (r: RawReply | undefined) => void; reply?: RawReply } | undefined;
  private alive = false;

  constructor(
    readonly host: string,
    readonly port: number,
    requestedTimeoutMs: number,
    private readonly requestTimeoutMs = 10000,
  ) {
    this.client = zookeeper.createClient(`${host}:${port}`, {
      sessionTimeout: requestedTimeoutMs,
      spinDelay: 100,
      retries: 0,
    });
    this.cm = (this.client as unknown as { connectionManager: ConnectionManager }).connectionManager;
    const original = this.cm.onSocketData.bind(this.cm);
    // The socket's data listener is bound to this property when connect() opens the socket.
    this.cm.onSocketData = (chunk: Buffer) => this.onData(chunk, original);
  }

  get open(): boolean {
    return this.alive;
  }

  async connect(): Promise<void> {
    await this.withTimeout(
      new Promise<void>((resolve, reject) => {
        this.client.once('connected', () => resolve());
        this.client.once('authenticationFailed', () => reject(new SessionError('auth failed while connecting')));
        this.client.connect();
      }),
      'connect',
    );
    this.alive = true;
    this.sessionId = this.client.getSessionId().readBigInt64BE();
    this.timeoutMs = this.client.getSessionTimeout();
    this.events.push({ kind: 'state', state: 'SyncConnected', timeoutMs: this.timeoutMs });
    this.client.on('disconnected', () => this.onDisconnected());
    this.client.on('authenticationFailed', () => {
      this.events.push({ kind: 'state', state: 'AuthFailed' });
      this.alive = false;
    });
  }

  /** Sends a request with this opcode and body; resolves with the reply (whatever its error code). */
  async request(type: number, body: Buffer): Promise<RawReply> {
    if (!this.alive) throw new SessionError(`request ${type} on a session that is not open`);
    return this.withTimeout(
      new Promise<RawReply>((resolve, reject) => {
        const req = new RawRequest(type, body);
        this.cm.queue(req, (error, response) => {
          // Called by this module with a RawReply, or by the library with a client-side error.
          if (response instanceof Object && 'eventsBefore' in response) resolve(response as RawReply);
          else reject(new SessionError(`request ${type} failed in the client: ${String(error)}`));
        });
      }),
      `request ${type}`,
    );
  }

  /** Sends an auth packet; resolves with its reply (err 0 or AUTHFAILED). */
  async addAuth(scheme: string, auth: string): Promise<RawReply> {
    if (!this.alive) throw new SessionError('addAuth on a session that is not open');
    return this.withTimeout(
      new Promise<RawReply>((resolve) => {
        this.authWaiters.push(resolve);
        this.client.addAuthInfo(scheme, Buffer.from(auth, 'utf8'));
      }),
      'addAuth',
    );
  }

  /** Closes the session; resolves with the closeSession reply once the server has closed the socket. */
  async close(): Promise<RawReply | undefined> {
    if (!this.alive) return undefined;
    const done = new Promise<RawReply | undefined>((resolve) => (this.closing = { resolve }));
    this.client.close();
    return this.withTimeout(done, 'close');
  }

  /** Closes without waiting for anything (cleanup after a failure). */
  abandon(): void {
    this.alive = false;
    try {
      this.client.close();
    } catch {
      // best effort
    }
  }

  private onDisconnected(): void {
    const wasAlive = this.alive;
    this.alive = false;
    if (this.closing !== undefined) {
      this.events.push({ kind: 'state', state: 'Closed' });
      this.closing.resolve(this.closing.reply);
      this.closing = undefined;
    } else if (wasAlive) {
      // Not part of any sequence: the driver fails the run when it sees this.
      this.events.push({ kind: 'state', state: 'Disconnected' });
    }
  }

  private onData(chunk: Buffer, original: (buffer: Buffer) => void): void {
    this.inbox = this.inbox.length === 0 ? chunk : Buffer.concat([this.inbox, chunk]);
    while (this.inbox.length >= 4) {
      const size = this.inbox.readInt32BE(0);
      if (this.inbox.length < size + 4) return;
      const frame = this.inbox.subarray(0, size + 4);
      this.inbox = this.inbox.subarray(size + 4);
      if (this.cm.state === CM_CONNECTING) original(Buffer.from(frame));
      else this.onFrame(Buffer.from(frame), original);
    }
  }

  private onFrame(frame: Buffer, original: (buffer: Buffer) => void): void {
    const { header, body } = readReply(frame.subarray(4));
    const reply = (): RawReply => ({ header, body, eventsBefore: this.events.length });
    if (header.xid === XID_NOTIFICATION) {
      const type = body.int();
      const state = body.int();
      const path = body.string() ?? '';
      this.events.push({ kind: 'notification', type, state, path, zxid: header.zxid });
      return;
    }
    if (header.xid === XID_PING) return;
    if (header.xid === XID_AUTH) {
      this.authWaiters.shift()?.(reply());
      original(frame); // lets the library enter AUTH_FAILED when it must
      return;
    }
    const head = this.cm.pendingQueue[0];
    if (head?.request.raw === true && head.request.header?.xid === header.xid) {
      this.cm.pendingQueue.shift();
      if (header.zxid > 0n) this.cm.zxid.writeBigInt64BE(header.zxid);
      head.callback?.(null, reply());
      return;
    }
    if (head?.request.header?.type === OPCODES.closeSession && this.closing !== undefined) {
      this.closing.reply = reply();
    }
    original(frame);
  }

  private async withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new SessionError(`${what} got no answer within ${this.requestTimeoutMs} ms`)),
        this.requestTimeoutMs,
      );
    });
    try {
      return await Promise.race([p, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
