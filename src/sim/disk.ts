/**
 * A host's simulated disk, which outlives the actor on it. Files are inodes holding two versions of
 * their bytes: what reads see (the page cache) and what is durable. Data writes are volatile until an
 * fsync of the file completes; creates, renames and deletes are durable when they complete (a
 * journaling file system). Every change completes as an event after a modelled latency, one at a time
 * in issue order, so "ACK after fsync" is something the protocol has to wait for.
 *
 * On a crash, each file goes back to its durable bytes; with the torn-tail fault armed, a file also keeps
 * a prefix of its unsynced writes (in issue order, the last one kept cut short). Faults: corrupt bytes of
 * synced content, slow fsync, I/O errors, a full disk. An append that failed breaks that file's append
 * stream until the next crash: later appends to it fail too (a program's buffered log stream stops at its
 * first error; a later record must not land right after an earlier one, leaving a hole in the log).
 */
import { assert, fail } from '../base/index.ts';
import type { DiskOpId, HostId } from '../base/index.ts';
import type { Handler, Kernel } from './kernel.ts';
import { ByteBuffer } from './bytes.ts';
import { assertLatency, drawLatencyMicros } from './latency.ts';
import type { Latency } from './latency.ts';
import type { Rng } from './rng.ts';
import type { DiskOpKind, DiskOutcome, Tracer } from './trace.ts';

export interface DiskOptions {
  readonly writeLatency: Latency;
  readonly fsyncLatency: Latency;
  readonly metadataLatency: Latency;
  readonly capacityBytes: number;
}

export const DEFAULT_DISK_OPTIONS: DiskOptions = {
  writeLatency: { kind: 'uniform', minMicros: 5, maxMicros: 30 },
  fsyncLatency: { kind: 'uniform', minMicros: 500, maxMicros: 3_000 },
  metadataLatency: { kind: 'uniform', minMicros: 20, maxMicros: 200 },
  capacityBytes: Number.POSITIVE_INFINITY,
};

/** What the disk tells its host when an operation completes. */
export interface DiskCompletion {
  readonly op: DiskOpId;
  readonly opKind: DiskOpKind;
  readonly file: string;
  readonly outcome: DiskOutcome;
}

type Change =
  | { readonly kind: 'write'; readonly seq: number; readonly offset: number; readonly bytes: Uint8Array }
  | { readonly kind: 'truncate'; readonly seq: number; readonly length: number };

class Inode {
  current: ByteBuffer;
  durable: ByteBuffer;
  /** Data changes not yet durable, in issue order. */
  unsynced: Change[] = [];
  nextSeq = 1;

  constructor(durable: ByteBuffer = new ByteBuffer()) {
    this.durable = durable;
    this.current = durable.clone();
  }
}

function applyChange(buf: ByteBuffer, change: Change): void {
  if (change.kind === 'write') buf.write(change.offset, change.bytes);
  else buf.truncate(change.length);
}

class DiskOp implements Handler {
  constructor(
    readonly disk: Disk,
    readonly id: DiskOpId,
    readonly kind: DiskOpKind,
    readonly file: string,
    readonly outcome: DiskOutcome,
    readonly epoch: number,
    /** Applied to the durable state when the op completes (if the disk has not crashed since). */
    readonly complete: (() => void) | undefined,
  ) {}

  onEvent(): void {
    this.disk.completeOp(this);
  }
}

export class Disk {
  private options: DiskOptions;
  /** The namespace reads see. */
  private names = new Map<string, Inode>();
  /** The namespace that survives a crash. */
  private durableNames = new Map<string, Inode>();
  private busyUntilMicros = 0;
  /** Bumped on every crash: completions of ops issued before it are void. */
  private epoch = 0;
  private nextOpId = 1;
  private failNextOps = 0;
  /** Files whose append failed since the last crash: their later appends fail the same way. */
  private readonly brokenAppends = new Map<string, DiskOutcome>();
  private ioErrorChance = 0;
  private fsyncExtraMicros = 0;
  private fsyncSlowUntilMicros = 0;
  tornTailOnCrash = false;

  constructor(
    readonly host: HostId,
    private readonly kernel: Kernel,
    private readonly rng: Rng,
    private readonly tracer: Pick<Tracer<unknown>, 'disk' | 'fault'>,
    private readonly onComplete: (completion: DiskCompletion) => void,
    options: Partial<DiskOptions> = {},
  ) {
    this.options = { ...DEFAULT_DISK_OPTIONS, ...options };
    assertLatency(this.options.writeLatency);
    assertLatency(this.options.fsyncLatency);
    assertLatency(this.options.metadataLatency);
  }

  // ---- reads (synchronous, page cache) ----

  read(file: string): Uint8Array | undefined {
    return this.names.get(file)?.current.copy();
  }

  sizeBytes(file: string): number | undefined {
    return this.names.get(file)?.current.length;
  }

  list(): string[] {
    return [...this.names.keys()].sort();
  }

  /** The bytes that would survive a crash now (for tests and checkers). */
  durableContent(file: string): Uint8Array | undefined {
    return this.durableNames.get(file)?.durable.copy();
  }

  usedBytes(): number {
    let total = 0;
    for (const inode of new Set(this.names.values())) total += inode.current.length;
    return total;
  }

  // ---- changes ----

  append(file: string, bytes: Uint8Array): DiskOpId {
    const size = this.names.get(file)?.current.length ?? 0;
    return this.writeAt('append', file, size, bytes);
  }

  write(file: string, offsetBytes: number, bytes: Uint8Array): DiskOpId {
    return this.writeAt('write', file, offsetBytes, bytes);
  }

  truncate(file: string, lengthBytes: number): DiskOpId {
    assert(Number.isSafeInteger(lengthBytes) && lengthBytes >= 0, 'a truncate length is a non-negative integer');
    const inode = this.names.get(file);
    if (inode === undefined) return this.issue('truncate', file, 'ENOENT', undefined);
    const outcome = this.drawFailure(Math.max(0, lengthBytes - inode.current.length));
    if (outcome !== 'ok') return this.issue('truncate', file, outcome, undefined);
    const change: Change = { kind: 'truncate', seq: inode.nextSeq++, length: lengthBytes };
    inode.unsynced.push(change);
    applyChange(inode.current, change);
    return this.issue('truncate', file, 'ok', undefined);
  }

  fsync(file: string): DiskOpId {
    const inode = this.names.get(file);
    if (inode === undefined) return this.issue('fsync', file, 'ENOENT', undefined);
    const outcome = this.drawFailure(0);
    if (outcome !== 'ok') return this.issue('fsync', file, outcome, undefined);
    const upToSeq = inode.nextSeq - 1;
    return this.issue('fsync', file, 'ok', () => this.makeDurable(inode, upToSeq));
  }

  rename(from: string, to: string): DiskOpId {
    const inode = this.names.get(from);
    if (inode === undefined) return this.issue('rename', from, 'ENOENT', undefined);
    const outcome = this.drawFailure(0);
    if (outcome !== 'ok') return this.issue('rename', from, outcome, undefined);
    this.names.delete(from);
    this.names.set(to, inode);
    return this.issue('rename', from, 'ok', () => {
      if (this.durableNames.get(from) === inode) this.durableNames.delete(from);
      this.durableNames.set(to, inode);
    });
  }

  delete(file: string): DiskOpId {
    const inode = this.names.get(file);
    if (inode === undefined) return this.issue('delete', file, 'ENOENT', undefined);
    const outcome = this.drawFailure(0);
    if (outcome !== 'ok') return this.issue('delete', file, outcome, undefined);
    this.names.delete(file);
    this.brokenAppends.delete(file);
    return this.issue('delete', file, 'ok', () => {
      if (this.durableNames.get(file) === inode) this.durableNames.delete(file);
    });
  }

  // ---- lifecycle and faults ----

  /** Power loss: pending operations are void, each file goes back to what was durable. */
  crash(): void {
    this.epoch += 1;
    this.brokenAppends.clear();
    this.busyUntilMicros = this.kernel.now;
    const survivors = new Map<string, Inode>();
    const rebuilt = new Map<Inode, Inode>();
    for (const [name, inode] of this.durableNames) {
      let next = rebuilt.get(inode);
      if (next === undefined) {
        next = new Inode(this.survivingBytes(inode));
        rebuilt.set(inode, next);
      }
      survivors.set(name, next);
    }
    this.durableNames = survivors;
    this.names = new Map(survivors);
  }

  /** Flips one byte inside [offset, offset + length) of `file`'s durable content (and the cache's, unless overwritten since). */
  corrupt(file: string, offsetBytes: number, lengthBytes: number): number {
    const inode = this.durableNames.get(file);
    if (inode === undefined) fail(`cannot corrupt ${file}: it has no durable content`);
    if (!(lengthBytes > 0 && offsetBytes >= 0 && offsetBytes + lengthBytes <= inode.durable.length)) fail(`corruption range ${offsetBytes}+${lengthBytes} lies inside the ${inode.durable.length} synced bytes of ${file}`);
    const at = this.rng.int(offsetBytes, offsetBytes + lengthBytes - 1);
    const flip = this.rng.int(1, 255);
    inode.durable.setByte(at, inode.durable.byteAt(at) ^ flip);
    // The cache shows the damage only where it still holds the synced byte, not newer unsynced data.
    const overwritten = inode.unsynced.some((c) => (c.kind === 'write' ? at >= c.offset && at < c.offset + c.bytes.length : at >= c.length));
    if (!overwritten && at < inode.current.length) inode.current.setByte(at, inode.current.byteAt(at) ^ flip);
    this.tracer.fault(this.kernel.now, 'corrupt', { host: this.host, file, offset: at });
    return at;
  }

  /** The next `count` operations fail with EIO. */
  failNext(count: number): void {
    assert(Number.isSafeInteger(count) && count >= 0, 'failNext takes a count');
    this.failNextOps = count;
  }

  setIoErrorChance(probability: number): void {
    assert(probability >= 0 && probability <= 1, 'an I/O error chance is a probability');
    this.ioErrorChance = probability;
  }

  setCapacityBytes(capacityBytes: number): void {
    assert(capacityBytes >= 0, 'a capacity is non-negative');
    this.options = { ...this.options, capacityBytes };
  }

  /** Every fsync issued until `untilMicros` takes `extraMicros` longer. */
  slowFsync(extraMicros: number, untilMicros: number): void {
    assert(extraMicros >= 0 && untilMicros >= this.kernel.now, 'slowFsync takes an extra delay and an end time');
    this.fsyncExtraMicros = extraMicros;
    this.fsyncSlowUntilMicros = untilMicros;
  }

  completeOp(op: DiskOp): void {
    if (op.epoch !== this.epoch) return;
    op.complete?.();
    this.tracer.disk(this.kernel.now, this.host, op.id, op.kind, op.file, op.outcome);
    this.onComplete({ op: op.id, opKind: op.kind, file: op.file, outcome: op.outcome });
  }

  // ---- internals ----

  private writeAt(kind: 'append' | 'write', file: string, offset: number, bytes: Uint8Array): DiskOpId {
    assert(Number.isSafeInteger(offset) && offset >= 0, 'a write offset is a non-negative integer');
    let inode = this.names.get(file);
    const grows = bytes.length === 0 ? 0 : Math.max(0, offset + bytes.length - (inode?.current.length ?? 0));
    const broken = kind === 'append' ? this.brokenAppends.get(file) : undefined;
    const outcome = broken ?? this.drawFailure(grows);
    if (outcome !== 'ok') {
      if (kind === 'append') this.brokenAppends.set(file, outcome);
      return this.issue(kind, file, outcome, undefined);
    }
    let created: Inode | undefined;
    if (inode === undefined) {
      inode = new Inode();
      created = inode;
      this.names.set(file, inode);
    }
    const change: Change = { kind: 'write', seq: inode.nextSeq++, offset, bytes: bytes.slice() };
    inode.unsynced.push(change);
    applyChange(inode.current, change);
    const complete = created === undefined ? undefined : (): void => {
      if (!this.durableNames.has(file)) this.durableNames.set(file, created);
    };
    return this.issue(kind, file, 'ok', complete);
  }

  private drawFailure(growsBytes: number): DiskOutcome {
    if (this.failNextOps > 0) {
      this.failNextOps -= 1;
      return 'EIO';
    }
    if (this.ioErrorChance > 0 && this.rng.chance(this.ioErrorChance)) return 'EIO';
    const capacity = this.options.capacityBytes;
    if (growsBytes > 0 && Number.isFinite(capacity) && this.usedBytes() + growsBytes > capacity) return 'ENOSPC';
    return 'ok';
  }

  private issue(kind: DiskOpKind, file: string, outcome: DiskOutcome, complete: (() => void) | undefined): DiskOpId {
    const now = this.kernel.now;
    const start = Math.max(now, this.busyUntilMicros);
    const doneAt = start + this.latencyMicros(kind);
    this.busyUntilMicros = doneAt;
    const id = this.nextOpId++ as DiskOpId;
    this.kernel.at(doneAt, new DiskOp(this, id, kind, file, outcome, this.epoch, complete), undefined);
    return id;
  }

  private latencyMicros(kind: DiskOpKind): number {
    switch (kind) {
      case 'append':
      case 'write':
      case 'truncate':
        return drawLatencyMicros(this.rng, this.options.writeLatency);
      case 'fsync': {
        const extra = this.kernel.now < this.fsyncSlowUntilMicros ? this.fsyncExtraMicros : 0;
        return drawLatencyMicros(this.rng, this.options.fsyncLatency) + extra;
      }
      case 'rename':
      case 'delete':
        return drawLatencyMicros(this.rng, this.options.metadataLatency);
    }
  }

  private makeDurable(inode: Inode, upToSeq: number): void {
    let applied = 0;
    for (const change of inode.unsynced) {
      if (change.seq > upToSeq) break;
      applyChange(inode.durable, change);
      applied += 1;
    }
    inode.unsynced.splice(0, applied);
  }

  /** What a file holds after power loss: its durable bytes, and with a torn tail a prefix of the rest. */
  private survivingBytes(inode: Inode): ByteBuffer {
    const bytes = inode.durable.clone();
    if (!this.tornTailOnCrash || inode.unsynced.length === 0) return bytes;
    const total = inode.unsynced.reduce((sum, c) => sum + (c.kind === 'write' ? c.bytes.length : 0), 0);
    let budget = this.rng.int(0, Math.max(0, total - 1));
    for (const change of inode.unsynced) {
      if (change.kind === 'truncate') {
        applyChange(bytes, change);
        continue;
      }
      if (budget >= change.bytes.length) {
        applyChange(bytes, change);
        budget -= change.bytes.length;
        continue;
      }
      bytes.write(change.offset, change.bytes.subarray(0, budget));
      break;
    }
    return bytes;
  }
}
