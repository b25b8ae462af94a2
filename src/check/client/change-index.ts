/**
 * The replayed changes by path, for checkers that ask "what happened to this node after zxid z": each
 * list is in zxid order (an assumed indeterminate write sits at the zxid of the observation that needed
 * it, with `exact` false).
 */
import type { RunHistory } from '../../history/index.ts';
import { parentOf } from '../../zk/protocol/index.ts';
import { push } from './ops.ts';
import { modelOf } from './replay.ts';
import type { Change } from './tree-model.ts';

export interface ChangeIndex {
  /** Creates, deletes and setData of the node itself. */
  onPath(path: string): readonly Change[];
  /** Creates and deletes of its children. */
  underParent(path: string): readonly Change[];
}

const indexes = new WeakMap<RunHistory, ChangeIndex>();

export function changeIndexOf(history: RunHistory): ChangeIndex {
  const cached = indexes.get(history);
  if (cached !== undefined) return cached;
  const byPath = new Map<string, Change[]>();
  const byParent = new Map<string, Change[]>();
  for (const c of modelOf(history).changes) {
    push(byPath, c.path, c);
    if (c.kind !== 'setData') push(byParent, parentOf(c.path), c);
  }
  const built: ChangeIndex = { onPath: (p) => byPath.get(p) ?? [], underParent: (p) => byParent.get(p) ?? [] };
  indexes.set(history, built);
  return built;
}

/** Index of the first change with zxid > z (the list's length if none). */
export function firstAfter(list: readonly Change[], z: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.zxid ?? Infinity) <= z) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
