/**
 * The txn log as ZooKeeper's FileTxnLog writes it. A file may start with the file header (int magic
 * "ZKLG", int version 2, long dbid 0: 16 bytes); then come records, each
 *
 *   long checksum (Adler-32 of the txn bytes; the high word is 0) | int length | txn bytes | byte 0x42 'B'
 *
 * Reading (FileTxnIterator) stops at the first record that is not whole and sound:
 *  - `torn`: the bytes end inside a record (or inside the file header). A crash before fsync, with the
 *    torn-tail disk fault, keeps a prefix of the unsynced writes, so the log ends at the last whole
 *    record and `validBytes` says where to cut the file before appending to it again. ZooKeeper also
 *    drops such a partial record silently.
 *  - `corrupt`: a whole record whose checksum does not match ("CRC check failed"), whose marker is not
 *    'B', whose length is unreasonable (not in 1..jute.maxbuffer + 1024) or whose txn does not decode, or
 *    bytes that cannot begin a record (a non-zero checksum high word). ZooKeeper throws on a CRC
 *    mismatch and refuses to start; recovery keeps that behaviour and refuses too. (ZooKeeper treats a
 *    wrong marker as "Last transaction was partial" and ends the file silently, because it preallocates
 *    with zeros; without preallocation a whole record with a wrong marker can only be damage, and
 *    dropping the records after it silently would lose fsynced txns, so here it is corrupt.)
 * A corrupted length that points past the end of the file cannot be told from a torn tail: both read as
 * `torn`. Zero padding (preallocation) is not modelled; zeros where a record should be read as corrupt
 * once 12 bytes of them are there.
 */
import { assert } from '../../base/index.ts';
import type { Txn } from '../protocol/index.ts';
import { DecodeError, JuteWriter, adler32 } from './jute.ts';
import { decodeTxn, writeTxn } from './txn-codec.ts';

export const LOG_MAGIC = 0x5a4b4c47; // "ZKLG"
export const LOG_VERSION = 2;
export const LOG_HEADER_BYTES = 16;
export const END_OF_RECORD = 0x42; // 'B'
/** checksum (8) + length (4) before the txn bytes, the marker (1) after them. */
export const RECORD_OVERHEAD_BYTES = 13;
/** jute.maxbuffer's default (0xfffff) plus BinaryInputArchive's extra 1024: longer lengths are unreasonable. */
export const MAX_TXN_BYTES = 0xfffff + 1024;

export type LogEnd = 'clean' | 'torn' | 'corrupt';

export interface LogReadResult {
  /** The whole, sound records before the end, in file order. */
  readonly txns: Txn[];
  /** Where each txn's record starts, in bytes: cut there to drop it and everything after it. */
  readonly offsets: number[];
  /** The length of the sound prefix: header and whole records. Cut a torn file to this length. */
  readonly validBytes: number;
  readonly end: LogEnd;
  /** What ended the log early, with the byte offset (absent for `clean`). */
  readonly problem?: string;
}

/** The 16-byte file header FileTxnLog writes before the first record of each file. Optional here. */
export function encodeLogHeader(): Uint8Array {
  const out = new JuteWriter();
  out.int(LOG_MAGIC);
  out.int(LOG_VERSION);
  out.long(0);
  return out.bytes();
}

/**
 * One record, to append to the current log file. A txn longer than MAX_TXN_BYTES is written, as
 * ZooKeeper writes it, but reads back as corrupt ("Unreasonable length"), so keep requests within it.
 */
export function encodeLogRecord(txn: Txn): Uint8Array {
  const out = new JuteWriter();
  out.long(0); // the checksum and
  out.int(0); // the length, filled in below
  writeTxn(out, txn);
  out.byte(END_OF_RECORD);
  const record = out.bytes();
  const txnBytes = record.length - RECORD_OVERHEAD_BYTES;
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  view.setUint32(4, adler32(record, 12, 12 + txnBytes));
  view.setInt32(8, txnBytes);
  assert(txnBytes > 0, 'a txn has bytes');
  return record;
}

type RecordRead =
  | { readonly kind: 'whole'; readonly txn: Txn; readonly endOffset: number }
  | { readonly kind: 'torn' | 'corrupt'; readonly problem: string };

/** Reads a log file's bytes: every whole record up to the first torn or corrupt one. */
export function readLog(bytes: Uint8Array): LogReadResult {
  const header = readHeader(bytes);
  if (header.kind !== 'whole') return { txns: [], offsets: [], validBytes: 0, end: header.kind, problem: `${header.problem} at byte 0` };
  const txns: Txn[] = [];
  const offsets: number[] = [];
  let offset = header.endOffset;
  while (offset < bytes.length) {
    const record = readRecord(bytes, offset);
    if (record.kind !== 'whole') {
      return { txns, offsets, validBytes: offset, end: record.kind, problem: `${record.problem} at byte ${offset}` };
    }
    txns.push(record.txn);
    offsets.push(offset);
    offset = record.endOffset;
  }
  assert(offset === bytes.length && offsets.length === txns.length, 'a clean log is read to its end');
  return { txns, offsets, validBytes: offset, end: 'clean' };
}

/** A record starts with a zero byte (the checksum's high word); anything else must be the file header. */
function readHeader(bytes: Uint8Array): { readonly kind: 'whole'; readonly endOffset: number } | RecordRead {
  if (bytes.length === 0 || bytes[0] === 0) return { kind: 'whole', endOffset: 0 };
  const expected = encodeLogHeader();
  const available = Math.min(bytes.length, 8); // magic and version; ZooKeeper ignores the dbid
  for (let i = 0; i < available; i++) {
    if (bytes[i] !== expected[i]) return { kind: 'corrupt', problem: 'invalid magic number or version in the file header' };
  }
  if (bytes.length < LOG_HEADER_BYTES) return { kind: 'torn', problem: 'the file header is cut short' };
  return { kind: 'whole', endOffset: LOG_HEADER_BYTES };
}

function readRecord(bytes: Uint8Array, at: number): RecordRead {
  const available = bytes.length - at;
  for (let i = 0; i < Math.min(4, available); i++) {
    if (bytes[at + i] !== 0) return { kind: 'corrupt', problem: 'a checksum with a non-zero high word (Adler-32 has 32 bits)' };
  }
  if (available < 12) return { kind: 'torn', problem: 'a record cut short in its checksum or length' };
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 12);
  const lengthBytes = view.getInt32(8);
  if (lengthBytes <= 0 || lengthBytes > MAX_TXN_BYTES) return { kind: 'corrupt', problem: `unreasonable txn length ${lengthBytes}` };
  const txnStart = at + 12;
  const txnEnd = txnStart + lengthBytes;
  if (txnEnd + 1 > bytes.length) return { kind: 'torn', problem: `a record of ${lengthBytes} txn bytes cut short` };
  const marker = bytes[txnEnd] as number;
  if (marker !== END_OF_RECORD) return { kind: 'corrupt', problem: `end-of-record marker 0x${marker.toString(16)}, not 0x42` };
  if (adler32(bytes, txnStart, txnEnd) !== view.getUint32(4)) return { kind: 'corrupt', problem: 'CRC check failed' };
  try {
    return { kind: 'whole', txn: decodeTxn(bytes, txnStart, txnEnd), endOffset: txnEnd + 1 };
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return { kind: 'corrupt', problem: `a txn that does not decode (${error.message})` };
  }
}
