// Recovery (FileTxnSnapLog.restore) case by case: an empty disk; logs without a snapshot (replayed, or
// refused as ZooKeeper 3.5+ does); a snapshot newer than some logs (older files are not even read, a
// file named before the snapshot still supplies later txns); a torn newest snapshot and a corrupt one
// (fall back to the older one and replay more); no loadable snapshot (refuse); a corrupt record (refuse:
// "CRC check failed"); a torn tail (cut at the last whole record) and what follows it (a file that
// continues the log is read on, one that does not is cut away); a gap or reordering of zxids (refuse);
// epoch changes; sessions; foreign files. Then two fuzzy-snapshot cases pinned by hand: a subtree deleted
// and reborn before the snapshot reached it (needs recovery to drop nodes created after the snapshot's
// zxid), and the known ZOOKEEPER-3145 gap for closeSession. Also that these functions fit the server's
// storage port (src/zk/server/storage-port.ts).
import { describe, expect, it } from 'vitest';
import type { Zxid } from '../../src/base/index.ts';
import { zxid } from '../../src/base/index.ts';
import { CREATE_MODE_FLAGS, OPEN_ACL_UNSAFE } from '../../src/zk/protocol/index.ts';
import type { MultiOp, Txn, TxnOp, WriteRequest } from '../../src/zk/protocol/index.ts';
import { PendingChanges, prepWrite } from '../../src/zk/prep/index.ts';
import type { ServerStorage } from '../../src/zk/server/index.ts';
import { DataTree } from '../../src/zk/tree/index.ts';
import {
  encodeLogHeader, encodeLogRecord, encodeSnapshot, logFileName, recover, snapshotFileName, snapshotWriter,
} from '../../src/zk/storage/index.ts';
import type { Recovered, RecoveryOptions } from '../../src/zk/storage/index.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
/** A file: its name and bytes. */
type Named = [string, Uint8Array];

/** Makes valid txns through the prep stage and applies them to its tree; remembers them all. */
class Maker {
  readonly tree = new DataTree();
  readonly txns: Txn[] = [];
  readonly sessions = new Map<number, number>();
  private readonly pending = new PendingChanges(this.tree);

  constructor(private epoch = 1) {}

  private next(): Zxid {
    const last = this.txns[this.txns.length - 1]?.zxid ?? zxid(this.epoch, 0);
    return (Math.floor(last / 2 ** 32) === this.epoch ? last + 1 : zxid(this.epoch, 1)) as Zxid;
  }

  newEpoch(): void {
    this.epoch += 1;
  }

  write(request: WriteRequest | { op: 'multi'; ops: MultiOp[] }, sessionId = 1): Txn {
    const z = this.next();
    const op = prepWrite(this.pending, request, { sessionId, authIds: [], extendedTypesEnabled: true }, z);
    return this.add({ sessionId, zxid: z, timeMs: 1000, op });
  }

  create(path: string, flags = 0, sessionId = 1): Txn {
    return this.write({ op: 'create', path, data: bytes(path), acl: OPEN_ACL_UNSAFE, flags }, sessionId);
  }

  session(op: TxnOp, sessionId: number): Txn {
    if (op.type === 'createSession') this.sessions.set(sessionId, op.timeoutMs);
    if (op.type === 'closeSession') this.sessions.delete(sessionId);
    return this.add({ sessionId, zxid: this.next(), timeMs: 1000, op });
  }

  private add(txn: Txn): Txn {
    this.tree.apply(txn, []);
    this.pending.applied(txn.zxid);
    this.txns.push(txn);
    return txn;
  }

  /** A snapshot of the tree as it is now. */
  snapshot(): Named {
    const z = this.tree.lastProcessedZxid;
    return [snapshotFileName(z), encodeSnapshot({ tree: this.tree, sessions: this.sessions, zxid: z })];
  }
}

function log(txns: readonly Txn[], header = false): Named {
  const parts = [header ? encodeLogHeader() : new Uint8Array(), ...txns.map(encodeLogRecord)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return [logFileName((txns[0] as Txn).zxid), out];
}

function recovered(files: Iterable<Named>, options?: RecoveryOptions): Recovered {
  const result = recover(new Map(files), options);
  if ('problem' in result) throw new Error(result.problem);
  return result;
}

function problemOf(files: Iterable<Named>, options?: RecoveryOptions): string {
  const result = recover(new Map(files), options);
  if (!('problem' in result)) throw new Error('recovery was expected to refuse');
  return result.problem;
}

/** Ten txns: sessions 7 and 8 open, /a, /a/1../a/4, setData on /a, an ephemeral /e of 8, session 8 closed. */
function tenTxns(): Maker {
  const m = new Maker();
  m.session({ type: 'createSession', timeoutMs: 5000 }, 7);
  m.session({ type: 'createSession', timeoutMs: 6000 }, 8);
  m.create('/a');
  for (const i of [1, 2, 3, 4]) m.create(`/a/${i}`);
  m.write({ op: 'setData', path: '/a', data: bytes('x'), version: -1 });
  m.create('/e', CREATE_MODE_FLAGS.EPHEMERAL, 8);
  m.session({ type: 'closeSession' }, 8);
  expect(m.txns).toHaveLength(10);
  return m;
}

const z = (counter: number): Zxid => zxid(1, counter);

/** A snapshot of the tree after the first `count` txns of `m`, with both of tenTxns' sessions open. */
function snapshotAfter(m: Maker, count: number): Named {
  const tree = new DataTree();
  for (const t of m.txns.slice(0, count)) tree.apply(t, []);
  const at = tree.lastProcessedZxid;
  return [snapshotFileName(at), encodeSnapshot({ tree, sessions: new Map([[7, 5000], [8, 6000]]), zxid: at })];
}

describe('recover', () => {
  it('starts an empty disk from a fresh tree at zxid 0', () => {
    const r = recovered([]);
    expect(r).toMatchObject({ lastZxid: 0, cuts: [], snapshot: null, txnsReplayed: 0, skippedSnapshots: [] });
    expect(r.tree.digest()).toBe(new DataTree().digest());
    expect(r.sessions.size).toBe(0);
  });

  it('replays logs without a snapshot from an empty tree, or refuses them as ZooKeeper 3.5+ does', () => {
    const m = tenTxns();
    const files = [log(m.txns.slice(0, 4), true), log(m.txns.slice(4))];
    const r = recovered(files);
    expect([r.lastZxid, r.txnsReplayed, r.tree.digest()]).toEqual([z(10), 10, m.tree.digest()]);
    expect([...r.sessions]).toEqual([[7, 5000]]);
    expect(problemOf(files, { trustEmptySnapshot: false })).toMatch(/No snapshot found, but there are log entries/);
  });

  it('loads a snapshot newer than some logs and replays only what follows it', () => {
    const m = tenTxns();
    const [older, newer, snap] = [log(m.txns.slice(0, 5)), log(m.txns.slice(5)), snapshotAfter(m, 8)];
    const r = recovered([older, newer, snap]);
    expect([r.lastZxid, r.txnsReplayed, r.tree.digest()]).toEqual([z(10), 2, m.tree.digest()]);
    expect(r.snapshot).toEqual({ file: 'snapshot.100000008', zxid: z(8) });
    expect([...r.sessions]).toEqual([[7, 5000]]);
    // log.100000001 holds nothing after the snapshot: it is not even read (as FileTxnLog.getLogFiles).
    const damaged = older[1].slice();
    damaged[20] = (damaged[20] as number) ^ 1;
    expect(recovered([[older[0], damaged], newer, snap]).lastZxid).toBe(z(10));
  });

  it('falls back to the older snapshot when the newest is torn or corrupt, and replays more', () => {
    const m = tenTxns();
    const oldSnap = snapshotAfter(m, 3);
    const [newName, newBytes] = m.snapshot();
    for (const newest of [newBytes.subarray(0, newBytes.length - 7), Uint8Array.from(newBytes, (b, i) => (i === 40 ? b ^ 4 : b))]) {
      const r = recovered([oldSnap, [newName, newest], log(m.txns)]);
      expect([r.snapshot?.zxid, r.txnsReplayed, r.lastZxid, r.tree.digest()]).toEqual([z(3), 7, z(10), m.tree.digest()]);
      expect(r.skippedSnapshots).toEqual([{ file: newName, why: expect.stringMatching(/not sealed|CRC/) as unknown }]);
    }
  });

  it('refuses when snapshots are sealed but none loads, or more would have to be tried than allowed', () => {
    const m = tenTxns();
    const [name, snap] = m.snapshot();
    const corrupt = Uint8Array.from(snap, (b, i) => (i === 30 ? b ^ 1 : b));
    expect(problemOf([[name, corrupt], log(m.txns)])).toMatch(/Not able to find valid snapshots: snapshot.10000000a: CRC corruption/);
    const [oldName, oldSnap] = snapshotAfter(m, 0);
    expect(recovered([[name, corrupt], [oldName, oldSnap], log(m.txns)]).txnsReplayed).toBe(10);
    expect(problemOf([[name, corrupt], [oldName, oldSnap], log(m.txns)], { maxSnapshotsTried: 1 })).toMatch(/Not able to find/);
  });

  it('refuses a corrupt record, as ZooKeeper\'s "CRC check failed"', () => {
    const m = tenTxns();
    const [name, bytesOf] = log(m.txns);
    const damaged = bytesOf.slice();
    damaged[bytesOf.length - 20] = (damaged[bytesOf.length - 20] as number) ^ 0x10;
    expect(problemOf([[name, damaged]])).toMatch(/log.100000001: CRC check failed at byte \d+/);
  });

  it('cuts a torn tail at its last whole record', () => {
    const m = tenTxns();
    const [name, whole] = log(m.txns);
    const [, firstNine] = log(m.txns.slice(0, 9));
    const r = recovered([[name, whole.subarray(0, whole.length - 3)]]);
    expect([r.lastZxid, r.cuts]).toEqual([z(9), [{ file: name, validBytes: firstNine.length }]]);
    expect([...r.sessions]).toEqual([[7, 5000], [8, 6000]]);
  });

  it('reads on past a torn tail into a file that continues the log (ZooKeeper starts a new file on restart)', () => {
    const m = tenTxns();
    const [name, first] = log(m.txns.slice(0, 6));
    const torn = Uint8Array.of(...first, ...encodeLogRecord(m.txns[6] as Txn).subarray(0, 9));
    const r = recovered([[name, torn], log(m.txns.slice(6))]);
    expect([r.lastZxid, r.tree.digest(), r.cuts]).toEqual([z(10), m.tree.digest(), [{ file: name, validBytes: first.length }]]);
  });

  it('cuts away files after a torn tail that do not continue the log: they were never acknowledged', () => {
    const m = tenTxns();
    const [name, first] = log(m.txns.slice(0, 6));
    const torn = Uint8Array.of(...first, ...encodeLogRecord(m.txns[6] as Txn).subarray(0, 20));
    const r = recovered([[name, torn], log(m.txns.slice(7, 9)), log(m.txns.slice(9))]);
    expect(r.lastZxid).toBe(z(6));
    expect(r.cuts).toEqual([
      { file: name, validBytes: first.length }, { file: 'log.100000008', validBytes: 0 }, { file: 'log.10000000a', validBytes: 0 },
    ]);
  });

  it('refuses a gap in the zxids (a lost log file) and zxids out of order', () => {
    const m = tenTxns();
    expect(problemOf([log(m.txns.slice(0, 4)), log(m.txns.slice(5))]))
      .toMatch(/zxid 0x100000006 does not follow 0x100000004: txns are missing/);
    expect(problemOf([log(m.txns.slice(0, 6)), log(m.txns.slice(4))]))
      .toMatch(/zxid 0x100000005 comes after 0x100000006: the log is out of order/);
    const [name, snap] = m.snapshot();
    const more = new Maker(3);
    more.create('/x');
    expect(recovered([[name, snap], log(more.txns)]).lastZxid).toBe(zxid(3, 1)); // counter 1 of a later epoch follows anything
    const skipped = { ...(more.txns[0] as Txn), zxid: zxid(3, 2) };
    expect(problemOf([[name, snap], log([skipped])])).toMatch(/does not follow/);
  });

  it('replays a log that crosses epochs, ignoring files that are not ZooKeeper\'s', () => {
    const m = new Maker();
    m.create('/a');
    m.newEpoch();
    m.create('/b');
    const r = recovered([log(m.txns), ['acceptedEpoch', bytes('2')], ['log.1.tmp', new Uint8Array(9)], ['snapshot.zz', new Uint8Array(3)]]);
    expect([r.lastZxid, r.tree.digest()]).toEqual([zxid(2, 1), m.tree.digest()]);
  });

  it('fits the server\'s storage port', () => {
    const port: ServerStorage = { recover, logFileName, encodeLogRecord, snapshotFileName, encodeSnapshot };
    expect(port.recover(new Map())).not.toHaveProperty('problem');
  });
});

describe('recover after a fuzzy snapshot', () => {
  it('drops nodes created after the snapshot\'s zxid: replay recreates them (a subtree reborn before its turn)', () => {
    const m = new Maker();
    m.create('/p');
    m.create('/p/x');
    const live = new DataTree();
    for (const t of m.txns) live.apply(t, []);
    const writer = snapshotWriter({ tree: live, sessions: new Map() }, { chunkNodes: 1 });
    writer.step(); // "/" only: /p is written after the txns below
    const window = [
      m.write({ op: 'delete', path: '/p/x', version: -1 }), m.write({ op: 'delete', path: '/p', version: -1 }),
      m.create('/p'), m.create('/p/y'),
    ];
    for (const t of window) live.apply(t, []);
    while (!writer.step()) { /* the rest */ }
    const r = recovered([[snapshotFileName(writer.zxid), writer.finish()], log(m.txns)]);
    expect([r.tree.digest(), r.tree.stat('/p'), r.tree.stat('/')]).toEqual([m.tree.digest(), m.tree.stat('/p'), m.tree.stat('/')]);
  });

  it('KNOWN GAP (ZOOKEEPER-3145): a closeSession cannot move the parent pzxid for an ephemeral the snapshot missed', () => {
    // ZooKeeper 3.6 fixed it by listing the deleted paths in CloseSessionTxn; zksim's closeSession txn
    // carries none. When it does, recovery should apply them and this test should expect equality.
    const m = new Maker();
    m.session({ type: 'createSession', timeoutMs: 5000 }, 8);
    m.create('/p');
    m.create('/p/e', CREATE_MODE_FLAGS.EPHEMERAL, 8);
    const live = new DataTree();
    for (const t of m.txns) live.apply(t, []);
    const writer = snapshotWriter({ tree: live, sessions: new Map([[8, 5000]]) }, { chunkNodes: 5 });
    writer.step(); // "/", /zookeeper and its two children, /p: /p/e is still to come
    live.apply(m.session({ type: 'closeSession' }, 8), []);
    while (!writer.step()) { /* the rest */ }
    const r = recovered([[snapshotFileName(writer.zxid), writer.finish()], log(m.txns)]);
    expect(r.tree.paths().sort()).toEqual(m.tree.paths().sort());
    expect(r.tree.stat('/p')?.pzxid).toBe(z(3));
    expect(m.tree.stat('/p')?.pzxid).toBe(z(4));
  });
});
