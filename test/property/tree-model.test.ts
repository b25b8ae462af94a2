// The tree and the prep stage together against a simple reference model (test/support/tree-model.ts,
// written from the reference, not from the code): random sequences of creates in every plain mode
// (sequential names included), deletes, setData, multis with checks, and session closes, from two
// sessions. After every request the result (path, error code, or multi result encoding) and every
// node's visible Stat, data and children must match the model. The same sequence is also run pipelined,
// several writes prepared before any is applied, as a server with writes in flight does: outcomes must
// not change, because prep validates against pending changes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Zxid } from '../../src/base/index.ts';
import { CREATE_MODE_FLAGS, OPEN_ACL_UNSAFE } from '../../src/zk/protocol/index.ts';
import type { MultiOp, Txn, TxnOp } from '../../src/zk/protocol/index.ts';
import { PendingChanges, prepWrite } from '../../src/zk/prep/index.ts';
import { DataTree, statOf } from '../../src/zk/tree/index.ts';
import type { ApplyResult, TreeEvent } from '../../src/zk/tree/index.ts';
import { checkProperty } from '../support/property.ts';
import { TreeModel } from '../support/tree-model.ts';
import type { ModelMode, ModelOp, ModelResult } from '../support/tree-model.ts';

type Step =
  | { readonly kind: 'write'; readonly ops: readonly ModelOp[]; readonly multi: boolean; readonly session: number }
  | { readonly kind: 'close'; readonly session: number };

const paths = ['/a', '/b', '/a/x', '/a/y', '/b/x', '/a/x/z', '/zookeeper', '/', '/zookeeper/quota', '/nope/x'];
const path = fc.constantFrom(...paths);
const version = fc.constantFrom(-1, 0, 1, 2);
const data = fc.constantFrom('', 'v', 'vv');
const mode = fc.constantFrom<ModelMode>('PERSISTENT', 'EPHEMERAL', 'PERSISTENT_SEQUENTIAL', 'EPHEMERAL_SEQUENTIAL');
const modelOp: fc.Arbitrary<ModelOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('create' as const), path, mode, data }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), path, version }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('setData' as const), path, version, data }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('check' as const), path, version }) },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('write' as const), ops: fc.array(modelOp, { minLength: 1, maxLength: 1 }), multi: fc.constant(false), session: fc.constantFrom(1, 2) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('write' as const), ops: fc.array(modelOp, { minLength: 0, maxLength: 4 }), multi: fc.constant(true), session: fc.constantFrom(1, 2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), session: fc.constantFrom(1, 2) }) },
);

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function toRequest(op: ModelOp): MultiOp {
  switch (op.op) {
    case 'create':
      return { op: 'create', path: op.path, data: bytes(op.data), acl: OPEN_ACL_UNSAFE, flags: CREATE_MODE_FLAGS[op.mode] };
    case 'delete':
      return { op: 'delete', path: op.path, version: op.version };
    case 'setData':
      return { op: 'setData', path: op.path, data: bytes(op.data), version: op.version };
    case 'check':
      return { op: 'check', path: op.path, version: op.version };
  }
}

function resultOf(r: ApplyResult, op: TxnOp, multi: boolean): ModelResult {
  if (r.type === 'error') return { err: r.code };
  if (multi && r.type === 'multi') {
    const subs = r.results;
    if (subs.some((s) => s.type === 'error')) return { multi: subs.map((s) => (s.type === 'error' ? s.code : '?')) };
    return { multi: subs.map((s, i) => pathOf(s, (op as Extract<TxnOp, { type: 'multi' }>).ops[i] as TxnOp)) };
  }
  return { ok: pathOf(r, op) };
}

function pathOf(r: ApplyResult, op: TxnOp): string {
  if (r.type === 'create' || r.type === 'delete') return r.path;
  if ('path' in op) return op.path;
  return '?';
}

/** Runs the steps, preparing `batch` writes before applying them; returns per-step results. */
function runTree(steps: readonly Step[], batch: number, check: (tree: DataTree, i: number) => void): ModelResult[] {
  const tree = new DataTree();
  const pending = new PendingChanges(tree);
  const results: ModelResult[] = [];
  let zxid = 0;
  let queue: { txn: Txn; multi: boolean }[] = [];
  const flush = (): void => {
    for (const { txn, multi } of queue) {
      const events: TreeEvent[] = [];
      const r = tree.apply(txn, events);
      pending.applied(txn.zxid);
      if (txn.op.type !== 'closeSession') results.push(resultOf(r, txn.op, multi));
      check(tree, results.length);
    }
    queue = [];
  };
  for (const s of steps) {
    zxid += 1;
    const header = { sessionId: s.session, zxid: zxid as Zxid, timeMs: 1000 + zxid };
    if (s.kind === 'close') {
      flush(); // a closeSession's deletions are decided when it is applied
      queue.push({ txn: { ...header, op: { type: 'closeSession' } }, multi: false });
    } else {
      const ctx = { sessionId: s.session, authIds: [], extendedTypesEnabled: true };
      const request = s.multi ? { op: 'multi' as const, ops: s.ops.map(toRequest) } : toRequest(s.ops[0] as ModelOp);
      queue.push({ txn: { ...header, op: prepWrite(pending, request, ctx, zxid as Zxid) }, multi: s.multi });
    }
    if (queue.length >= batch) flush();
  }
  flush();
  return results;
}

function modelRun(steps: readonly Step[]): { results: ModelResult[]; model: TreeModel } {
  const model = new TreeModel();
  const results: ModelResult[] = [];
  for (const s of steps) {
    if (s.kind === 'close') model.closeSession(s.session);
    else results.push(model.run(s.ops, s.multi, s.session));
  }
  return { results, model };
}

function visibleOfTree(tree: DataTree, path: string): Record<string, number | string> | undefined {
  const node = tree.node(path);
  if (node === undefined) return undefined;
  const stat = statOf(node);
  return {
    czxid: stat.czxid, mzxid: stat.mzxid, pzxid: stat.pzxid, version: stat.version, cversion: stat.cversion,
    numChildren: stat.numChildren, ephemeralOwner: stat.ephemeralOwner, dataLength: stat.dataLength,
    data: new TextDecoder().decode(node.data ?? new Uint8Array()), children: [...node.children].sort().join(','),
  };
}

describe('DataTree + prep against the reference model', () => {
  it('agree on every result and every Stat, applied one by one', async () => {
    await checkProperty(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      const { results: expected, model } = modelRun(steps);
      let tree: DataTree | undefined;
      const actual = runTree(steps, 1, (t) => {
        tree = t;
      });
      expect(actual).toEqual(expected);
      const final = tree ?? new DataTree();
      expect(final.paths().sort()).toEqual([...model.nodes.keys()].sort());
      for (const p of model.nodes.keys()) expect(visibleOfTree(final, p), p).toEqual(model.visible(p));
    }), { numRuns: 300, file: import.meta.url });
  });

  it('agree when several writes are prepared before any is applied (pipelining)', async () => {
    await checkProperty(fc.property(fc.array(step, { maxLength: 40 }), fc.integer({ min: 2, max: 6 }), (steps, batch) => {
      const { results: expected, model } = modelRun(steps);
      let final = new DataTree();
      const actual = runTree(steps, batch, (t) => {
        final = t;
      });
      expect(actual).toEqual(expected);
      for (const p of model.nodes.keys()) expect(visibleOfTree(final, p), p).toEqual(model.visible(p));
    }), { numRuns: 300, file: import.meta.url });
  });
});
