/**
 * The trace: every kernel event (host lifecycle, timer, connection, send, delivery, disk completion,
 * fault) and whatever actors emit, as typed records. Every record is folded into a 64-bit trace hash
 * (two 32-bit lanes) whether or not anyone listens; records are only built as objects when a sink is
 * attached, so an unrecorded run pays for the hash alone.
 */
import type { ConnId, DiskOpId, HostId, JsonValue, TimerId } from '../base/index.ts';

export type { JsonValue };

export type HostEvent = 'start' | 'crash' | 'restart' | 'pause' | 'resume';
export type ConnEvent = 'connect' | 'accept' | 'connected' | 'refused' | 'timeout' | 'eof' | 'reset';
export type DiskOpKind = 'append' | 'write' | 'truncate' | 'fsync' | 'rename' | 'delete';
export type DiskOutcome = 'ok' | 'EIO' | 'ENOSPC' | 'ENOENT';

export type TraceRecord =
  | { readonly type: 'host'; readonly atMicros: number; readonly host: HostId; readonly event: HostEvent; readonly incarnation: number }
  | { readonly type: 'timer'; readonly atMicros: number; readonly host: HostId; readonly timer: TimerId }
  | { readonly type: 'conn'; readonly atMicros: number; readonly conn: ConnId; readonly host: HostId; readonly peer: HostId; readonly event: ConnEvent }
  | { readonly type: 'send'; readonly atMicros: number; readonly conn: ConnId; readonly from: HostId; readonly to: HostId; readonly n: number; readonly msg?: string }
  | { readonly type: 'deliver'; readonly atMicros: number; readonly conn: ConnId; readonly from: HostId; readonly to: HostId; readonly n: number; readonly msg?: string }
  | { readonly type: 'disk'; readonly atMicros: number; readonly host: HostId; readonly op: DiskOpId; readonly kind: DiskOpKind; readonly file: string; readonly outcome: DiskOutcome }
  | { readonly type: 'fault'; readonly atMicros: number; readonly fault: string; readonly detail: JsonValue }
  | { readonly type: 'emit'; readonly atMicros: number; readonly host: HostId; readonly data: JsonValue };

export type TraceSink = (record: TraceRecord) => void;

const TYPE_CODE = { host: 1, timer: 2, conn: 3, send: 4, deliver: 5, disk: 6, fault: 7, emit: 8 } as const;
const HOST_EVENT_CODE: Record<HostEvent, number> = { start: 1, crash: 2, restart: 3, pause: 4, resume: 5 };
const CONN_EVENT_CODE: Record<ConnEvent, number> = {
  connect: 1, accept: 2, connected: 3, refused: 4, timeout: 5, eof: 6, reset: 7,
};
const DISK_KIND_CODE: Record<DiskOpKind, number> = { append: 1, write: 2, truncate: 3, fsync: 4, rename: 5, delete: 6 };
const DISK_OUTCOME_CODE: Record<DiskOutcome, number> = { ok: 0, EIO: 1, ENOSPC: 2, ENOENT: 3 };
const TWO_32 = 4_294_967_296;

export interface TraceOptions<M> {
  /** Attached to `send`/`deliver` records when a sink listens (describe() of the message). */
  readonly describeMessage?: (msg: M) => string;
  /** Folded into the hash for every send, so that two runs differing only in payloads hash apart. */
  readonly hashMessage?: (msg: M) => number;
}

/** Mixes the small fields of a message record into one 32-bit word (hosts below 4096). */
function linkWord(conn: number, from: number, to: number, n: number): number {
  return (Math.imul(conn, 0x9e3779b1) ^ Math.imul(n, 0x85ebca77) ^ (from << 20) ^ (to << 8)) >>> 0;
}

export class Tracer<M> {
  private h1 = 0x811c9dc5;
  private h2 = 0x2545f491;
  private recordCount = 0;
  private sink: TraceSink | undefined;
  private lifeSink: TraceSink | undefined;

  constructor(private readonly options: TraceOptions<M> = {}) {}

  attach(sink: TraceSink | undefined): void {
    this.sink = sink;
  }

  /**
   * Receives only the host, fault and emit records (the ones a history keeps), without paying for the
   * message and disk records a full sink gets.
   */
  attachLifecycle(sink: TraceSink | undefined): void {
    this.lifeSink = sink;
  }

  get listening(): boolean {
    return this.sink !== undefined;
  }

  get records(): number {
    return this.recordCount;
  }

  /** The trace hash so far, as 16 hex digits. */
  hash(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }

  host(atMicros: number, host: HostId, event: HostEvent, incarnation: number): void {
    this.head(TYPE_CODE.host, atMicros);
    this.fold(host);
    this.fold(HOST_EVENT_CODE[event]);
    this.fold(incarnation);
    if (this.sink === undefined && this.lifeSink === undefined) return;
    const record: TraceRecord = { type: 'host', atMicros, host, event, incarnation };
    this.sink?.(record);
    this.lifeSink?.(record);
  }

  timer(atMicros: number, host: HostId, timer: TimerId): void {
    this.head(TYPE_CODE.timer, atMicros);
    this.fold(host);
    this.fold(timer);
    this.sink?.({ type: 'timer', atMicros, host, timer });
  }

  conn(atMicros: number, conn: ConnId, host: HostId, peer: HostId, event: ConnEvent): void {
    this.head(TYPE_CODE.conn, atMicros);
    this.fold(conn);
    this.fold(host);
    this.fold(peer);
    this.fold(CONN_EVENT_CODE[event]);
    this.sink?.({ type: 'conn', atMicros, conn, host, peer, event });
  }

  send(atMicros: number, conn: ConnId, from: HostId, to: HostId, n: number, msg: M): void {
    this.head(TYPE_CODE.send, atMicros);
    this.fold(linkWord(conn, from, to, n));
    if (this.options.hashMessage !== undefined) this.fold(this.options.hashMessage(msg) >>> 0);
    if (this.sink !== undefined) this.sink(this.messageRecord('send', atMicros, conn, from, to, n, msg));
  }

  deliver(atMicros: number, conn: ConnId, from: HostId, to: HostId, n: number, msg: M): void {
    this.head(TYPE_CODE.deliver, atMicros);
    this.fold(linkWord(conn, from, to, n));
    if (this.sink !== undefined) this.sink(this.messageRecord('deliver', atMicros, conn, from, to, n, msg));
  }

  disk(atMicros: number, host: HostId, op: DiskOpId, kind: DiskOpKind, file: string, outcome: DiskOutcome): void {
    this.head(TYPE_CODE.disk, atMicros);
    this.fold(host);
    this.fold(op);
    this.fold(DISK_KIND_CODE[kind]);
    this.foldString(file);
    this.fold(DISK_OUTCOME_CODE[outcome]);
    this.sink?.({ type: 'disk', atMicros, host, op, kind, file, outcome });
  }

  fault(atMicros: number, fault: string, detail: JsonValue): void {
    this.head(TYPE_CODE.fault, atMicros);
    this.foldString(fault);
    this.foldString(JSON.stringify(detail));
    if (this.sink === undefined && this.lifeSink === undefined) return;
    const record: TraceRecord = { type: 'fault', atMicros, fault, detail };
    this.sink?.(record);
    this.lifeSink?.(record);
  }

  emit(atMicros: number, host: HostId, data: JsonValue): void {
    this.head(TYPE_CODE.emit, atMicros);
    this.fold(host);
    this.foldString(JSON.stringify(data));
    if (this.sink === undefined && this.lifeSink === undefined) return;
    const record: TraceRecord = { type: 'emit', atMicros, host, data };
    this.sink?.(record);
    this.lifeSink?.(record);
  }

  private messageRecord(
    type: 'send' | 'deliver', atMicros: number, conn: ConnId, from: HostId, to: HostId, n: number, msg: M,
  ): TraceRecord {
    const describe = this.options.describeMessage;
    return describe === undefined
      ? { type, atMicros, conn, from, to, n }
      : { type, atMicros, conn, from, to, n, msg: describe(msg) };
  }

  private head(typeCode: number, atMicros: number): void {
    this.recordCount += 1;
    // Times below 2^48 (about 8.9 virtual years) leave the low 4 bits of the top word for the type.
    this.fold(atMicros * 16 + typeCode);
  }

  /** Folds a non-negative integer below 2^53 into both lanes (the high 32 bits only when there are any). */
  private fold(x: number): void {
    let h1 = Math.imul(this.h1 ^ (x >>> 0), 0x5bd1e995);
    let h2 = Math.imul(this.h2 ^ (x >>> 0), 0x85ebca6b);
    if (x >= TWO_32) {
      const hi = (x / TWO_32) | 0;
      h1 = Math.imul(h1 ^ hi, 0xc2b2ae35);
      h2 = Math.imul(h2 ^ hi, 0x27d4eb2f);
    }
    this.h1 = h1 ^ (h1 >>> 15);
    this.h2 = h2 ^ (h2 >>> 13);
  }

  private foldString(s: string): void {
    this.fold(s.length);
    for (let i = 0; i < s.length; i++) this.fold(s.charCodeAt(i));
  }
}

/** One JSONL line for a record (no trailing newline). */
export function traceLine(record: TraceRecord): string {
  return JSON.stringify(record);
}
