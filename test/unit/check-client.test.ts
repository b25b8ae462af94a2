// The client-guarantee checkers (src/check/client) on hand-built histories: for each checker a small
// correct history that passes and a minimally mutated one that fails naming that checker, so every
// guarantee is shown both holding and broken. Then the recorded sample run (rebuilt inline: three
// servers, a leader crash, a watch, a multi, a sequential ephemeral) must pass every checker, with and
// without meta; and a 200k-op synthetic history must replay in zxid order (verdict only, no timing).
import { describe, expect, it } from 'vitest';
import {
  clientCheckers, ephemeralsDieWithSession, multiAtomic, noLostWrites, readYourWrites, readsSequentiallyConsistent, sequentialNames,
  sessionFifo, singleSystemImage, syncThenRead, watches, writesLinearizable,
} from '../../src/check/client/index.ts';
import type { CheckResult, Checker } from '../../src/check/index.ts';
import type { ClientEvent, FinalServer, OpRecord, RunHistory, RunMeta, ServerEvent, StatLite, SubResult } from '../../src/history/index.ts';

const Z = 0x100000000;
const z = (n: number): number => Z + n;
const S1 = 0x10000010000;
const S2 = 0x20000010000;
const SESSIONS: Readonly<Record<string, number>> = { c1: S1, c2: S2, c3: 0x30000010000 };

type Fields = Partial<OpRecord> & Pick<OpRecord, 'op' | 'path' | 'outcome'>;

/** A leaf's Stat: created at czxid, last set at mzxid with `version`. */
function stat(czxid: number, mzxid = czxid, version = 0, extra: Partial<StatLite> = {}): StatLite {
  return { czxid, mzxid, pzxid: czxid, version, cversion: 0, ephemeralOwner: 0, numChildren: 0, dataLength: 1, ...extra };
}

/** Builds a history: ops invoked and completed 1 ms apart, one seq counter for client records. */
class Run {
  readonly ops: OpRecord[] = [];
  readonly clientEvents: ClientEvent[] = [];
  readonly serverEvents: ServerEvent[] = [];
  final: FinalServer[] = [];
  private seq = 0;
  private t = 1_000_000;

  private tick(ms = 1): number {
    this.t += ms * 1000;
    return this.t;
  }

  get micros(): number {
    return this.t;
  }

  begin(client: string, f: Fields): OpRecord {
    const o: OpRecord = {
      id: this.ops.length, client, session: SESSIONS[client] ?? 0, invokeMicros: this.tick(), invokeSeq: this.seq++, completeMicros: -1,
      completeSeq: -1, ...f,
    };
    this.ops.push(o);
    return o;
  }

  end(o: OpRecord): OpRecord {
    o.completeMicros = this.tick();
    o.completeSeq = this.seq++;
    return o;
  }

  op(client: string, f: Fields): OpRecord {
    return this.end(this.begin(client, f));
  }

  wait(ms: number): void {
    this.tick(ms);
  }

  watch(client: string, type: Extract<ClientEvent, { kind: 'watch' }>['type'], path: string): void {
    this.clientEvents.push({ kind: 'watch', atMicros: this.tick(), seq: this.seq++, client, type, path, zxid: -1 });
  }

  session(client: string, state: Extract<ClientEvent, { kind: 'session' }>['state'], server?: number): void {
    const e: ClientEvent = { kind: 'session', atMicros: this.tick(), seq: this.seq++, client, state, session: SESSIONS[client] ?? 0, ...(server === undefined ? {} : { server }) };
    this.clientEvents.push(e);
  }

  apply(zxid: number, op: string, session: number, servers: readonly number[] = [1, 2, 3]): void {
    for (const server of servers) this.serverEvents.push({ atMicros: this.t, server, event: 'zab-apply', zxid, session, cxid: 0, op });
  }

  history(meta: Partial<RunMeta> = {}): RunHistory {
    return {
      meta: {
        scenario: 'hand-built', seed: 0, servers: [1, 2, 3], observers: [], tickTimeMs: 500, syncLimitTicks: 5, initLimitTicks: 10,
        healMicros: this.t, endMicros: this.t + 1000, ...meta,
      },
      ops: this.ops, clientEvents: this.clientEvents, serverEvents: this.serverEvents, lifecycle: [], faults: [], final: this.final,
    };
  }
}

const create = (path: string, zxid: number, extra: Partial<OpRecord> = {}): Fields =>
  ({ op: 'create', path, data: 'x', ephemeral: false, sequential: false, outcome: 'ok', zxid, createdPath: path, ...extra });
const setData = (path: string, data: string, version: number, zxid: number, result: StatLite | string): Fields =>
  typeof result === 'string'
    ? { op: 'setData', path, data, version, outcome: 'fail', code: result, zxid }
    : { op: 'setData', path, data, version, outcome: 'ok', zxid, stat: result };
const getData = (path: string, zxid: number, value: string, s: StatLite, watch = false): Fields =>
  ({ op: 'getData', path, watch, outcome: 'ok', zxid, value, stat: s });
const exists = (path: string, zxid: number, s: StatLite | undefined, watch = false): Fields =>
  s === undefined ? { op: 'exists', path, watch, outcome: 'fail', code: 'NONODE', zxid } : { op: 'exists', path, watch, outcome: 'ok', zxid, stat: s };

function verdict(c: Checker, h: RunHistory): CheckResult {
  const r = c.check(h);
  for (const v of r.violations) expect(v.checker).toBe(c.name);
  return r;
}

function expectPass(c: Checker, h: RunHistory): void {
  const r = verdict(c, h);
  expect(r.violations, r.reason).toEqual([]);
  expect(r.verdict, r.reason).toBe('pass');
}

function expectFail(c: Checker, h: RunHistory, ...words: string[]): void {
  const r = verdict(c, h);
  expect(r.verdict, r.reason).toBe('fail');
  expect(r.violations.length).toBeGreaterThan(0);
  const text = r.violations.map((v) => v.message).join('\n');
  for (const w of words) expect(text).toContain(w);
}

/** c1 creates /a and updates it; c2 reads it. Correct as built. */
function register(mutate: { staleVersion?: boolean; dupZxid?: boolean } = {}): RunHistory {
  const r = new Run();
  r.op('c1', create('/a', z(1)));
  r.op('c1', setData('/a', 'y', 0, z(2), stat(z(1), z(2), 1)));
  r.op('c1', setData('/a', 'w', 0, z(3), mutate.staleVersion === true ? stat(z(1), z(3), 2) : 'BADVERSION'));
  r.op('c2', create('/a', mutate.dupZxid === true ? z(3) : z(4), { outcome: 'fail', code: 'NODEEXISTS' }));
  r.op('c2', getData('/a', z(4), mutate.staleVersion === true ? 'w' : 'y', mutate.staleVersion === true ? stat(z(1), z(3), 2) : stat(z(1), z(2), 1)));
  r.op('c1', { op: 'delete', path: '/a', version: mutate.staleVersion === true ? 2 : 1, outcome: 'ok', zxid: z(5) });
  r.op('c2', exists('/a', z(5), undefined));
  return r.history();
}

describe('writes-linearizable', () => {
  it('passes writes whose answers the model gives in zxid order (failed writes with their own zxids)', () => {
    expectPass(writesLinearizable, register());
  });

  it('fails a setData that succeeded with a version the model had already moved past', () => {
    expectFail(writesLinearizable, register({ staleVersion: true }), '#2', 'BADVERSION');
  });

  it('fails two txns with one zxid', () => {
    expectFail(writesLinearizable, register({ dupZxid: true }), 'share zxid 0x100000003');
  });

  it('fails a write ordered before one that completed before it was invoked', () => {
    const r = new Run();
    r.op('c1', create('/a', z(5)));
    r.op('c2', create('/b', z(4)));
    expectFail(writesLinearizable, r.history(), 'completed before', '#1');
  });

  it('assumes an indeterminate write happened when that alone explains a later answer, and fails without it', () => {
    const build = (withLost: boolean): RunHistory => {
      const r = new Run();
      r.op('c1', create('/r', z(1)));
      if (withLost) r.op('c1', { op: 'setData', path: '/r', data: 'a', version: 0, outcome: 'info', code: 'CONNECTIONLOSS' });
      r.op('c2', setData('/r', 'b', 1, z(3), stat(z(1), z(3), 2)));
      r.op('c2', getData('/r', z(3), 'b', stat(z(1), z(3), 2)));
      return r.history();
    };
    expectPass(writesLinearizable, build(true));
    expect(writesLinearizable.check(build(true)).reason).toContain('1 of 1 indeterminate writes assumed');
    expectFail(writesLinearizable, build(false), 'BADVERSION');
  });

  it('swaps which of two lost sequential creates took a counter when a later read names the other one', () => {
    const build = (named: string): RunHistory => {
      const r = new Run();
      r.op('c1', create('/l', z(1)));
      r.op('c1', { op: 'create', path: '/l/c1-', data: null, ephemeral: true, sequential: true, outcome: 'info', code: 'CONNECTIONLOSS' });
      r.op('c2', { op: 'create', path: '/l/c2-', data: null, ephemeral: true, sequential: true, outcome: 'info', code: 'CONNECTIONLOSS' });
      r.op('c3', create('/l/c3-', z(3), { sequential: true, createdPath: '/l/c3-0000000001' }));
      r.op('c3', { op: 'getChildren', path: '/l', watch: false, outcome: 'ok', zxid: z(3), children: [named, 'c3-0000000001'] });
      return r.history();
    };
    expectPass(writesLinearizable, build('c1-0000000000'));
    expectPass(readsSequentiallyConsistent, build('c1-0000000000'));
    expectPass(readsSequentiallyConsistent, build('c2-0000000000'));
    expectFail(readsSequentiallyConsistent, build('c3-0000000000'), 'children not in the model: c3-0000000000');
  });

  it('holds a failed multi to its culprit and applies nothing of it', () => {
    const build = (culprit: number): RunHistory => {
      const r = new Run();
      r.op('c1', create('/a', z(1)));
      const results: SubResult[] = culprit === 1 ? [{ ok: false, code: 'OK' }, { ok: false, code: 'BADVERSION' }] : [{ ok: false, code: 'BADVERSION' }, { ok: false, code: 'RUNTIMEINCONSISTENCY' }];
      r.op('c1', {
        op: 'multi', path: '', subOps: [{ op: 'create', path: '/n', data: null }, { op: 'setData', path: '/a', data: 'q', version: 5 }],
        outcome: 'fail', code: 'BADVERSION', zxid: z(2), subResults: results,
      });
      r.op('c2', exists('/n', z(2), undefined));
      return r.history();
    };
    expectPass(writesLinearizable, build(1));
    expectPass(readsSequentiallyConsistent, build(1));
    expectFail(writesLinearizable, build(0), 'sub-op');
  });
});

describe('session-fifo', () => {
  it('passes a client whose ops complete in order with increasing write zxids', () => {
    expectPass(sessionFifo, register());
  });

  it('fails a reply that overtakes an earlier request of the same client', () => {
    const r = new Run();
    const first = r.begin('c1', getData('/x', z(1), 'v', stat(z(1))));
    r.op('c1', exists('/y', z(1), undefined));
    r.end(first);
    expectFail(sessionFifo, r.history(), 'completed before it');
  });

  it('fails answered writes of one client whose zxids go down in invocation order', () => {
    const r = new Run();
    const a = r.begin('c1', create('/a', z(3)));
    const b = r.begin('c1', create('/b', z(2)));
    r.end(a);
    r.end(b);
    expectFail(sessionFifo, r.history(), 'got zxid 0x100000002');
  });
});

describe('reads-sequentially-consistent', () => {
  it('passes reads that return the model state at their reply zxid (stale but consistent reads included)', () => {
    const r = new Run();
    r.op('c1', create('/a', z(1)));
    r.op('c1', setData('/a', 'y', 0, z(2), stat(z(1), z(2), 1)));
    r.op('c2', getData('/a', z(1), 'x', stat(z(1))));
    r.op('c2', getData('/a', z(2), 'y', stat(z(1), z(2), 1)));
    expectPass(readsSequentiallyConsistent, r.history());
  });

  it('fails a read at a zxid at or after a write that does not show it', () => {
    const r = new Run();
    r.op('c1', create('/a', z(1)));
    r.op('c1', setData('/a', 'y', 0, z(2), stat(z(1), z(2), 1)));
    r.op('c2', getData('/a', z(2), 'x', stat(z(1))));
    expectFail(readsSequentiallyConsistent, r.history(), '#2', 'version 0 vs model 1');
  });

  it('fails getChildren naming a child that does not exist at its zxid', () => {
    const r = new Run();
    r.op('c1', create('/p', z(1)));
    r.op('c1', create('/p/a', z(2)));
    r.op('c2', { op: 'getChildren', path: '/p', watch: false, outcome: 'ok', zxid: z(2), children: ['a', 'b'] });
    expectFail(readsSequentiallyConsistent, r.history(), 'children not in the model: b');
  });
});

describe('single-system-image', () => {
  const build = (second: number, mzxid = z(1)): RunHistory => {
    const r = new Run();
    r.session('c2', 'connected', 1);
    r.op('c1', create('/a', z(1)));
    r.op('c1', create('/b', z(3)));
    r.op('c2', getData('/a', z(3), 'x', stat(z(1))));
    r.session('c2', 'disconnected');
    r.session('c2', 'connected', 2);
    r.op('c2', getData('/a', second, 'x', stat(z(1), mzxid)));
    return r.history();
  };

  it('passes reply zxids that never go back across a reconnect', () => {
    expectPass(singleSystemImage, build(z(3)));
  });

  it('fails an older view after a reconnect to another server', () => {
    expectFail(singleSystemImage, build(z(2)), 'then the older 0x100000002');
  });

  it('fails a Stat newer than its own reply zxid', () => {
    expectFail(singleSystemImage, build(z(3), z(4)), 'above its reply zxid');
  });
});

describe('read-your-writes', () => {
  const build = (readAt: number): RunHistory => {
    const r = new Run();
    r.op('c2', create('/a', z(1)));
    r.op('c1', setData('/a', 'y', 0, z(2), stat(z(1), z(2), 1)));
    r.op('c1', readAt >= z(2) ? getData('/a', readAt, 'y', stat(z(1), z(2), 1)) : getData('/a', readAt, 'x', stat(z(1))));
    return r.history();
  };

  it('passes a read after the client\'s own write that includes it', () => {
    expectPass(readYourWrites, build(z(2)));
  });

  it('fails a read answered before the client\'s own completed write', () => {
    expectFail(readYourWrites, build(z(1)), 'before the client\'s own #1');
  });
});

describe('no-lost-writes', () => {
  const serving = (server: number, last: number, state = 'FOLLOWING'): FinalServer =>
    ({ server, up: true, state, serving: true, lastProcessedZxid: last, digest: 'd', sessions: [S1, S2], ephemerals: [] });
  const build = (missingOn?: number, finalLast = z(2)): RunHistory => {
    const r = new Run();
    r.op('c1', create('/a', z(1)));
    r.apply(z(1), 'create', S1);
    r.op('c1', setData('/a', 'y', 0, z(2), stat(z(1), z(2), 1)));
    r.apply(z(2), 'setData', S1, [1, 2, 3].filter((s) => s !== missingOn));
    r.op('c2', getData('/a', z(2), 'y', stat(z(1), z(2), 1)));
    r.final = [serving(1, finalLast, 'LEADING'), serving(2, finalLast), serving(3, finalLast)];
    return r.history();
  };

  it('passes acknowledged writes applied by every up-to-date server', () => {
    expectPass(noLostWrites, build());
  });

  it('fails a server that ends past an acknowledged write it never applied', () => {
    expectFail(noLostWrites, build(3), 'server 3 ends at 0x100000002 without acknowledged #1');
  });

  it('fails a reply zxid beyond every server up at the end (rolled back)', () => {
    expectFail(noLostWrites, build(undefined, z(1)), 'reach only 0x100000001');
  });

  it('fails a zxid acknowledged to one client but applied as another session\'s txn', () => {
    const h = build();
    const applied = h.serverEvents.map((e) => (e['zxid'] === z(2) ? { ...e, session: S2 } : e));
    expectFail(noLostWrites, { ...h, serverEvents: applied }, 'applied a setData of session 0x20000010000');
  });

  it('is unknown without server events', () => {
    expect(noLostWrites.check({ ...build(), serverEvents: [] }).verdict).toBe('unknown');
  });
});

describe('sync-then-read', () => {
  const build = (readAt: number, meta: Partial<RunMeta> = {}, waitMs = 0): RunHistory => {
    const r = new Run();
    r.op('c1', create('/a', z(1)));
    r.op('c1', setData('/a', 'y', 0, z(2), stat(z(1), z(2), 1)));
    r.wait(waitMs);
    r.op('c2', { op: 'sync', path: '/', outcome: 'ok', zxid: readAt });
    r.op('c2', readAt >= z(2) ? getData('/a', readAt, 'y', stat(z(1), z(2), 1)) : getData('/a', readAt, 'x', stat(z(1))));
    return r.history({ healMicros: 0, ...meta });
  };

  it('passes a read after a sync that sees every write acknowledged before it', () => {
    expectPass(syncThenRead, build(z(2)));
  });

  it('fails a read after a sync that misses a write acknowledged before the sync', () => {
    expectFail(syncThenRead, build(z(1)), 'acknowledged before the sync');
  });

  it('fails a read long after the heal that misses a write acknowledged more than 10 s earlier, and reports staleness', () => {
    const h = build(z(1), {}, 15_000);
    const stale = { ...h, ops: h.ops.filter((o) => o.op !== 'sync') };
    expectFail(syncThenRead, stale, 'still misses a write');
    const early = { ...stale, meta: { ...stale.meta, healMicros: h.meta.endMicros } };
    expectPass(syncThenRead, early);
    expect(syncThenRead.check(early).reason).toMatch(/max staleness 150\d\d\.\d ms/);
  });
});

describe('sequential-names', () => {
  const build = (second: string): RunHistory => {
    const r = new Run();
    r.op('c1', create('/q', z(1)));
    r.op('c1', create('/q/x-', z(2), { sequential: true, createdPath: '/q/x-0000000000' }));
    r.op('c2', create('/q/x-', z(3), { sequential: true, createdPath: second }));
    return r.history();
  };

  it('passes unique counters increasing with zxid', () => {
    expectPass(sequentialNames, build('/q/x-0000000001'));
  });

  it('fails a name handed out twice', () => {
    expectFail(sequentialNames, build('/q/x-0000000000'), 'both created /q/x-0000000000');
  });

  it('fails a name that is not the prefix and a 10-digit counter', () => {
    expectFail(sequentialNames, build('/q/y-0000000001'), 'not the prefix');
  });
});

describe('ephemerals-die-with-session', () => {
  const build = (readAfterClose: boolean, finalOwner = S1): RunHistory => {
    const r = new Run();
    r.op('c1', create('/e', z(1), { ephemeral: true }));
    r.apply(z(1), 'create', S1);
    r.op('c2', exists('/e', z(1), stat(z(1), z(1), 0, { ephemeralOwner: S1 })));
    r.op('c3', create('/f', z(2), { ephemeral: true }));
    r.apply(z(2), 'create', SESSIONS['c3'] ?? 0);
    r.apply(z(3), 'closeSession', S1);
    r.op('c2', readAfterClose ? exists('/e', z(3), stat(z(1), z(1), 0, { ephemeralOwner: S1 })) : exists('/e', z(3), undefined));
    r.final = [{ server: 1, up: true, state: 'LEADING', serving: true, lastProcessedZxid: z(3), digest: 'd', sessions: [S2, SESSIONS['c3'] ?? 0], ephemerals: [{ path: '/f', owner: finalOwner }] }];
    return r.history();
  };

  it('passes ephemerals seen only before their session\'s closeSession, and kept only by live sessions', () => {
    expectPass(ephemeralsDieWithSession, build(false, SESSIONS['c3'] ?? 0));
  });

  it('fails an ephemeral read at a zxid after its session closed', () => {
    expectFail(ephemeralsDieWithSession, build(true, SESSIONS['c3'] ?? 0), 'whose session closed at 0x100000003');
  });

  it('fails a server that ends holding an ephemeral of a session it no longer has', () => {
    expectFail(ephemeralsDieWithSession, build(false, S1), 'ends holding /f');
  });

  it('is unknown without server events, and the replay then assumes the unseen close', () => {
    const h = { ...build(false, SESSIONS['c3'] ?? 0), serverEvents: [], final: [] };
    expect(ephemeralsDieWithSession.check(h).verdict).toBe('unknown');
    expectPass(readsSequentiallyConsistent, h);
    expect(writesLinearizable.check(h).reason).toContain('1 session closes assumed');
  });
});

describe('watches', () => {
  const build = (how: 'in-order' | 'late' | 'lost' | 'twice' | 'expired'): RunHistory => {
    const r = new Run();
    r.session('c1', 'connected', 1);
    r.session('c2', 'connected', 2);
    r.op('c1', create('/a', z(1)));
    r.op('c2', getData('/a', z(1), 'x', stat(z(1)), true));
    if (how === 'expired') r.session('c2', 'expired');
    r.op('c1', setData('/a', 'y', 0, z(2), stat(z(1), z(2), 1)));
    if (how === 'in-order' || how === 'twice') r.watch('c2', 'NodeDataChanged', '/a');
    if (how === 'twice') r.watch('c2', 'NodeDataChanged', '/a');
    if (how !== 'lost' && how !== 'expired') r.op('c2', getData('/a', z(2), 'y', stat(z(1), z(2), 1)));
    if (how === 'late') r.watch('c2', 'NodeDataChanged', '/a');
    r.wait(11_000);
    return r.history();
  };

  it('passes an event delivered before the client sees the new data', () => {
    expectPass(watches, build('in-order'));
  });

  it('fails an event delivered after a reply at or above the triggering zxid', () => {
    expectFail(watches, build('late'), 'delivered only at seq', 'answered at 0x100000002');
  });

  it('fails a triggered watch never delivered while the session stayed connected', () => {
    expectFail(watches, build('lost'), 'lost watch');
  });

  it('excuses a watch whose session expired before the trigger', () => {
    expectPass(watches, build('expired'));
  });

  it('fails a second event for one registration (one-shot)', () => {
    expectFail(watches, build('twice'), 'one-shot');
  });
});

describe('multi-atomic', () => {
  const build = (readValue: 'after' | 'partial'): RunHistory => {
    const r = new Run();
    r.op('c1', create('/a', z(1)));
    r.op('c1', {
      op: 'multi', path: '', subOps: [{ op: 'create', path: '/m', data: null }, { op: 'setData', path: '/a', data: 'q', version: 0 }],
      outcome: 'ok', zxid: z(2), subResults: [{ ok: true, path: '/m' }, { ok: true, stat: stat(z(1), z(2), 1) }],
    });
    r.op('c2', exists('/m', z(2), stat(z(2), z(2), 0, { dataLength: 0 })));
    r.op('c2', readValue === 'after' ? getData('/a', z(2), 'q', stat(z(1), z(2), 1)) : getData('/a', z(2), 'x', stat(z(1))));
    return r.history();
  };

  it('passes a multi whose effects all show at its zxid', () => {
    expectPass(multiAtomic, build('after'));
  });

  it('fails a read at the multi\'s zxid that shows one of its effects but not another', () => {
    expectFail(multiAtomic, build('partial'), 'without the setData of #1');
  });

  it('fails a failed multi whose results are not OK.. culprit RUNTIMEINCONSISTENCY..', () => {
    const r = new Run();
    r.op('c1', {
      op: 'multi', path: '', subOps: [{ op: 'create', path: '/n', data: null }, { op: 'check', path: '/n', version: 3 }],
      outcome: 'fail', code: 'BADVERSION', zxid: z(1), subResults: [{ ok: false, code: 'RUNTIMEINCONSISTENCY' }, { ok: false, code: 'BADVERSION' }],
    });
    expectFail(multiAtomic, r.history(), 'not OK.. culprit');
  });
});

// ---- the recorded sample (3 servers; server 3 leads epoch 1 and crashes at 2 s; 2 leads epoch 2) ----

const SA = 3298548383744;
const SB = 2199036821504;

function sampleOps(): OpRecord[] {
  const common = (id: number, client: string, invokeMicros: number, invokeSeq: number, completeMicros: number, completeSeq: number): Pick<OpRecord, 'id' | 'client' | 'invokeMicros' | 'invokeSeq' | 'completeMicros' | 'completeSeq' | 'session'> =>
    ({ id, client, invokeMicros, invokeSeq, completeMicros, completeSeq, session: client === 'c1' ? SA : SB });
  const st = (czxid: number, mzxid: number, version: number): StatLite => ({ czxid, mzxid, pzxid: czxid, version, cversion: 0, ephemeralOwner: 0, numChildren: 0, dataLength: 1 });
  return [
    { ...common(0, 'c1', 300000, 0, 322630, 2), op: 'create', path: '/a', data: 'x', ephemeral: false, sequential: false, outcome: 'ok', zxid: z(2), createdPath: '/a' },
    { ...common(1, 'c2', 322630, 3, 795813, 5), op: 'getData', path: '/a', watch: true, outcome: 'ok', zxid: z(3), value: 'x', stat: st(z(2), z(2), 0) },
    { ...common(2, 'c1', 795813, 6, 798851, 7), op: 'setData', path: '/a', data: 'y', version: 0, outcome: 'ok', zxid: z(4), stat: st(z(2), z(4), 1) },
    { ...common(3, 'c1', 798851, 8, 802200, 10), op: 'create', path: '/e', data: 'z', ephemeral: true, sequential: true, outcome: 'ok', zxid: z(5), createdPath: '/e0000000001' },
    { ...common(4, 'c1', 802200, 11, 803640, 12), op: 'setData', path: '/a', data: 'w', version: 0, outcome: 'fail', zxid: z(6), code: 'BADVERSION' },
    {
      ...common(5, 'c1', 803640, 13, 805740, 14), op: 'multi', path: '', outcome: 'ok', zxid: z(7),
      subOps: [{ op: 'create', path: '/m', data: null, ephemeral: false, sequential: false }, { op: 'setData', path: '/a', data: 'q', version: 1 }],
      subResults: [{ ok: true, path: '/m' }, { ok: true, stat: st(z(2), z(7), 2) }],
    },
    { ...common(6, 'c2', 805740, 15, 806479, 16), op: 'exists', path: '/zz', watch: false, outcome: 'fail', zxid: z(7), code: 'NONODE' },
    { ...common(7, 'c2', 806479, 17, 807432, 18), op: 'sync', path: '/', outcome: 'ok', zxid: z(7) },
    { ...common(8, 'c2', 807432, 19, 808244, 20), op: 'getChildren', path: '/', watch: false, outcome: 'ok', zxid: z(7), children: ['a', 'e0000000001', 'm', 'zookeeper'] },
  ];
}

function sample(): RunHistory {
  const clientEvents: ClientEvent[] = [
    { atMicros: 319500, seq: 1, client: 'c1', kind: 'session', state: 'connected', session: SA, server: 3 },
    { atMicros: 795243, seq: 4, client: 'c2', kind: 'session', state: 'connected', session: SB, server: 2 },
    { atMicros: 799026, seq: 9, client: 'c2', kind: 'watch', type: 'NodeDataChanged', path: '/a', zxid: -1 },
    { atMicros: 2000347, seq: 21, client: 'c1', kind: 'session', state: 'disconnected', session: SA },
    { atMicros: 2000444, seq: 22, client: 'c2', kind: 'session', state: 'disconnected', session: SB },
    { atMicros: 2557779, seq: 23, client: 'c1', kind: 'session', state: 'connected', session: SA, server: 2 },
  ];
  const serverEvents: ServerEvent[] = [];
  for (const server of [1, 2, 3]) serverEvents.push({ atMicros: 0, server, event: 'peer-state', state: 'LOOKING', reason: 'started', lastLoggedZxid: 0 });
  const txns: [number, number, string][] = [[1, SA, 'createSession'], [2, SA, 'create'], [3, SB, 'createSession'], [4, SA, 'setData'], [5, SA, 'create'], [6, SA, 'error'], [7, SA, 'multi']];
  txns.forEach(([n, session, op], cxid) => {
    for (const server of [3, 1, 2]) serverEvents.push({ atMicros: 300000 + n * 1000, server, event: 'zab-apply', zxid: z(n), session, cxid, op });
  });
  for (const server of [2, 1]) serverEvents.push({ atMicros: 2000231, server, event: 'peer-state', state: 'LOOKING', reason: 'the leader closed the connection', lastLoggedZxid: z(7) });
  const up = (server: number, state: string): FinalServer => ({
    server, up: true, state, serving: true, lastProcessedZxid: z(7), digest: 'bf954cc851bc6297', sessions: [SB, SA], ephemerals: [{ path: '/e0000000001', owner: SA }],
  });
  return {
    meta: { scenario: 'sample', seed: 1, servers: [1, 2, 3], observers: [], tickTimeMs: 500, syncLimitTicks: 5, initLimitTicks: 10, healMicros: 2_600_000, endMicros: 3_000_000 },
    ops: sampleOps(), clientEvents, serverEvents,
    lifecycle: [{ atMicros: 0, server: 1, event: 'start' }, { atMicros: 0, server: 2, event: 'start' }, { atMicros: 0, server: 3, event: 'start' }, { atMicros: 2_000_000, server: 3, event: 'crash' }],
    faults: [],
    final: [up(1, 'FOLLOWING'), up(2, 'LEADING'), { server: 3, up: false, state: 'DOWN', serving: false, lastProcessedZxid: -1, digest: '', sessions: [], ephemerals: [] }],
  };
}

describe('the recorded sample run', () => {
  it('passes every client checker (read-your-writes has nothing to judge)', () => {
    const verdicts = Object.fromEntries(clientCheckers.map((c) => [c.name, verdict(c, sample()).verdict]));
    expect(verdicts).toEqual({
      'writes-linearizable': 'pass', 'session-fifo': 'pass', 'reads-sequentially-consistent': 'pass', 'single-system-image': 'pass',
      'read-your-writes': 'unknown', 'no-lost-writes': 'pass', 'sync-then-read': 'pass', 'sequential-names': 'pass',
      'ephemerals-die-with-session': 'pass', 'watches': 'pass', 'multi-atomic': 'pass',
    });
  });

  it('is judged the same without meta (as recorded from elsewhere), and names every checker once', () => {
    const { ops, clientEvents, serverEvents, lifecycle, faults, final } = sample();
    const bare = { ops, clientEvents, serverEvents, lifecycle, faults, final } as Partial<RunHistory> as RunHistory;
    expect(clientCheckers.map((c) => c.check(bare).verdict).filter((v) => v === 'fail')).toEqual([]);
    expect(new Set(clientCheckers.map((c) => c.name)).size).toBe(clientCheckers.length);
  });

  it('catches its watch event once moved after a later reply that shows the new data', () => {
    const h = sample();
    const moved = h.clientEvents.map((e) => (e.kind === 'watch' ? { ...e, seq: 99 } : e));
    const read = sampleOps()[1];
    if (read === undefined) throw new Error('the sample has a getData');
    const again: OpRecord = { ...read, id: 9, watch: false, invokeSeq: 30, completeSeq: 31, zxid: z(7), value: 'q', stat: stat(z(2), z(7), 2) };
    expectPass(watches, { ...h, ops: [...h.ops, again] });
    expectFail(watches, { ...h, ops: [...h.ops, again], clientEvents: moved }, 'watch of #1');
  });
});

// ---- scale: a 200k-op synthetic history, judged by replay in zxid order (verdict only) ----

const CLIENTS = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'];

/** `n` ops by 8 clients on 64 keys, one at a time: creates, setData (some with stale versions), getData. */
function synthetic(n: number): RunHistory {
  const ops: OpRecord[] = [];
  const nodes = new Map<string, { version: number; czxid: number; mzxid: number; data: string }>();
  let seq = 0;
  let zxid = Z;
  const add = (client: string, f: Fields, write: boolean): OpRecord => {
    if (write) zxid++;
    const o: OpRecord = { id: ops.length, client, invokeMicros: ops.length * 100, invokeSeq: seq++, completeMicros: ops.length * 100 + 50, completeSeq: seq++, session: 1, ...f, zxid };
    ops.push(o);
    return o;
  };
  for (let i = 0; ops.length < n; i++) {
    const client = CLIENTS[i % 8] ?? 'c0';
    const path = `/k${(i * 7919) % 64}`;
    const node = nodes.get(path);
    const r = (i * 2654435761) % 10;
    if (node === undefined) {
      add(client, create(path, 0), true);
      nodes.set(path, { version: 0, czxid: zxid, mzxid: zxid, data: 'x' });
    } else if (r < 4) {
      const o = add(client, { op: 'setData', path, data: `d${i}`, version: node.version, outcome: 'ok' }, true);
      node.version++;
      node.mzxid = zxid;
      node.data = `d${i}`;
      o.stat = stat(node.czxid, node.mzxid, node.version);
    } else if (r < 5) {
      add(client, { op: 'setData', path, data: 'no', version: node.version + 3, outcome: 'fail', code: 'BADVERSION' }, true);
    } else {
      add(client, getData(path, 0, node.data, stat(node.czxid, node.mzxid, node.version)), false);
    }
  }
  return { ...new Run().history({ endMicros: n * 100 + 100 }), ops };
}

describe('a 200k-op history', () => {
  it('replays in zxid order and passes, and one wrong answer deep inside fails it', () => {
    const h = synthetic(200_000);
    const r = writesLinearizable.check(h);
    expect(r.verdict, r.reason).toBe('pass');
    expect(r.reason).toContain('200,000 ops');
    expect(readsSequentiallyConsistent.check(h).verdict).toBe('pass');
    const broken = synthetic(200_000);
    const victim = broken.ops.find((o) => o.id > 150_000 && o.op === 'setData' && o.outcome === 'ok');
    if (victim?.stat === undefined) throw new Error('the synthetic history has setData ops');
    victim.stat = { ...victim.stat, version: victim.stat.version + 1 };
    const f = writesLinearizable.check(broken);
    expect(f.verdict).toBe('fail');
    expect(f.violations[0]?.ops).toEqual([victim.id]);
  });
});
