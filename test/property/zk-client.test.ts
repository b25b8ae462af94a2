// The client under random interleavings of application calls, server answers (replies, notifications,
// accepted, refused and expired handshakes, out-of-order replies, auth failures), dropped connections and
// the passage of time. Hand-written cases cover each rule once; this checks that they compose: every call
// completes exactly once, with the server's code whenever the server answered it; xids run 1, 2, 3, ...;
// each ConnectRequest carries the zxid of the last reply processed; the default watcher never sees the
// same session state twice in a row; a dead handle sends nothing; and the client's own invariant
// assertions (checked after every step) never fire.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { ConnId, Zxid } from '../../src/base/index.ts';
import { isAlive } from '../../src/zk/client/index.ts';
import type { AppRequest } from '../../src/zk/client/index.ts';
import type { ClientResponse, ConnectRequest, ErrorName, Request } from '../../src/zk/protocol/index.ts';
import { checkProperty } from '../support/property.ts';
import { ClientHarness } from '../support/zk-client-harness.ts';

type Action =
  | { readonly kind: 'call'; readonly op: 'sync' | 'getData' | 'exists' | 'create' | 'addWatch' | 'getChildren'; readonly watch: boolean }
  | { readonly kind: 'close' | 'auth' | 'drop' | 'badReply' | 'authFail' }
  /** Whatever the server side would do next: wait out a pause, accept TCP, accept the handshake, answer. */
  | { readonly kind: 'progress'; readonly err: 'OK' | 'NONODE' | 'BADVERSION'; readonly notifyFirst: boolean }
  | { readonly kind: 'handshakeFault'; readonly outcome: 'refuse' | 'expire' }
  | { readonly kind: 'advance'; readonly micros: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 20, arbitrary: fc.record({ kind: fc.constant('call' as const), op: fc.constantFrom('sync', 'getData', 'exists', 'create', 'addWatch', 'getChildren'), watch: fc.boolean() }) },
  { weight: 40, arbitrary: fc.record({ kind: fc.constant('progress' as const), err: fc.constantFrom('OK', 'OK', 'NONODE', 'BADVERSION'), notifyFirst: fc.boolean() }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('advance' as const), micros: fc.integer({ min: 0, max: 2_000_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), micros: fc.integer({ min: 2_000_000, max: 15_000_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('handshakeFault' as const), outcome: fc.constantFrom('refuse', 'refuse', 'expire') }) },
  { weight: 6, arbitrary: fc.constantFrom(...(['drop', 'badReply', 'auth'] as const).map((kind) => ({ kind }))) },
  { weight: 1, arbitrary: fc.constantFrom(...(['close', 'authFail'] as const).map((kind) => ({ kind }))) },
);

function requestFor(a: Extract<Action, { kind: 'call' }>, n: number): AppRequest {
  const path = `/n${n % 3}`;
  switch (a.op) {
    case 'sync': return { op: 'sync', path };
    case 'getData': return { op: 'getData', path, watch: a.watch };
    case 'exists': return { op: 'exists', path, watch: a.watch };
    case 'getChildren': return { op: 'getChildren', path, watch: a.watch, withStat: false };
    case 'create': return { op: 'create', path, data: null, acl: [], flags: 0 };
    case 'addWatch': return { op: 'addWatch', path, mode: a.watch ? 'PERSISTENT' : 'PERSISTENT_RECURSIVE' };
  }
}

const STAT = {
  czxid: 1 as Zxid, mzxid: 1 as Zxid, ctime: 0, mtime: 0, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0,
  dataLength: 0, numChildren: 0, pzxid: 1 as Zxid,
};

function responseFor(request: Request['request']): ClientResponse {
  if (request.op === 'sync' || request.op === 'create') return request.op === 'sync' ? { op: 'sync', path: request.path } : { op: 'create', path: request.path };
  if (request.op === 'getData') return { op: 'getData', data: null, stat: STAT };
  if (request.op === 'exists') return { op: 'exists', stat: STAT };
  if (request.op === 'getChildren') return { op: 'getChildren', children: [] };
  return { op: 'empty' };
}

/** Plays the server's side of one run and keeps what the checks need. */
class World {
  readonly h: ClientHarness;
  readonly labels = new Map<Request['request'], string>();
  readonly expected = new Map<string, ErrorName>();
  readonly accepted = new Set<ConnId>();
  readonly answered = new Map<ConnId, number>();
  lastZxidProcessed = 0;
  zxid = 0;
  calls = 0;

  constructor(seed: number) {
    this.h = new ClientHarness({ servers: [1, 2, 3], timeoutMs: 9_000, seed });
    this.h.start();
  }

  get conn(): ConnId | undefined {
    return this.h.connects.at(-1)?.conn;
  }

  unanswered(conn: ConnId): Request[] {
    const sent = this.h.sent.filter((s) => s.conn === conn && s.msg.type === 'request' && s.msg.xid > 0).map((s) => s.msg as Request);
    return sent.slice(this.answered.get(conn) ?? 0);
  }

  run(a: Action): void {
    switch (a.kind) {
      case 'call': {
        const label = `c${this.calls++}`;
        const request = requestFor(a, this.calls);
        this.labels.set(request, label);
        return this.h.call(label, request);
      }
      case 'close':
        return this.h.close(`c${this.calls++}`);
      case 'auth':
        return this.h.addAuth(`c${this.calls++}`, 'digest', 'u:p');
      case 'advance':
        return this.h.advance(a.micros);
      case 'drop':
      case 'badReply':
      case 'authFail':
      case 'progress':
      case 'handshakeFault':
        return this.serverAct(a);
    }
  }

  private serverAct(a: Exclude<Action, { kind: 'call' | 'close' | 'auth' | 'advance' }>): void {
    const c = this.conn;
    const status = c === undefined ? 'done' : this.h.connStatus(c);
    if (a.kind === 'progress' && status === 'done') {
      const next = this.h.nextTimer();
      return next?.tag === 'client-pause' ? this.h.advanceTo(next.atMicros) : undefined;
    }
    if (c === undefined || status === 'done') return;
    if (a.kind === 'drop') return this.h.drop('reset', c);
    if (status === 'connecting') return a.kind === 'progress' ? this.h.tcpUp(c) : undefined;
    if (!this.accepted.has(c)) {
      if (a.kind === 'progress') return this.handshake(c, 'accept');
      return a.kind === 'handshakeFault' ? this.handshake(c, a.outcome) : undefined;
    }
    if (a.kind === 'authFail') return this.h.reply(-4, { err: 'AUTHFAILED' }, c);
    const next = this.unanswered(c)[0];
    if (a.kind === 'badReply' && next !== undefined) return this.h.reply(next.xid + 1000, { zxid: ++this.zxid, response: { op: 'empty' } }, c);
    if (a.kind !== 'progress') return;
    if (next === undefined) return this.h.reply(-2, { zxid: 0x7fff_0000 }, c); // a ping reply: heard, moves no zxid
    return this.reply(c, next, a.err, a.notifyFirst);
  }

  private handshake(c: ConnId, outcome: 'accept' | 'refuse' | 'expire'): void {
    const request = this.h.sent.find((s) => s.conn === c && s.msg.type === 'connect')?.msg as ConnectRequest | undefined;
    if (request === undefined) throw new Error('a connection that is up carries a ConnectRequest');
    if (request.lastZxidSeen !== this.lastZxidProcessed) {
      throw new Error(`ConnectRequest lastZxidSeen ${request.lastZxidSeen}, but the last reply processed had zxid ${this.lastZxidProcessed}`);
    }
    if (outcome === 'refuse') return this.h.drop('eof', c);
    this.accepted.add(c);
    this.h.accept(outcome === 'expire' ? { timeoutMs: 0 } : {}, c);
  }

  private reply(c: ConnId, next: Request, err: ErrorName, notifyFirst: boolean): void {
    const request = next.request;
    const code = request.op === 'setWatches' || request.op === 'closeSession' || request.op === 'sync' ? 'OK' : err;
    if (notifyFirst && 'path' in request) this.h.notify('NodeDataChanged', request.path, this.zxid + 1, c);
    this.answered.set(c, (this.answered.get(c) ?? 0) + 1);
    this.zxid += 1;
    this.lastZxidProcessed = this.zxid;
    const label = this.labels.get(request);
    if (label !== undefined) this.expected.set(label, code);
    this.h.reply(next.xid, code === 'OK' ? { zxid: this.zxid, response: responseFor(request) } : { zxid: this.zxid, err: code }, c);
  }

  /** Closes the handle and lets everything settle, so that every call must have completed. */
  finish(): void {
    this.h.close('final');
    for (let i = 0; i < 50 && isAlive(this.h.client.state); i++) {
      const c = this.conn;
      if (c !== undefined && this.h.connStatus(c) !== 'done') this.h.drop('reset', c);
      else this.h.advanceTo(this.h.nextTimer()?.atMicros ?? this.h.nowMicros + 1);
    }
    if (isAlive(this.h.client.state)) throw new Error(`the handle did not close: ${this.h.client.state}`);
  }

  check(): void {
    const results = this.h.results();
    for (let i = 0; i < this.calls; i++) if (!results.has(`c${i}`)) throw new Error(`call c${i} never completed`);
    if (!results.has('final')) throw new Error('close never completed');
    for (const [label, code] of this.expected) {
      const r = results.get(label);
      const got = r === undefined ? 'missing' : r.ok ? 'OK' : r.code;
      if (got !== code) throw new Error(`${label}: the server answered ${code}, the application got ${got}`);
    }
    const xids = this.h.requests().filter((r) => r.xid > 0).map((r) => r.xid);
    xids.forEach((x, i) => {
      if (x !== i + 1) throw new Error(`xids run 1, 2, 3, ...: got ${xids.join(',')}`);
    });
    const states = this.h.sessionEvents();
    states.forEach((s, i) => {
      if (i > 0 && states[i - 1] === s) throw new Error(`session state ${s} repeated: ${states.join(',')}`);
    });
    const [sent, connects] = [this.h.sent.length, this.h.connects.length];
    this.h.advance(60_000_000);
    if (this.h.sent.length !== sent || this.h.connects.length !== connects || this.h.timers.size !== 0) {
      throw new Error('a dead handle stays silent');
    }
  }
}

describe('zk client under random interleavings', () => {
  it('completes every call once, with the server\'s code when it answered, and keeps its wire promises', async () => {
    await checkProperty(fc.property(fc.integer({ min: 0, max: 1_000 }), fc.array(actionArb, { minLength: 20, maxLength: 150 }), (seed, actions) => {
      const world = new World(seed);
      for (const a of actions) world.run(a);
      world.finish();
      world.check();
    }), { numRuns: 300, file: import.meta.url });
  });
});
