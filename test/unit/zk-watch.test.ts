// The server's watch rules (zk-client-semantics.md 5.2-5.4): which connections each tree event reaches,
// which one-shot watches it consumes, what persistent and recursive watches see (recursive ones never
// NodeChildrenChanged), one delivery per connection per trigger (delete's suppress pass), setWatches
// reconciliation against relativeZxid, and removeWatches by type. Watchers are plain strings here.
import { describe, expect, it } from 'vitest';
import type { Zxid } from '../../src/base/index.ts';
import { WatchManager } from '../../src/zk/watch/index.ts';
import type { WatchDelivery } from '../../src/zk/watch/index.ts';

const fmt = (ds: WatchDelivery<string>[]): string[] => ds.map((d) => `${d.watcher}:${d.type}:${d.path}`);

describe('WatchManager triggers', () => {
  it('create: NodeCreated to data (exists) watchers of the path, NodeChildrenChanged to child watchers of the parent', () => {
    const w = new WatchManager<string>();
    w.watchData('/a/b', 'A');
    w.watchChildren('/a', 'B');
    w.watchChildren('/a/b', 'C');
    expect(fmt(w.trigger({ type: 'NodeCreated', path: '/a/b' }))).toEqual(['A:NodeCreated:/a/b']);
    expect(fmt(w.trigger({ type: 'NodeChildrenChanged', path: '/a' }))).toEqual(['B:NodeChildrenChanged:/a']);
    // one-shot: consumed
    expect(w.trigger({ type: 'NodeCreated', path: '/a/b' })).toEqual([]);
    expect(w.trigger({ type: 'NodeChildrenChanged', path: '/a' })).toEqual([]);
  });

  it('delete: NodeDeleted once per connection even with data and child watches on the path', () => {
    const w = new WatchManager<string>();
    w.watchData('/x', 'A');
    w.watchChildren('/x', 'A');
    w.watchChildren('/x', 'B');
    expect(fmt(w.trigger({ type: 'NodeDeleted', path: '/x' }))).toEqual(['A:NodeDeleted:/x', 'B:NodeDeleted:/x']);
    expect(w.watchCount()).toBe(0);
  });

  it('persistent watches are never consumed and see data, creation, deletion and child changes of their path only', () => {
    const w = new WatchManager<string>();
    w.addWatch('/p', 'P', 'PERSISTENT');
    for (let i = 0; i < 2; i++) {
      expect(fmt(w.trigger({ type: 'NodeDataChanged', path: '/p' }))).toEqual(['P:NodeDataChanged:/p']);
      expect(fmt(w.trigger({ type: 'NodeChildrenChanged', path: '/p' }))).toEqual(['P:NodeChildrenChanged:/p']);
    }
    expect(w.trigger({ type: 'NodeCreated', path: '/p/c' })).toEqual([]);
    expect(fmt(w.trigger({ type: 'NodeDeleted', path: '/p' }))).toEqual(['P:NodeDeleted:/p']);
  });

  it('recursive watches see every create, change and delete below, never NodeChildrenChanged', () => {
    const w = new WatchManager<string>();
    w.addWatch('/r', 'R', 'PERSISTENT_RECURSIVE');
    w.watchData('/r/a/b', 'R'); // also a standard watch: still one delivery
    expect(fmt(w.trigger({ type: 'NodeCreated', path: '/r/a/b' }))).toEqual(['R:NodeCreated:/r/a/b']);
    expect(fmt(w.trigger({ type: 'NodeDataChanged', path: '/r' }))).toEqual(['R:NodeDataChanged:/r']);
    expect(w.trigger({ type: 'NodeChildrenChanged', path: '/r' })).toEqual([]);
    expect(w.trigger({ type: 'NodeDataChanged', path: '/rx' })).toEqual([]);
    expect(fmt(w.trigger({ type: 'NodeDeleted', path: '/r/a' }))).toEqual(['R:NodeDeleted:/r/a']);
  });

  it('one mode per connection and path and table, the later registration winning (3.8 WatcherModeManager)', () => {
    const w = new WatchManager<string>();
    w.addWatch('/a', 'A', 'PERSISTENT');
    w.watchData('/a', 'A'); // the data part becomes one-shot; the child part stays persistent
    w.watchData('/b', 'B');
    w.addWatch('/b', 'B', 'PERSISTENT'); // the other order: persistent wins
    expect(fmt(w.trigger({ type: 'NodeDataChanged', path: '/a' }))).toEqual(['A:NodeDataChanged:/a']);
    expect(w.trigger({ type: 'NodeDataChanged', path: '/a' })).toEqual([]);
    expect(fmt(w.trigger({ type: 'NodeChildrenChanged', path: '/a' }))).toEqual(['A:NodeChildrenChanged:/a']);
    expect(fmt(w.trigger({ type: 'NodeChildrenChanged', path: '/a' }))).toEqual(['A:NodeChildrenChanged:/a']);
    expect(fmt(w.trigger({ type: 'NodeDataChanged', path: '/b' }))).toEqual(['B:NodeDataChanged:/b']);
    expect(fmt(w.trigger({ type: 'NodeDataChanged', path: '/b' }))).toEqual(['B:NodeDataChanged:/b']);
    // removeWatches DATA removes a persistent watch's data part, whatever its mode
    expect(w.removeWatches('/b', 'Data', 'B', true)).toBe(true);
    expect(w.trigger({ type: 'NodeDataChanged', path: '/b' })).toEqual([]);
    expect(fmt(w.trigger({ type: 'NodeChildrenChanged', path: '/b' }))).toEqual(['B:NodeChildrenChanged:/b']);
  });

  it('a recursive watch sits in the child table too: it replaces a standard child watch and fires NodeDeleted from there', () => {
    const w = new WatchManager<string>();
    w.watchChildren('/a', 'A');
    w.addWatch('/a', 'A', 'PERSISTENT_RECURSIVE'); // the child watch on /a becomes recursive: no NodeChildrenChanged
    expect(fmt(w.trigger({ type: 'NodeCreated', path: '/a/x' }))).toEqual(['A:NodeCreated:/a/x']);
    expect(w.trigger({ type: 'NodeChildrenChanged', path: '/a' })).toEqual([]);
    w.watchData('/a', 'A'); // the data table's mode on /a is now standard; the child table's stays recursive
    expect(fmt(w.trigger({ type: 'NodeDeleted', path: '/a/x' }))).toEqual(['A:NodeDeleted:/a/x']);
    expect(w.removeWatches('/a', 'Children', 'A', true)).toBe(true); // 3.8.0 finds the recursive watch there
    expect(w.trigger({ type: 'NodeDeleted', path: '/a/y' })).toEqual([]);
  });

  it('a closed connection loses all its watches', () => {
    const w = new WatchManager<string>();
    w.watchData('/a', 'A');
    w.addWatch('/', 'A', 'PERSISTENT_RECURSIVE');
    w.removeWatcher('A');
    expect(w.trigger({ type: 'NodeDataChanged', path: '/a' })).toEqual([]);
    expect(w.watchCount()).toBe(0);
  });
});

describe('WatchManager.setWatches', () => {
  const view = new Map<string, { mzxid: Zxid; pzxid: Zxid }>([
    ['/same', { mzxid: 5 as Zxid, pzxid: 5 as Zxid }],
    ['/changed', { mzxid: 9 as Zxid, pzxid: 5 as Zxid }],
    ['/kids', { mzxid: 5 as Zxid, pzxid: 9 as Zxid }],
  ]);
  const nodes = { node: (p: string) => view.get(p) };

  it('owes events for what changed since relativeZxid and re-registers the rest', () => {
    const w = new WatchManager<string>();
    const owed = w.setWatches(nodes, {
      relativeZxid: 7 as Zxid, dataWatches: ['/same', '/changed', '/gone'], existWatches: ['/same', '/absent'],
      childWatches: ['/kids', '/same', '/gone'], persistentWatches: ['/p'], persistentRecursiveWatches: ['/r'],
    }, 'C');
    expect(fmt(owed)).toEqual([
      'C:NodeDataChanged:/changed', 'C:NodeDeleted:/gone', 'C:NodeCreated:/same', 'C:NodeChildrenChanged:/kids', 'C:NodeDeleted:/gone',
    ]);
    expect(fmt(w.trigger({ type: 'NodeDataChanged', path: '/same' }))).toEqual(['C:NodeDataChanged:/same']);
    expect(fmt(w.trigger({ type: 'NodeCreated', path: '/absent' }))).toEqual(['C:NodeCreated:/absent']);
    expect(fmt(w.trigger({ type: 'NodeChildrenChanged', path: '/same' }))).toEqual(['C:NodeChildrenChanged:/same']);
    expect(fmt(w.trigger({ type: 'NodeDataChanged', path: '/r/x' }))).toEqual(['C:NodeDataChanged:/r/x']);
  });
});

describe('WatchManager.removeWatches', () => {
  it('checks (NOWATCHER when absent) or removes by type', () => {
    const w = new WatchManager<string>();
    w.watchData('/a', 'A');
    w.watchChildren('/a', 'A');
    expect(w.removeWatches('/a', 'Data', 'B', true)).toBe(false);
    expect(w.removeWatches('/a', 'Data', 'A', false)).toBe(true); // checkWatches: nothing removed
    expect(fmt(w.trigger({ type: 'NodeDataChanged', path: '/a' }))).toEqual(['A:NodeDataChanged:/a']);
    expect(w.removeWatches('/a', 'Children', 'A', true)).toBe(true);
    expect(w.trigger({ type: 'NodeChildrenChanged', path: '/a' })).toEqual([]);
    expect(w.removeWatches('/a', 'Any', 'A', true)).toBe(false);
  });
});
