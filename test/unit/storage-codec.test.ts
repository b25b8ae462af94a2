// The byte-level facts of zk/storage that the round-trip properties cannot pin down on their own: that
// Adler-32 is the real Adler-32 (known vectors, long inputs past zlib's NMAX), that longs are Java longs
// (big-endian, two's complement high word) and buffers/strings use -1 for null, that a txn's bytes start
// with ZooKeeper's TxnHeader fields and op codes, that malformed bytes throw DecodeError rather than
// anything else, that file names are ZooKeeper's (lower-case hex, no padding), and that planLogRoll is
// SyncRequestProcessor's `logCount > snapCount/2 + randRoll`.
import { describe, expect, it } from 'vitest';
import type { Zxid } from '../../src/base/index.ts';
import { AssertionError, zxid } from '../../src/base/index.ts';
import { OPEN_ACL_UNSAFE } from '../../src/zk/protocol/index.ts';
import type { Txn } from '../../src/zk/protocol/index.ts';
import {
  DecodeError, JuteReader, JuteWriter, OP_CODES, adler32, decodeTxn, encodeTxn, logFileName, parseLogFileName,
  parseSnapshotFileName, planLogRoll, randRollBound, snapshotFileName,
} from '../../src/zk/storage/index.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

function naiveAdler(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const x of bytes) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return (b * 65536 + a) >>> 0;
}

describe('adler32', () => {
  it('matches known vectors', () => {
    expect(adler32(new Uint8Array())).toBe(1);
    expect(adler32(utf8('Wikipedia'))).toBe(0x11e60398);
    expect(adler32(utf8('abc'))).toBe(0x024d0127);
  });
  it('matches the per-byte definition on long inputs of 0xff (where deferred reduction could overflow)', () => {
    const bytes = new Uint8Array(20_000).fill(0xff);
    expect(adler32(bytes)).toBe(naiveAdler(bytes));
    expect(adler32(bytes, 7, 12_345)).toBe(naiveAdler(bytes.subarray(7, 12_345)));
  });
});

describe('jute', () => {
  it('writes longs as two big-endian halves, negatives in two\'s complement', () => {
    const out = new JuteWriter();
    out.long(1);
    out.long(-1);
    out.long(zxid(3, 7));
    out.long(Number.MAX_SAFE_INTEGER);
    expect(hex(out.bytes())).toBe('0000000000000001' + 'ffffffffffffffff' + '0000000300000007' + '001fffffffffffff');
    const input = new JuteReader(out.bytes());
    expect([input.long(), input.long(), input.long(), input.long()]).toEqual([1, -1, zxid(3, 7), Number.MAX_SAFE_INTEGER]);
  });
  it('writes null buffers and strings as length -1, strings in UTF-8', () => {
    const out = new JuteWriter();
    out.buffer(null);
    out.string('é/');
    out.string(null);
    expect(hex(out.bytes())).toBe('ffffffff' + '00000003c3a92f' + 'ffffffff');
    const input = new JuteReader(out.bytes());
    expect([input.buffer(), input.string(), input.string()]).toEqual([null, 'é/', null]);
  });
  it('refuses to write what does not fit, and reading past the end or a long beyond 2^53 throws DecodeError', () => {
    expect(() => new JuteWriter().int(2 ** 31)).toThrow(AssertionError);
    expect(() => new JuteWriter().long(2 ** 53)).toThrow(AssertionError);
    expect(() => new JuteReader(new Uint8Array(3)).int()).toThrow(DecodeError);
    expect(() => new JuteReader(new Uint8Array(8).fill(0x7f)).long()).toThrow(DecodeError);
    expect(() => new JuteReader(Uint8Array.of(0, 0, 0, 9, 1)).buffer()).toThrow(DecodeError);
    expect(() => new JuteReader(Uint8Array.of(0, 0, 0, 1, 0xff)).string()).toThrow(DecodeError);
  });
});

describe('txn bytes', () => {
  const txn: Txn = {
    sessionId: 0x100000000, zxid: zxid(1, 2), timeMs: 5,
    op: { type: 'create', path: '/a', data: utf8('x'), acl: OPEN_ACL_UNSAFE, node: { kind: 'persistent' }, parentCversion: 1 },
  };
  it('start with the TxnHeader fields (session, zxid, time) and the op code', () => {
    const bytes = encodeTxn(txn);
    expect(hex(bytes.subarray(0, 28))).toBe('0000000100000000' + '0000000100000002' + '0000000000000005' + '00000001');
    expect(decodeTxn(bytes)).toEqual(txn);
  });
  it('use ZooKeeper\'s op codes for container and TTL creates, and MultiTxn entries', () => {
    const container = encodeTxn({ ...txn, op: { ...txn.op, node: { kind: 'container' } } as Txn['op'] });
    expect(new JuteReader(container, 24).int()).toBe(OP_CODES.createContainer);
    const multi = encodeTxn({ ...txn, op: { type: 'multi', ops: [{ type: 'error', code: 'NONODE' }] } });
    expect(hex(multi.subarray(24))).toBe('0000000e' + '00000001' + 'ffffffff' + '00000004' + 'ffffff9b');
  });
  it('that are malformed throw DecodeError: truncated, trailing bytes, unknown op or error code', () => {
    const bytes = encodeTxn(txn);
    for (let cut = 0; cut < bytes.length; cut++) expect(() => decodeTxn(bytes.subarray(0, cut))).toThrow(DecodeError);
    expect(() => decodeTxn(Uint8Array.of(...bytes, 0))).toThrow(DecodeError);
    const unknown = encodeTxn({ ...txn, op: { type: 'closeSession' } });
    unknown.set([0, 0, 0, 99], 24);
    expect(() => decodeTxn(unknown)).toThrow(/unknown txn type 99/);
    const badCode = encodeTxn({ ...txn, op: { type: 'error', code: 'OK' } });
    badCode[31] = 77;
    expect(() => decodeTxn(badCode)).toThrow(/unknown error code 77/);
  });
});

describe('file names', () => {
  it('are log.<hex> and snapshot.<hex> in lower case without padding, and parse back', () => {
    expect(logFileName(zxid(1, 0xab))).toBe('log.1000000ab');
    expect(snapshotFileName(0 as Zxid)).toBe('snapshot.0');
    expect(parseLogFileName('log.1000000ab')).toBe(zxid(1, 0xab));
    expect(parseSnapshotFileName('snapshot.0')).toBe(0);
  });
  it.each(['log.', 'log.XYZ', 'log.1A', 'log.-1', 'snapshot.1', 'currentEpoch', 'log.1.tmp', 'log.fffffffffffffff'])(
    'ignores %j as a log', (name) => {
      expect(parseLogFileName(name)).toBeUndefined();
    });
});

describe('planLogRoll', () => {
  it('rolls once more than snapCount/2 + randRoll txns are logged', () => {
    expect(randRollBound(100_000)).toBe(50_000);
    expect(planLogRoll(50_000, 100_000, 0)).toEqual({ roll: false, thresholdTxns: 50_001 });
    expect(planLogRoll(50_001, 100_000, 0).roll).toBe(true);
    expect(planLogRoll(100_000, 100_000, 49_999)).toEqual({ roll: true, thresholdTxns: 100_000 });
    expect(planLogRoll(99_999, 100_000, 49_999).roll).toBe(false);
    expect(planLogRoll(2, 3, 0)).toEqual({ roll: true, thresholdTxns: 2 });
  });
  it('refuses a randRoll outside [0, snapCount/2) and a snapCount below 2', () => {
    expect(() => planLogRoll(1, 100, 50)).toThrow(AssertionError);
    expect(() => planLogRoll(1, 1, 0)).toThrow(AssertionError);
  });
});
