// Snapshots: a tree with every node kind, ACLs, null and non-null data and sessions survives encode and
// decode exactly (digest, every Stat field, data, ACL, kind, children); the bytes carry ZooKeeper's
// header and seal; every prefix of a snapshot (a crash while writing it) and every single damaged byte
// makes it invalid rather than a different tree; a snapshot never claims a zxid its tree has not
// reached. And the fuzzy writer: it writes chunk by chunk while txns are applied between chunks, names
// the zxid it started at, writes each node as it is when its turn comes, skips nodes deleted before their
// turn and leaves out children created after their parent was written.
import { describe, expect, it } from 'vitest';
import type { Zxid } from '../../src/base/index.ts';
import { AssertionError } from '../../src/base/index.ts';
import { CREATE_MODE_FLAGS, OPEN_ACL_UNSAFE, PERMS } from '../../src/zk/protocol/index.ts';
import type { MultiOp, Txn, WriteRequest } from '../../src/zk/protocol/index.ts';
import { PendingChanges, prepWrite } from '../../src/zk/prep/index.ts';
import { DataTree } from '../../src/zk/tree/index.ts';
import { decodeSnapshot, decodeSnapshotEntries, encodeSnapshot, snapshotWriter } from '../../src/zk/storage/index.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Makes valid txns through the prep stage and applies them to its tree. */
class Maker {
  readonly tree = new DataTree();
  private readonly pending = new PendingChanges(this.tree);
  zxid = 0;

  write(request: WriteRequest | { op: 'multi'; ops: MultiOp[] }, sessionId = 1): Txn {
    const zxid = (this.zxid + 1) as Zxid;
    const op = prepWrite(this.pending, request, { sessionId, authIds: [], extendedTypesEnabled: true }, zxid);
    return this.apply({ sessionId, zxid, timeMs: 1000 + zxid, op });
  }

  create(path: string, flags = 0, data: Uint8Array | null = bytes(path)): Txn {
    return this.write({ op: 'create', path, data, acl: OPEN_ACL_UNSAFE, flags, ...(flags >= 5 ? { ttlMs: 9000 } : {}) });
  }

  apply(txn: Txn, tree = this.tree): Txn {
    tree.apply(txn, []);
    if (tree === this.tree) {
      this.zxid = txn.zxid;
      this.pending.applied(txn.zxid);
    }
    return txn;
  }
}

function sampleTree(): Maker {
  const m = new Maker();
  m.create('/a');
  m.create('/a/b', CREATE_MODE_FLAGS.EPHEMERAL, null);
  m.create('/a/s-', CREATE_MODE_FLAGS.PERSISTENT_SEQUENTIAL);
  m.create('/c', CREATE_MODE_FLAGS.CONTAINER);
  m.create('/c/x');
  m.create('/t', CREATE_MODE_FLAGS.PERSISTENT_WITH_TTL, new Uint8Array());
  m.write({ op: 'setData', path: '/a', data: bytes('v2'), version: -1 });
  m.write({ op: 'setACL', path: '/t', acl: [{ perms: PERMS.READ | PERMS.ADMIN, id: { scheme: 'world', id: 'anyone' } }], version: -1 });
  m.write({ op: 'delete', path: '/c/x', version: -1 });
  return m;
}

function expectSameTree(actual: DataTree, expected: DataTree): void {
  expect(actual.digest()).toBe(expected.digest());
  expect(actual.paths().sort()).toEqual(expected.paths().sort());
  for (const p of expected.paths()) {
    const [a, e] = [actual.node(p), expected.node(p)];
    expect([p, actual.stat(p), a?.data, a?.acl, a?.kind, actual.children(p)])
      .toEqual([p, expected.stat(p), e?.data, e?.acl, e?.kind, expected.children(p)]);
  }
  expect(actual.lastProcessedZxid).toBe(expected.lastProcessedZxid);
}

describe('encodeSnapshot / decodeSnapshot', () => {
  const m = sampleTree();
  const sessions = new Map([[1, 4000], [0x100000000002, 30_000]]);
  const snap = encodeSnapshot({ tree: m.tree, sessions, zxid: m.tree.lastProcessedZxid });

  it('round-trips a tree of every node kind, with its sessions and zxid', () => {
    const decoded = decodeSnapshot(snap);
    if ('invalid' in decoded) throw new Error(decoded.invalid);
    expectSameTree(decoded.tree, m.tree);
    expect([...decoded.sessions]).toEqual([...sessions]);
    expect(decoded.zxid).toBe(9);
  });

  it('writes ZooKeeper\'s header (ZKSN, version 2, dbid -1) and seal (checksum, then the string "/")', () => {
    expect(hex(snap.subarray(0, 24))).toBe('5a4b534e' + '00000002' + 'ffffffffffffffff' + '0000000000000009');
    expect(hex(snap.subarray(snap.length - 13, snap.length - 9))).toBe('00000000');
    expect(hex(snap.subarray(snap.length - 5))).toBe('000000012f');
  });

  it('finds every prefix (a crash while writing) invalid', () => {
    for (let cut = 0; cut < snap.length; cut++) expect(decodeSnapshot(snap.subarray(0, cut))).toHaveProperty('invalid');
  });

  it('finds every single damaged byte invalid, never a different tree', () => {
    for (let at = 0; at < snap.length; at++) {
      const damaged = snap.slice();
      damaged[at] = (damaged[at] as number) ^ (1 << (at % 8));
      expect(decodeSnapshot(damaged)).toHaveProperty('invalid');
    }
  });

  it('refuses to claim a zxid its tree has not reached', () => {
    expect(() => encodeSnapshot({ tree: m.tree, sessions, zxid: 10 as Zxid })).toThrow(AssertionError);
    expect(decodeSnapshot(encodeSnapshot({ tree: m.tree, sessions, zxid: 3 as Zxid }))).toMatchObject({ zxid: 3 });
  });
});

describe('snapshotWriter (fuzzy)', () => {
  it('writes in chunks while txns are applied, named after the zxid it started at', () => {
    const m = sampleTree();
    const writer = snapshotWriter({ tree: m.tree, sessions: new Map() }, { chunkNodes: 2 });
    expect(() => writer.finish()).toThrow(AssertionError);
    expect(writer.step()).toBe(false); // "/", then "/zookeeper" (children in creation order)
    m.write({ op: 'setData', path: '/zookeeper/quota', data: bytes('later'), version: -1 }); // not written yet: written as it is now
    m.write({ op: 'delete', path: '/a/b', version: -1 }, 1); // deleted before its turn: skipped
    m.create('/a/new'); // /a not written yet: its new child is written too
    m.create('/new'); // "/" already written: its new child is not
    while (!writer.step()) { /* the rest */ }
    expect(writer.zxid).toBe(9);
    const decoded = decodeSnapshotEntries(writer.finish());
    if ('invalid' in decoded) throw new Error(decoded.invalid);
    expect(decoded.zxid).toBe(9);
    expect(decoded.entries.map((e) => e.path)).toEqual(
      ['/', '/zookeeper', '/zookeeper/quota', '/zookeeper/config', '/a', '/a/s-0000000001', '/a/new', '/c', '/t']);
    expect(decoded.entries.find((e) => e.path === '/zookeeper/quota')?.node.data).toEqual(bytes('later'));
    expect(writer.nodesWritten).toBe(9);
    expect(writer.finish()).toBe(writer.finish());
  });
});
