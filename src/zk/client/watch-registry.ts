/**
 * The client's watch tables (S/ZKWatchManager.java): path -> watchers for data, exist, child, persistent
 * and persistent-recursive watches, and the default watcher.
 *
 * materialize(type, path) says who an event reaches and consumes the one-shot watches it fires
 * (zk-client-semantics.md 5.2): NodeCreated/NodeDataChanged take data and exist watches; NodeChildrenChanged
 * takes child watches; NodeDeleted takes all three; persistent watches on the path always match and stay;
 * recursive watches on the path or any ancestor match anything but NodeChildrenChanged. Session events
 * (type None) reach the default watcher and every registered watcher, and consume nothing.
 * Iteration is insertion order throughout (Java's hash order is arbitrary; ours is deterministic).
 */
import { assert } from '../../base/index.ts';
import { parentOf } from '../protocol/index.ts';
import type { ErrorName, EventType, WatcherType } from '../protocol/index.ts';
import type { Watcher } from './types.ts';

export type WatchKind = 'data' | 'exist' | 'child' | 'persistent' | 'persistentRecursive';
export const WATCH_KINDS: readonly WatchKind[] = ['data', 'exist', 'child', 'persistent', 'persistentRecursive'];

/** The outcome of a removeWatches: the code the call ends with, and the watchers to tell, by event type. */
export interface RemovalOutcome {
  readonly code: ErrorName;
  readonly removed: ReadonlyMap<EventType, ReadonlySet<Watcher>>;
}

const KINDS_OF_TYPE: Readonly<Record<WatcherType, readonly WatchKind[]>> = {
  Children: ['child'],
  Data: ['data', 'exist'],
  Persistent: ['persistent'],
  PersistentRecursive: ['persistentRecursive'],
  Any: ['child', 'data', 'exist', 'persistent', 'persistentRecursive'],
};

const REMOVED_EVENT: Readonly<Record<WatchKind, EventType>> = {
  data: 'DataWatchRemoved',
  exist: 'DataWatchRemoved',
  child: 'ChildWatchRemoved',
  persistent: 'PersistentWatchRemoved',
  persistentRecursive: 'PersistentWatchRemoved',
};

export class WatchRegistry {
  private readonly tables = new Map<WatchKind, Map<string, Set<Watcher>>>(WATCH_KINDS.map((k) => [k, new Map()]));

  constructor(public defaultWatcher: Watcher) {}

  add(kind: WatchKind, path: string, watcher: Watcher): void {
    assert(path.startsWith('/'), `a watch is on an absolute path, got ${JSON.stringify(path)}`);
    const table = this.table(kind);
    const watchers = table.get(path) ?? new Set<Watcher>();
    watchers.add(watcher);
    table.set(path, watchers);
  }

  /** The watched paths of one kind, in registration order (what setWatches carries). */
  paths(kind: WatchKind): string[] {
    return [...this.table(kind).keys()];
  }

  isEmpty(): boolean {
    return WATCH_KINDS.every((k) => this.table(k).size === 0);
  }

  /** Who a session event reaches: the default watcher and every registered one, each once. */
  sessionWatchers(): Set<Watcher> {
    const result = new Set<Watcher>([this.defaultWatcher]);
    for (const kind of WATCH_KINDS) {
      for (const watchers of this.table(kind).values()) for (const w of watchers) result.add(w);
    }
    return result;
  }

  /** Who a server notification reaches, consuming one-shot watches; undefined for a type no server sends. */
  materialize(type: EventType, path: string): Set<Watcher> | undefined {
    const result = new Set<Watcher>();
    switch (type) {
      case 'None':
        return this.sessionWatchers();
      case 'NodeCreated':
      case 'NodeDataChanged':
        this.take('data', path, result);
        this.take('exist', path, result);
        break;
      case 'NodeChildrenChanged':
        this.take('child', path, result);
        break;
      case 'NodeDeleted':
        this.take('data', path, result);
        this.take('exist', path, result);
        this.take('child', path, result);
        break;
      case 'DataWatchRemoved':
      case 'ChildWatchRemoved':
      case 'PersistentWatchRemoved':
        return undefined;
    }
    this.addPersistent(type, path, result);
    return result;
  }

  /**
   * removeWatches / removeAllWatches as WatchDeregistration.unregister does it once the server answered
   * `rc` (or the call failed locally): NOWATCHER if no matching local watcher; the server's error unless
   * `local`; otherwise the watchers are removed and the call succeeds.
   */
  remove(path: string, watcher: Watcher | undefined, watcherType: WatcherType, local: boolean, rc: ErrorName): RemovalOutcome {
    const kinds = KINDS_OF_TYPE[watcherType];
    const none = new Map<EventType, ReadonlySet<Watcher>>();
    if (!kinds.some((k) => this.contains(k, path, watcher))) return { code: 'NOWATCHER', removed: none };
    if (!local && rc !== 'OK') return { code: rc, removed: none };
    const removed = new Map<EventType, Set<Watcher>>();
    for (const kind of kinds) {
      const gone = this.removeFrom(kind, path, watcher);
      if (gone.size === 0) continue;
      const type = REMOVED_EVENT[kind];
      const into = removed.get(type) ?? new Set<Watcher>();
      for (const w of gone) into.add(w);
      removed.set(type, into);
    }
    assert(removed.size > 0, 'a watcher that is present is removed');
    return { code: 'OK', removed };
  }

  private addPersistent(type: EventType, path: string, result: Set<Watcher>): void {
    for (const w of this.table('persistent').get(path) ?? []) result.add(w);
    // Recursive watches promise no child events, even when a standard child watch made the server send one.
    if (type === 'NodeChildrenChanged') return;
    const recursive = this.table('persistentRecursive');
    if (recursive.size === 0) return;
    for (let p = path; ; p = parentOf(p)) {
      for (const w of recursive.get(p) ?? []) result.add(w);
      if (p === '/') break;
    }
  }

  private take(kind: WatchKind, path: string, into: Set<Watcher>): void {
    const table = this.table(kind);
    for (const w of table.get(path) ?? []) into.add(w);
    table.delete(path);
  }

  private contains(kind: WatchKind, path: string, watcher: Watcher | undefined): boolean {
    const watchers = this.table(kind).get(path);
    if (watchers === undefined) return false;
    return watcher === undefined ? watchers.size > 0 : watchers.has(watcher);
  }

  private removeFrom(kind: WatchKind, path: string, watcher: Watcher | undefined): Set<Watcher> {
    const table = this.table(kind);
    const watchers = table.get(path);
    if (watchers === undefined) return new Set();
    if (watcher === undefined) {
      table.delete(path);
      return watchers;
    }
    if (!watchers.delete(watcher)) return new Set();
    if (watchers.size === 0) table.delete(path);
    return new Set([watcher]);
  }

  private table(kind: WatchKind): Map<string, Set<Watcher>> {
    const table = this.tables.get(kind);
    assert(table !== undefined, `a table for ${kind} watches`);
    return table;
  }
}
