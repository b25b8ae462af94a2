/**
 * Reads as FinalRequestProcessor serves them from the local tree: NONODE sets no watch (except exists,
 * which watches a missing node for its creation), READ is checked where ZooKeeper checks it, getACL needs
 * READ or ADMIN and masks digests without ADMIN. Returns the error code or the response.
 */
import { assertNever } from '../../base/index.ts';
import { PERMS } from '../protocol/index.ts';
import type { ClientResponse, FailureName, Id, MultiReadResult, ReadRequest } from '../protocol/index.ts';
import { aclAllows, maskDigests, statOf } from '../tree/index.ts';
import type { DataTree } from '../tree/index.ts';
import type { WatchManager } from '../watch/index.ts';

export type ReadOutcome = { readonly ok: true; readonly response: ClientResponse } | { readonly ok: false; readonly code: FailureName };

export interface ReadContext<W> {
  readonly tree: DataTree;
  readonly watches: WatchManager<W>;
  readonly watcher: W;
  readonly authIds: readonly Id[];
  readonly sessionId: number;
  readonly existsChecksRead: boolean;
}

const failed = (code: FailureName): ReadOutcome => ({ ok: false, code });

export function serveRead<W>(req: ReadRequest, ctx: ReadContext<W>): ReadOutcome {
  switch (req.op) {
    case 'exists':
      return exists(req.path, req.watch, ctx);
    case 'getData': {
      const node = ctx.tree.node(req.path);
      if (node === undefined) return failed('NONODE');
      if (!aclAllows(node.acl, PERMS.READ, ctx.authIds)) return failed('NOAUTH');
      if (req.watch) ctx.watches.watchData(req.path, ctx.watcher);
      return { ok: true, response: { op: 'getData', data: node.data, stat: statOf(node) } };
    }
    case 'getChildren': {
      const node = ctx.tree.node(req.path);
      if (node === undefined) return failed('NONODE');
      if (!aclAllows(node.acl, PERMS.READ, ctx.authIds)) return failed('NOAUTH');
      if (req.watch) ctx.watches.watchChildren(req.path, ctx.watcher);
      const children = [...node.children];
      return { ok: true, response: req.withStat ? { op: 'getChildren', children, stat: statOf(node) } : { op: 'getChildren', children } };
    }
    case 'getACL': {
      const node = ctx.tree.node(req.path);
      if (node === undefined) return failed('NONODE');
      const admin = aclAllows(node.acl, PERMS.ADMIN, ctx.authIds);
      if (!admin && !aclAllows(node.acl, PERMS.READ, ctx.authIds)) return failed('NOAUTH');
      return { ok: true, response: { op: 'getACL', acl: admin ? node.acl : maskDigests(node.acl), stat: statOf(node) } };
    }
    case 'getEphemerals': {
      const all = ctx.tree.ephemerals(ctx.sessionId);
      // FinalRequestProcessor: a prefix that trims to "" or "/" lists all; any other is matched untrimmed.
      const trimmed = javaTrim(req.prefix);
      const paths = trimmed === '' || trimmed === '/' ? all : all.filter((p) => p.startsWith(req.prefix));
      return { ok: true, response: { op: 'getEphemerals', paths } };
    }
    case 'getAllChildrenNumber': {
      const node = ctx.tree.node(req.path);
      if (node === undefined) return failed('NONODE');
      if (!aclAllows(node.acl, PERMS.READ, ctx.authIds)) return failed('NOAUTH');
      return { ok: true, response: { op: 'getAllChildrenNumber', count: ctx.tree.descendants(req.path) } };
    }
    case 'multiRead':
      return { ok: true, response: { op: 'multiRead', results: req.ops.map((op) => multiReadOne(op, ctx)) } };
    default:
      return assertNever(req, 'read request');
  }
}

function exists<W>(path: string, watch: boolean, ctx: ReadContext<W>): ReadOutcome {
  if (path.includes('\0')) return failed('BADARGUMENTS');
  const node = ctx.tree.node(path);
  if (node !== undefined && ctx.existsChecksRead && !aclAllows(node.acl, PERMS.READ, ctx.authIds)) return failed('NOAUTH');
  if (watch) ctx.watches.watchData(path, ctx.watcher);
  if (node === undefined) return failed('NONODE');
  return { ok: true, response: { op: 'exists', stat: statOf(node) } };
}

function multiReadOne<W>(op: { readonly op: 'getData' | 'getChildren'; readonly path: string }, ctx: ReadContext<W>): MultiReadResult {
  const one = op.op === 'getData'
    ? serveRead({ op: 'getData', path: op.path, watch: false }, ctx)
    : serveRead({ op: 'getChildren', path: op.path, watch: false, withStat: false }, ctx);
  if (!one.ok) return { op: 'error', code: one.code };
  const r = one.response;
  if (r.op === 'getData') return { op: 'getData', data: r.data, stat: r.stat };
  if (r.op === 'getChildren') return { op: 'getChildren', children: r.children };
  return { op: 'error', code: 'SYSTEMERROR' };
}

/** Java's String.trim: strips code units <= U+0020 at both ends (not Unicode whitespace as JS's trim). */
function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}
