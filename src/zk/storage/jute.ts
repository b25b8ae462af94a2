/**
 * A small jute-like binary codec (ZooKeeper's BinaryOutputArchive/BinaryInputArchive): big-endian ints,
 * longs as two 32-bit halves (values are JavaScript numbers, exact below 2^53), booleans and bytes as one
 * byte, buffers and strings as an int length then the bytes (-1 for null), strings in UTF-8, vectors as
 * an int count then the items. And Adler-32, the checksum ZooKeeper's log records and snapshots carry.
 *
 * Writing asserts its arguments (a long must be a safe integer, an int must fit 32 bits). Reading never
 * asserts on the bytes, which may be torn or corrupted: it throws DecodeError, which callers in this
 * folder turn into a reported problem.
 */
import { assert, fail } from '../../base/index.ts';

const TWO_32 = 4_294_967_296;
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
const ADLER_MOD = 65_521;
/** The most bytes Adler-32 can sum before its 32-bit sums must be reduced (zlib's NMAX). */
const ADLER_NMAX = 5_552;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Malformed, torn or corrupted bytes: a fact about the input, never a bug in the caller. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

/** Adler-32 of `bytes[start, end)`, as java.util.zip.Adler32 computes it: an unsigned 32-bit number. */
export function adler32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  assert(start >= 0 && start <= end && end <= bytes.length, 'adler32 sums a range inside the bytes');
  let a = 1;
  let b = 0;
  let i = start;
  while (i < end) {
    const stop = Math.min(end, i + ADLER_NMAX);
    for (; i < stop; i++) {
      a += bytes[i] as number;
      b += a;
    }
    a %= ADLER_MOD;
    b %= ADLER_MOD;
  }
  return (b * 65_536 + a) >>> 0;
}

/** Appends jute values to a growing buffer. */
export class JuteWriter {
  private store = new Uint8Array(256);
  private view = new DataView(this.store.buffer);
  private lengthBytes = 0;

  get length(): number {
    return this.lengthBytes;
  }

  /** The bytes written so far (a copy: the writer may go on). */
  bytes(): Uint8Array {
    return this.store.slice(0, this.lengthBytes);
  }

  /** Adler-32 of everything written so far. */
  checksum(): number {
    return adler32(this.store, 0, this.lengthBytes);
  }

  byte(value: number): void {
    if (!(Number.isInteger(value) && value >= -128 && value <= 255)) fail(`a byte holds -128..255, got ${value}`);
    this.reserve(1);
    this.view.setUint8(this.lengthBytes, value & 0xff);
    this.lengthBytes += 1;
  }

  bool(value: boolean): void {
    this.byte(value ? 1 : 0);
  }

  int(value: number): void {
    if (!(Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX)) fail(`an int holds 32 bits, got ${value}`);
    this.reserve(4);
    this.view.setInt32(this.lengthBytes, value);
    this.lengthBytes += 4;
  }

  /** A Java long: the high half signed, the low half unsigned. Exact for every safe integer. */
  long(value: number): void {
    if (!Number.isSafeInteger(value)) fail(`a long must be a safe integer, got ${value}`);
    const high = Math.floor(value / TWO_32);
    this.reserve(8);
    this.view.setInt32(this.lengthBytes, high);
    this.view.setUint32(this.lengthBytes + 4, value - high * TWO_32);
    this.lengthBytes += 8;
  }

  buffer(value: Uint8Array | null): void {
    if (value === null) return this.int(-1);
    this.int(value.length);
    this.raw(value);
  }

  string(value: string | null): void {
    this.buffer(value === null ? null : utf8Encoder.encode(value));
  }

  raw(value: Uint8Array): void {
    this.reserve(value.length);
    this.store.set(value, this.lengthBytes);
    this.lengthBytes += value.length;
  }

  private reserve(extraBytes: number): void {
    const needed = this.lengthBytes + extraBytes;
    if (needed <= this.store.length) return;
    let capacity = this.store.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.store.subarray(0, this.lengthBytes));
    this.store = grown;
    this.view = new DataView(grown.buffer);
  }
}

/** Reads jute values from `bytes[start, end)`; any read past `end` or any malformed value throws DecodeError. */
export class JuteReader {
  private readonly view: DataView;
  private position: number;

  constructor(private readonly bytes: Uint8Array, start = 0, private readonly end = bytes.length) {
    assert(start >= 0 && start <= end && end <= bytes.length, 'a reader reads a range inside the bytes');
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.position = start;
  }

  get offset(): number {
    return this.position;
  }

  get remaining(): number {
    return this.end - this.position;
  }

  byte(): number {
    this.need(1, 'byte');
    const value = this.view.getUint8(this.position);
    this.position += 1;
    return value;
  }

  bool(): boolean {
    const value = this.byte();
    if (value > 1) throw new DecodeError(`a boolean is 0 or 1, got ${value}`);
    return value === 1;
  }

  int(): number {
    this.need(4, 'int');
    const value = this.view.getInt32(this.position);
    this.position += 4;
    return value;
  }

  long(): number {
    this.need(8, 'long');
    const value = this.view.getInt32(this.position) * TWO_32 + this.view.getUint32(this.position + 4);
    this.position += 8;
    if (!Number.isSafeInteger(value)) throw new DecodeError(`a long beyond 2^53: ${value}`);
    return value;
  }

  buffer(): Uint8Array | null {
    const length = this.int();
    if (length === -1) return null;
    if (length < 0) throw new DecodeError(`a buffer length is -1 or more, got ${length}`);
    this.need(length, 'buffer');
    const value = this.bytes.slice(this.position, this.position + length);
    this.position += length;
    return value;
  }

  string(): string | null {
    const bytes = this.buffer();
    if (bytes === null) return null;
    try {
      return utf8Decoder.decode(bytes);
    } catch {
      throw new DecodeError('a string is not valid UTF-8');
    }
  }

  /** A string that may not be null. */
  text(what: string): string {
    const value = this.string();
    if (value === null) throw new DecodeError(`${what} may not be null`);
    return value;
  }

  /** A vector's count: -1 (null) or a count that the remaining bytes could hold at `minItemBytes` each. */
  count(minItemBytes: number): number {
    const count = this.int();
    if (count < -1 || count * minItemBytes > this.remaining) throw new DecodeError(`an unreasonable vector count: ${count}`);
    return count;
  }

  private need(lengthBytes: number, what: string): void {
    if (this.position + lengthBytes > this.end) throw new DecodeError(`the bytes end inside a ${what}`);
  }
}
