/**
 * The prep stage (PrepRequestProcessor.pRequest2Txn): turns a write request into the transaction every
 * replica will apply, checking in exactly ZooKeeper's order (zk-client-semantics.md 3.1-3.11), first
 * failure wins. A failed write still becomes a txn (an error txn: it consumes its zxid). A multi checks
 * its ops in order against the effects of the ops before them; on failure its txn reports OK for the ops
 * before the culprit, the culprit's code, and RUNTIMEINCONSISTENCY after it, and changes nothing.
 */
import { assertNever } from '../../base/index.ts';
import type { Zxid } from '../../base/index.ts';
import {
  PERMS, SPECIAL_PATHS, TTL_MAX_MS, createModeOfFlag, isEphemeralMode, isSequentialMode, isTtlMode,
  multiRecordOp, parentOf, pathProblem, sequenceSuffix,
} from '../protocol/index.ts';
import type { Acl, FailureName, Id, MultiOp, NodeKind, TxnOp, WriteRequest } from '../protocol/index.ts';
import { aclAllows, fixupAcl, nextVersion } from '../tree/index.ts';
import { Scratch } from './pending.ts';
import type { NodeLookup, NodeRecord, PendingChanges } from './pending.ts';

export interface PrepContext {
  readonly sessionId: number;
  /** The connection's authenticated ids (digest, ip, super). */
  readonly authIds: readonly Id[];
  /** Why the session may not write (closing or expired), if it may not. */
  readonly sessionProblem?: 'SESSIONEXPIRED' | 'SESSIONMOVED';
  /** zookeeper.extendedTypesEnabled: TTL nodes. */
  readonly extendedTypesEnabled: boolean;
}

type Checked = { readonly ok: true; readonly op: TxnOp } | { readonly ok: false; readonly code: FailureName };

const failed = (code: FailureName): Checked => ({ ok: false, code });
const versionMatches = (expected: number, actual: number): boolean => expected === -1 || expected === actual;

/** Prepares one write (or multi) under `zxid`; its changes become pending only if it succeeds. */
export function prepWrite(pending: PendingChanges, request: WriteRequest | { readonly op: 'multi'; readonly ops: readonly MultiOp[] },
  ctx: PrepContext, zxid: Zxid): TxnOp {
  const scratch = new Scratch(pending);
  if (request.op === 'multi') return prepMulti(pending, scratch, request.ops, ctx, zxid);
  const checked = prepOne(scratch, request, ctx);
  if (!checked.ok) return { type: 'error', code: checked.code };
  scratch.commitTo(pending, zxid);
  return checked.op;
}

function prepMulti(pending: PendingChanges, scratch: Scratch, ops: readonly MultiOp[], ctx: PrepContext, zxid: Zxid): TxnOp {
  const prepared: TxnOp[] = [];
  for (let i = 0; i < ops.length; i++) {
    const checked = prepOne(scratch, multiRecordOp(ops[i] as MultiOp), ctx);
    if (checked.ok) {
      prepared.push(checked.op);
      continue;
    }
    const results: TxnOp[] = ops.map((_, j) => ({
      type: 'error', code: j < i ? 'OK' : j === i ? checked.code : 'RUNTIMEINCONSISTENCY',
    }));
    return { type: 'multi', ops: results };
  }
  scratch.commitTo(pending, zxid);
  return { type: 'multi', ops: prepared };
}

function prepOne(view: Scratch, request: WriteRequest, ctx: PrepContext): Checked {
  switch (request.op) {
    case 'create':
      return prepCreate(view, request, ctx);
    case 'delete':
      return prepDelete(view, request, ctx);
    case 'setData':
      return prepSetData(view, request, ctx);
    case 'setACL':
      return prepSetAcl(view, request, ctx);
    case 'check':
      return prepCheck(view, request, ctx);
    default:
      return assertNever(request, 'write request');
  }
}

/** Create: flags, TTL, session, path shape, ACL, parent, CREATE on parent, name, exists, ephemeral parent. */
function prepCreate(view: Scratch, req: Extract<WriteRequest, { op: 'create' }>, ctx: PrepContext): Checked {
  const mode = createModeOfFlag(req.flags);
  if (mode === undefined) return failed('BADARGUMENTS');
  if (isTtlMode(mode)) {
    if (!ctx.extendedTypesEnabled) return failed('UNIMPLEMENTED');
    if (req.ttlMs === undefined || req.ttlMs <= 0 || req.ttlMs > TTL_MAX_MS) return failed('BADARGUMENTS');
  } else if (req.ttlMs !== undefined) {
    return failed('BADARGUMENTS');
  }
  if (ctx.sessionProblem !== undefined) return failed(ctx.sessionProblem);
  if (req.path.lastIndexOf('/') < 0 || req.path.includes('\0')) return failed('BADARGUMENTS');
  const acl = fixupAcl(req.acl, ctx.authIds);
  if (acl === undefined) return failed('INVALIDACL');
  const parentPath = parentOf(req.path);
  const parent = view.lookup(parentPath);
  if (parent === undefined) return failed('NONODE');
  if (!aclAllows(parent.acl, PERMS.CREATE, ctx.authIds)) return failed('NOAUTH');
  const path = isSequentialMode(mode) ? req.path + sequenceSuffix(parent.cversion) : req.path;
  if (pathProblem(path) !== undefined) return failed('BADARGUMENTS');
  if (view.lookup(path) !== undefined) return failed('NODEEXISTS');
  if (parent.kind.kind === 'ephemeral') return failed('NOCHILDRENFOREPHEMERALS');
  const node = nodeKind(mode, ctx.sessionId, req.ttlMs);
  const parentCversion = parent.cversion + 1;
  view.set(parentPath, { ...parent, cversion: parentCversion, childCount: parent.childCount + 1 });
  view.set(path, { acl, version: 0, aversion: 0, cversion: 0, childCount: 0, kind: node });
  return { ok: true, op: { type: 'create', path, data: req.data, acl, node, parentCversion } };
}

function nodeKind(mode: NonNullable<ReturnType<typeof createModeOfFlag>>, sessionId: number, ttlMs: number | undefined): NodeKind {
  if (isEphemeralMode(mode)) return { kind: 'ephemeral', sessionId };
  if (mode === 'CONTAINER') return { kind: 'container' };
  if (isTtlMode(mode)) return { kind: 'ttl', ttlMs: ttlMs ?? 0 };
  return { kind: 'persistent' };
}

/** Delete: session, path shape and special paths, parent, DELETE on parent, node, version, children. */
function prepDelete(view: Scratch, req: Extract<WriteRequest, { op: 'delete' }>, ctx: PrepContext): Checked {
  if (ctx.sessionProblem !== undefined) return failed(ctx.sessionProblem);
  if (req.path.lastIndexOf('/') < 0 || req.path.includes('\0') || SPECIAL_PATHS.has(req.path)) return failed('BADARGUMENTS');
  const parentPath = parentOf(req.path);
  const parent = view.lookup(parentPath);
  if (parent === undefined) return failed('NONODE');
  if (!aclAllows(parent.acl, PERMS.DELETE, ctx.authIds)) return failed('NOAUTH');
  const node = view.lookup(req.path);
  if (node === undefined) return failed('NONODE');
  if (!versionMatches(req.version, node.version)) return failed('BADVERSION');
  if (node.childCount > 0) return failed('NOTEMPTY');
  view.set(parentPath, { ...parent, childCount: parent.childCount - 1 });
  view.set(req.path, null);
  return { ok: true, op: { type: 'delete', path: req.path } };
}

/** setData: session, path, node, WRITE, version. The version always moves, even for identical data. */
function prepSetData(view: Scratch, req: Extract<WriteRequest, { op: 'setData' }>, ctx: PrepContext): Checked {
  const found = findNode(view, req.path, ctx);
  if (!found.ok) return found;
  const node = found.node;
  if (!aclAllows(node.acl, PERMS.WRITE, ctx.authIds)) return failed('NOAUTH');
  if (!versionMatches(req.version, node.version)) return failed('BADVERSION');
  const version = nextVersion(node.version);
  view.set(req.path, { ...node, version });
  return { ok: true, op: { type: 'setData', path: req.path, data: req.data, version } };
}

/** setACL: session, path, ACL (before existence), node, ADMIN, aversion. */
function prepSetAcl(view: Scratch, req: Extract<WriteRequest, { op: 'setACL' }>, ctx: PrepContext): Checked {
  if (ctx.sessionProblem !== undefined) return failed(ctx.sessionProblem);
  if (pathProblem(req.path) !== undefined) return failed('BADARGUMENTS');
  const acl: Acl[] | undefined = fixupAcl(req.acl, ctx.authIds);
  if (acl === undefined) return failed('INVALIDACL');
  const node = view.lookup(req.path);
  if (node === undefined) return failed('NONODE');
  if (!aclAllows(node.acl, PERMS.ADMIN, ctx.authIds)) return failed('NOAUTH');
  if (!versionMatches(req.version, node.aversion)) return failed('BADVERSION');
  const aversion = nextVersion(node.aversion);
  view.set(req.path, { ...node, acl, aversion });
  return { ok: true, op: { type: 'setACL', path: req.path, acl, aversion } };
}

/** check (in multi): session, path, node, READ, version; changes nothing. */
function prepCheck(view: Scratch, req: Extract<WriteRequest, { op: 'check' }>, ctx: PrepContext): Checked {
  const found = findNode(view, req.path, ctx);
  if (!found.ok) return found;
  if (!aclAllows(found.node.acl, PERMS.READ, ctx.authIds)) return failed('NOAUTH');
  if (!versionMatches(req.version, found.node.version)) return failed('BADVERSION');
  return { ok: true, op: { type: 'check', path: req.path } };
}

function findNode(view: NodeLookup, path: string, ctx: PrepContext):
  { readonly ok: true; readonly node: NodeRecord } | { readonly ok: false; readonly code: FailureName } {
  if (ctx.sessionProblem !== undefined) return { ok: false, code: ctx.sessionProblem };
  if (pathProblem(path) !== undefined) return { ok: false, code: 'BADARGUMENTS' };
  const node = view.lookup(path);
  if (node === undefined) return { ok: false, code: 'NONODE' };
  return { ok: true, node };
}

/**
 * deleteContainer (the container/TTL reaper's request): no ACL or version check; NONODE if it is gone,
 * NOTEMPTY if a child raced in since it was chosen. A failure is still a txn, as for any write.
 */
export function prepDeleteContainer(pending: PendingChanges, path: string, zxid: Zxid): TxnOp {
  const scratch = new Scratch(pending);
  const node = scratch.lookup(path);
  const parentPath = parentOf(path);
  const parent = scratch.lookup(parentPath);
  if (node === undefined || parent === undefined) return { type: 'error', code: 'NONODE' };
  if (node.childCount > 0) return { type: 'error', code: 'NOTEMPTY' };
  scratch.set(parentPath, { ...parent, childCount: parent.childCount - 1 });
  scratch.set(path, null);
  scratch.commitTo(pending, zxid);
  return { type: 'delete', path };
}
