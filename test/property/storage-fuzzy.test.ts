// Fuzzy snapshots plus log replay recover exactly the tree the txns produced. Random client workloads
// (creates of every node kind, sequential names, deletes, setData, setACL, multis that succeed and
// fail, container reaping, session opens and closes, and whole subtrees deleted and recreated, on a few
// overlapping paths, so that nodes die and are reborn under the snapshot's feet) are turned into txns
// by the real prep stage and applied to a reference tree. A live tree replays them too; after txn k a
// snapshot of it starts, written a few nodes per step while txns k+1..j keep being applied between the
// steps, as ZooKeeper's snapshot thread does.
// Recovery from that snapshot and the whole log (split into files at random points, so a file named
// before the snapshot holds txns after it) must give the reference tree: the same digest, paths,
// children, data, ACLs, node kinds and every Stat field, the same sessions and the same last zxid.
// Known gap, excluded here and pinned in test/unit/storage-recovery.test.ts: a closeSession inside the
// snapshot window that deletes an ephemeral the snapshot missed (ZOOKEEPER-3145; needs closeSession txns
// to list their paths), so windows end before such a closeSession.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Zxid } from '../../src/base/index.ts';
import { ANYONE_ID, CREATE_MODE_FLAGS, OPEN_ACL_UNSAFE, PERMS } from '../../src/zk/protocol/index.ts';
import type { Acl, CreateMode, MultiOp, Txn, TxnOp, WriteRequest } from '../../src/zk/protocol/index.ts';
import { PendingChanges, prepDeleteContainer, prepWrite } from '../../src/zk/prep/index.ts';
import { DataTree } from '../../src/zk/tree/index.ts';
import { encodeLogRecord, logFileName, recover, snapshotFileName, snapshotWriter } from '../../src/zk/storage/index.ts';
import { checkProperty } from '../support/property.ts';

type Step =
  | { readonly kind: 'write'; readonly session: number; readonly request: WriteRequest | { readonly op: 'multi'; readonly ops: MultiOp[] } }
  | { readonly kind: 'open' | 'close'; readonly session: number }
  | { readonly kind: 'reap'; readonly path: string }
  /** Delete the node's subtree, deepest first, then create it and a child again: a rebirth in a few txns. */
  | { readonly kind: 'reborn'; readonly path: string };

const PATHS = ['/a', '/a/b', '/a/b/c', '/a/c', '/b', '/b/c'];
const TWO_ACLS: Acl[] = [{ perms: PERMS.ALL, id: ANYONE_ID }, { perms: PERMS.READ, id: { scheme: 'digest', id: 'u:x' } }];
const path = fc.oneof({ weight: 2, arbitrary: fc.constantFrom('/a', '/b') }, { weight: 3, arbitrary: fc.constantFrom(...PATHS) });
const version = fc.constantFrom(-1, -1, 0, 1);
const data = fc.constantFrom('', 'v', 'ww').map((s) => new TextEncoder().encode(s));
const mode = fc.constantFrom<CreateMode>('PERSISTENT', 'PERSISTENT', 'EPHEMERAL', 'PERSISTENT_SEQUENTIAL', 'EPHEMERAL_SEQUENTIAL',
  'CONTAINER', 'PERSISTENT_WITH_TTL');
const multiOp: fc.Arbitrary<MultiOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ path, data, mode }).map(({ path: p, data: d, mode: m }) => createRequest(p, d, m)) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), path, version }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('setData' as const), path, data, version }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('check' as const), path, version }) },
);
const session = fc.constantFrom(1, 2, 3);
const setAcl = fc.record({ op: fc.constant('setACL' as const), path, acl: fc.constantFrom(OPEN_ACL_UNSAFE, TWO_ACLS), version });
const multi = fc.record({ op: fc.constant('multi' as const), ops: fc.array(multiOp, { maxLength: 3 }) });
const write = (request: fc.Arbitrary<WriteRequest | { op: 'multi'; ops: MultiOp[] }>): fc.Arbitrary<Step> =>
  fc.record({ kind: fc.constant('write' as const), session, request });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 10, arbitrary: write(multiOp) },
  { weight: 2, arbitrary: write(setAcl) },
  { weight: 3, arbitrary: write(multi) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('open' as const, 'close' as const), session }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reap' as const), path }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reborn' as const), path: fc.constantFrom('/a', '/a/b', '/b') }) },
);

function createRequest(p: string, d: Uint8Array, m: CreateMode): MultiOp {
  const request = { op: 'create' as const, path: p, data: d, acl: OPEN_ACL_UNSAFE, flags: CREATE_MODE_FLAGS[m] };
  return m === 'PERSISTENT_WITH_TTL' ? { ...request, ttlMs: 5000 } : request;
}

interface Run {
  readonly txns: Txn[];
  readonly tree: DataTree;
  readonly sessions: Map<number, number>;
  /** Indexes of closeSession txns that deleted ephemerals. */
  readonly closesWithEphemerals: number[];
}

/** Every run starts with the paths created and the sessions open, so that the window has work to do. */
const PRELUDE: readonly Step[] = [
  ...[1, 2, 3].map((s) => ({ kind: 'open' as const, session: s })),
  ...PATHS.map((p) => ({ kind: 'write' as const, session: 1, request: createRequest(p, new Uint8Array(), 'PERSISTENT') })),
];

/** Turns steps into txns through the prep stage, applying each to a reference tree. */
function runSteps(steps: readonly Step[]): Run {
  const tree = new DataTree();
  const pending = new PendingChanges(tree);
  const run: Run = { txns: [], tree, sessions: new Map(), closesWithEphemerals: [] };
  const queue = [...steps];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    if (s.kind === 'reborn') {
      queue.unshift(...rebirth(tree, s.path));
      continue;
    }
    const zxid = (run.txns.length + 1) as Zxid;
    const header = { sessionId: s.kind === 'reap' ? 0 : s.session, zxid, timeMs: 1000 + zxid };
    const txn: Txn = { ...header, op: opOf(s, pending, zxid) };
    const result = applyTracked(tree, run.sessions, txn);
    pending.applied(zxid);
    if (result.type === 'closeSession' && result.deleted.length > 0) run.closesWithEphemerals.push(run.txns.length);
    run.txns.push(txn);
  }
  return run;
}

function opOf(s: Exclude<Step, { kind: 'reborn' }>, pending: PendingChanges, zxid: Zxid): TxnOp {
  switch (s.kind) {
    case 'open':
      return { type: 'createSession', timeoutMs: 4000 + s.session };
    case 'close':
      return { type: 'closeSession' };
    case 'reap':
      return prepDeleteContainer(pending, s.path, zxid);
    case 'write':
      return prepWrite(pending, s.request, { sessionId: s.session, authIds: [], extendedTypesEnabled: true }, zxid);
  }
}

function rebirth(tree: DataTree, root: string): Step[] {
  const doomed = tree.paths().filter((p) => p === root || p.startsWith(`${root}/`)).sort((a, b) => b.length - a.length);
  const write = (request: MultiOp): Step => ({ kind: 'write', session: 1, request });
  return [
    ...doomed.map((p) => write({ op: 'delete', path: p, version: -1 })),
    write(createRequest(root, new Uint8Array([1]), 'PERSISTENT')),
    write(createRequest(`${root}/c`, new Uint8Array([2]), 'PERSISTENT')),
  ];
}

function applyTracked(tree: DataTree, sessions: Map<number, number>, txn: Txn): ReturnType<DataTree['apply']> {
  if (txn.op.type === 'createSession') sessions.set(txn.sessionId, txn.op.timeoutMs);
  if (txn.op.type === 'closeSession') sessions.delete(txn.sessionId);
  return tree.apply(txn, []);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The log split into files at the given txn indexes, each named after its first txn. */
function logFiles(txns: readonly Txn[], splits: readonly number[]): Map<string, Uint8Array> {
  const starts = [...new Set([0, ...splits.filter((i) => i > 0 && i < txns.length)])].sort((a, b) => a - b);
  const files = new Map<string, Uint8Array>();
  starts.forEach((start, i) => {
    const slice = txns.slice(start, starts[i + 1] ?? txns.length);
    files.set(logFileName((slice[0] as Txn).zxid), concat(slice.map(encodeLogRecord)));
  });
  return files;
}

function sameTrees(actual: DataTree, expected: DataTree): void {
  expect(actual.digest()).toBe(expected.digest());
  expect(actual.paths().sort()).toEqual(expected.paths().sort());
  for (const p of expected.paths()) {
    const a = actual.node(p);
    const e = expected.node(p);
    expect({ path: p, stat: actual.stat(p), data: a?.data, acl: a?.acl, kind: a?.kind, children: actual.children(p)?.sort() })
      .toEqual({ path: p, stat: expected.stat(p), data: e?.data, acl: e?.acl, kind: e?.kind, children: expected.children(p)?.sort() });
  }
  for (const s of [0, 1, 2, 3]) expect(actual.ephemerals(s).sort()).toEqual(expected.ephemerals(s).sort());
  expect(actual.containers().sort()).toEqual(expected.containers().sort());
  expect(actual.ttlNodes().sort()).toEqual(expected.ttlNodes().sort());
}

const scenario = fc.record({
  steps: fc.array(step, { minLength: 1, maxLength: 40, size: 'medium' }),
  early: fc.boolean(), start: fc.nat(), length: fc.nat(), chunkNodes: fc.integer({ min: 1, max: 2 }),
  gaps: fc.array(fc.nat({ max: 8 }), { minLength: 1, maxLength: 6 }),
  splits: fc.array(fc.nat({ max: 50 }), { maxLength: 3 }),
});

describe('fuzzy snapshot recovery', () => {
  it('from a snapshot started at txn k, finished after txn j, and the log gives the tree after all txns', async () => {
    await checkProperty(fc.property(scenario, ({ steps, early, start, length, chunkNodes, gaps, splits }) => {
      const run = runSteps([...PRELUDE, ...steps]);
      const n = run.txns.length;
      const k = early ? start % (n + 1) : PRELUDE.length + (start % (n + 1 - PRELUDE.length)); // half the runs start after the prelude
      const close = run.closesWithEphemerals.find((i) => i >= k);
      const j = Math.min(k + (length % (n + 1 - k)), close ?? n); // apply txns [k, j) while writing
      const live = new DataTree();
      const liveSessions = new Map<number, number>();
      for (const txn of run.txns.slice(0, k)) applyTracked(live, liveSessions, txn);
      const writer = snapshotWriter({ tree: live, sessions: liveSessions }, { chunkNodes });
      expect(writer.zxid).toBe(k);
      let next = k;
      for (let g = 0; !writer.step(); g++) {
        for (let m = gaps[g % gaps.length] as number; m > 0 && next < j; m--) applyTracked(live, liveSessions, run.txns[next++] as Txn);
      }
      const files = logFiles(run.txns, splits);
      files.set(snapshotFileName(writer.zxid), writer.finish());
      const result = recover(files);
      if ('problem' in result) throw new Error(result.problem);
      expect(result.lastZxid).toBe(n);
      expect(result.txnsReplayed).toBe(n - k);
      expect([...result.sessions].sort()).toEqual([...run.sessions].sort());
      sameTrees(result.tree, run.tree);
    }), { numRuns: 300, file: import.meta.url });
  });
});
