/** A growable byte buffer: appends amortise to O(1), reads hand out copies so nobody aliases it. */
import { assert, fail } from '../base/index.ts';

export class ByteBuffer {
  private buf: Uint8Array;
  private len = 0;

  constructor(initial?: Uint8Array) {
    this.buf = new Uint8Array(Math.max(64, initial?.length ?? 0));
    if (initial !== undefined) this.write(0, initial);
  }

  get length(): number {
    return this.len;
  }

  copy(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  clone(): ByteBuffer {
    return new ByteBuffer(this.buf.subarray(0, this.len));
  }

  byteAt(offset: number): number {
    if (!(offset >= 0 && offset < this.len)) fail(`byte ${offset} is inside the buffer of ${this.len}`);
    return this.buf[offset] as number;
  }

  setByte(offset: number, value: number): void {
    if (!(offset >= 0 && offset < this.len)) fail(`byte ${offset} is inside the buffer of ${this.len}`);
    this.buf[offset] = value;
  }

  /**
   * Writes `bytes` at `offset`, extending the buffer (a gap reads as zeros, as a sparse file would).
   * Writing no bytes changes nothing, wherever `offset` is (as with pwrite of 0 bytes).
   */
  write(offset: number, bytes: Uint8Array): void {
    assert(offset >= 0, 'a write offset is non-negative');
    if (bytes.length === 0) return;
    const end = offset + bytes.length;
    this.reserve(end);
    if (offset > this.len) this.buf.fill(0, this.len, offset);
    this.buf.set(bytes, offset);
    if (end > this.len) this.len = end;
  }

  truncate(length: number): void {
    assert(length >= 0, 'a truncate length is non-negative');
    if (length > this.len) {
      this.reserve(length);
      this.buf.fill(0, this.len, length);
    }
    this.len = length;
  }

  private reserve(capacity: number): void {
    if (capacity <= this.buf.length) return;
    let next = this.buf.length * 2;
    while (next < capacity) next *= 2;
    const grown = new Uint8Array(next);
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
  }
}
