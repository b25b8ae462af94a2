/**
 * The files `acceptedEpoch` and `currentEpoch` in the snapshot directory, as ZooKeeper 3.8.0 writes, reads
 * and cross-checks them (QuorumPeer.writeLongToFile / readLongFromFile / loadDataBase, with
 * AtomicFileWritingIdiom and AtomicFileOutputStream underneath).
 *
 *  - Content: Long.toString(value), ASCII decimal, no newline. Reading takes the first line (up to \n,
 *    \r or \r\n) and Long.parseLong's it; anything else is "Found <line> in <file>" (an empty file reads
 *    as the line null).
 *  - Writing is atomic by rename: `<name>.tmp` is created or truncated, written, flushed, fsynced and
 *    closed, then renamed over `<name>` (no fsync of the directory). A crash leaves the old file intact
 *    and possibly a `.tmp` with none, part or all of the new value. The in-memory epoch changes only after
 *    the file did (ZOOKEEPER-2307).
 *  - loadDataBase, after the database is loaded: a missing currentEpoch becomes epoch(lastProcessedZxid)
 *    and is written; if epoch(lastProcessedZxid) is still newer, `currentEpoch.tmp` rescues it when
 *    present (its value is adopted and written properly, ZOOKEEPER-4269: the crash between writing the
 *    txns of a new epoch and renaming currentEpoch) and the server refuses to start otherwise
 *    (ZOOKEEPER-1653/2354); a missing acceptedEpoch becomes epoch(lastProcessedZxid) and is written;
 *    acceptedEpoch < currentEpoch refuses to start. `acceptedEpoch.tmp` is never consulted.
 *  - The `updatingEpoch` marker of ZOOKEEPER-1653 exists only in the 3.4 line (3.4.14): the learner creates
 *    it at NEWLEADER before its snapshot and deletes it after writing currentEpoch, and loadDataBase, when
 *    epoch(lastProcessedZxid) > currentEpoch and the marker exists, sets currentEpoch to the zxid's epoch
 *    and deletes the marker. 3.5 onwards never wrote it (the 3.5/3.6 backport of ZOOKEEPER-2354 was not
 *    merged); `rules: '3.4.14'` reproduces the old check, for scenarios about that bug.
 *
 * Deviations: Long.parseLong also takes non-ASCII Unicode digits, this reader only ASCII ones; values that
 * fit a Java long but not a safe JavaScript integer are refused with their own message; file names in
 * messages are the bare names, where Java prints the full path.
 */
import { assert } from '../../base/index.ts';
import { hex64 } from './epochs.ts';

export const CURRENT_EPOCH_FILE = 'currentEpoch';
export const ACCEPTED_EPOCH_FILE = 'acceptedEpoch';
/** AtomicFileOutputStream.TMP_EXTENSION. */
export const TMP_EXTENSION = '.tmp';
/** QuorumPeer.UPDATING_EPOCH_FILENAME (3.4 line only). */
export const UPDATING_EPOCH_FILE = 'updatingEpoch';

export type EpochFileName = typeof CURRENT_EPOCH_FILE | typeof ACCEPTED_EPOCH_FILE;

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** The bytes writeLongToFile puts in the file: the decimal digits, no newline. */
export function encodeEpochFile(value: number): Uint8Array {
  assert(Number.isSafeInteger(value), 'an epoch file holds an integer');
  return new TextEncoder().encode(String(value));
}

/** BufferedReader.readLine on the file: the first line without its terminator, or null for an empty file. */
function firstLine(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return null;
  const text = new TextDecoder('utf-8').decode(bytes);
  const end = text.search(/[\r\n]/);
  return end < 0 ? text : text.slice(0, end);
}

export type EpochRead = { readonly value: number } | { readonly error: string };

/** readLongFromFile on the bytes of `fileName`. */
export function decodeEpochFile(bytes: Uint8Array, fileName: string): EpochRead {
  const line = firstLine(bytes);
  const refused = { error: `Found ${line === null ? 'null' : line} in ${fileName}` };
  if (line === null || !/^[+-]?[0-9]+$/.test(line)) return refused;
  const big = BigInt(line);
  if (big < LONG_MIN || big > LONG_MAX) return refused;
  const value = Number(big);
  if (!Number.isSafeInteger(value)) return { error: `${line} in ${fileName} is beyond what zksim represents exactly` };
  return { value };
}

/** One disk operation of an atomic epoch write, in the order they must be issued (and complete). */
export type EpochFileStep =
  | { readonly op: 'truncate'; readonly file: string; readonly lengthBytes: 0 }
  | { readonly op: 'write'; readonly file: string; readonly offsetBytes: 0; readonly bytes: Uint8Array }
  | { readonly op: 'fsync'; readonly file: string }
  | { readonly op: 'rename'; readonly from: string; readonly to: string };

/**
 * writeLongToFile(name, value) as disk operations: new FileOutputStream(name.tmp) (which truncates a
 * leftover tmp, else creates it), write, flush + getFD().sync(), close, rename over the target. The new
 * value is in force (and may be used) only once the rename completed.
 */
export function epochFileWrite(name: EpochFileName, value: number, tmpExists: boolean): readonly EpochFileStep[] {
  const tmp = name + TMP_EXTENSION;
  const steps: EpochFileStep[] = [];
  if (tmpExists) steps.push({ op: 'truncate', file: tmp, lengthBytes: 0 });
  steps.push({ op: 'write', file: tmp, offsetBytes: 0, bytes: encodeEpochFile(value) }, { op: 'fsync', file: tmp },
    { op: 'rename', from: tmp, to: name });
  return steps;
}

/** What loadDataBase does to the directory before the server runs, in order. */
export type EpochFixup =
  | { readonly op: 'write'; readonly file: EpochFileName; readonly value: number }
  | { readonly op: 'delete'; readonly file: typeof UPDATING_EPOCH_FILE };

export type EpochLoad =
  | {
    readonly ok: true;
    readonly currentEpoch: number;
    readonly acceptedEpoch: number;
    /** Files loadDataBase (re)writes (each with epochFileWrite) or deletes, in order. */
    readonly fixups: readonly EpochFixup[];
  }
  /** IOException: "Unable to load database on disk", and the server does not start. */
  | { readonly ok: false; readonly error: string };

/** ZxidUtils.getEpochFromZxid: an arithmetic shift, so -1 (no database) has epoch -1. */
function epochOfLong(z: number): number {
  return Math.floor(z / 4_294_967_296);
}

/**
 * The epoch part of QuorumPeer.loadDataBase: `read` returns a file's bytes from the snapshot directory, or
 * undefined when it does not exist; `lastProcessedZxid` is the loaded database's (-1 for none).
 */
export function loadEpochs(read: (file: string) => Uint8Array | undefined, lastProcessedZxid: number,
  rules: '3.8.0' | '3.4.14' = '3.8.0'): EpochLoad {
  assert(Number.isSafeInteger(lastProcessedZxid) && lastProcessedZxid >= -1, 'a last processed zxid is a zxid or -1');
  const epochOfZxid = epochOfLong(lastProcessedZxid);
  const fixups: EpochFixup[] = [];
  let currentEpoch: number;
  const currentBytes = read(CURRENT_EPOCH_FILE);
  if (currentBytes === undefined) {
    currentEpoch = epochOfZxid; // "not found! Creating with a reasonable default"
    fixups.push({ op: 'write', file: CURRENT_EPOCH_FILE, value: currentEpoch });
  } else {
    const parsed = decodeEpochFile(currentBytes, CURRENT_EPOCH_FILE);
    if ('error' in parsed) return { ok: false, error: parsed.error };
    currentEpoch = parsed.value;
    if (rules === '3.4.14' && epochOfZxid > currentEpoch && read(UPDATING_EPOCH_FILE) !== undefined) {
      currentEpoch = epochOfZxid;
      fixups.push({ op: 'write', file: CURRENT_EPOCH_FILE, value: currentEpoch }, { op: 'delete', file: UPDATING_EPOCH_FILE });
    }
  }
  if (epochOfZxid > currentEpoch) {
    const tmpName = CURRENT_EPOCH_FILE + TMP_EXTENSION;
    const tmp = rules === '3.8.0' ? read(tmpName) : undefined;
    if (tmp === undefined) {
      return { ok: false, error: `The current epoch, ${hex64(currentEpoch)}, is older than the last zxid, ${lastProcessedZxid}` };
    }
    const parsed = decodeEpochFile(tmp, tmpName);
    if ('error' in parsed) return { ok: false, error: parsed.error };
    currentEpoch = parsed.value; // adopted as is, even if still older than the zxid's epoch
    fixups.push({ op: 'write', file: CURRENT_EPOCH_FILE, value: currentEpoch });
  }
  let acceptedEpoch: number;
  const acceptedBytes = read(ACCEPTED_EPOCH_FILE);
  if (acceptedBytes === undefined) {
    acceptedEpoch = epochOfZxid;
    fixups.push({ op: 'write', file: ACCEPTED_EPOCH_FILE, value: acceptedEpoch });
  } else {
    const parsed = decodeEpochFile(acceptedBytes, ACCEPTED_EPOCH_FILE);
    if ('error' in parsed) return { ok: false, error: parsed.error };
    acceptedEpoch = parsed.value;
  }
  if (acceptedEpoch < currentEpoch) {
    return { ok: false, error: `The accepted epoch, ${hex64(acceptedEpoch)} is less than the current epoch, ${hex64(currentEpoch)}` };
  }
  return { ok: true, currentEpoch, acceptedEpoch, fixups };
}
