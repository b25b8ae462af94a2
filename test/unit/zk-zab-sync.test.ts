// How the leader syncs a learner (LearnerHandler.syncFollower / queueCommittedProposals, 3.8.0), checked
// three ways: every sync case of ZooKeeper's own LearnerHandlerTest.java ported as a table with the same
// inputs and the same expected queue (op packet, proposal zxids, packet count, the zxid handed to
// startForwarding); cases for the branches that test leaves out (forceSnapSync, the txn-log size limit
// and file selection, the cross-epoch fallback); and a property over random histories: whatever the
// learner's log (a prefix of the leader's, maybe with uncommitted txns of an older epoch after it, or a
// new-epoch zxid), applying the plan leaves it with exactly the leader's committed history.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counterOf, epochOf, formatZxid, zxid } from '../../src/base/index.ts';
import type { Zxid } from '../../src/base/index.ts';
import type { Txn } from '../../src/zk/protocol/index.ts';
import { forwardingPackets, planSync } from '../../src/zk/zab/index.ts';
import type { LeaderSyncState, SyncPlan, TxnLogFileView, TxnLogView } from '../../src/zk/zab/index.ts';
import { checkProperty } from '../support/property.ts';

/** LearnerHandlerTest.createProposal: only the zxid matters to the sync decision. */
function txn(z: number): Txn {
  return { sessionId: 0, zxid: z as Zxid, timeMs: 0, op: { type: 'check', path: '/' } };
}

const z = zxid; // getZxid(epoch, counter) in the Java test

interface LeaderSetup {
  readonly lastProcessed: number;
  readonly committed?: readonly number[];
  /** MockZKDatabase.txnLog: one log file holding these, named after the first. */
  readonly txnLog?: readonly number[];
  /** db.setSnapshotSizeFactor. */
  readonly snapshotSizeFactor?: number;
  readonly forceSnapSync?: boolean;
}

/**
 * The Java test's MockZKDatabase: getProposalsFromTxnLog answers the whole txnLog when the peer's zxid
 * is at or after its first entry, nothing otherwise, with no size limit. One log file holding the whole
 * list behaves exactly so under ZooKeeper's real file rules (the file is the one "containing" the peer,
 * and the file being read never counts against the limit).
 */
function leader(setup: LeaderSetup): LeaderSyncState {
  const logged = (setup.txnLog ?? []).map(txn);
  const files: TxnLogFileView[] = logged.length === 0 ? [] : [{ startZxid: (logged[0] as Txn).zxid, sizeBytes: 4096, txns: logged }];
  return {
    lastProcessedZxid: setup.lastProcessed as Zxid,
    committedLog: (setup.committed ?? []).map(txn),
    snapshotSizeFactor: setup.snapshotSizeFactor ?? 0.33,
    forceSnapSync: setup.forceSnapSync ?? false,
    readTxnLog: (): TxnLogView => ({ files, newestSnapshotBytes: 1000 }),
  };
}

/** The queue as LearnerHandlerTest reads it: type and zxid of every packet. */
function queueOf(plan: SyncPlan): string[] {
  return plan.queued.map((p) => (p.type === 'PROPOSAL' ? `PROPOSAL ${formatZxid(p.txn.zxid)}` : `${p.type} ${formatZxid(p.zxid)}`));
}

/** `DIFF 0x5` then PROPOSAL/COMMIT pairs for each zxid: what assertOpType + queuedPacketMatches + size check. */
function expectQueue(op: string, opZxid: number, proposals: readonly number[]): string[] {
  return [`${op} ${formatZxid(opZxid as Zxid)}`, ...proposals.flatMap((p) => [`PROPOSAL ${formatZxid(p as Zxid)}`, `COMMIT ${formatZxid(p as Zxid)}`])];
}

interface JavaCase {
  /** The LearnerHandlerTest method (and which of its steps). */
  readonly java: string;
  readonly setup: LeaderSetup;
  readonly peer: number;
  /** syncFollower's return value. */
  readonly snap: boolean;
  /** The queued packets (empty when SNAP). */
  readonly queue: readonly string[];
  /** The zxid startForwarding was called with (assertOpType's third argument); only checked when given. */
  readonly forwardFrom?: number;
}

const committedLogSetup: LeaderSetup = { lastProcessed: 6, committed: [2, 3, 5] };
const txnLogSetup: LeaderSetup = { lastProcessed: 9, committed: [6, 7, 8], txnLog: [2, 3, 5, 6, 7, 8, 9] };
const txnLogOnlySetup: LeaderSetup = { lastProcessed: 7, txnLog: [2, 3, 5, 6, 7, 8] };
const negativeSetup: LeaderSetup = {
  lastProcessed: z(0xf, 9),
  committed: [z(0xf, 6), z(0xf, 7), z(0xf, 8)],
  txnLog: [2, 3, 5, 6, 7, 8, 9].map((c) => z(0xf, c)),
};
const newEpochSetup: LeaderSetup = { lastProcessed: z(2, 0), committed: [z(1, 1), z(1, 2)], txnLog: [z(0, 1), z(1, 1), z(1, 2)] };

const JAVA_CASES: readonly JavaCase[] = [
  // testEmptyCommittedLog
  { java: 'testEmptyCommittedLog: peer has newer zxid -> TRUNC', setup: { lastProcessed: 1 }, peer: 3, snap: false,
    queue: ['TRUNC 0x1'], forwardFrom: 1 },
  { java: 'testEmptyCommittedLog: peer already in sync -> empty DIFF', setup: { lastProcessed: 1 }, peer: 1, snap: false,
    queue: ['DIFF 0x1'], forwardFrom: 1 },
  { java: 'testEmptyCommittedLog: new machine (zxid 0), txn log disabled -> SNAP', setup: { lastProcessed: 1, snapshotSizeFactor: -1 },
    peer: 0, snap: true, queue: [] },
  // testCommittedLog
  { java: 'testCommittedLog: peer zxid never seen -> TRUNC to 3, then 5', setup: committedLogSetup, peer: 4, snap: false,
    queue: expectQueue('TRUNC', 3, [5]), forwardFrom: 5 },
  { java: 'testCommittedLog: peer within committedLog -> DIFF', setup: committedLogSetup, peer: 2, snap: false,
    queue: expectQueue('DIFF', 5, [3, 5]), forwardFrom: 5 },
  { java: 'testCommittedLog: peer missed the committedLog, txn log disabled -> SNAP',
    setup: { ...committedLogSetup, snapshotSizeFactor: -1 }, peer: 1, snap: true, queue: [] },
  // testTxnLog
  { java: 'testTxnLog: peer zxid never seen -> TRUNC to 3 from the txn log', setup: txnLogSetup, peer: 4, snap: false,
    queue: expectQueue('TRUNC', 3, [5, 6, 7, 8]), forwardFrom: 8 },
  { java: 'testTxnLog: peer zxid in txn log range -> DIFF', setup: txnLogSetup, peer: 3, snap: false,
    queue: expectQueue('DIFF', 8, [5, 6, 7, 8]), forwardFrom: 8 },
  // testTxnLogProposalIteratorClosure: the txn log yields nothing (EMPTY_ITERATOR) -> SNAP
  { java: 'testTxnLogProposalIteratorClosure: empty txn log iterator -> SNAP', setup: { lastProcessed: 7 }, peer: 4, snap: true,
    queue: [] },
  // testTxnLogOnly
  { java: 'testTxnLogOnly: peer zxid never seen -> TRUNC to 3', setup: txnLogOnlySetup, peer: 4, snap: false,
    queue: expectQueue('TRUNC', 3, [5, 6, 7]), forwardFrom: 7 },
  { java: 'testTxnLogOnly: peer in txn log range -> DIFF', setup: txnLogOnlySetup, peer: 2, snap: false,
    queue: expectQueue('DIFF', 7, [3, 5, 6, 7]), forwardFrom: 7 },
  { java: 'testTxnLogOnly: peer missed the txn log -> SNAP', setup: txnLogOnlySetup, peer: 1, snap: true, queue: [] },
  // testTxnLogWithNegativeZxid
  { java: 'testTxnLogWithNegativeZxid: TRUNC to (0xf,3)', setup: negativeSetup, peer: z(0xf, 4), snap: false,
    queue: expectQueue('TRUNC', z(0xf, 3), [5, 6, 7, 8].map((c) => z(0xf, c))), forwardFrom: z(0xf, 8) },
  { java: 'testTxnLogWithNegativeZxid: DIFF to (0xf,8)', setup: negativeSetup, peer: z(0xf, 3), snap: false,
    queue: expectQueue('DIFF', z(0xf, 8), [5, 6, 7, 8].map((c) => z(0xf, c))), forwardFrom: z(0xf, 8) },
  // testNewEpochZxid
  { java: 'testNewEpochZxid: peer (0,0) -> SNAP (never DIFF without history older than the peer)', setup: newEpochSetup,
    peer: z(0, 0), snap: true, queue: [] },
  { java: 'testNewEpochZxid: peer (1,0) -> DIFF to (1,2)', setup: newEpochSetup, peer: z(1, 0), snap: false,
    queue: expectQueue('DIFF', z(1, 2), [z(1, 1), z(1, 2)]), forwardFrom: z(1, 2) },
  { java: 'testNewEpochZxid: peer (2,0) is in sync -> empty DIFF', setup: newEpochSetup, peer: z(2, 0), snap: false,
    queue: ['DIFF 0x200000000'], forwardFrom: z(2, 0) },
  // testDuplicatedTxn
  { java: 'testDuplicatedTxn: repeated txns are queued once', peer: z(1, 0), snap: false,
    setup: { lastProcessed: z(2, 0), committed: [z(1, 1), z(1, 2), z(1, 1), z(1, 2)], txnLog: [z(0, 1), z(1, 1), z(1, 2), z(1, 1), z(1, 2)] },
    queue: expectQueue('DIFF', z(1, 2), [z(1, 1), z(1, 2)]), forwardFrom: z(1, 2) },
  // testCrossEpochTrunc
  { java: 'testCrossEpochTrunc: TRUNC would cross an epoch -> SNAP', peer: z(3, 1), snap: true, queue: [],
    setup: { lastProcessed: z(6, 0), txnLog: [z(1, 1), z(2, 1), z(2, 2), z(4, 1)] } },
  // testTxnLogGap
  { java: 'testTxnLogGap: gap between txn log and committedLog -> SNAP', peer: 3, snap: true, queue: [],
    setup: { lastProcessed: 8, committed: [7, 8], txnLog: [2, 3, 4] } },
];

describe('planSync reproduces LearnerHandlerTest (3.8.0)', () => {
  it.each(JAVA_CASES)('$java', (c) => {
    const plan = planSync(c.peer as Zxid, leader(c.setup));
    expect(plan.mode === 'SNAP').toBe(c.snap);
    expect(queueOf(plan)).toEqual(c.queue);
    if (c.forwardFrom !== undefined) expect(formatZxid(plan.forwardFromZxid)).toBe(formatZxid(c.forwardFrom as Zxid));
    if (c.snap) {
      expect(plan.zxid).toBe(c.setup.lastProcessed); // LearnerHandler.run sends SNAP with the DB's lastProcessedZxid
      expect(plan.learnerZxid).toBe(c.setup.lastProcessed);
    } else {
      expect(plan.zxid).toBe((plan.queued[0] as { zxid: number }).zxid);
    }
  });
});

describe('planSync: the branches LearnerHandlerTest does not reach', () => {
  it('forceSnapSync sends a snapshot even to a learner in sync', () => {
    const plan = planSync(6 as Zxid, leader({ ...committedLogSetup, lastProcessed: 5, forceSnapSync: true }));
    expect([plan.mode, plan.reason, plan.zxid, plan.forwardFromZxid]).toEqual(['SNAP', 'forced-snap', 5, 5]);
  });

  it('a peer with a new-epoch zxid above the leader\'s history gets a snapshot ("unhandled scenario"), not a TRUNC', () => {
    const plan = planSync(z(3, 0), leader({ lastProcessed: z(2, 5), committed: [z(2, 4), z(2, 5)] }));
    expect([plan.mode, plan.reason]).toEqual(['SNAP', 'no-history']);
  });

  it('a cross-epoch TRUNC inside the committedLog falls back to SNAP after startForwarding saw the peer\'s zxid', () => {
    // The peer led epoch 2 and logged (2,1) that nobody committed; the leader's log goes (1,2) -> (3,1).
    const plan = planSync(z(2, 1), leader({ lastProcessed: z(3, 1), committed: [z(1, 1), z(1, 2), z(3, 1)] }));
    expect([plan.mode, plan.reason, plan.queued.length]).toEqual(['SNAP', 'cross-epoch', 0]);
    expect([plan.zxid, plan.learnerZxid]).toEqual([z(3, 1), z(3, 1)]);
    expect(plan.forwardFromZxid).toBe(z(2, 1)); // ZooKeeper decides on SNAP only after startForwarding(handler, peer zxid)
  });

  const threeFiles = (sizes: readonly number[], newestSnapshotBytes: number): TxnLogView => ({
    files: [
      { startZxid: 5 as Zxid, sizeBytes: sizes[1] as number, txns: [5, 6, 7].map(txn) },
      { startZxid: 1 as Zxid, sizeBytes: sizes[0] as number, txns: [1, 2, 3, 4].map(txn) },
      { startZxid: 8 as Zxid, sizeBytes: sizes[2] as number, txns: [8, 9].map(txn) },
    ],
    newestSnapshotBytes,
  });
  // The committedLog starts at 9, inside the last log file, so a txn-log sync has no gap.
  const withLog = (view: TxnLogView, factor = 0.33): LeaderSyncState => ({
    lastProcessedZxid: 12 as Zxid, committedLog: [9, 10, 11, 12].map(txn), snapshotSizeFactor: factor, forceSnapSync: false,
    readTxnLog: () => view,
  });

  it('reads the txn log from the file that holds the peer\'s zxid; only the files after it count against the size limit', () => {
    // Peer at 6: log.5 holds it and is read from its first record (5); log.1 is not read. The limit is
    // floor(0.33 x 303) = 99 bytes, and only log.8 counts (FileTxnIterator.getStorageSize skips the open file).
    const plan = planSync(6 as Zxid, withLog(threeFiles([5000, 5000, 99], 303)));
    expect([plan.mode, plan.reason]).toEqual(['DIFF', 'txn-log']);
    expect(queueOf(plan)).toEqual(expectQueue('DIFF', 12, [7, 8, 9, 10, 11, 12]));
    expect(planSync(6 as Zxid, withLog(threeFiles([5000, 5000, 100], 303)))).toMatchObject({ mode: 'SNAP', reason: 'txn-log-unavailable' });
    // Peer at 5, the first zxid of log.5: that file counts too, since the iterator opens log.1 first.
    expect(planSync(5 as Zxid, withLog(threeFiles([0, 50, 50], 303))).mode).toBe('SNAP');
    expect(planSync(5 as Zxid, withLog(threeFiles([5000, 49, 50], 303))).mode).toBe('DIFF');
  });

  it('no snapshot (size 0) means no size limit; a factor above 1 is replaced by 0.33; a negative one disables txn-log sync', () => {
    const sized = (factor: number, snapshotBytes: number): LeaderSyncState => withLog(threeFiles([10, 10, 10_000], snapshotBytes), factor);
    expect(planSync(2 as Zxid, sized(0.33, 0)).mode).toBe('DIFF');
    expect(planSync(2 as Zxid, sized(0.33, 1000)).mode).toBe('SNAP');
    expect(planSync(2 as Zxid, sized(5, 40_000)).mode).toBe('DIFF'); // 0.33 x 40000 = 13200 >= 10010 bytes
    expect(planSync(2 as Zxid, sized(5, 30_000)).mode).toBe('SNAP');
    expect(planSync(2 as Zxid, sized(-1, 0))).toMatchObject({ mode: 'SNAP', reason: 'no-history' });
    expect(queueOf(planSync(2 as Zxid, sized(0.33, 0)))).toEqual(expectQueue('DIFF', 12, [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
  });

  it('a txn log that starts after the peer is refused (it cannot prove it holds the next txn)', () => {
    expect(planSync(0 as Zxid, withLog(threeFiles([0, 0, 0], 0)))).toMatchObject({ mode: 'SNAP', reason: 'txn-log-unavailable' });
  });

  it('does not read the txn log unless the peer is behind the committedLog', () => {
    let reads = 0;
    const state = { ...withLog(threeFiles([0, 0, 0], 0)), readTxnLog: (): TxnLogView => { reads += 1; return threeFiles([0, 0, 0], 0); } };
    planSync(11 as Zxid, state);
    planSync(12 as Zxid, state);
    planSync(13 as Zxid, state);
    expect(reads).toBe(0);
    planSync(3 as Zxid, state);
    expect(reads).toBe(1);
  });
});

describe('forwardingPackets (Leader.startForwarding)', () => {
  const inFlight = { lastProposed: 7 as Zxid, toBeApplied: [3, 4, 5].map(txn), outstanding: [7, 6].map(txn) };

  it('queues toBeApplied above the learner as PROPOSAL+COMMIT, then outstanding proposals by zxid for participants only', () => {
    const show = (ps: ReturnType<typeof forwardingPackets>): string[] =>
      ps.map((p) => (p.type === 'PROPOSAL' ? `P${p.txn.zxid}` : `C${p.zxid}`));
    expect(show(forwardingPackets(inFlight, 3 as Zxid, 'participant'))).toEqual(['P4', 'C4', 'P5', 'C5', 'P6', 'P7']);
    expect(show(forwardingPackets(inFlight, 3 as Zxid, 'observer'))).toEqual(['P4', 'C4', 'P5', 'C5']);
    expect(forwardingPackets(inFlight, 7 as Zxid, 'participant')).toEqual([]);
  });
});

// ---- the property ----

/** Builds a leader's history: epochs (ascending, with gaps for epochs that never established) and their txn counts. */
interface World {
  readonly history: readonly Zxid[];
  readonly lastProcessed: Zxid;
  readonly committed: readonly Zxid[];
  readonly files: readonly TxnLogFileView[];
  readonly snapshotBytes: number;
  readonly factor: number;
  readonly learnerLog: readonly Zxid[];
  readonly peer: Zxid;
  readonly story: string;
}

const worldArb: fc.Arbitrary<World> = fc.record({
  epochs: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 2 }), count: fc.integer({ min: 0, max: 4 }) }), { minLength: 0, maxLength: 5 }),
  newEpochGap: fc.integer({ min: 1, max: 2 }),
  established: fc.boolean(),
  newTxns: fc.integer({ min: 0, max: 3 }),
  committedPick: fc.nat(),
  logFrom: fc.nat(),
  logToEnd: fc.boolean(),
  logTo: fc.nat(),
  cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
  fileSizes: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 4, maxLength: 4 }),
  snapshotBytes: fc.constantFrom(0, 100, 600, 5000),
  factor: fc.constantFrom(-1, 0, 0.33, 1, 3),
  learner: fc.record({
    kind: fc.constantFrom('prefix', 'divergent', 'new-epoch'),
    at: fc.nat(),
    pick: fc.nat(),
    pick2: fc.nat(),
    extra: fc.integer({ min: 1, max: 3 }),
  }),
}).map((g): World => {
  // The leader's lineage: established epochs with their committed txns, then its own epoch E.
  const epochs: number[] = [];
  const history: Zxid[] = [];
  let e = 0;
  for (const { gap, count } of g.epochs) {
    e += gap;
    epochs.push(e);
    for (let c = 1; c <= count; c++) history.push(zxid(e, c));
  }
  const E = e + g.newEpochGap;
  const newTxns = g.established ? g.newTxns : 0;
  for (let c = 1; c <= newTxns; c++) history.push(zxid(E, c));
  const last = history.length === 0 ? (0 as Zxid) : (history[history.length - 1] as Zxid);
  const lastProcessed = newTxns > 0 ? last : g.established ? zxid(E, 0) : last;
  if (g.established) epochs.push(E);
  const committed = history.slice(history.length - (g.committedPick % (history.length + 1)));
  // The leader's txn log: a contiguous run of its history, in files.
  // (Usually up to its end; a leader whose disk lags behind its commits has a log that stops earlier.)
  const a = g.logFrom % (history.length + 1);
  const b = g.logToEnd ? history.length : a + (g.logTo % (history.length - a + 1));
  const logged = history.slice(a, b);
  const cutAt = [...new Set(g.cuts.map((x) => Math.floor(x * logged.length)))].filter((i) => i > 0 && i < logged.length).sort((x, y) => x - y);
  const bounds = [0, ...cutAt, logged.length];
  const files: TxnLogFileView[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const txns = logged.slice(bounds[i], bounds[i + 1]).map(txn);
    if (txns.length > 0) files.push({ startZxid: (txns[0] as Txn).zxid, sizeBytes: g.fileSizes[i] as number, txns });
  }
  const base = { history, lastProcessed, committed, files, snapshotBytes: g.snapshotBytes, factor: g.factor };
  // The learner.
  const k = g.learner.at % (history.length + 1);
  const prefix = history.slice(0, k);
  if (g.learner.kind === 'new-epoch' && epochs.length > 0) {
    const ep = epochs[g.learner.pick % epochs.length] as number;
    const marker = zxid(ep, 0);
    const learnerLog = history.filter((x) => x < marker);
    return { ...base, learnerLog, peer: marker, story: `learner synced at the start of epoch ${ep}` };
  }
  if (g.learner.kind === 'divergent') {
    // Uncommitted txns of an epoch d that the leader's history does not continue: the shared prefix ends at
    // p, d >= epoch(p), and d < the epoch of the leader's next entry (and < E): in Zab every server's
    // txns of one epoch are a prefix of what that epoch's leader proposed, so a learner can only be
    // ahead within the epoch where the leader's history leaves it.
    const ranges: { k: number; lo: number; hi: number }[] = [];
    for (let at = 0; at <= history.length; at++) {
      const p = history[at - 1];
      const next = history[at];
      const lo = p === undefined ? 1 : epochOf(p);
      const hi = Math.min(next === undefined ? E - 1 : epochOf(next) - 1, E - 1);
      if (lo <= hi) ranges.push({ k: at, lo, hi });
    }
    const r = ranges[g.learner.pick % Math.max(1, ranges.length)];
    if (r !== undefined) {
      const p = history[r.k - 1];
      const d = r.lo + (g.learner.pick2 % (r.hi - r.lo + 1));
      const from = p !== undefined && epochOf(p) === d ? counterOf(p) + 1 : 1;
      const extra = Array.from({ length: g.learner.extra }, (_, i) => zxid(d, from + i));
      const learnerLog = [...history.slice(0, r.k), ...extra];
      return { ...base, learnerLog, peer: learnerLog[learnerLog.length - 1] as Zxid, story: `learner has ${extra.map(formatZxid).join(',')} uncommitted` };
    }
  }
  return { ...base, learnerLog: prefix, peer: prefix[prefix.length - 1] ?? (0 as Zxid), story: `learner has the first ${k} txns` };
});

/** What the learner does with the plan (Learner.syncWithLeader, its log only): SNAP, TRUNC or DIFF, then the pairs. */
function applyPlan(plan: SyncPlan, learnerLog: readonly Zxid[], leaderHistory: readonly Zxid[]): Zxid[] {
  let log: Zxid[];
  if (plan.mode === 'SNAP') log = leaderHistory.filter((x) => x <= plan.zxid);
  else if (plan.mode === 'TRUNC') {
    expect(plan.zxid === 0 || learnerLog.includes(plan.zxid), `TRUNC to ${formatZxid(plan.zxid)}, which the learner has`).toBe(true);
    log = learnerLog.filter((x) => x <= plan.zxid);
  } else log = [...learnerLog];
  const rest = plan.queued.slice(1);
  expect(rest.length % 2).toBe(0);
  for (let i = 0; i < rest.length; i += 2) {
    const proposal = rest[i];
    const commit = rest[i + 1];
    if (proposal?.type !== 'PROPOSAL' || commit?.type !== 'COMMIT') throw new Error(`not a PROPOSAL/COMMIT pair at ${i}`);
    expect(commit.zxid).toBe(proposal.txn.zxid);
    const tail = log[log.length - 1];
    expect(tail === undefined || proposal.txn.zxid > tail, `${formatZxid(proposal.txn.zxid)} comes after ${formatZxid(tail ?? (0 as Zxid))}`).toBe(true);
    log.push(proposal.txn.zxid);
  }
  return log;
}

describe('planSync property', () => {
  it('the learner ends with exactly the leader\'s committed history, whatever it had before', async () => {
    const seen = new Set<string>();
    await checkProperty(fc.property(worldArb, (w) => {
      const state: LeaderSyncState = {
        lastProcessedZxid: w.lastProcessed,
        committedLog: w.committed.map(txn),
        snapshotSizeFactor: w.factor,
        forceSnapSync: false,
        readTxnLog: () => ({ files: w.files, newestSnapshotBytes: w.snapshotBytes }),
      };
      const plan = planSync(w.peer, state);
      seen.add(`${plan.mode} ${plan.reason}`);
      const context = `${w.story}; plan ${plan.mode} ${formatZxid(plan.zxid)} (${plan.reason})`;
      expect(applyPlan(plan, w.learnerLog, w.history).map(formatZxid), context).toEqual(w.history.map(formatZxid));
      const lastCommitted = w.history[w.history.length - 1] ?? (0 as Zxid);
      expect([w.lastProcessed, lastCommitted], context).toContain(plan.learnerZxid);
      if (plan.reason !== 'cross-epoch') expect(plan.forwardFromZxid, context).toBe(plan.learnerZxid);
    }), { numRuns: 2000, file: import.meta.url });
    // The generator reaches every way a sync can go (TRUNC below maxCommittedLog needs a history Zab never makes).
    expect([...seen].sort()).toEqual([
      'DIFF committed-log', 'DIFF in-sync', 'DIFF txn-log', 'SNAP cross-epoch', 'SNAP no-history', 'SNAP txn-log-gap',
      'SNAP txn-log-unavailable', 'TRUNC peer-ahead',
    ]);
  });
});
