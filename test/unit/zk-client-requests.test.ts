// Requests through the client, driven by hand: FIFO xids and in-order reply matching (a mismatch is a lost
// connection), CONNECTIONLOSS for what is in flight when a connection dies, ops submitted while
// disconnected queued and sent after the reconnect (after auth and setWatches) or failed at the next
// failed attempt, auth infos re-sent, AUTHFAILED, multi results, and close(). These are the client-side
// halves of the guarantees the checkers will judge (zk-client-semantics.md 3.0, 3.15, 3.17, 6.5, 6.9).
import { describe, expect, it } from 'vitest';
import type { Zxid } from '../../src/base/index.ts';
import { ClientHarness } from '../support/zk-client-harness.ts';

const STAT = {
  czxid: 1 as Zxid, mzxid: 1 as Zxid, ctime: 0, mtime: 0, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0,
  dataLength: 0, numChildren: 0, pzxid: 1 as Zxid,
};
const create = (path: string) => ({ op: 'create' as const, path, data: null, acl: [], flags: 0 });

function connected(options: ConstructorParameters<typeof ClientHarness>[0] = {}): ClientHarness {
  const h = new ClientHarness(options);
  h.start();
  h.establish();
  h.takeSent();
  return h;
}

/** Waits out the pause before the next connect attempt, if there is one (a draw of 0 ms has none). */
function untilAttempt(h: ClientHarness): void {
  const next = h.nextTimer();
  if (next?.tag === 'client-pause') h.advanceTo(next.atMicros);
}


describe('requests and replies', () => {
  it('numbers requests 1, 2, 3 in submission order and matches replies in that order', () => {
    const h = connected();
    h.call('a', create('/a'));
    h.call('b', { op: 'setData', path: '/a', data: null, version: -1 });
    h.call('c', { op: 'getData', path: '/a', watch: false });
    expect(h.takeSent()).toEqual([
      { type: 'request', xid: 1, request: create('/a') },
      { type: 'request', xid: 2, request: { op: 'setData', path: '/a', data: null, version: -1 } },
      { type: 'request', xid: 3, request: { op: 'getData', path: '/a', watch: false } },
    ]);
    expect(h.client.pendingCount).toBe(3);
    h.reply(1, { zxid: 0x10, response: { op: 'create', path: '/a' } });
    h.reply(2, { zxid: 0x11, err: 'BADVERSION' });
    h.reply(3, { zxid: 0x11, response: { op: 'getData', data: null, stat: STAT } });
    expect(h.lines()).toEqual(['default:None:SyncConnected', 'done:a:OK', 'done:b:BADVERSION', 'done:c:OK']);
    expect(h.result('a')).toEqual({ ok: true, response: { op: 'create', path: '/a' }, zxid: 0x10 });
    expect(h.result('b')).toEqual({ ok: false, code: 'BADVERSION', zxid: 0x11 });
    expect(h.client.lastZxidSeen).toBe(0x11);
    expect(h.client.pendingCount).toBe(0);
  });

  it('treats a reply out of xid order as a lost connection: that op and the rest fail CONNECTIONLOSS', () => {
    const h = connected();
    h.call('a', { op: 'sync', path: '/' });
    h.call('b', { op: 'sync', path: '/' });
    const conn = h.lastConn;
    h.reply(2, { response: { op: 'sync', path: '/' } });
    expect(h.lines().slice(1)).toEqual(['done:a:CONNECTIONLOSS', 'done:b:CONNECTIONLOSS', 'default:None:Disconnected']);
    expect(h.closes.map((c) => c.conn)).toEqual([conn]);
    expect(h.client.state).toBe('CONNECTING');
    expect(h.traces).toContainEqual(expect.objectContaining({ event: 'clientDisconnected', reason: 'protocol error: xid out of order: got 2, expected 1' }));
  });

  it('treats a reply with nothing pending, or an OK reply without the right response, as a lost connection', () => {
    const h = connected();
    h.reply(7);
    expect(h.client.state).toBe('CONNECTING');
    const g = connected();
    g.call('get', { op: 'getData', path: '/a', watch: true });
    g.reply(1, { response: { op: 'empty' } });
    expect(g.result('get')).toEqual({ ok: false, code: 'CONNECTIONLOSS' });
    expect(g.client.watchedPaths('data')).toEqual([]);
  });

  it('reports a multi whose reply says OK but whose ops failed as the first failing op, with the results', () => {
    const h = connected();
    h.call('m', { op: 'multi', ops: [create('/a'), { op: 'delete', path: '/b', version: -1 }, { op: 'check', path: '/c', version: 1 }] });
    const results = [{ op: 'error', code: 'OK' }, { op: 'error', code: 'NONODE' }, { op: 'error', code: 'RUNTIMEINCONSISTENCY' }] as const;
    h.reply(1, { zxid: 0x20, response: { op: 'multi', results } });
    expect(h.result('m')).toEqual({ ok: false, code: 'NONODE', response: { op: 'multi', results }, zxid: 0x20 });
  });
});

describe('disconnection', () => {
  it('fails in-flight ops with CONNECTIONLOSS before Disconnected, and sends ops queued meanwhile after the reconnect', () => {
    const h = connected({ servers: [1, 2] });
    h.call('inflight', create('/a'));
    h.drop('reset');
    expect(h.lines().slice(1)).toEqual(['done:inflight:CONNECTIONLOSS', 'default:None:Disconnected']);
    h.call('q1', create('/b'));
    h.call('q2', { op: 'delete', path: '/c', version: -1 });
    expect(h.client.queuedCount).toBe(2);
    untilAttempt(h);
    h.tcpUp();
    h.call('during-handshake', { op: 'sync', path: '/' });
    expect(h.takeSent().map((m) => m.type)).toEqual(['request', 'connect']); // the old create, then the new handshake
    h.accept();
    expect(h.takeSent()).toEqual([
      { type: 'request', xid: 2, request: create('/b') },
      { type: 'request', xid: 3, request: { op: 'delete', path: '/c', version: -1 } },
      { type: 'request', xid: 4, request: { op: 'sync', path: '/' } },
    ]);
    expect(h.client.queuedCount).toBe(0);
  });

  it('fails queued ops with CONNECTIONLOSS at the next failed connect attempt (timeout or refusal)', () => {
    const h = connected({ servers: [1, 2, 3] });
    h.drop();
    h.call('q1', { op: 'sync', path: '/' });
    untilAttempt(h);
    expect(h.result('q1')).toBeUndefined();
    h.advanceTo(h.nextTimer()?.atMicros ?? 0); // and times out
    expect(h.result('q1')).toEqual({ ok: false, code: 'CONNECTIONLOSS' });
    h.call('q2', { op: 'sync', path: '/' });
    untilAttempt(h);
    h.tcpUp();
    h.drop('eof'); // refused in the handshake
    expect(h.result('q2')).toEqual({ ok: false, code: 'CONNECTIONLOSS' });
    expect(h.sessionEvents()).toEqual(['SyncConnected', 'Disconnected']); // not repeated
  });

  it('re-sends auth infos first, then setWatches, then the queue', () => {
    const h = connected({ servers: [1, 2] });
    h.addAuth('auth', 'digest', 'u:p');
    expect(h.takeSent()).toEqual([{ type: 'request', xid: -4, request: { op: 'auth', scheme: 'digest', auth: 'u:p' } }]);
    expect(h.result('auth')).toEqual({ ok: true, response: { op: 'empty' } });
    h.reply(-4, { zxid: 0x99 }); // auth replies are not matched against pending requests and move no zxid
    expect(h.client.lastZxidSeen).toBe(0);
    h.call('w', { op: 'getData', path: '/w', watch: true });
    h.reply(1, { zxid: 0x30, response: { op: 'getData', data: null, stat: STAT } });
    h.drop();
    h.call('q', { op: 'sync', path: '/' });
    h.addAuth('auth2', 'digest', 'v:q');
    untilAttempt(h);
    h.tcpUp();
    h.takeSent();
    h.accept();
    expect(h.takeSent()).toEqual([
      { type: 'request', xid: -4, request: { op: 'auth', scheme: 'digest', auth: 'u:p' } },
      { type: 'request', xid: -4, request: { op: 'auth', scheme: 'digest', auth: 'v:q' } },
      {
        type: 'request', xid: 2, request: {
          op: 'setWatches', relativeZxid: 0x30, dataWatches: ['/w'], existWatches: [], childWatches: [],
          persistentWatches: [], persistentRecursiveWatches: [],
        },
      },
      { type: 'request', xid: 3, request: { op: 'sync', path: '/' } },
    ]);
  });

  it('goes AUTH_FAILED on an AUTHFAILED auth reply: AuthFailed, pending ops fail AUTHFAILED, and so do later ones', () => {
    const h = connected();
    h.call('a', { op: 'sync', path: '/' });
    h.addAuth('bad', 'nosuch', 'x');
    h.reply(-4, { err: 'AUTHFAILED' });
    expect(h.client.state).toBe('AUTH_FAILED');
    expect(h.lines().slice(-2)).toEqual(['default:None:AuthFailed', 'done:a:AUTHFAILED']);
    expect(h.closes).toHaveLength(1);
    h.call('later', { op: 'sync', path: '/' });
    expect(h.result('later')).toEqual({ ok: false, code: 'AUTHFAILED' });
    expect(h.timers.size).toBe(0);
  });
});

describe('close', () => {
  it('sends closeSession; once answered the handle is CLOSED with Closed, and later ops fail SESSIONEXPIRED', () => {
    const h = connected();
    h.call('before', { op: 'sync', path: '/' });
    h.close();
    h.call('between', { op: 'sync', path: '/' }); // closing: refused at once, as queuePacket does
    expect(h.takeSent()).toEqual([
      { type: 'request', xid: 1, request: { op: 'sync', path: '/' } },
      { type: 'request', xid: 2, request: { op: 'closeSession' } },
    ]);
    expect(h.result('between')).toEqual({ ok: false, code: 'CONNECTIONLOSS' });
    h.reply(1, { response: { op: 'sync', path: '/' } });
    h.reply(2, { zxid: 0x50 });
    expect(h.lines().slice(-3)).toEqual(['done:before:OK', 'done:close:OK', 'default:None:Closed']);
    expect(h.client.state).toBe('CLOSED');
    expect(h.closes).toHaveLength(1);
    expect(h.timers.size).toBe(0);
    h.call('after', { op: 'sync', path: '/' });
    expect(h.result('after')).toEqual({ ok: false, code: 'SESSIONEXPIRED' });
    h.close('again');
    expect(h.result('again')).toEqual({ ok: true, response: { op: 'empty' } });
  });

  it('ends CLOSED even when closeSession cannot be answered: it fails CONNECTIONLOSS and nothing reconnects', () => {
    const h = connected();
    h.close();
    h.drop();
    expect(h.lines().slice(-2)).toEqual(['done:close:CONNECTIONLOSS', 'default:None:Closed']);
    expect(h.client.state).toBe('CLOSED');
    const connects = h.connects.length;
    h.advance(60_000_000);
    expect(h.connects).toHaveLength(connects);
  });

  it('while disconnected, queues closeSession for the next connection', () => {
    const h = connected({ servers: [1, 2] });
    h.drop();
    h.close();
    untilAttempt(h);
    h.tcpUp();
    h.takeSent();
    h.accept();
    expect(h.takeSent()).toEqual([{ type: 'request', xid: 1, request: { op: 'closeSession' } }]);
    h.reply(1);
    expect(h.client.state).toBe('CLOSED');
    expect(h.sessionEvents()).toEqual(['SyncConnected', 'Disconnected', 'SyncConnected', 'Closed']);
  });
});
