/**
 * The server's watches (DataTree's dataWatches and childWatches): which connections a change notifies,
 * in ZooKeeper's order, and the reconciliation of a reconnecting client's watches (setWatches).
 *
 * Trigger table (zk-client-semantics.md 5.2): create P -> NodeCreated(P) via data watches,
 * NodeChildrenChanged(parent) via child watches; delete P -> NodeDeleted(P) via data watches, then via
 * child watches on P (skipping connections already notified), then NodeChildrenChanged(parent); setData
 * -> NodeDataChanged(P) via data watches. setACL triggers nothing.
 */
import type { Zxid } from '../../base/index.ts';
import type { AddWatchMode, ControlRequest, EventType, WatcherType } from '../protocol/index.ts';
import type { TreeEvent } from '../tree/index.ts';
import { PERSISTENT, RECURSIVE, STANDARD, WatchTable } from './watch-table.ts';

export interface WatchDelivery<W> {
  readonly watcher: W;
  readonly type: EventType;
  readonly path: string;
}

/** What a tree looks like to setWatches: existence and the zxids to compare with relativeZxid. */
export interface WatchedNodeView {
  node(path: string): { readonly mzxid: Zxid; readonly pzxid: Zxid } | undefined;
}

/** The reconnecting client's setWatches request, as it comes off the wire. */
export type SetWatchesRequest = Omit<Extract<ControlRequest, { readonly op: 'setWatches' }>, 'op'>;

export class WatchManager<W> {
  private readonly data = new WatchTable<W>();
  private readonly child = new WatchTable<W>();

  /** getData (existing node) and exists (always) register a data watch; getChildren a child watch. */
  watchData(path: string, watcher: W): void {
    this.data.add(path, watcher, STANDARD);
  }

  watchChildren(path: string, watcher: W): void {
    this.child.add(path, watcher, STANDARD);
  }

  /**
   * addWatch: both kinds sit in both tables, as 3.8.0's DataTree.addWatch puts them. A recursive watch in
   * the child table never fires NodeChildrenChanged and its NodeDeleted is suppressed by the data table's,
   * but it replaces a standard child watch on the same path (conformance random sequences: a getChildren
   * watch then a recursive addWatch on the same path gets no NodeChildrenChanged).
   */
  addWatch(path: string, watcher: W, mode: AddWatchMode): void {
    const bits = mode === 'PERSISTENT_RECURSIVE' ? RECURSIVE : PERSISTENT;
    this.data.add(path, watcher, bits);
    this.child.add(path, watcher, bits);
  }

  removeWatcher(watcher: W): void {
    this.data.removeWatcher(watcher);
    this.child.removeWatcher(watcher);
  }

  /** The deliveries one tree event causes, in order. */
  trigger(event: Pick<TreeEvent, 'type' | 'path'>): WatchDelivery<W>[] {
    const out: WatchDelivery<W>[] = [];
    const push = (watchers: Set<W>, type: EventType, path: string): void => {
      for (const watcher of watchers) out.push({ watcher, type, path });
    };
    switch (event.type) {
      case 'NodeCreated':
      case 'NodeDataChanged':
        push(this.data.trigger(event.path, false), event.type, event.path);
        return out;
      case 'NodeChildrenChanged':
        push(this.child.trigger(event.path, true), event.type, event.path);
        return out;
      case 'NodeDeleted': {
        const first = this.data.trigger(event.path, false);
        push(first, 'NodeDeleted', event.path);
        push(this.child.trigger(event.path, false, first), 'NodeDeleted', event.path);
        return out;
      }
    }
  }

  /** DataTree.setWatches: events owed to a reconnecting client, the rest registered again. */
  setWatches(view: WatchedNodeView, req: SetWatchesRequest, watcher: W): WatchDelivery<W>[] {
    const owed: WatchDelivery<W>[] = [];
    for (const path of req.dataWatches) {
      const node = view.node(path);
      if (node === undefined) owed.push({ watcher, type: 'NodeDeleted', path });
      else if (node.mzxid > req.relativeZxid) owed.push({ watcher, type: 'NodeDataChanged', path });
      else this.data.add(path, watcher, STANDARD);
    }
    for (const path of req.existWatches) {
      if (view.node(path) !== undefined) owed.push({ watcher, type: 'NodeCreated', path });
      else this.data.add(path, watcher, STANDARD);
    }
    for (const path of req.childWatches) {
      const node = view.node(path);
      if (node === undefined) owed.push({ watcher, type: 'NodeDeleted', path });
      else if (node.pzxid > req.relativeZxid) owed.push({ watcher, type: 'NodeChildrenChanged', path });
      else this.child.add(path, watcher, STANDARD);
    }
    for (const path of req.persistentWatches) this.addWatch(path, watcher, 'PERSISTENT');
    for (const path of req.persistentRecursiveWatches) this.addWatch(path, watcher, 'PERSISTENT_RECURSIVE');
    return owed;
  }

  /**
   * checkWatches (all = false) and removeWatches (all = true) by watcher type; false = NOWATCHER.
   * checkWatches asks 3.8.0's WatchManager.containsWatcher, which answers whether anyone watches the path
   * in that table, not whether this watcher does (conformance check-watches/any-connection).
   */
  removeWatches(path: string, type: WatcherType, watcher: W, all: boolean): boolean {
    const [dataMask, childMask] = masksOf(type);
    if (!all) return (dataMask !== 0 && this.data.watched(path)) || (childMask !== 0 && this.child.watched(path));
    const found = this.data.has(path, watcher, dataMask) || this.child.has(path, watcher, childMask);
    if (!found) return false;
    this.data.remove(path, watcher, dataMask);
    this.child.remove(path, watcher, childMask);
    return true;
  }

  /** Watches a connection holds, for inspection and tests. */
  watchCount(): number {
    return this.data.size + this.child.size;
  }
}

/** Which watches each watcher type names, in the data and the child table (DataTree.removeWatch). */
function masksOf(type: WatcherType): [number, number] {
  const any = STANDARD | PERSISTENT | RECURSIVE;
  switch (type) {
    case 'Data':
      return [any, 0];
    case 'Children':
      return [0, any];
    case 'Any':
      return [any, any];
    case 'Persistent':
      return [PERSISTENT, PERSISTENT];
    case 'PersistentRecursive':
      return [RECURSIVE, RECURSIVE];
  }
}
