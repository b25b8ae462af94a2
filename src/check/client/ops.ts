/**
 * What a recorded operation means to the client checkers: which ops are writes and reads, which carry a
 * txn zxid (answered writes, failed ones included when the server replicated an error txn), which are
 * indeterminate, and a per-history index (ops per client in invocation order, completions in order).
 */
import type { Zxid } from '../../base/index.ts';
import { formatZxid } from '../../base/index.ts';
import type { ClientEvent, OpName, OpRecord, RunHistory, RunMeta } from '../../history/index.ts';

/** Error codes the leader's prep stage answers with an error txn (own zxid, no effect). */
const TXN_ERROR_CODES: ReadonlySet<string> = new Set([
  'NONODE', 'NODEEXISTS', 'BADVERSION', 'NOTEMPTY', 'NOCHILDRENFOREPHEMERALS', 'NOAUTH', 'INVALIDACL', 'BADARGUMENTS',
  'QUOTAEXCEEDED', 'EPHEMERALONLOCALSESSION', 'UNIMPLEMENTED', 'RUNTIMEINCONSISTENCY', 'SESSIONMOVED',
]);

export function isWrite(op: OpName): boolean {
  switch (op) {
    case 'create': case 'delete': case 'setData': case 'multi': case 'setACL':
      return true;
    case 'getData': case 'exists': case 'getChildren': case 'sync': case 'getACL': case 'other':
      return false;
  }
}

/** Reads whose answer the tree model can judge. */
export function isRead(op: OpName): boolean {
  switch (op) {
    case 'getData': case 'exists': case 'getChildren': case 'getACL':
      return true;
    case 'create': case 'delete': case 'setData': case 'multi': case 'setACL': case 'sync': case 'other':
      return false;
  }
}

/** The reply zxid of an op the server answered (ok or fail); undefined for indeterminate ones. */
export function replyZxid(op: OpRecord): number | undefined {
  return op.outcome === 'ok' || op.outcome === 'fail' ? op.zxid : undefined;
}

/** The zxid of the txn an answered write became (ok, or failed with an error txn). */
export function txnZxid(op: OpRecord): number | undefined {
  if (!isWrite(op.op) || op.zxid === undefined) return undefined;
  if (op.outcome === 'ok') return op.zxid;
  if (op.outcome === 'fail' && op.code !== undefined && TXN_ERROR_CODES.has(op.code)) return op.zxid;
  return undefined;
}

/** A write that may or may not have happened (no answer from a server). */
export function isIndeterminateWrite(op: OpRecord): boolean {
  return isWrite(op.op) && (op.outcome === 'pending' || (op.outcome === 'info' && op.zxid === undefined));
}

/** A read answered with "the node is absent". */
export function readAbsent(op: OpRecord): boolean {
  return op.outcome === 'fail' && op.code === 'NONODE' && isRead(op.op);
}

/** A read that left a watch on the server: data (getData, exists on a present node), exist, or child. */
export function watchKind(op: OpRecord): 'data' | 'exist' | 'child' | undefined {
  if (op.watch !== true || op.zxid === undefined) return undefined;
  if (op.outcome === 'ok') {
    if (op.op === 'getData' || op.op === 'exists') return 'data';
    if (op.op === 'getChildren') return 'child';
  }
  if (op.outcome === 'fail' && op.code === 'NONODE' && op.op === 'exists') return 'exist';
  return undefined;
}

export function hex(z: number): string {
  return formatZxid(z as Zxid);
}

/** Virtual ms of an op's completion (its invocation while pending). */
export function atMs(op: OpRecord): number {
  return (op.completeMicros >= 0 ? op.completeMicros : op.invokeMicros) / 1000;
}

/** The run's meta, which a history from elsewhere may lack. */
export function metaOf(history: RunHistory): RunMeta | undefined {
  return (history as { readonly meta?: RunMeta }).meta;
}

/** When the run ended: meta.endMicros, else the last recorded client time. */
export function endMicros(history: RunHistory): number {
  const meta = metaOf(history);
  if (meta !== undefined) return meta.endMicros;
  let end = 0;
  for (const op of history.ops) end = Math.max(end, op.invokeMicros, op.completeMicros);
  for (const e of history.clientEvents) end = Math.max(end, e.atMicros);
  return end;
}

export function opLabel(op: OpRecord): string {
  const path = op.op === 'multi' ? '' : ` ${op.path}`;
  const z = op.zxid === undefined ? '' : ` @${hex(op.zxid)}`;
  return `#${op.id} ${op.client} ${op.op}${path}${z}`;
}

/** Per-history indexes the checkers share (built once per history). */
export interface HistoryIndex {
  /** Each client's ops in invocation order. */
  readonly byClient: ReadonlyMap<string, readonly OpRecord[]>;
  /** Ops that completed, in completion order. */
  readonly completed: readonly OpRecord[];
  /** Each client's events (watch, session, note) in seq order. */
  readonly eventsByClient: ReadonlyMap<string, readonly ClientEvent[]>;
  /** Each client's session id (the first non-zero one seen). */
  readonly sessionOf: ReadonlyMap<string, number>;
}

const indexes = new WeakMap<RunHistory, HistoryIndex>();

export function indexOf(history: RunHistory): HistoryIndex {
  const cached = indexes.get(history);
  if (cached !== undefined) return cached;
  const built = buildIndex(history);
  indexes.set(history, built);
  return built;
}

function buildIndex(history: RunHistory): HistoryIndex {
  const byClient = new Map<string, OpRecord[]>();
  const sessionOf = new Map<string, number>();
  for (const op of history.ops) {
    push(byClient, op.client, op);
    if (op.session !== undefined && op.session !== 0 && !sessionOf.has(op.client)) sessionOf.set(op.client, op.session);
  }
  for (const list of byClient.values()) sortBy(list, (o) => o.invokeSeq);
  const eventsByClient = new Map<string, ClientEvent[]>();
  for (const e of history.clientEvents) {
    push(eventsByClient, e.client, e);
    if (e.kind === 'session' && e.session !== 0 && !sessionOf.has(e.client)) sessionOf.set(e.client, e.session);
  }
  for (const list of eventsByClient.values()) sortBy(list, (e) => e.seq);
  const completed = history.ops.filter((o) => o.outcome !== 'pending' && o.completeSeq >= 0);
  sortBy(completed, (o) => o.completeSeq);
  return { byClient, completed, eventsByClient, sessionOf };
}

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Sorts in place by a numeric key, skipping the sort when the list is already in order (the usual case). */
export function sortBy<T>(list: T[], key: (t: T) => number): void {
  let prev = -Infinity;
  for (const t of list) {
    const k = key(t);
    if (k < prev) {
      list.sort((x, y) => key(x) - key(y));
      return;
    }
    prev = k;
  }
}
