// What an ensemble member needs from storage (src/zk/storage/ensemble.ts): TRUNC and SNAP as plans of
// disk steps, checked by recovering from the files a plan leaves and from the files a crash after any
// of its steps leaves. TRUNC: to a zxid in the middle of a log file, at a file boundary, older than the
// oldest snapshot, to the last zxid (a no-op), with torn tails; refused where ZooKeeper's truncate fails
// (the target is in no log), and never keeping a newer snapshot (ZOOKEEPER-1549) or a dirty one. SNAP: the
// installed state and nothing of the learner's stale log tail comes back (ZOOKEEPER-2832); the NEWLEADER
// snapshot after a TRUNC; fastForward giving the last logged zxid for the vote. Then two properties at a
// pinned seed: random histories over several log files, (fuzzy) snapshots and torn tails, truncated to a
// random zxid, recover exactly the prefix (also after a crash at any step), and a newer epoch appended
// after the truncation recovers as prefix plus the new txns; a SNAP over a random learner's disk
// recovers exactly the leader's state, or after a crash a prefix of the learner's own history.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Zxid } from '../../src/base/index.ts';
import { epochOf, zxid } from '../../src/base/index.ts';
import { CREATE_MODE_FLAGS, OPEN_ACL_UNSAFE, READ_ACL_UNSAFE } from '../../src/zk/protocol/index.ts';
import type { MultiOp, Txn, TxnOp, WriteRequest } from '../../src/zk/protocol/index.ts';
import { PendingChanges, prepWrite } from '../../src/zk/prep/index.ts';
import { DataTree } from '../../src/zk/tree/index.ts';
import {
  applyDiskPlan, encodeLogRecord, encodeSnapshot, fastForward, logFileName, parseSnapshotFileName, readLogFiles, recover,
  snapInstallPlan, snapshotFileName, snapshotWriter, takeSnapshotPlan, truncateLogPlan,
} from '../../src/zk/storage/index.ts';
import type { DiskStep, Recovered, SnapshotWriter, TruncatePlan } from '../../src/zk/storage/index.ts';
import { checkProperty } from '../support/property.ts';

type Files = Map<string, Uint8Array>;
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const z = (counter: number): Zxid => zxid(1, counter);

/** Makes valid txns through the prep stage, applies them to its tree and keeps them all. */
class Maker {
  readonly tree = new DataTree();
  readonly txns: Txn[] = [];
  readonly sessions = new Map<number, number>();
  private readonly pending = new PendingChanges(this.tree);
  private epoch: number;

  /** Starts from the history `txns` (replayed) at `epoch`. */
  constructor(epoch = 1, txns: readonly Txn[] = []) {
    const last = txns[txns.length - 1];
    this.epoch = Math.max(epoch, last === undefined ? 0 : epochOf(last.zxid));
    for (const t of txns) this.add(t);
  }

  nextZxid(): Zxid {
    const last = this.txns[this.txns.length - 1]?.zxid;
    return last !== undefined && epochOf(last) === this.epoch ? ((last + 1) as Zxid) : zxid(this.epoch, 1);
  }

  newEpoch(epoch = this.epoch + 1): void {
    this.epoch = epoch;
  }

  write(request: WriteRequest | { op: 'multi'; ops: MultiOp[] }, sessionId = 1): Txn {
    const at = this.nextZxid();
    const op = prepWrite(this.pending, request, { sessionId, authIds: [], extendedTypesEnabled: true }, at);
    return this.add({ sessionId, zxid: at, timeMs: 1000, op });
  }

  create(path: string, flags = 0, sessionId = 1): Txn {
    return this.write({ op: 'create', path, data: bytes(path), acl: OPEN_ACL_UNSAFE, flags }, sessionId);
  }

  setData(path: string, data: string): Txn {
    return this.write({ op: 'setData', path, data: bytes(data), version: -1 });
  }

  session(op: TxnOp, sessionId: number): Txn {
    return this.add({ sessionId, zxid: this.nextZxid(), timeMs: 1000, op });
  }

  private add(txn: Txn): Txn {
    this.tree.apply(txn, []);
    this.pending.applied(txn.zxid);
    if (txn.op.type === 'createSession') this.sessions.set(txn.sessionId, txn.op.timeoutMs);
    if (txn.op.type === 'closeSession') this.sessions.delete(txn.sessionId);
    this.txns.push(txn);
    return txn;
  }

  /** `[snapshot.<zxid>, bytes]` of the tree as it is now. */
  snapshot(): [string, Uint8Array] {
    const at = this.tree.lastProcessedZxid;
    return [snapshotFileName(at), encodeSnapshot({ tree: this.tree, sessions: this.sessions, zxid: at })];
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `[log.<first zxid>, records]`, with `tail` bytes after them (a torn record). */
function log(txns: readonly Txn[], tail = new Uint8Array()): [string, Uint8Array] {
  return [logFileName((txns[0] as Txn).zxid), concat([...txns.map(encodeLogRecord), tail])];
}

/** The first `length` bytes of `txn`'s record: what a crash leaves of an unsynced append. */
function torn(txn: Txn, length = 9): Uint8Array {
  return encodeLogRecord(txn).subarray(0, length);
}

/** What a history's state is at `at`: every txn up to it, replayed from an empty tree. */
function stateAt(txns: readonly Txn[], at: Zxid): State {
  const tree = new DataTree();
  const sessions = new Map<number, number>();
  for (const t of txns) {
    if (t.zxid > at) break;
    tree.apply(t, []);
    if (t.op.type === 'createSession') sessions.set(t.sessionId, t.op.timeoutMs);
    if (t.op.type === 'closeSession') sessions.delete(t.sessionId);
  }
  return view(tree, sessions);
}

interface State {
  readonly zxid: Zxid;
  readonly digest: string;
  readonly paths: readonly string[];
  readonly sessions: readonly (readonly [number, number])[];
}

function view(tree: DataTree, sessions: ReadonlyMap<number, number>): State {
  return {
    zxid: tree.lastProcessedZxid, digest: tree.digest(), paths: tree.paths().sort(), sessions: [...sessions].sort((a, b) => a[0] - b[0]),
  };
}

function recovered(files: ReadonlyMap<string, Uint8Array>): Recovered {
  const result = recover(files);
  if ('problem' in result) throw new Error(result.problem);
  return result;
}

const recoveredState = (files: ReadonlyMap<string, Uint8Array>): State => {
  const r = recovered(files);
  return view(r.tree, r.sessions);
};

function plan(files: ReadonlyMap<string, Uint8Array>, at: Zxid): TruncatePlan {
  const result = truncateLogPlan(files, at);
  if ('problem' in result) throw new Error(result.problem);
  return result;
}

function problemOf(files: ReadonlyMap<string, Uint8Array>, at: Zxid): string {
  const result = truncateLogPlan(files, at);
  if (!('problem' in result)) throw new Error(`truncation to ${at} was expected to be refused`);
  return result.problem;
}

/**
 * The files a power loss leaves after the first `count` steps, as the simulated disk keeps them: deletes,
 * renames and file creations are durable once done, data (writes, truncates) only once fsynced.
 */
function crashAfter(files: ReadonlyMap<string, Uint8Array>, steps: readonly DiskStep[], count: number): Files {
  const current = new Map(files);
  const durable = new Map(files);
  const get = (m: Map<string, Uint8Array>, file: string): Uint8Array => m.get(file) ?? new Uint8Array();
  for (const step of steps.slice(0, count)) {
    switch (step.kind) {
      case 'delete':
        current.delete(step.file);
        durable.delete(step.file);
        break;
      case 'truncate':
        current.set(step.file, get(current, step.file).subarray(0, step.lengthBytes));
        break;
      case 'write':
        current.set(step.file, step.bytes);
        durable.set(step.file, durable.get(step.file) ?? new Uint8Array());
        break;
      case 'fsync':
        durable.set(step.file, get(current, step.file));
        break;
      case 'rename':
        current.set(step.to, get(current, step.from));
        current.delete(step.from);
        durable.set(step.to, get(durable, step.from));
        durable.delete(step.from);
        break;
    }
  }
  return durable;
}

/** Every log record and snapshot name left after `at`: none may be. */
function leftAfter(files: ReadonlyMap<string, Uint8Array>, at: Zxid): string[] {
  const records = readLogFiles(files).flatMap((l) => l.txns.filter((t) => t.zxid > at).map((t) => `${l.file}: ${t.zxid}`));
  const snapshots = [...files.keys()].filter((name) => (parseSnapshotFileName(name) ?? -1) > at);
  return [...records, ...snapshots];
}

/** Twelve txns over log.1 (1-4), log.5 (5-8), log.9 (9-12), with snapshots after 4 and after 10. */
function threeFiles(): { m: Maker; files: Files; snap4: string; snap10: string } {
  const m = new Maker();
  m.session({ type: 'createSession', timeoutMs: 5000 }, 7);
  m.create('/a');
  m.create('/a/1');
  m.setData('/a', 'x');
  const [snap4, snap4Bytes] = m.snapshot();
  m.create('/e', CREATE_MODE_FLAGS.EPHEMERAL, 7);
  m.create('/a/2');
  m.write({ op: 'setACL', path: '/a/1', acl: READ_ACL_UNSAFE, version: -1 });
  m.write({ op: 'delete', path: '/a/2', version: -1 });
  m.setData('/a', 'y');
  m.session({ type: 'closeSession' }, 7);
  const [snap10, snap10Bytes] = m.snapshot();
  m.create('/b');
  m.setData('/b', 'z');
  expect(m.txns).toHaveLength(12);
  const files = new Map([
    log(m.txns.slice(0, 4)), log(m.txns.slice(4, 8)), log(m.txns.slice(8)), [snap4, snap4Bytes], [snap10, snap10Bytes],
  ]);
  return { m, files, snap4, snap10 };
}

/** Recovery from the files the plan leaves, and from a crash after each of its steps. */
function expectTruncatedTo(files: Files, p: TruncatePlan, history: readonly Txn[], at: Zxid): void {
  const after = applyDiskPlan(files, p.steps);
  expect(recoveredState(after)).toEqual(stateAt(history, at));
  expect(view(p.recovered.tree, p.recovered.sessions)).toEqual(stateAt(history, at));
  expect(p.recovered.cuts).toEqual([]);
  expect(leftAfter(after, at)).toEqual([]);
  for (let k = 0; k <= p.steps.length; k++) {
    const r = recovered(crashAfter(files, p.steps, k));
    // A prefix of the learner's own history, never shorter than the target; once the plan is done, the target.
    expect(r.lastZxid).toBeGreaterThanOrEqual(at);
    if (k === p.steps.length) expect(r.lastZxid).toBe(at);
    expect(view(r.tree, r.sessions)).toEqual(stateAt(history, r.lastZxid));
  }
}

describe('truncateLogPlan', () => {
  it('cuts in the middle of a log file: later files and newer snapshots go, the file is cut after the target and fsynced', () => {
    const { m, files, snap10 } = threeFiles();
    const p = plan(files, z(6));
    const [, upTo6] = log(m.txns.slice(4, 6));
    expect(p.steps).toEqual([
      { kind: 'delete', file: snap10 }, { kind: 'delete', file: 'log.100000009' },
      { kind: 'truncate', file: 'log.100000005', lengthBytes: upTo6.length }, { kind: 'fsync', file: 'log.100000005' },
    ]);
    expect([p.droppedTxns, p.droppedSnapshots, p.recovered.snapshot?.zxid]).toEqual([6, [snap10], z(4)]);
    expectTruncatedTo(files, p, m.txns, z(6));
  });

  it('cuts at a file boundary: the last record of a file, or the first of the next', () => {
    const { m, files, snap10 } = threeFiles();
    const atEnd = plan(files, z(8));
    expect(atEnd.steps).toEqual([{ kind: 'delete', file: snap10 }, { kind: 'delete', file: 'log.100000009' }]);
    expectTruncatedTo(files, atEnd, m.txns, z(8));
    const atStart = plan(files, z(9));
    expect(atStart.steps).toEqual([
      { kind: 'delete', file: snap10 }, { kind: 'truncate', file: 'log.100000009', lengthBytes: encodeLogRecord(m.txns[8] as Txn).length },
      { kind: 'fsync', file: 'log.100000009' },
    ]);
    expectTruncatedTo(files, atStart, m.txns, z(9));
  });

  it('truncates to a zxid older than the oldest snapshot: every snapshot goes and the log is replayed from the start', () => {
    const { m, files, snap4, snap10 } = threeFiles();
    const p = plan(files, z(2));
    expect(p.droppedSnapshots).toEqual([snap10, snap4]);
    expect(p.steps.map((s) => (s.kind === 'truncate' || s.kind === 'delete' ? `${s.kind} ${s.file}` : s.kind))).toEqual([
      `delete ${snap10}`, `delete ${snap4}`, 'delete log.100000009', 'delete log.100000005', 'truncate log.100000001', 'fsync',
    ]);
    expect(p.recovered.snapshot).toBeNull();
    expectTruncatedTo(files, p, m.txns, z(2));
    // Down to zxid 0: no log file is left at all.
    const empty = plan(files, 0 as Zxid);
    expect(applyDiskPlan(files, empty.steps).size).toBe(0);
    expectTruncatedTo(files, empty, m.txns, 0 as Zxid);
  });

  it('truncating to the last zxid changes nothing', () => {
    const { m, files } = threeFiles();
    const p = plan(files, z(12));
    expect([p.steps, p.droppedTxns, p.droppedSnapshots]).toEqual([[], 0, []]);
    expectTruncatedTo(files, p, m.txns, z(12));
  });

  it('drops torn tails: in the file it cuts, after the last zxid, and in an older file that recovery would cut', () => {
    const { m, files } = threeFiles();
    const [name9, whole9] = log(m.txns.slice(8));
    const extra = new Maker(1, m.txns).setData('/b', 'lost');
    files.set(name9, concat([whole9, torn(extra)]));
    const mid = plan(files, z(10));
    expect(mid.steps.slice(-2)).toEqual([
      { kind: 'truncate', file: name9, lengthBytes: log(m.txns.slice(8, 10))[1].length }, { kind: 'fsync', file: name9 },
    ]);
    expectTruncatedTo(files, mid, m.txns, z(10));
    const last = plan(files, z(12));
    expect(last.steps).toEqual([{ kind: 'truncate', file: name9, lengthBytes: whole9.length }, { kind: 'fsync', file: name9 }]);
    expectTruncatedTo(files, last, m.txns, z(12));
    // log.1 ends with a torn copy of txn 5 (a crash, then a restart that logged 5 again in log.5).
    const [name1, whole1] = log(m.txns.slice(0, 4));
    files.set(name1, concat([whole1, torn(m.txns[4] as Txn, 30)]));
    const older = plan(files, z(6));
    expect(older.steps.slice(-2)).toEqual([{ kind: 'truncate', file: name1, lengthBytes: whole1.length }, { kind: 'fsync', file: name1 }]);
    expectTruncatedTo(files, older, m.txns, z(6));
  });

  it('is refused where ZooKeeper\'s truncate fails, and never keeps a record after the target', () => {
    const { m, files } = threeFiles();
    expect(problemOf(files, z(13))).toMatch(/cannot truncate the log to 0x10000000d: the history on disk up to it ends at 0x10000000c/);
    // A target in a gap (3.8.0 would keep the next record, of another epoch, and carry on).
    const gap = new Maker(1, m.txns);
    gap.newEpoch();
    gap.create('/c');
    files.set(...log(gap.txns.slice(12)));
    expect(problemOf(files, z(13))).toMatch(/ends at 0x10000000c/);
    // Older than every log file, and no snapshot of it: the logs were purged (3.8.0 keeps one later record).
    files.delete('log.100000001');
    expect(problemOf(files, z(2))).toMatch(/ends at 0x0 /);
    // No log at all, the target a snapshot's zxid: that snapshot is the history.
    for (const name of [...files.keys()]) if (name.startsWith('log.')) files.delete(name);
    expectTruncatedTo(new Map(files), plan(files, z(4)), m.txns, z(4));
    // A damaged record before the target: "CRC check failed". After it, in the file cut: cut away.
    const damaged = threeFiles().files;
    const [name, good] = log(m.txns.slice(4, 8));
    const sixth = encodeLogRecord(m.txns[4] as Txn).length + 20;
    damaged.set(name, Uint8Array.from(good, (b, i) => (i === sixth ? b ^ 1 : b)));
    expect(problemOf(damaged, z(8))).toMatch(/log.100000005 holds a damaged record after 0x100000005 before it \(ZooKeeper: CRC check failed\)/);
    expect(recoveredState(applyDiskPlan(damaged, plan(damaged, z(5)).steps))).toEqual(stateAt(m.txns, z(5)));
    // Damage in an earlier file that recovery must read (no snapshot after it): refused too.
    damaged.delete('snapshot.10000000a');
    expect(problemOf(damaged, z(10))).toMatch(/would not load \(log.100000005: CRC check failed/);
  });

  it('deletes snapshots newer than the target: kept (3.8.0, ZOOKEEPER-1549), one brings the truncated txns back', () => {
    const { m, files } = threeFiles();
    const p = plan(files, z(6));
    const logStepsOnly = p.steps.filter((s) => !(s.kind === 'delete' && s.file.startsWith('snapshot.')));
    const stale = recovered(applyDiskPlan(files, logStepsOnly));
    expect([stale.lastZxid, view(stale.tree, stale.sessions)]).toEqual([z(10), stateAt(m.txns, z(10))]);
  });

  it('deletes a fuzzy snapshot named before the target that holds a later txn, and loads an older one', () => {
    const m = new Maker();
    m.create('/a');
    m.create('/b');
    const [snap2, snap2Bytes] = m.snapshot();
    m.create('/a/x');
    const writer = snapshotWriter({ tree: m.tree, sessions: m.sessions }, { chunkNodes: 1 });
    writer.step(); // "/" only
    m.setData('/b', 'later'); // txn 4, applied while the snapshot named 3 is written
    while (!writer.step()) { /* the rest */ }
    const files = new Map([log(m.txns), [snap2, snap2Bytes], [snapshotFileName(writer.zxid), writer.finish()]]);
    const p = plan(files, z(3));
    expect(p.droppedSnapshots).toEqual([snapshotFileName(z(3))]);
    expect(p.recovered.snapshot?.file).toBe(snap2);
    expectTruncatedTo(files, p, m.txns, z(3));
    // Kept, it would load txn 4's data at zxid 3.
    const kept = recovered(applyDiskPlan(files, p.steps.filter((s) => !(s.kind === 'delete' && s.file === snapshotFileName(z(3))))));
    expect([kept.lastZxid, kept.tree.node('/b')?.data]).toEqual([z(3), bytes('later')]);
  });

  it('lets a newer epoch be logged after the truncation, into a new file, and recovers it', () => {
    const { m, files } = threeFiles();
    const p = plan(files, z(6));
    const next = new Maker(1, m.txns.slice(0, 6));
    next.newEpoch(2);
    next.create('/new');
    next.setData('/a', 'epoch 2');
    const after = applyDiskPlan(files, p.steps);
    after.set(...log(next.txns.slice(6)));
    expect(recoveredState(after)).toEqual(stateAt(next.txns, zxid(2, 2)));
  });
});

describe('snapInstallPlan', () => {
  /**
   * A learner that logged txns 1-6 of epoch 1 and then 2:1-2:2 of a dead epoch 2 (with a snapshot at 2:1),
   * and a leader whose history is 1-8 of epoch 1 (the SNAP's state).
   */
  function staleLearner(): { learner: Maker; leader: Maker; files: Files } {
    const learner = new Maker();
    learner.session({ type: 'createSession', timeoutMs: 5000 }, 7);
    learner.create('/a');
    const snap2 = learner.snapshot();
    for (const i of [1, 2, 3]) learner.create(`/a/${i}`);
    learner.create('/e', CREATE_MODE_FLAGS.EPHEMERAL, 7);
    const leader = new Maker(1, learner.txns);
    learner.newEpoch();
    learner.create('/stale');
    const snapStale = learner.snapshot();
    learner.setData('/a', 'stale');
    leader.setData('/a', 'leader');
    leader.session({ type: 'closeSession' }, 7);
    const files = new Map([log(learner.txns.slice(0, 6)), log(learner.txns.slice(6)), snap2, snapStale]);
    return { learner, leader, files };
  }

  it('leaves exactly the installed state: stale tail and newer snapshot first, then the snapshot, then the rest', () => {
    const { leader, files } = staleLearner();
    const state = { tree: leader.tree, sessions: leader.sessions, zxid: z(8) };
    const p = snapInstallPlan(files, state);
    expect(p.snapshotFile).toBe('snapshot.100000008');
    expect(p.droppedTxns).toBe(2);
    expect(p.steps.map((s) => (s.kind === 'rename' ? `rename ${s.from} ${s.to}` : `${s.kind} ${s.file}`))).toEqual([
      'delete snapshot.200000001', 'delete log.200000001', 'write snapshot.100000008.tmp', 'fsync snapshot.100000008.tmp',
      'rename snapshot.100000008.tmp snapshot.100000008', 'delete log.100000001', 'delete snapshot.100000002',
    ]);
    const after = applyDiskPlan(files, p.steps);
    expect([...after.keys()]).toEqual(['snapshot.100000008']);
    expect(recoveredState(after)).toEqual(view(leader.tree, leader.sessions));
    // The next epoch's txns, logged in a new file, recover on top of it.
    const next = new Maker(1, leader.txns);
    next.newEpoch(3);
    next.create('/next');
    after.set(...log(next.txns.slice(-1)));
    expect(recoveredState(after)).toEqual(view(next.tree, next.sessions));
  });

  it('3.8.0 keeps the stale tail (ZOOKEEPER-2832): a new epoch logged after the snapshot replays it on top', () => {
    const { leader, files } = staleLearner();
    const [name, snap] = leader.snapshot();
    files.set(name, snap); // takeSnapshot(syncSnapshot = true), nothing else
    const next = new Maker(1, leader.txns);
    next.newEpoch(3);
    next.create('/next');
    files.set(...log(next.txns.slice(-1)));
    const r = recovered(files);
    expect(r.tree.node('/stale')).toBeDefined();
    expect(view(r.tree, r.sessions)).not.toEqual(view(next.tree, next.sessions));
  });

  it('after a crash at any step recovers a prefix of the learner\'s own history, or exactly the state', () => {
    const { learner, leader, files } = staleLearner();
    const p = snapInstallPlan(files, { tree: leader.tree, sessions: leader.sessions, zxid: z(8) });
    const outcomes = new Set<string>();
    for (let k = 0; k <= p.steps.length; k++) {
      const r = recovered(crashAfter(files, p.steps, k));
      const got = view(r.tree, r.sessions);
      const installed = got.zxid === z(8);
      expect(got).toEqual(installed ? view(leader.tree, leader.sessions) : stateAt(learner.txns, r.lastZxid));
      outcomes.add(installed ? 'installed' : `own ${r.lastZxid.toString(16)}`);
    }
    expect([...outcomes]).toEqual(['own 200000002', 'own 100000006', 'installed']);
  });

  it('replaces a snapshot of the same zxid by renaming over it, and clears a leftover temporary file', () => {
    const { learner, files } = staleLearner();
    const at = stateAt(learner.txns, z(6));
    const tree = recovered(new Map([log(learner.txns.slice(0, 6))])).tree;
    files.set('snapshot.100000006', new Uint8Array([1, 2, 3]));
    files.set('snapshot.100000006.tmp', new Uint8Array([4]));
    const p = snapInstallPlan(files, { tree, sessions: new Map([[7, 5000]]), zxid: z(6) });
    expect(p.steps.filter((s) => s.kind !== 'delete' || s.file.endsWith('.tmp')).map((s) => s.kind))
      .toEqual(['delete', 'write', 'fsync', 'rename']);
    expect(recoveredState(applyDiskPlan(files, p.steps))).toEqual(at);
  });

  it('takeSnapshotPlan: the NEWLEADER snapshot after a TRUNC holds the COMMITs applied in memory, fsynced', () => {
    const { m, files } = threeFiles();
    const p = plan(files, z(6));
    const after = applyDiskPlan(files, p.steps);
    const next = new Maker(1, m.txns.slice(0, 6));
    next.newEpoch(2);
    next.create('/committed-during-sync'); // applied to the tree only, as syncWithLeader does before NEWLEADER
    const steps = takeSnapshotPlan(after, { tree: next.tree, sessions: next.sessions, zxid: zxid(2, 1) });
    expect(steps.map((s) => s.kind)).toEqual(['write', 'fsync', 'rename']);
    expect(recoveredState(crashAfter(after, steps, steps.length))).toEqual(view(next.tree, next.sessions));
    expect(recoveredState(crashAfter(after, steps, 2))).toEqual(stateAt(m.txns, z(6)));
  });
});

describe('fastForward', () => {
  it('brings a follower\'s tree, behind its log (proposals logged, not committed), to the last logged zxid', () => {
    const { m, files } = threeFiles();
    const live = new Maker(1, m.txns.slice(0, 7)); // committed up to 7; 8-12 logged only
    const result = fastForward({ tree: live.tree, sessions: live.sessions }, files);
    expect(result).toEqual({ lastZxid: z(12), txnsReplayed: 5, cuts: [] });
    expect(view(live.tree, live.sessions)).toEqual(stateAt(m.txns, z(12)));
    expect(recovered(files).lastZxid).toBe(z(12)); // after a restart too: every logged txn counts
    expect(fastForward({ tree: live.tree, sessions: live.sessions }, files)).toEqual({ lastZxid: z(12), txnsReplayed: 0, cuts: [] });
  });

  it('refuses a log that does not continue the tree', () => {
    const { m, files } = threeFiles();
    files.delete('log.100000005');
    const live = new Maker(1, m.txns.slice(0, 4));
    expect(fastForward({ tree: live.tree, sessions: live.sessions }, files)).toEqual({
      problem: expect.stringMatching(/does not follow 0x100000004: txns are missing/) as unknown,
    });
  });
});

// ---- properties ----

/** One step of a generated history. */
type Command =
  | { readonly k: 'op'; readonly pick: number }
  | { readonly k: 'roll' }
  | { readonly k: 'snap'; readonly fuzz: number }
  | { readonly k: 'tear'; readonly length: number }
  | { readonly k: 'epoch' };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 10, arbitrary: fc.nat(1000).map((pick): Command => ({ k: 'op', pick })) },
  { weight: 3, arbitrary: fc.constant<Command>({ k: 'roll' }) },
  { weight: 3, arbitrary: fc.nat(4).map((fuzz): Command => ({ k: 'snap', fuzz })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map((length): Command => ({ k: 'tear', length })) },
  { weight: 1, arbitrary: fc.constant<Command>({ k: 'epoch' }) },
);

/** A write chosen by `pick` against the maker's tree: creates, setData, deletes, setACL, sessions, ephemerals, multi. */
function randomOp(m: Maker, pick: number, noClose: boolean): Txn {
  const user = m.tree.paths().filter((p) => p !== '/' && !p.startsWith('/zookeeper')).sort();
  const some = (list: readonly string[]): string | undefined => list[Math.floor(pick / 16) % Math.max(1, list.length)];
  const sessions = [...m.sessions.keys()].sort((a, b) => a - b);
  const session = sessions[(pick >> 4) % Math.max(1, sessions.length)];
  const parent = some(['/', ...user.filter((p) => p.split('/').length < 4)]) ?? '/';
  const child = `${parent === '/' ? '' : parent}/n${pick % 3}`;
  switch (pick % 8) {
    case 0: return m.create(child);
    case 1: return m.setData(some(user) ?? '/', `d${pick}`);
    case 2: return m.write({ op: 'delete', path: some(user) ?? '/nothing', version: -1 });
    case 3: return m.write({ op: 'setACL', path: some(user) ?? '/', acl: pick % 2 === 0 ? READ_ACL_UNSAFE : OPEN_ACL_UNSAFE, version: -1 });
    case 4: return m.session({ type: 'createSession', timeoutMs: 4000 + pick }, 100 + (pick % 5));
    case 5:
      // closeSession is kept out of fuzzy snapshots' windows: ZOOKEEPER-3145, recovery's known gap
      // (storage-recovery.test.ts), not what is under test here.
      if (session === undefined || noClose) return m.setData('/', `r${pick}`);
      return m.session({ type: 'closeSession' }, session);
    case 6: return session === undefined ? m.create(child) : m.create(child, CREATE_MODE_FLAGS.EPHEMERAL, session);
    default: return m.write({ op: 'multi', ops: [
      { op: 'create', path: `${child}m`, data: null, acl: OPEN_ACL_UNSAFE, flags: 0 },
      { op: 'setData', path: some(user) ?? '/', data: bytes(`m${pick}`), version: -1 },
    ] });
  }
}

interface Built {
  readonly files: Files;
  readonly txns: readonly Txn[];
  readonly maker: Maker;
}

/**
 * Writes a history to files as a server would: records appended to the current log file, a roll starts a
 * new one at the next txn, a snapshot is written over `fuzz` later txns (a fuzzy snapshot), a tear leaves
 * a torn copy of the next record and restarts in a new file. The txns depend on the commands only. The
 * fuzz of a snapshot written before the `limit`-th txn stops there: a snapshot's fuzz holds only txns
 * applied (committed) while it was written, and a leader never truncates a committed txn or sends a SNAP
 * behind one. (closeSession is kept out of every fuzz window, limited or not: ZOOKEEPER-3145 is recovery's
 * known gap, pinned in storage-recovery.test.ts, not what is under test here.)
 */
function build(commands: readonly Command[], limit: number, maker = new Maker()): Built {
  const files: Files = new Map();
  const chunks = new Map<string, Uint8Array[]>();
  let current: string | undefined;
  /** Fuzz windows as asked for (`left` txns), and the writer while its own window lasts (`writing` txns). */
  const windows: { writer: SnapshotWriter | undefined; left: number; writing: number }[] = [];
  const finish = (w: SnapshotWriter): void => {
    while (!w.step()) { /* the rest */ }
    files.set(snapshotFileName(w.zxid), w.finish());
  };
  for (const c of commands) {
    if (c.k === 'roll') current = undefined;
    if (c.k === 'epoch') maker.newEpoch();
    if (c.k === 'tear' && current !== undefined) {
      const lost: Txn = { sessionId: 1, zxid: maker.nextZxid(), timeMs: 1000, op: { type: 'setData', path: '/', data: bytes('lost'), version: 1 } };
      chunks.get(current)?.push(torn(lost, c.length));
      current = undefined;
    }
    if (c.k === 'snap') {
      const count = maker.txns.length;
      const writing = count <= limit ? Math.min(c.fuzz, limit - count) : c.fuzz;
      const writer = snapshotWriter({ tree: maker.tree, sessions: new Map(maker.sessions) }, { chunkNodes: 2 });
      writer.step();
      if (writing === 0) finish(writer);
      if (c.fuzz > 0) windows.push({ writer: writing === 0 ? undefined : writer, left: c.fuzz, writing });
    }
    if (c.k !== 'op') continue;
    const txn = randomOp(maker, c.pick, windows.length > 0);
    if (current === undefined) {
      current = logFileName(txn.zxid);
      chunks.set(current, []);
    }
    chunks.get(current)?.push(encodeLogRecord(txn));
    for (const w of windows) {
      w.left -= 1;
      if (w.writer === undefined) continue;
      w.writer.step();
      w.writing -= 1;
      if (w.writing === 0) finish(w.writer);
      if (w.writing === 0) w.writer = undefined;
    }
    for (let i = windows.length - 1; i >= 0; i--) if ((windows[i] as { left: number }).left === 0) windows.splice(i, 1);
  }
  for (const w of windows) if (w.writer !== undefined) finish(w.writer);
  for (const [name, parts] of chunks) files.set(name, concat(parts));
  return { files, txns: maker.txns, maker };
}

const historyArb = fc.array(commandArb, { minLength: 1, maxLength: 50, size: 'max' });
/** Where in a history to cut (or fork), unbiased: fast-check's small-number bias would make it mostly 0. */
const pickArb = fc.noBias(fc.nat(1_000_000));

describe('properties', () => {
  it('truncating a random history to a random zxid recovers exactly the prefix, after the plan and after a crash at any step; a newer epoch appended after it recovers too', async () => {
    await checkProperty(fc.property(historyArb, pickArb, fc.array(fc.nat(1000), { maxLength: 8 }), (commands, targetPick, more) => {
      const ops = commands.filter((c) => c.k === 'op').length;
      const limit = targetPick % (ops + 1);
      const { files, txns } = build(commands, limit);
      const target = limit === 0 ? (0 as Zxid) : (txns[limit - 1] as Txn).zxid;
      const p = plan(files, target);
      expectTruncatedTo(files, p, txns, target);
      // The learner carries on in a newer epoch, in a new log file (with a snapshot in between, sometimes).
      const after = applyDiskPlan(files, p.steps);
      const next = new Maker(1, txns.slice(0, limit));
      next.newEpoch(Math.max(1, ...txns.map((t) => epochOf(t.zxid))) + 1);
      const extra = build(more.map((pick, i): Command => (i === 3 ? { k: 'snap', fuzz: 0 } : { k: 'op', pick })), 0, next);
      for (const [name, content] of extra.files) after.set(name, content);
      expect(recoveredState(after)).toEqual(stateAt(next.txns, next.tree.lastProcessedZxid));
    }), { numRuns: 150, file: import.meta.url });
  });

  it('installing a SNAP over a random learner\'s disk recovers exactly the leader\'s state, or after a crash a prefix of the learner\'s own history', async () => {
    await checkProperty(fc.property(historyArb, pickArb, fc.array(fc.nat(1000), { maxLength: 10 }), (commands, forkPick, leaderOps) => {
      const ops = commands.filter((c) => c.k === 'op').length;
      const { txns } = build(commands, ops);
      // The leader shares a prefix of the learner's history, then went on in the same epoch (zxids the
      // learner also used, for other txns: a harder case than Zab allows) or a later one.
      const shared = forkPick % (ops + 1);
      const leader = new Maker(1, txns.slice(0, shared));
      leader.newEpoch(Math.max(1, ...txns.slice(0, shared).map((t) => epochOf(t.zxid))) + (forkPick % 3));
      for (const pick of leaderOps) randomOp(leader, pick, false);
      const state = { tree: leader.tree, sessions: leader.sessions, zxid: leader.tree.lastProcessedZxid };
      const { files } = build(commands, txns.filter((t) => t.zxid <= state.zxid).length);
      const p = snapInstallPlan(files, state);
      const after = applyDiskPlan(files, p.steps);
      expect([...after.keys()]).toEqual([p.snapshotFile]);
      expect(recoveredState(after)).toEqual(view(leader.tree, leader.sessions));
      for (let k = 0; k < p.steps.length; k++) {
        const r = recovered(crashAfter(files, p.steps, k));
        const got = view(r.tree, r.sessions);
        const installed = k >= p.steps.findIndex((s) => s.kind === 'rename') + 1;
        expect(got).toEqual(installed ? view(leader.tree, leader.sessions) : stateAt(txns, r.lastZxid));
      }
    }), { numRuns: 100, file: import.meta.url });
  });
});
