// Watches and session events on the client, driven by hand: which reply registers which watch (exists +
// NONODE sets an exist watch, getData + NONODE sets nothing), delivery to the matching watchers with
// one-shot removal, persistent and recursive watchers (no NodeChildrenChanged for recursive ones), one
// callback per watcher however it was registered, setWatches on reconnect, session-event fan-out to
// every watcher with consecutive duplicates suppressed, the order of events and replies, and
// removeWatches. zk-client-semantics.md 5.1-5.5 is the reference; ZKWatchManager is the model.
import { describe, expect, it } from 'vitest';
import type { Zxid } from '../../src/base/index.ts';
import { setWatchesBatches } from '../../src/zk/client/index.ts';
import type { WatchKind } from '../../src/zk/client/index.ts';
import { ClientHarness } from '../support/zk-client-harness.ts';

const STAT = {
  czxid: 1 as Zxid, mzxid: 1 as Zxid, ctime: 0, mtime: 0, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0,
  dataLength: 0, numChildren: 0, pzxid: 1 as Zxid,
};
const GOT_DATA = { op: 'getData' as const, data: null, stat: STAT };
const GOT_CHILDREN = { op: 'getChildren' as const, children: [] };
const EXISTS = { op: 'exists' as const, stat: STAT };

function connected(): ClientHarness {
  const h = new ClientHarness({ servers: [1, 2] });
  h.start();
  h.establish();
  h.takeSent();
  return h;
}

/** Only the watch events in the log (not session events, not completions). */
function watchLines(h: ClientHarness): string[] {
  return h.lines().filter((l) => !l.startsWith('done:') && !l.includes(':None:'));
}

describe('registration and delivery', () => {
  it('registers a data watch when getData succeeds, delivers NodeDataChanged once, then forgets it', () => {
    const h = connected();
    const w = h.watcher('w');
    h.call('get', { op: 'getData', path: '/a', watch: true }, w);
    expect(h.client.watchedPaths('data')).toEqual([]); // only once the reply is processed
    h.reply(1, { response: GOT_DATA });
    expect(h.client.watchedPaths('data')).toEqual(['/a']);
    h.notify('NodeDataChanged', '/a', 0x40);
    h.notify('NodeDataChanged', '/a', 0x41);
    expect(watchLines(h)).toEqual(['w:NodeDataChanged:SyncConnected:/a']);
    expect(h.log.at(-1)).toEqual({ kind: 'event', watcher: 'w', event: { type: 'NodeDataChanged', state: 'SyncConnected', path: '/a', zxid: 0x40 } });
    expect(h.client.watchedPaths('data')).toEqual([]);
  });

  it('sets an exist watch for exists on a missing node, nothing for getData on one, and uses the default watcher without a watcher', () => {
    const h = connected();
    h.call('exists', { op: 'exists', path: '/a', watch: true });
    h.reply(1, { err: 'NONODE' });
    h.call('get', { op: 'getData', path: '/b', watch: true });
    h.reply(2, { err: 'NONODE' });
    h.call('exists2', { op: 'exists', path: '/c', watch: true });
    h.reply(3, { response: EXISTS });
    expect([h.client.watchedPaths('exist'), h.client.watchedPaths('data')]).toEqual([['/a'], ['/c']]);
    h.notify('NodeCreated', '/a');
    h.notify('NodeCreated', '/b');
    expect(watchLines(h)).toEqual(['default:NodeCreated:SyncConnected:/a']);
  });

  it('delivers NodeDeleted to data, exist and child watchers of the path, NodeChildrenChanged only to child watchers', () => {
    const h = connected();
    const [d, c] = [h.watcher('d'), h.watcher('c')];
    h.call('get', { op: 'getData', path: '/p', watch: true }, d);
    h.call('kids', { op: 'getChildren', path: '/p', watch: true, withStat: false }, c);
    h.call('kids2', { op: 'getChildren', path: '/q', watch: true, withStat: false }, c);
    h.reply(1, { response: GOT_DATA });
    h.reply(2, { response: GOT_CHILDREN });
    h.reply(3, { response: GOT_CHILDREN });
    h.notify('NodeChildrenChanged', '/q');
    h.notify('NodeDeleted', '/p');
    h.notify('NodeDeleted', '/p');
    expect(watchLines(h)).toEqual(['c:NodeChildrenChanged:SyncConnected:/q', 'd:NodeDeleted:SyncConnected:/p', 'c:NodeDeleted:SyncConnected:/p']);
  });

  it('calls a watcher registered several ways for one path once per event', () => {
    const h = connected();
    const w = h.watcher('w');
    h.call('get', { op: 'getData', path: '/a', watch: true }, w);
    h.call('exists', { op: 'exists', path: '/a', watch: true }, w);
    h.call('kids', { op: 'getChildren', path: '/a', watch: true, withStat: false }, w);
    h.reply(1, { response: GOT_DATA });
    h.reply(2, { response: EXISTS });
    h.reply(3, { response: GOT_CHILDREN });
    h.notify('NodeDeleted', '/a');
    expect(watchLines(h)).toEqual(['w:NodeDeleted:SyncConnected:/a']);
  });

  it('keeps persistent watchers; recursive ones see the subtree but never NodeChildrenChanged', () => {
    const h = connected();
    const [p, r] = [h.watcher('p'), h.watcher('r')];
    h.call('p', { op: 'addWatch', path: '/a', mode: 'PERSISTENT' }, p);
    h.call('r', { op: 'addWatch', path: '/a', mode: 'PERSISTENT_RECURSIVE' }, r);
    h.reply(1);
    h.reply(2);
    h.notify('NodeCreated', '/a');
    h.notify('NodeChildrenChanged', '/a');
    h.notify('NodeDataChanged', '/a/b/c');
    h.notify('NodeDataChanged', '/a');
    h.notify('NodeDataChanged', '/ab');
    expect(watchLines(h)).toEqual([
      'p:NodeCreated:SyncConnected:/a', 'r:NodeCreated:SyncConnected:/a',
      'p:NodeChildrenChanged:SyncConnected:/a',
      'r:NodeDataChanged:SyncConnected:/a/b/c',
      'p:NodeDataChanged:SyncConnected:/a', 'r:NodeDataChanged:SyncConnected:/a',
    ]);
    expect([h.client.watchedPaths('persistent'), h.client.watchedPaths('persistentRecursive')]).toEqual([['/a'], ['/a']]);
  });

  it('hands the application a watch event before the reply that follows it on the wire', () => {
    const h = connected();
    h.call('get', { op: 'getData', path: '/a', watch: true });
    h.reply(1, { response: GOT_DATA });
    h.call('set', { op: 'setData', path: '/a', data: null, version: -1 });
    h.notify('NodeDataChanged', '/a', 0x9);
    h.reply(2, { zxid: 0x9, response: { op: 'setData', stat: STAT } });
    expect(h.lines().slice(-3)).toEqual(['done:get:OK', 'default:NodeDataChanged:SyncConnected:/a', 'done:set:OK']);
  });
});

describe('reconnecting with watches', () => {
  it('sends setWatches with every watched path and relativeZxid = lastZxidSeen before queued requests', () => {
    const h = connected();
    h.call('d', { op: 'getData', path: '/d', watch: true });
    h.call('e', { op: 'exists', path: '/e', watch: true });
    h.call('c', { op: 'getChildren', path: '/c', watch: true, withStat: true });
    h.call('p', { op: 'addWatch', path: '/p', mode: 'PERSISTENT' });
    h.call('r', { op: 'addWatch', path: '/r', mode: 'PERSISTENT_RECURSIVE' });
    h.reply(1, { zxid: 0x70, response: GOT_DATA });
    h.reply(2, { zxid: 0x71, err: 'NONODE' });
    h.reply(3, { zxid: 0x72, response: { ...GOT_CHILDREN, stat: STAT } });
    h.reply(4, { zxid: 0x72 });
    h.reply(5, { zxid: 0x73 });
    h.drop();
    h.call('q', { op: 'sync', path: '/' });
    if (h.nextTimer()?.tag === 'client-pause') h.advanceTo(h.nextTimer()?.atMicros ?? 0);
    h.tcpUp();
    h.takeSent();
    h.accept();
    expect(h.takeSent()).toEqual([
      {
        type: 'request', xid: 6, request: {
          op: 'setWatches', relativeZxid: 0x73, dataWatches: ['/d'], existWatches: ['/e'], childWatches: ['/c'],
          persistentWatches: ['/p'], persistentRecursiveWatches: ['/r'],
        },
      },
      { type: 'request', xid: 7, request: { op: 'sync', path: '/' } },
    ]);
    // The server answers setWatches with the events it finds (zxid -1), then its reply; no done for it.
    h.notify('NodeDeleted', '/d', -1);
    h.reply(6, { zxid: 0x80 });
    h.reply(7, { zxid: 0x80, response: { op: 'sync', path: '/' } });
    expect(h.lines().slice(-2)).toEqual(['default:NodeDeleted:SyncConnected:/d', 'done:q:OK']);
    expect(h.client.watchedPaths('data')).toEqual([]);
  });

  it('batches setWatches at about 128K characters of paths, in data, exist, child, persistent, recursive order', () => {
    const paths: Record<WatchKind, string[]> = {
      data: ['/aaaa', '/bbbb'], exist: ['/cccc'], child: ['/dddd'], persistent: ['/eeee'], persistentRecursive: [],
    };
    const batches = setWatchesBatches((k) => paths[k], 5 as Zxid, 10);
    expect(batches.map((b) => [b.dataWatches, b.existWatches, b.childWatches, b.persistentWatches])).toEqual([
      [['/aaaa', '/bbbb'], [], [], []],
      [[], ['/cccc'], ['/dddd'], []],
      [[], [], [], ['/eeee']],
    ]);
    expect(batches.every((b) => b.relativeZxid === 5)).toBe(true);
    expect(setWatchesBatches(() => [], 0 as Zxid)).toEqual([]);
  });
});

describe('session events', () => {
  it('go to the default watcher and every registered watcher once each, with repeats suppressed', () => {
    const h = new ClientHarness({ servers: [1, 2, 3], timeoutMs: 30_000 });
    h.start();
    h.advanceTo(10_000_000); // the first attempt times out: no event (the initial state is Disconnected)
    h.establish();
    const [a, b] = [h.watcher('a'), h.watcher('b')];
    h.call('1', { op: 'getData', path: '/x', watch: true }, a);
    h.call('2', { op: 'getChildren', path: '/y', watch: true, withStat: false }, a);
    h.call('3', { op: 'addWatch', path: '/z', mode: 'PERSISTENT' }, b);
    h.reply(1, { response: GOT_DATA });
    h.reply(2, { response: GOT_CHILDREN });
    h.reply(3);
    h.drop();
    for (let i = 0; i < 3; i++) { // three more failed attempts say nothing new
      if (h.nextTimer()?.tag === 'client-pause') h.advanceTo(h.nextTimer()?.atMicros ?? 0);
      h.tcpUp();
      h.drop();
    }
    if (h.nextTimer()?.tag === 'client-pause') h.advanceTo(h.nextTimer()?.atMicros ?? 0);
    h.establish();
    expect(h.lines().filter((l) => l.includes(':None:'))).toEqual([
      'default:None:SyncConnected',
      'default:None:Disconnected', 'a:None:Disconnected', 'b:None:Disconnected',
      'default:None:SyncConnected', 'a:None:SyncConnected', 'b:None:SyncConnected',
    ]);
  });
});

describe('removeWatches', () => {
  it('removes a watcher once the server agrees, telling it DataWatchRemoved; NOWATCHER without a local one', () => {
    const h = connected();
    const [w, other] = [h.watcher('w'), h.watcher('other')];
    h.call('get', { op: 'getData', path: '/a', watch: true }, w);
    h.reply(1, { response: GOT_DATA });
    h.removeWatches('rm', '/a', 'Data', false, w);
    expect(h.takeSent().at(-1)).toEqual({ type: 'request', xid: 2, request: { op: 'removeWatches', path: '/a', watcherType: 'Data', all: false } });
    h.reply(2);
    expect(h.lines().slice(-2)).toEqual(['w:DataWatchRemoved:SyncConnected:/a', 'done:rm:OK']);
    expect(h.client.watchedPaths('data')).toEqual([]);
    h.removeWatches('none', '/a', 'Any', false, other);
    h.reply(3);
    expect(h.result('none')).toMatchObject({ ok: false, code: 'NOWATCHER' });
  });

  it('with local, removes even when the server cannot be reached; without, fails and keeps the watch', () => {
    const h = connected();
    h.call('kids', { op: 'getChildren', path: '/k', watch: true, withStat: false });
    h.call('p', { op: 'addWatch', path: '/p', mode: 'PERSISTENT_RECURSIVE' });
    h.reply(1, { response: GOT_CHILDREN });
    h.reply(2);
    h.drop();
    h.removeWatches('keep', '/k', 'Children', false);
    h.removeWatches('local', '/p', 'Any', true);
    if (h.nextTimer()?.tag === 'client-pause') h.advanceTo(h.nextTimer()?.atMicros ?? 0);
    h.advanceTo(h.nextTimer()?.atMicros ?? 0); // the attempt times out: both fail locally
    expect(h.result('keep')).toEqual({ ok: false, code: 'CONNECTIONLOSS' });
    expect(h.result('local')).toEqual({ ok: true, response: { op: 'empty' } });
    expect(h.lines()).toContain('default:PersistentWatchRemoved:Disconnected:/p');
    expect([h.client.watchedPaths('child'), h.client.watchedPaths('persistentRecursive')]).toEqual([['/k'], []]);
  });
});
