// Tree-level facts of zk-client-semantics.md that the model test does not reach: path rules, the fresh
// tree's special nodes and their Stats, sequential suffix formatting and overflow, the digest, ACL
// validation and checking (world, digest, ip, super, auth expansion, masking), and the precedence
// corners of create/delete/setACL that involve ACLs, TTLs and containers.
import { describe, expect, it } from 'vitest';
import type { Zxid } from '../../src/base/index.ts';
import { CREATE_MODE_FLAGS, OPEN_ACL_UNSAFE, PERMS, pathProblem, sequenceSuffix } from '../../src/zk/protocol/index.ts';
import type { Acl, Id, TxnOp, WriteRequest } from '../../src/zk/protocol/index.ts';
import { PendingChanges, prepWrite } from '../../src/zk/prep/index.ts';
import { DataTree, aclAllows, digestId, fixupAcl, maskDigests } from '../../src/zk/tree/index.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('paths', () => {
  it.each(['/', '/a', '/a.b', '/...', '/a/b-c_d', '/zookeeper/x', '/\u00e9t\u00e9'])('accepts %j', (p) => {
    expect(pathProblem(p)).toBeUndefined();
  });
  it.each(['', 'a', '/a/', '//a', '/a//b', '/a/./b', '/a/..', '/.', '/a\u0000', '/a\u0001', '/a\u007f', '/\ud83e\udd80', '/a\ue000', '/a\ufff0'])(
    'refuses %j', (p) => {
      expect(pathProblem(p)).toBeDefined();
    });
  it('formats sequential suffixes as %010d, with the Java int overflow', () => {
    expect(sequenceSuffix(0)).toBe('0000000000');
    expect(sequenceSuffix(42)).toBe('0000000042');
    expect(sequenceSuffix(2147483647)).toBe('2147483647');
    expect(sequenceSuffix(2147483648)).toBe('-2147483648');
  });
});

describe('a fresh tree', () => {
  it('holds exactly /, /zookeeper, /zookeeper/quota, /zookeeper/config with ZooKeeper\'s Stats', () => {
    const tree = new DataTree();
    expect(tree.paths().sort()).toEqual(['/', '/zookeeper', '/zookeeper/config', '/zookeeper/quota']);
    expect(tree.stat('/')).toMatchObject({ cversion: -1, numChildren: 1, czxid: 0, version: 0, aversion: 0 });
    expect(tree.stat('/zookeeper')).toMatchObject({ cversion: -2, numChildren: 2 });
    expect(tree.stat('/zookeeper/config')).toMatchObject({ aversion: -1, version: 0, dataLength: 0 });
    expect(tree.node('/zookeeper/config')?.acl).toEqual([{ perms: PERMS.READ, id: { scheme: 'world', id: 'anyone' } }]);
  });

  it('has a digest that equal trees share and any change moves', () => {
    const build = (data: string): DataTree => {
      const t = new DataTree();
      t.apply({ sessionId: 1, zxid: 1 as Zxid, timeMs: 5, op: create('/a', data) }, []);
      return t;
    };
    expect(build('x').digest()).toBe(build('x').digest());
    expect(build('x').digest()).not.toBe(build('y').digest());
    const t = build('x');
    const before = t.digest();
    t.apply({ sessionId: 1, zxid: 2 as Zxid, timeMs: 6, op: { type: 'delete', path: '/a' } }, []);
    // Deleted again, but not back to the fresh digest: the root's cversion and pzxid moved.
    expect(t.digest()).not.toBe(before);
    expect(t.digest()).not.toBe(new DataTree().digest());
  });
});

describe('quotas', () => {
  const text = (t: DataTree, path: string): string => new TextDecoder().decode(t.node(path)?.data ?? new Uint8Array(0));
  const STATS = '/zookeeper/quota/a/zookeeper_stats';
  const build = (): DataTree => {
    const t = new DataTree();
    let zxid = 0;
    const apply = (op: TxnOp): void => void t.apply({ sessionId: 1, zxid: ++zxid as Zxid, timeMs: zxid, op }, []);
    for (const [path, data] of [['/a', 'xy'], ['/a/b', 'z'], ['/zookeeper/quota/a', ''], ['/zookeeper/quota/a/zookeeper_limits', 'count=9'],
      [STATS, 'count=0,bytes=0'], ['/ab', 'not under /a'], ['/a/c', 'www']] as const) {
      apply(create(path, data));
    }
    apply({ type: 'setData', path: '/a', data: bytes('x'), version: 1 });
    apply({ type: 'delete', path: '/a/b' });
    return t;
  };

  it('rewrites the stats node in place on every change below the quota path, Stat untouched', () => {
    const t = build();
    expect(text(t, STATS)).toBe('count=2,bytes=4'); // /a "x" and /a/c "www"
    expect(t.stat(STATS)).toMatchObject({ version: 0, mzxid: 5, dataLength: 15 });
  });

  it('recomputes the stats and the quota paths when a tree is restored from a snapshot', () => {
    const t = build();
    const restored = DataTree.restore([...t.snapshotEntries()].map(({ path, node }) => {
      const copy = Object.assign(Object.create(Object.getPrototypeOf(node) as object) as typeof node, node, { children: new Set<string>() });
      if (path === STATS) copy.data = bytes('count=0,bytes=0'); // a stale stats node in the snapshot
      return { path, node: copy };
    }), t.lastProcessedZxid);
    expect(text(restored, STATS)).toBe('count=2,bytes=4');
    restored.apply({ sessionId: 1, zxid: 10 as Zxid, timeMs: 10, op: create('/a/d', '12345') }, []);
    expect(text(restored, STATS)).toBe('count=3,bytes=9');
  });

  it('stops counting when the limits node is deleted', () => {
    const t = build();
    t.apply({ sessionId: 1, zxid: 10 as Zxid, timeMs: 10, op: { type: 'delete', path: '/zookeeper/quota/a/zookeeper_limits' } }, []);
    t.apply({ sessionId: 1, zxid: 11 as Zxid, timeMs: 11, op: create('/a/d', '12345') }, []);
    expect(text(t, STATS)).toBe('count=2,bytes=4');
  });
});

function create(path: string, data: string): TxnOp {
  return { type: 'create', path, data: bytes(data), acl: OPEN_ACL_UNSAFE, node: { kind: 'persistent' }, parentCversion: 1 };
}

describe('ACLs', () => {
  it('computes digest ids as user:base64(sha1(user:password))', () => {
    expect(digestId('super:test')).toBe('super:D/InIHSb7yEEbrWz8b9l71RjZJU=');
  });

  it('validates ACLs as fixupACL does', () => {
    const digest: Id = { scheme: 'digest', id: digestId('u:p') };
    expect(fixupAcl([], [])).toBeUndefined();
    expect(fixupAcl([{ perms: 31, id: { scheme: 'world', id: 'someone' } }], [])).toBeUndefined();
    expect(fixupAcl([{ perms: 31, id: { scheme: 'nope', id: 'x' } }], [])).toBeUndefined();
    expect(fixupAcl([{ perms: 31, id: { scheme: 'digest', id: 'user:' } }], [])).toBeUndefined(); // Java split
    expect(fixupAcl([{ perms: 31, id: { scheme: 'digest', id: 'a:b:c' } }], [])).toBeUndefined();
    expect(fixupAcl([{ perms: 31, id: { scheme: 'ip', id: '10.0.0.300' } }], [])).toBeUndefined();
    expect(fixupAcl([{ perms: 31, id: { scheme: 'auth', id: '' } }], [])).toBeUndefined();
    expect(fixupAcl([{ perms: 31, id: { scheme: 'auth', id: 'ignored' } }], [digest, { scheme: 'ip', id: '1.2.3.4' }]))
      .toEqual([{ perms: 31, id: digest }]);
    const twice: Acl[] = [{ perms: 1, id: { scheme: 'ip', id: '10.0.0.0/8' } }, { perms: 1, id: { scheme: 'ip', id: '10.0.0.0/8' } }];
    expect(fixupAcl(twice, [])).toHaveLength(1);
  });

  it('checks permissions: world, digest, ip prefixes, super, empty ACLs', () => {
    const me: Id[] = [{ scheme: 'digest', id: digestId('u:p') }, { scheme: 'ip', id: '10.1.2.3' }];
    expect(aclAllows([{ perms: PERMS.READ, id: { scheme: 'world', id: 'anyone' } }], PERMS.READ, [])).toBe(true);
    expect(aclAllows([{ perms: PERMS.READ, id: { scheme: 'world', id: 'anyone' } }], PERMS.WRITE, [])).toBe(false);
    expect(aclAllows([{ perms: PERMS.ALL, id: { scheme: 'digest', id: digestId('u:p') } }], PERMS.WRITE, me)).toBe(true);
    expect(aclAllows([{ perms: PERMS.ALL, id: { scheme: 'digest', id: digestId('u:q') } }], PERMS.WRITE, me)).toBe(false);
    expect(aclAllows([{ perms: PERMS.ALL, id: { scheme: 'ip', id: '10.0.0.0/8' } }], PERMS.WRITE, me)).toBe(true);
    expect(aclAllows([{ perms: PERMS.ALL, id: { scheme: 'ip', id: '10.1.2.0/24' } }], PERMS.WRITE, me)).toBe(true);
    expect(aclAllows([{ perms: PERMS.ALL, id: { scheme: 'ip', id: '10.1.3.0/24' } }], PERMS.WRITE, me)).toBe(false);
    expect(aclAllows([{ perms: PERMS.ALL, id: { scheme: 'ip', id: '10.1.2.4' } }], PERMS.WRITE, me)).toBe(false);
    expect(aclAllows([], PERMS.ADMIN, [])).toBe(true);
    expect(aclAllows([{ perms: 0, id: { scheme: 'world', id: 'anyone' } }], PERMS.READ, [{ scheme: 'super', id: 'super' }])).toBe(true);
  });

  it('masks digest ids for getACL without ADMIN', () => {
    expect(maskDigests([{ perms: 1, id: { scheme: 'digest', id: 'bob:abc=' } }])).toEqual([{ perms: 1, id: { scheme: 'digest', id: 'bob:x' } }]);
  });
});

describe('prep precedence corners', () => {
  const readOnly: Acl[] = [{ perms: PERMS.READ, id: { scheme: 'world', id: 'anyone' } }];
  const prep = (tree: DataTree, req: WriteRequest, ids: Id[] = [], extended = true): TxnOp =>
    prepWrite(new PendingChanges(tree), req, { sessionId: 7, authIds: ids, extendedTypesEnabled: extended }, 10 as Zxid);
  const code = (op: TxnOp): string => (op.type === 'error' ? op.code : 'OK');
  const treeWith = (path: string, acl: readonly Acl[], kind: 'persistent' | 'ephemeral' = 'persistent'): DataTree => {
    const tree = new DataTree();
    const node = kind === 'ephemeral' ? { kind: 'ephemeral' as const, sessionId: 3 } : { kind: 'persistent' as const };
    tree.apply({ sessionId: 3, zxid: 1 as Zxid, timeMs: 1, op: { type: 'create', path, data: null, acl, node, parentCversion: 1 } }, []);
    return tree;
  };
  const mk = (path: string, flags: number, acl: readonly Acl[] = OPEN_ACL_UNSAFE, ttlMs?: number): WriteRequest =>
    ({ op: 'create', path, data: null, acl, flags, ...(ttlMs === undefined ? {} : { ttlMs }) });

  it('create: bad flags, TTL rules, INVALIDACL before NONODE, NOAUTH on parent, NODEEXISTS before NOCHILDRENFOREPHEMERALS', () => {
    const tree = treeWith('/ro', readOnly);
    expect(code(prep(tree, mk('/x', 9)))).toBe('BADARGUMENTS');
    expect(code(prep(tree, mk('/x', CREATE_MODE_FLAGS.PERSISTENT_WITH_TTL, OPEN_ACL_UNSAFE, 100), [], false))).toBe('UNIMPLEMENTED');
    expect(code(prep(tree, mk('/x', CREATE_MODE_FLAGS.PERSISTENT_WITH_TTL)))).toBe('BADARGUMENTS');
    expect(code(prep(tree, mk('/x', CREATE_MODE_FLAGS.PERSISTENT, OPEN_ACL_UNSAFE, 100)))).toBe('BADARGUMENTS');
    expect(code(prep(tree, mk('/missing/x', 0, [])))).toBe('INVALIDACL');
    expect(code(prep(tree, mk('/missing/x', 0)))).toBe('NONODE');
    expect(code(prep(tree, mk('/ro/x', 0)))).toBe('NOAUTH');
    expect(code(prep(tree, mk('/ro/x', 0), [{ scheme: 'super', id: 'super' }]))).toBe('OK');
    // The parent lookup comes before full path validation: "/x/" has the missing parent "/x".
    expect(code(prep(tree, mk('/x/', 0)))).toBe('NONODE');
    expect(code(prep(tree, mk('/zookeeper/', 0)))).toBe('BADARGUMENTS');
    expect(code(prep(tree, mk('/zookeeper/', CREATE_MODE_FLAGS.PERSISTENT_SEQUENTIAL)))).toBe('OK'); // /zookeeper/0000000000
    expect(code(prep(tree, mk('/', CREATE_MODE_FLAGS.PERSISTENT_SEQUENTIAL)))).toBe('OK'); // "/" + "0000000001"
    const eph = treeWith('/e', OPEN_ACL_UNSAFE, 'ephemeral');
    expect(code(prep(eph, mk('/e/x', 0)))).toBe('NOCHILDRENFOREPHEMERALS');
    expect(code(prep(eph, mk('/e', 0)))).toBe('NODEEXISTS');
  });

  it('delete: special paths are BADARGUMENTS, NOAUTH on the parent beats NONODE, BADVERSION beats NOTEMPTY', () => {
    const tree = treeWith('/ro', readOnly);
    for (const p of ['/', '/zookeeper', '/zookeeper/quota', '/zookeeper/config']) {
      expect(code(prep(tree, { op: 'delete', path: p, version: -1 }))).toBe('BADARGUMENTS');
    }
    expect(code(prep(tree, { op: 'delete', path: '/ro/missing', version: -1 }))).toBe('NOAUTH');
    expect(code(prep(tree, { op: 'delete', path: '/zookeeper/quota/x', version: -1 }))).toBe('NONODE');
    const nonEmpty = treeWith('/p', OPEN_ACL_UNSAFE);
    nonEmpty.apply({ sessionId: 3, zxid: 2 as Zxid, timeMs: 1, op: create('/p/c', '') }, []);
    expect(code(prep(nonEmpty, { op: 'delete', path: '/p', version: 5 }))).toBe('BADVERSION');
    expect(code(prep(nonEmpty, { op: 'delete', path: '/p', version: 0 }))).toBe('NOTEMPTY');
  });

  it('setACL: INVALIDACL before NONODE, then ADMIN, then aversion; /zookeeper/config needs ADMIN', () => {
    const tree = new DataTree();
    expect(code(prep(tree, { op: 'setACL', path: '/missing', acl: [], version: -1 }))).toBe('INVALIDACL');
    expect(code(prep(tree, { op: 'setACL', path: '/missing', acl: OPEN_ACL_UNSAFE, version: -1 }))).toBe('NONODE');
    expect(code(prep(tree, { op: 'setACL', path: '/zookeeper/config', acl: OPEN_ACL_UNSAFE, version: -1 }))).toBe('NOAUTH');
    expect(code(prep(tree, { op: 'setACL', path: '/zookeeper', acl: OPEN_ACL_UNSAFE, version: 3 }))).toBe('BADVERSION');
    const ok = prep(tree, { op: 'setACL', path: '/zookeeper', acl: OPEN_ACL_UNSAFE, version: 0 });
    expect(ok).toMatchObject({ type: 'setACL', aversion: 1 });
    expect(code(prep(tree, { op: 'setData', path: '/zookeeper/config', data: null, version: -1 }))).toBe('NOAUTH');
  });

  it('containers and TTL nodes may have children; their ephemeralOwner shows 0', () => {
    const tree = new DataTree();
    const pending = new PendingChanges(tree);
    const ctx = { sessionId: 7, authIds: [], extendedTypesEnabled: true };
    let zxid = 0;
    const run = (req: WriteRequest): TxnOp => {
      zxid += 1;
      const op = prepWrite(pending, req, ctx, zxid as Zxid);
      tree.apply({ sessionId: 7, zxid: zxid as Zxid, timeMs: zxid, op }, []);
      pending.applied(zxid as Zxid);
      return op;
    };
    run(mk('/c', CREATE_MODE_FLAGS.CONTAINER));
    run(mk('/t', CREATE_MODE_FLAGS.PERSISTENT_WITH_TTL, OPEN_ACL_UNSAFE, 5_000));
    expect(code(run(mk('/c/e', CREATE_MODE_FLAGS.EPHEMERAL)))).toBe('OK');
    expect(code(run(mk('/t/e', CREATE_MODE_FLAGS.EPHEMERAL)))).toBe('OK');
    expect(tree.stat('/c')?.ephemeralOwner).toBe(0);
    expect(tree.stat('/t')?.ephemeralOwner).toBe(0);
    expect(tree.stat('/c/e')?.ephemeralOwner).toBe(7);
    expect(tree.containers()).toEqual(['/c']);
    expect(tree.ttlNodes()).toEqual(['/t']);
    expect(tree.ephemerals(7).sort()).toEqual(['/c/e', '/t/e']);
  });
});
