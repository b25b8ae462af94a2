// The client's connection management, driven by hand against a recording fake env: the handshake for a
// new session and for a reconnect (same session, lastZxidSeen), server rotation from the seeded shuffle
// with ZooKeeper's pauses, the timers (connect T/N, ping at readTimeout/2, read timeout 2T/3, optional
// 4T/3 self-expiry) and Expired on a timeout-0 ConnectResponse. These are the rules of ClientCnxn and
// StaticHostProvider (zk-client-semantics.md 6.3-6.6) that every scenario's session behaviour rests on.
import { describe, expect, it } from 'vitest';
import type { Zxid } from '../../src/base/index.ts';
import { ClientHarness } from '../support/zk-client-harness.ts';

const S = 1_000_000;
const MS = 1_000;

describe('handshake', () => {
  it('opens a new session: TCP first, then a ConnectRequest with session 0, then SyncConnected', () => {
    const h = new ClientHarness({ servers: [1, 2, 3], timeoutMs: 30_000, seed: 7 });
    expect(h.client.state).toBe('NOT_CONNECTED');
    h.start();
    const order = h.twinRng().shuffled([1, 2, 3]);
    expect(h.client.serverOrder).toEqual(order);
    expect(h.connects).toEqual([{ conn: 1, peer: order[0], atMicros: 0 }]);
    expect(h.client.state).toBe('CONNECTING');
    expect(h.takeSent()).toEqual([]);
    expect(h.nextTimer()).toEqual({ tag: 'client-connect-timeout', atMicros: 10 * S }); // T/N

    h.advance(1 * MS);
    h.tcpUp();
    expect(h.takeSent()).toEqual([{
      type: 'connect', protocolVersion: 0, lastZxidSeen: 0, timeoutMs: 30_000, sessionId: 0, passwd: '', readOnly: false,
    }]);
    expect(h.nextTimer()).toEqual({ tag: 'client-connect-timeout', atMicros: 1 * MS + 10 * S }); // from the ConnectRequest

    h.advance(500);
    h.accept({ sessionId: 0x1000, timeoutMs: 12_000, passwd: 'secret' });
    expect(h.client.state).toBe('CONNECTED');
    expect([h.client.sessionId, h.client.sessionPasswd, h.client.negotiatedTimeoutMs]).toEqual([0x1000, 'secret', 12_000]);
    expect(h.sessionEvents()).toEqual(['SyncConnected']);
    expect(h.takeSent()).toEqual([]); // nothing watched, no auth, nothing queued
    // Negotiated T = 12 s: readTimeout 8 s, ping after 4 s without sending (the ConnectRequest went at 1 ms).
    expect(h.nextTimer()).toEqual({ tag: 'client-ping', atMicros: 1 * MS + 4 * S });
    expect(h.traces).toContainEqual({ event: 'clientState', from: 'CONNECTING', to: 'CONNECTED' });
    expect(h.traces).toContainEqual({ event: 'clientSession', server: order[0], session: '0x1000', timeoutMs: 12_000, readOnly: false });
  });

  it('reconnects to the next server with the same session, password and lastZxidSeen', () => {
    const h = new ClientHarness({ servers: [1, 2, 3], seed: 3 });
    const twin = h.twinRng();
    const order = twin.shuffled([1, 2, 3]);
    h.start();
    h.establish({ sessionId: 0x77, passwd: 'pw77' });
    h.call('get', { op: 'getData', path: '/a', watch: false });
    h.reply(1, { zxid: 0x105, response: { op: 'getData', data: null, stat: STAT } });
    // Neither ping replies nor notifications move lastZxidSeen.
    h.reply(-2, { zxid: 0x200 });
    h.notify('NodeDataChanged', '/x', 0x300);
    expect(h.client.lastZxidSeen).toBe(0x105);

    h.drop('reset');
    expect(h.client.state).toBe('CONNECTING');
    const pauseMs = twin.int(0, 999);
    expect(h.nextTimer()).toEqual({ tag: 'client-pause', atMicros: h.nowMicros + pauseMs * MS });
    h.advance(pauseMs * MS);
    expect(h.connects.map((c) => c.peer)).toEqual([order[0], order[1]]);
    h.takeSent();
    h.tcpUp();
    expect(h.takeSent()).toEqual([{
      type: 'connect', protocolVersion: 0, lastZxidSeen: 0x105, timeoutMs: 30_000, sessionId: 0x77, passwd: 'pw77', readOnly: false,
    }]);
    h.accept();
    expect(h.client.sessionId).toBe(0x77);
    expect(h.sessionEvents()).toEqual(['SyncConnected', 'Disconnected', 'SyncConnected']);
  });

  it('re-attaches to a given session, and asks read-only servers for a fresh one until it has seen a read-write server', () => {
    const h = new ClientHarness({ servers: [1], options: { session: { id: 0x42, passwd: 'old' } } });
    h.start();
    h.tcpUp();
    expect(h.takeSent()).toMatchObject([{ type: 'connect', sessionId: 0x42, passwd: 'old' }]);

    const ro = new ClientHarness({ servers: [1], options: { canBeReadOnly: true } });
    ro.start();
    ro.tcpUp();
    expect(ro.takeSent()).toMatchObject([{ type: 'connect', sessionId: 0, readOnly: true }]);
    ro.accept({ sessionId: 0x99, readOnly: true });
    expect(ro.client.state).toBe('CONNECTEDREADONLY');
    expect(ro.sessionEvents()).toEqual(['ConnectedReadOnly']);
    ro.drop();
    ro.advanceTo(ro.nextTimer()?.atMicros ?? 0);
    ro.tcpUp();
    expect(ro.takeSent()).toMatchObject([{ type: 'connect', sessionId: 0 }]); // the RO session id is not real
  });
});

describe('server rotation', () => {
  it('tries the shuffled servers round robin, spinning 1 s after a full cycle, with no random pause before any TCP success', () => {
    const h = new ClientHarness({ servers: [11, 12, 13], timeoutMs: 30_000, seed: 5 });
    const order = h.twinRng().shuffled([11, 12, 13]);
    h.start();
    // No server ever answers TCP: each attempt dies at the connect timeout T/N = 10 s.
    h.advanceTo(40 * S);
    expect(h.connects.map((c) => [c.peer, c.atMicros])).toEqual([
      [order[0], 0], [order[1], 10 * S], [order[2], 20 * S], [order[0], 31 * S],
    ]);
    expect(h.closes.map((c) => c.atMicros)).toEqual([10 * S, 20 * S, 30 * S]);
    expect(h.sessionEvents()).toEqual([]); // a first failure says nothing: the initial state is Disconnected
  });

  it('pauses 0-999 ms (from env.rng) before every attempt once a TCP connection has been made, and moves on when refused', () => {
    const h = new ClientHarness({ servers: [1, 2, 3], timeoutMs: 30_000, seed: 11 });
    const twin = h.twinRng();
    const order = twin.shuffled([1, 2, 3]);
    h.start();
    const expected: [number | undefined, number][] = [[order[0], 0]];
    let t = 0;
    for (let i = 1; i <= 4; i++) {
      // The server closes during the handshake (as one behind lastZxidSeen does).
      h.tcpUp();
      h.drop('eof');
      const pauseMs = twin.int(0, 999) + (i === 3 ? 1_000 : 0); // back at the first server: spin too
      h.advance(pauseMs * MS);
      t += pauseMs * MS;
      expected.push([order[i % 3], t]);
    }
    expect(h.connects.map((c) => [c.peer, c.atMicros])).toEqual(expected);
  });

  it('after a session, a full cycle ends at the server that last worked, and the connect timeout follows the negotiated T', () => {
    const h = new ClientHarness({ servers: [1, 2, 3], timeoutMs: 30_000, seed: 2 });
    const twin = h.twinRng();
    const order = twin.shuffled([1, 2, 3]);
    h.start();
    h.advanceTo(10 * S); // order[0] times out
    h.tcpUp();
    h.accept({ timeoutMs: 12_000 }); // on order[1]
    h.drop();
    const atDrop = h.nowMicros;
    let t = atDrop;
    for (const [i, spin] of [[2, 0], [0, 0], [1, 1_000]] as const) {
      t += (twin.int(0, 999) + spin) * MS;
      h.advanceTo(t);
      expect(h.connects.at(-1)).toMatchObject({ peer: order[i], atMicros: t });
      t += 4 * S; // T/N with the negotiated 12 s
      expect(h.nextTimer()).toEqual({ tag: 'client-connect-timeout', atMicros: t });
    }
  });
});

describe('timers on an open connection', () => {
  it('pings after readTimeout/2 without sending and drops the connection after readTimeout without hearing', () => {
    const h = new ClientHarness({ servers: [1, 2], timeoutMs: 30_000, seed: 1 }); // readTimeout 20 s, ping 10 s
    h.start();
    h.establish();
    h.takeSent();
    h.advanceTo(10 * S - 1);
    expect(h.takeSent()).toEqual([]);
    h.advanceTo(10 * S);
    expect(h.takeSent()).toEqual([{ type: 'request', xid: -2, request: { op: 'ping' } }]);
    h.advance(1 * MS);
    h.reply(-2);
    expect(h.nextTimer()).toEqual({ tag: 'client-ping', atMicros: 20 * S });
    h.advanceTo(20 * S);
    expect(h.takeSent()).toEqual([{ type: 'request', xid: -2, request: { op: 'ping' } }]);
    // The second ping goes unanswered: the read timeout counts from the last thing heard (10.001 s).
    const conn = h.lastConn;
    h.advanceTo(30 * S + 1 * MS - 1);
    expect(h.client.state).toBe('CONNECTED');
    h.advanceTo(30 * S + 1 * MS);
    expect(h.client.state).toBe('CONNECTING');
    expect(h.closes).toEqual([{ conn, atMicros: 30 * S + 1 * MS }]);
    expect(h.sessionEvents()).toEqual(['SyncConnected', 'Disconnected']);
    expect(h.traces).toContainEqual(expect.objectContaining({ event: 'clientDisconnected', reason: 'read timeout' }));
  });

  it('counts any request as activity, and takes 1 s of slack off the ping once idle more than 1 s', () => {
    const h = new ClientHarness({ servers: [1], timeoutMs: 30_000 });
    h.start();
    h.establish();
    h.advanceTo(5 * S);
    h.call('sync', { op: 'sync', path: '/' });
    expect(h.nextTimer()).toEqual({ tag: 'client-ping', atMicros: 15 * S });
    h.advanceTo(7 * S);
    h.reply(1, { response: { op: 'sync', path: '/' } }); // heard at idle 2 s: 10 - 2 - 1 = 7 s to go
    expect(h.nextTimer()).toEqual({ tag: 'client-ping', atMicros: 14 * S });
    h.takeSent();
    h.advanceTo(14 * S);
    expect(h.takeSent()).toEqual([{ type: 'request', xid: -2, request: { op: 'ping' } }]);
  });
});

describe('the end of a session', () => {
  it('goes CLOSED with Expired on a timeout-0 ConnectResponse; every pending and later op fails SESSIONEXPIRED', () => {
    const h = new ClientHarness({ servers: [1, 2] });
    h.start();
    h.establish({ sessionId: 0x5 });
    const w = h.watcher('w');
    h.call('watch', { op: 'exists', path: '/a', watch: true }, w);
    h.reply(1, { err: 'NONODE' });
    h.drop();
    h.call('queued', { op: 'delete', path: '/a', version: -1 });
    h.advanceTo(h.nextTimer()?.atMicros ?? 0);
    h.tcpUp();
    h.deliver({ type: 'connected', timeoutMs: 0, sessionId: 0x5, passwd: 'pw', readOnly: false });
    expect(h.client.state).toBe('CLOSED');
    expect(h.lines().slice(-3)).toEqual(['default:None:Expired', 'w:None:Expired', 'done:queued:SESSIONEXPIRED']);
    expect(h.closes.at(-1)?.conn).toBe(h.lastConn);
    expect(h.timers.size).toBe(0);
    h.call('later', { op: 'getData', path: '/a', watch: false });
    expect(h.result('later')).toEqual({ ok: false, code: 'SESSIONEXPIRED' });
    h.close();
    expect(h.result('close')).toEqual({ ok: true, response: { op: 'empty' } });
    const connects = h.connects.length;
    h.advance(100 * S);
    expect(h.connects.length).toBe(connects);
  });

  it('with clientSideExpiry (3.9.3+), expires on its own after 4T/3 without hearing from any server', () => {
    for (const clientSideExpiry of [true, false]) {
      const h = new ClientHarness({ servers: [1, 2, 3], timeoutMs: 30_000, options: { clientSideExpiry } });
      h.start();
      h.establish();
      h.advance(1 * S);
      h.drop();
      h.call('op', { op: 'sync', path: '/' });
      h.advanceTo(40 * S - 1);
      expect(h.client.state).toBe('CONNECTING');
      h.advanceTo(40 * S);
      if (clientSideExpiry) {
        expect(h.client.state).toBe('CLOSED');
        expect(h.sessionEvents()).toEqual(['SyncConnected', 'Disconnected', 'Expired']);
        expect(h.timers.size).toBe(0);
      } else {
        h.advanceTo(100 * S);
        expect(h.client.state).toBe('CONNECTING');
        expect(h.sessionEvents()).toEqual(['SyncConnected', 'Disconnected']);
      }
    }
  });
});

const STAT = {
  czxid: 1 as Zxid, mzxid: 1 as Zxid, ctime: 0, mtime: 0, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0,
  dataLength: 0, numChildren: 0, pzxid: 1 as Zxid,
};
