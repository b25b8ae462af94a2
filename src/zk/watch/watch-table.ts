/**
 * One of the server's two watch tables (ZooKeeper's WatchManager: dataWatches, childWatches). A watcher
 * (a connection) holds, per path, one mode: a one-shot standard watch, a persistent watch, or a
 * persistent-recursive watch. As 3.8's WatcherModeManager, a later registration on
 * the same (watcher, path) replaces the mode: a standard watch set where the connection holds a
 * persistent one makes it one-shot (conformance watches/persistent-then-standard-same-path). Triggering a
 * path consumes standard watches on it, keeps persistent ones, and also reaches recursive watches on its
 * ancestors.
 */
import { fail } from '../../base/index.ts';
import { ROOT, parentOf } from '../protocol/index.ts';

export const STANDARD = 1;
export const PERSISTENT = 2;
export const RECURSIVE = 4;

export class WatchTable<W> {
  private readonly byPath = new Map<string, Map<W, number>>();
  private readonly byWatcher = new Map<W, Set<string>>();

  get size(): number {
    let n = 0;
    for (const m of this.byPath.values()) n += m.size;
    return n;
  }

  add(path: string, watcher: W, mode: number): void {
    let watchers = this.byPath.get(path);
    if (watchers === undefined) {
      watchers = new Map();
      this.byPath.set(path, watchers);
    }
    if (!(mode === STANDARD || mode === PERSISTENT || mode === RECURSIVE)) fail(`watch mode ${mode}`);
    watchers.set(watcher, mode);
    let paths = this.byWatcher.get(watcher);
    if (paths === undefined) {
      paths = new Set();
      this.byWatcher.set(watcher, paths);
    }
    paths.add(path);
  }

  /** Whether the watcher's mode on `path` is one of `modeMask`. */
  has(path: string, watcher: W, modeMask: number): boolean {
    return ((this.byPath.get(path)?.get(watcher) ?? 0) & modeMask) !== 0;
  }

  /** Whether any watcher watches `path` itself. */
  watched(path: string): boolean {
    return this.byPath.has(path);
  }

  /** Removes the watch of `watcher` on `path` if its mode is one of `modeMask`; true if it was there. */
  remove(path: string, watcher: W, modeMask: number): boolean {
    if (!this.has(path, watcher, modeMask)) return false;
    this.setModes(path, watcher, 0);
    return true;
  }

  /** Forgets a watcher entirely (its connection closed). */
  removeWatcher(watcher: W): void {
    for (const path of this.byWatcher.get(watcher) ?? []) {
      const watchers = this.byPath.get(path);
      watchers?.delete(watcher);
      if (watchers?.size === 0) this.byPath.delete(path);
    }
    this.byWatcher.delete(watcher);
  }

  /**
   * The watchers an event on `path` reaches, each once: watchers on the path itself (standard watches
   * are consumed), and recursive watchers on any ancestor, unless the event is NodeChildrenChanged.
   * Watchers in `suppress` get nothing (their one-shot watches here are consumed all the same), as in
   * delete's pass over the child table for connections the data table already notified.
   */
  trigger(path: string, childrenChanged: boolean, suppress?: ReadonlySet<W>): Set<W> {
    const reached = new Set<W>();
    let local = path;
    for (;;) {
      const atPath = local === path;
      for (const [watcher, mode] of [...(this.byPath.get(local) ?? [])]) {
        // ZooKeeper removes one-shot watches before it skips suppressed watchers: they are consumed too.
        if (atPath && mode === STANDARD) this.setModes(local, watcher, 0);
        if (suppress?.has(watcher) === true) continue;
        if (mode === RECURSIVE) {
          if (!childrenChanged) reached.add(watcher);
        } else if (atPath) {
          reached.add(watcher);
        }
      }
      if (local === ROOT) break;
      local = parentOf(local);
    }
    return reached;
  }

  paths(watcher: W, modeMask: number): string[] {
    return [...(this.byWatcher.get(watcher) ?? [])].filter((p) => this.has(p, watcher, modeMask));
  }

  private setModes(path: string, watcher: W, modes: number): void {
    const watchers = this.byPath.get(path);
    if (watchers === undefined) return;
    if (modes !== 0) {
      watchers.set(watcher, modes);
      return;
    }
    watchers.delete(watcher);
    if (watchers.size === 0) this.byPath.delete(path);
    const paths = this.byWatcher.get(watcher);
    paths?.delete(path);
    if (paths?.size === 0) this.byWatcher.delete(watcher);
  }
}
