// Jute encoding of the ZooKeeper client protocol, just enough to send every request of the conformance
// format as written and to decode its reply. node-zookeeper-client keeps the connection and the session;
// this module encodes the bodies it lacks (create2, containers, TTL, sync, multiRead, addWatch, ...) and
// lets requests reach the server without its client-side path checks (toolchain.md section 8).
// Wire types: int = i32 BE, long = i64 BE, boolean = 1 byte, buffer/ustring = i32 length (-1 = null) +
// bytes, vector = i32 count (-1 = null) + items (zookeeper.jute).
import type { Acl, RawStat } from '../sequence.ts';

export const OPCODES = {
  notification: 0,
  create: 1,
  delete: 2,
  exists: 3,
  getData: 4,
  setData: 5,
  getACL: 6,
  setACL: 7,
  getChildren: 8,
  sync: 9,
  ping: 11,
  getChildren2: 12,
  check: 13,
  multi: 14,
  create2: 15,
  reconfig: 16,
  checkWatches: 17,
  removeWatches: 18,
  createContainer: 19,
  deleteContainer: 20,
  createTTL: 21,
  multiRead: 22,
  auth: 100,
  setWatches: 101,
  getEphemerals: 103,
  getAllChildrenNumber: 104,
  addWatch: 106,
  whoAmI: 107,
  closeSession: -11,
  error: -1,
} as const;

export const XID_NOTIFICATION = -1;
export const XID_PING = -2;
export const XID_AUTH = -4;

export class Writer {
  private readonly parts: Buffer[] = [];

  int(n: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    this.parts.push(b);
    return this;
  }

  long(n: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(n);
    this.parts.push(b);
    return this;
  }

  bool(v: boolean): this {
    this.parts.push(Buffer.from([v ? 1 : 0]));
    return this;
  }

  buffer(b: Buffer | null): this {
    if (b === null) return this.int(-1);
    this.int(b.length);
    this.parts.push(b);
    return this;
  }

  string(s: string | null): this {
    return this.buffer(s === null ? null : Buffer.from(s, 'utf8'));
  }

  raw(b: Buffer): this {
    this.parts.push(b);
    return this;
  }

  acls(list: readonly Acl[]): this {
    this.int(list.length);
    for (const a of list) this.int(a.perms).string(a.scheme).string(a.id);
    return this;
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export class Reader {
  constructor(
    private readonly buf: Buffer,
    private offset = 0,
  ) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  int(): number {
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  long(): bigint {
    const v = this.buf.readBigInt64BE(this.offset);
    this.offset += 8;
    return v;
  }

  bool(): boolean {
    const v = this.buf.readUInt8(this.offset);
    this.offset += 1;
    return v !== 0;
  }

  buffer(): Buffer | null {
    const len = this.int();
    if (len < 0) return null;
    const v = this.buf.subarray(this.offset, this.offset + len);
    if (v.length !== len) throw new Error(`jute: buffer of ${len} bytes runs past the frame`);
    this.offset += len;
    return Buffer.from(v);
  }

  string(): string | null {
    const b = this.buffer();
    return b === null ? null : b.toString('utf8');
  }

  strings(): string[] | null {
    const n = this.int();
    if (n < 0) return null;
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.string() ?? '');
    return out;
  }

  acls(): Acl[] {
    const n = this.int();
    const out: Acl[] = [];
    for (let i = 0; i < n; i++) {
      const perms = this.int();
      const scheme = this.string() ?? '';
      const id = this.string() ?? '';
      out.push({ perms, scheme, id });
    }
    return out;
  }

  stat(): RawStat {
    return {
      czxid: this.long(),
      mzxid: this.long(),
      ctime: this.long(),
      mtime: this.long(),
      version: this.int(),
      cversion: this.int(),
      aversion: this.int(),
      ephemeralOwner: this.long(),
      dataLength: this.int(),
      numChildren: this.int(),
      pzxid: this.long(),
    };
  }
}

export interface ReplyHeader {
  readonly xid: number;
  readonly zxid: bigint;
  readonly err: number;
}

/** Splits one frame (without its 4-byte length) into the reply header and a reader over the body. */
export function readReply(frame: Buffer): { header: ReplyHeader; body: Reader } {
  const r = new Reader(frame);
  const header = { xid: r.int(), zxid: r.long(), err: r.int() };
  return { header, body: r };
}

/** A whole request frame: length, RequestHeader {xid, type}, body. */
export function requestFrame(xid: number, type: number, body: Buffer): Buffer {
  const head = new Writer().int(8 + body.length).int(xid).int(type).bytes();
  return Buffer.concat([head, body]);
}
