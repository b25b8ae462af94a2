// The txn codec and the txn log as properties over random txns of every TxnOp variant (creates of every
// node kind, multis nested and failed, error txns, sessions; any safe-integer longs, any int, any
// well-formed string and byte content):
//  - decodeTxn(encodeTxn(t)) deep-equals t;
//  - a log cut at every byte offset (a torn tail after a crash keeps a prefix of unsynced writes) reads
//    back as exactly the whole records before the cut, `torn` with validBytes at the last whole record
//    unless the cut falls on a record boundary (`clean`), with or without the file header;
//  - flipping any bits of any byte of any record is never read as different txns: the log ends, `corrupt`
//    or `torn`, exactly before the damaged record.
// Recovery trusts these three facts: it cuts torn tails where readLog says and refuses damaged logs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Zxid } from '../../src/base/index.ts';
import { ERROR_CODES } from '../../src/zk/protocol/index.ts';
import type { Acl, ErrorName, NodeKind, Txn, TxnOp } from '../../src/zk/protocol/index.ts';
import { decodeTxn, encodeLogHeader, encodeLogRecord, encodeTxn, readLog } from '../../src/zk/storage/index.ts';
import { checkProperty } from '../support/property.ts';

const long = fc.maxSafeInteger();
const int = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const text = fc.string({ unit: 'binary', maxLength: 6 });
const path = text.map((s) => `/${s}`);
const data = fc.option(fc.uint8Array({ maxLength: 12 }), { nil: null });
const acl: fc.Arbitrary<Acl[]> = fc.array(fc.record({ perms: int, id: fc.record({ scheme: text, id: text }) }), { maxLength: 3 });
const nodeKind: fc.Arbitrary<NodeKind> = fc.oneof(
  fc.constant({ kind: 'persistent' as const }),
  fc.record({ kind: fc.constant('ephemeral' as const), sessionId: long }),
  fc.constant({ kind: 'container' as const }),
  fc.record({ kind: fc.constant('ttl' as const), ttlMs: long }),
);
const errorCode = fc.constantFrom(...(Object.keys(ERROR_CODES) as ErrorName[]));

const leafOp: fc.Arbitrary<TxnOp> = fc.oneof(
  fc.record({ type: fc.constant('create' as const), path, data, acl, node: nodeKind, parentCversion: int }),
  fc.record({ type: fc.constant('delete' as const), path }),
  fc.record({ type: fc.constant('setData' as const), path, data, version: int }),
  fc.record({ type: fc.constant('setACL' as const), path, acl, aversion: int }),
  fc.record({ type: fc.constant('check' as const), path }),
  fc.record({ type: fc.constant('createSession' as const), timeoutMs: int }),
  fc.constant({ type: 'closeSession' as const }),
  fc.record({ type: fc.constant('error' as const), code: errorCode }),
);
const { op } = fc.letrec<{ op: TxnOp }>((tie) => ({
  op: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    leafOp,
    fc.record({ type: fc.constant('multi' as const), ops: fc.array(tie('op'), { maxLength: 3 }) })),
}));
const txn: fc.Arbitrary<Txn> = fc.record({ sessionId: long, zxid: fc.nat().map((z) => z as Zxid), timeMs: long, op });

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function logOf(txns: readonly Txn[], withHeader: boolean): { bytes: Uint8Array; ends: number[]; start: number } {
  const parts = [withHeader ? encodeLogHeader() : new Uint8Array(), ...txns.map(encodeLogRecord)];
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  const ends: number[] = [];
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
    ends.push(at);
  }
  return { bytes, ends: ends.slice(1), start: ends[0] as number };
}

describe('txn codec', () => {
  it('decode(encode(t)) deep-equals t for random txns of every op', async () => {
    await checkProperty(fc.property(txn, (t) => {
      expect(decodeTxn(encodeTxn(t))).toEqual(t);
    }), { numRuns: 500, file: import.meta.url });
  });
});

describe('txn log', () => {
  it('cut at every byte offset reads back exactly the whole records before the cut', async () => {
    await checkProperty(fc.property(fc.array(txn, { minLength: 1, maxLength: 3 }), fc.boolean(), (txns, withHeader) => {
      const { bytes, ends, start } = logOf(txns, withHeader);
      const expected = txns.map(encodeTxn).map(hex);
      for (let cut = 0; cut <= bytes.length; cut++) {
        const whole = ends.filter((end) => end <= cut).length;
        const validBytes = whole > 0 ? (ends[whole - 1] as number) : cut >= start ? start : 0;
        const read = readLog(bytes.subarray(0, cut));
        // Compared as encodings (the codec property above makes that deep equality), for speed.
        expect(read.txns.map(encodeTxn).map(hex)).toEqual(expected.slice(0, whole));
        expect([read.validBytes, read.end]).toEqual([validBytes, validBytes === cut ? 'clean' : 'torn']);
        expect(read.offsets).toEqual([start, ...ends].slice(0, whole));
      }
    }), { numRuns: 25, file: import.meta.url });
  });

  it('with any byte of a record damaged is never read as different txns', async () => {
    const damage = fc.record({
      txns: fc.array(txn, { minLength: 1, maxLength: 3 }), withHeader: fc.boolean(), mask: fc.integer({ min: 1, max: 255 }),
    });
    await checkProperty(fc.property(damage, ({ txns, withHeader, mask }) => {
      const { bytes, ends, start } = logOf(txns, withHeader);
      const expected = txns.map(encodeTxn).map(hex);
      for (let at = start; at < bytes.length; at++) {
        const record = ends.findIndex((end) => at < end);
        const damaged = bytes.slice();
        damaged[at] = (damaged[at] as number) ^ mask;
        const read = readLog(damaged);
        expect(read.end).not.toBe('clean');
        expect(read.txns.map(encodeTxn).map(hex)).toEqual(expected.slice(0, record));
        expect(read.validBytes).toBe(record === 0 ? start : ends[record - 1]);
      }
    }), { numRuns: 25, file: import.meta.url });
  });
});
