/**
 * The setWatches requests a reconnecting client sends (ClientCnxn.primeConnection): every watched path,
 * data then exist then child then persistent then recursive, with relativeZxid = lastZxidSeen, cut into
 * batches of about 128K characters of path text (ZOOKEEPER-706) so that none exceeds jute.maxbuffer. As
 * in Java a batch may overshoot by its last path. Nothing is sent when nothing is watched.
 */
import { assert } from '../../base/index.ts';
import type { Zxid } from '../../base/index.ts';
import type { ControlRequest } from '../protocol/index.ts';
import { WATCH_KINDS } from './watch-registry.ts';
import type { WatchKind } from './watch-registry.ts';

export type SetWatchesRequest = Extract<ControlRequest, { readonly op: 'setWatches' }>;

export const SET_WATCHES_MAX_CHARS = 128 * 1024;

export function setWatchesBatches(
  paths: (kind: WatchKind) => readonly string[],
  relativeZxid: Zxid,
  maxChars: number = SET_WATCHES_MAX_CHARS,
): SetWatchesRequest[] {
  assert(Number.isSafeInteger(maxChars) && maxChars > 0, 'a batch holds a positive number of characters');
  const all = WATCH_KINDS.flatMap((kind) => paths(kind).map((path) => ({ kind, path })));
  const batches: SetWatchesRequest[] = [];
  let i = 0;
  while (i < all.length) {
    const batch: Record<WatchKind, string[]> = { data: [], exist: [], child: [], persistent: [], persistentRecursive: [] };
    let chars = 0;
    while (chars < maxChars && i < all.length) {
      const next = all[i++];
      assert(next !== undefined, 'the index stays within the watch list');
      batch[next.kind].push(next.path);
      chars += next.path.length;
    }
    batches.push({
      op: 'setWatches', relativeZxid,
      dataWatches: batch.data, existWatches: batch.exist, childWatches: batch.child,
      persistentWatches: batch.persistent, persistentRecursiveWatches: batch.persistentRecursive,
    });
  }
  assert(batches.reduce((n, b) => n + b.dataWatches.length + b.existWatches.length + b.childWatches.length +
    b.persistentWatches.length + b.persistentRecursiveWatches.length, 0) === all.length, 'every watch is in one batch');
  return batches;
}
