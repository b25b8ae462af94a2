/**
 * One client's side of the watch story, indexed for the watch checker: the watches its reads left
 * (data for getData and exists on a present node, exist for exists on an absent one, child for
 * getChildren), the watch events it got per path, its replies in completion order (with a running max of
 * reply zxids, to find "the first reply at or above zxid w" by binary search), and its session breaks.
 */
import type { ClientEvent, OpRecord } from '../../history/index.ts';
import { push, replyZxid, watchKind } from './ops.ts';

export type WatchEvent = Extract<ClientEvent, { readonly kind: 'watch' }>;
export type WatchKind = 'data' | 'exist' | 'child';

export interface Registration {
  readonly op: OpRecord;
  readonly kind: WatchKind;
  readonly path: string;
  /** The reply zxid of the read that set it. */
  readonly zxid: number;
  readonly seq: number;
}

export interface ClientView {
  readonly registrations: readonly Registration[];
  readonly eventsByPath: ReadonlyMap<string, readonly WatchEvent[]>;
  readonly watchEvents: readonly WatchEvent[];
  readonly replies: readonly OpRecord[];
  readonly replySeqs: readonly number[];
  readonly replyZxids: readonly number[];
  readonly replyMax: readonly number[];
  /** Seqs of disconnections. */
  readonly breaks: readonly number[];
  /** Seq of the session's end (expired, closed, auth failed), if it ended. */
  readonly endSeq: number | undefined;
  /** Connected when the run ended (the last session event is a connection). */
  readonly connectedAtEnd: boolean;
}

export function clientView(ops: readonly OpRecord[], events: readonly ClientEvent[]): ClientView {
  const registrations: Registration[] = [];
  const replies = ops.filter((o) => replyZxid(o) !== undefined).sort((a, b) => a.completeSeq - b.completeSeq);
  for (const op of replies) {
    const kind = watchKind(op);
    if (kind !== undefined && op.zxid !== undefined) registrations.push({ op, kind, path: op.path, zxid: op.zxid, seq: op.completeSeq });
  }
  const replyZxids = replies.map((o) => replyZxid(o) ?? 0);
  const replyMax: number[] = [];
  let max = -Infinity;
  for (const z of replyZxids) replyMax.push((max = Math.max(max, z)));
  const watchEvents: WatchEvent[] = [];
  const eventsByPath = new Map<string, WatchEvent[]>();
  const breaks: number[] = [];
  let endSeq: number | undefined;
  let connectedAtEnd = true;
  for (const e of events) {
    if (e.kind === 'watch') {
      watchEvents.push(e);
      push(eventsByPath, e.path, e);
    } else if (e.kind === 'session') {
      connectedAtEnd = e.state === 'connected' || e.state === 'readonly';
      if (e.state === 'disconnected') breaks.push(e.seq);
      if ((e.state === 'expired' || e.state === 'closed' || e.state === 'authfailed') && endSeq === undefined) endSeq = e.seq;
    }
  }
  return {
    registrations, eventsByPath, watchEvents, replies, replySeqs: replies.map((o) => o.completeSeq), replyZxids, replyMax, breaks,
    endSeq, connectedAtEnd,
  };
}

/** The client's first reply after seq `afterSeq` with reply zxid >= w. */
export function firstReplyAtLeast(c: ClientView, afterSeq: number, w: number): OpRecord | undefined {
  const start = lowerBound(c.replySeqs, afterSeq + 1);
  const before = start > 0 ? c.replyMax[start - 1] ?? -Infinity : -Infinity;
  if (before < w) {
    const j = lowerBound(c.replyMax, w, start);
    return c.replies[j];
  }
  for (let j = start; j < c.replies.length && j < start + 10_000; j++) {
    if ((c.replyZxids[j] ?? -Infinity) >= w) return c.replies[j];
  }
  return undefined;
}

/** Types of events that can answer a watch of this kind (a reconnect may turn one into another). */
export function answers(kind: WatchKind, type: WatchEvent['type']): boolean {
  switch (type) {
    case 'NodeDataChanged': case 'NodeCreated': return kind !== 'child';
    case 'NodeDeleted': return true;
    case 'NodeChildrenChanged': return kind === 'child';
    case 'DataWatchRemoved': case 'ChildWatchRemoved': case 'PersistentWatchRemoved': return false;
  }
}

/** The first event after seq `afterSeq` on `path` that answers a watch of `kind`. */
export function firstAnswer(c: ClientView, path: string, kind: WatchKind, afterSeq: number): WatchEvent | undefined {
  const list = c.eventsByPath.get(path) ?? [];
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.seq ?? Infinity) <= afterSeq) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < list.length; i++) {
    const e = list[i];
    if (e !== undefined && answers(kind, e.type)) return e;
  }
  return undefined;
}

/** First index i >= from with xs[i] >= x, for non-decreasing xs. */
export function lowerBound(xs: readonly number[], x: number, from = 0): number {
  let lo = from;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] ?? Infinity) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
