/**
 * Recovery on restart, as FileTxnSnapLog.restore: load the newest snapshot that decodes, then replay
 * every logged txn after its zxid.
 *
 * 1. Snapshots, newest name first (FileSnap.findNValidSnapshots): one that is not sealed (cut short) is
 *    skipped silently; up to `maxSnapshotsTried` (ZooKeeper: 100) sealed ones are decoded, and the first
 *    that passes its checksum and decodes wins. Sealed snapshots exist but none loads: refuse ("Not able
 *    to find valid snapshots"). None sealed at all: start from `new DataTree()` at zxid 0 and replay the
 *    whole log (ZooKeeper 3.4; 3.5+ refuses logs without a snapshot unless zookeeper.snapshot.trust.empty,
 *    ZOOKEEPER-2325, which `trustEmptySnapshot: false` reproduces; ZooKeeper also writes snapshot.0 at
 *    first start, so it never meets that case). The snapshot's zxid is the one in its header; ZooKeeper
 *    takes it from the name, which zksim uses only to order the files.
 * 2. Logs (FileTxnLog.getLogFiles): every file named after the snapshot's zxid, plus the newest named at
 *    or before it, which may hold later txns; files in name order, records in file order.
 * 3. Replay: zxids must strictly increase (else refuse: reordered), txns up to the snapshot's zxid are
 *    skipped, and each txn applied must follow the last one (zxid + 1, or counter 1 of a later epoch;
 *    else refuse: a gap). A corrupt record refuses, as ZooKeeper's "CRC check failed" does. A torn tail
 *    ends the durable log: its file is cut at its last whole record, and a later file is read on only if
 *    its first txn continues the log without a gap (ZooKeeper leaves torn tails and starts a new file on
 *    restart, so the next recovery meets exactly that); one that does not holds txns written after the
 *    lost ones, never acknowledged: it is cut there, and every later file to 0 bytes.
 *
 * Fuzzy snapshots. The snapshot may hold effects of txns after its zxid (snapshot.ts). Rather than
 * ZooKeeper's NODEEXISTS fix-up, recovery keeps only the nodes that existed at the snapshot's zxid
 * (czxid <= zxid, with their parents): every other node was created by a txn the log replays. Then every
 * node in the tree is the incarnation that is really alive at each step of the replay, so a create never
 * meets an existing node and a delete never meets children; absolute fields (data, version, mzxid,
 * acl, aversion) converge by replay and counters (cversion, pzxid) only move forward. What remains is
 * ZOOKEEPER-3145: a delete of a node the snapshot missed (deleted before its turn) must still move its
 * parent's pzxid; DataTree ignores such deletes, so replay does it (see bumpParentOfMissing). A
 * closeSession cannot do the same, because its txn does not list the paths it deleted (ZooKeeper 3.6's
 * CloseSessionTxn does): a session's ephemeral missed by the snapshot leaves its parent's pzxid behind.
 */
import { assert, counterOf, epochOf, formatZxid } from '../../base/index.ts';
import type { Zxid } from '../../base/index.ts';
import { OPEN_ACL_UNSAFE, ROOT, parentOf } from '../protocol/index.ts';
import type { Txn, TxnOp } from '../protocol/index.ts';
import { DataTree } from '../tree/index.ts';
import type { DataNode, TreeEvent } from '../tree/index.ts';
import { parseLogFileName, parseSnapshotFileName, sortedByZxid } from './files.ts';
import { decodeSnapshotEntries, isSealedSnapshot } from './snapshot.ts';
import type { SnapshotEntries } from './snapshot.ts';
import { readLog } from './txn-log.ts';

export const MAX_SNAPSHOTS_TRIED = 100;

export interface RecoveryOptions {
  /** How many sealed snapshots to try, newest first, before refusing (FileSnap: 100). */
  readonly maxSnapshotsTried?: number;
  /** false: refuse a log without a snapshot, as ZooKeeper 3.5+ does. Default true (replay from empty). */
  readonly trustEmptySnapshot?: boolean;
}

/** Cut `file` to `validBytes` before appending to it again. */
export interface LogCut {
  readonly file: string;
  readonly validBytes: number;
}

export interface SkippedSnapshot {
  readonly file: string;
  readonly why: string;
}

export interface Recovered {
  readonly tree: DataTree;
  /** Session id -> timeout (ms): the snapshot's, then createSession and closeSession replayed. */
  readonly sessions: Map<number, number>;
  /** The last txn the tree holds: the snapshot's zxid or the last replayed. */
  readonly lastZxid: Zxid;
  readonly cuts: readonly LogCut[];
  readonly snapshot: { readonly file: string; readonly zxid: Zxid } | null;
  /** Newer snapshots passed over, and why. */
  readonly skippedSnapshots: readonly SkippedSnapshot[];
  readonly txnsReplayed: number;
}

export type RecoveryResult = Recovered | { readonly problem: string };

/** Whether `next` may directly follow `previous` in a log: the next counter, or counter 1 of a later epoch. */
export function zxidFollows(previous: Zxid, next: Zxid): boolean {
  return next === previous + 1 || (epochOf(next) > epochOf(previous) && counterOf(next) === 1);
}

export function recover(files: ReadonlyMap<string, Uint8Array>, options: RecoveryOptions = {}): RecoveryResult {
  const maxTried = options.maxSnapshotsTried ?? MAX_SNAPSHOTS_TRIED;
  assert(Number.isSafeInteger(maxTried) && maxTried >= 1, 'at least one snapshot is tried');
  const loaded = loadNewestSnapshot(files, maxTried);
  if ('problem' in loaded) return loaded;
  const snap = loaded.snapshot;
  const tree = snap === undefined ? new DataTree() : restoreAsOf(snap.decoded);
  const sessions = new Map(snap?.decoded.sessions ?? []);
  const logNames = logsAfter(files, tree.lastProcessedZxid);
  if (snap === undefined && options.trustEmptySnapshot === false &&
    logNames.some((name) => readLog(files.get(name) as Uint8Array).txns.length > 0)) {
    return { problem: 'No snapshot found, but there are log entries. Something is broken!' };
  }
  const replay = new Replay(tree, sessions);
  const problem = replay.run(files, logNames);
  if (problem !== undefined) return { problem };
  assert(snap === undefined || tree.lastProcessedZxid >= snap.decoded.zxid, 'replay never goes back before the snapshot');
  return {
    tree, sessions, lastZxid: tree.lastProcessedZxid, cuts: replay.cuts,
    snapshot: snap === undefined ? null : { file: snap.file, zxid: snap.decoded.zxid },
    skippedSnapshots: loaded.skipped, txnsReplayed: replay.replayed,
  };
}

export interface FastForwarded {
  /** The last txn the tree holds now: the last one logged (what QuorumPeer.getLastLoggedZxid reports). */
  readonly lastZxid: Zxid;
  readonly txnsReplayed: number;
  /** Torn tails met on the way, to cut before appending again (as recover's). */
  readonly cuts: readonly LogCut[];
}

/**
 * FileTxnSnapLog.fastForwardFromEdits (ZKDatabase.fastForwardDataBase): applies to a live tree, in place,
 * every logged txn after its lastProcessedZxid, by the same rules as recover's replay. An ensemble member
 * logs proposals before they are committed and applies them only on COMMIT, so when it leaves FOLLOWING
 * or LEADING its tree can be behind its log; fast-forwarding before it votes makes the vote carry the last
 * logged zxid (forgetting to was ZOOKEEPER-2845). On a problem the tree keeps what was replayed before it
 * (ZooKeeper throws there and the server stops).
 */
export function fastForward(live: { readonly tree: DataTree; readonly sessions: Map<number, number> },
  files: ReadonlyMap<string, Uint8Array>): FastForwarded | { readonly problem: string } {
  const before = live.tree.lastProcessedZxid;
  const replay = new Replay(live.tree, live.sessions);
  const problem = replay.run(files, logsAfter(files, before));
  if (problem !== undefined) return { problem };
  assert(live.tree.lastProcessedZxid >= before, 'fast-forwarding never moves a tree back');
  return { lastZxid: live.tree.lastProcessedZxid, txnsReplayed: replay.replayed, cuts: replay.cuts };
}

type Loaded =
  | { readonly snapshot: { readonly file: string; readonly decoded: SnapshotEntries } | undefined; readonly skipped: SkippedSnapshot[] }
  | { readonly problem: string };

function loadNewestSnapshot(files: ReadonlyMap<string, Uint8Array>, maxTried: number): Loaded {
  const skipped: SkippedSnapshot[] = [];
  let tried = 0;
  for (const { name } of sortedByZxid(files.keys(), parseSnapshotFileName, 'newest')) {
    const bytes = files.get(name) as Uint8Array;
    if (!isSealedSnapshot(bytes)) {
      skipped.push({ file: name, why: 'not sealed (cut short)' });
      continue;
    }
    if (tried === maxTried) break;
    tried += 1;
    const decoded = decodeSnapshotEntries(bytes);
    if (!('invalid' in decoded)) return { snapshot: { file: name, decoded }, skipped };
    skipped.push({ file: name, why: decoded.invalid });
  }
  if (tried > 0) return { problem: `Not able to find valid snapshots: ${skipped.map((s) => `${s.file}: ${s.why}`).join('; ')}` };
  return { snapshot: undefined, skipped };
}

/** The tree as of the snapshot's zxid, as far as the snapshot shows it: nodes created later are left to replay. */
function restoreAsOf(snapshot: SnapshotEntries): DataTree {
  const kept = new Set<string>();
  const entries: { path: string; node: DataNode }[] = [];
  for (const entry of snapshot.entries) {
    const parentKept = entry.path === ROOT || kept.has(parentOf(entry.path));
    if (!parentKept || entry.node.czxid > snapshot.zxid) continue;
    kept.add(entry.path);
    entries.push(entry);
  }
  return DataTree.restore(entries, snapshot.zxid);
}

/** FileTxnLog.getLogFiles: the files named after `zxid`, and the newest named at or before it. */
function logsAfter(files: ReadonlyMap<string, Uint8Array>, zxid: Zxid): string[] {
  const logs = sortedByZxid(files.keys(), parseLogFileName, 'oldest');
  let first = 0;
  for (let i = 0; i < logs.length; i++) if ((logs[i] as { zxid: Zxid }).zxid <= zxid) first = i;
  return logs.slice(first).map((log) => log.name);
}

/** The ops a txn applies, multis flattened, so that each is applied against the tree as it is at that op. */
function leafOps(op: TxnOp): TxnOp[] {
  return op.type === 'multi' ? op.ops.flatMap(leafOps) : [op];
}

class Replay {
  readonly cuts: LogCut[] = [];
  replayed = 0;
  private lastRead: Zxid | undefined;
  /** The last file read ended torn, and no later txn has continued the log yet. */
  private afterTorn = false;
  private stopped = false;
  private readonly events: TreeEvent[] = [];

  constructor(private readonly tree: DataTree, private readonly sessions: Map<number, number>) {}

  /** Replays the files in order; returns why recovery must refuse, if it must. */
  run(files: ReadonlyMap<string, Uint8Array>, names: readonly string[]): string | undefined {
    for (const name of names) {
      const bytes = files.get(name) as Uint8Array;
      if (this.stopped) {
        if (bytes.length > 0) this.cuts.push({ file: name, validBytes: 0 });
        continue;
      }
      const problem = this.replayFile(name, bytes);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }

  private replayFile(name: string, bytes: Uint8Array): string | undefined {
    const log = readLog(bytes);
    if (log.end === 'corrupt') return `${name}: ${log.problem ?? 'corrupt'} (ZooKeeper refuses to start: CRC check failed)`;
    let appliedHere = 0;
    for (let i = 0; i < log.txns.length; i++) {
      const txn = log.txns[i] as Txn;
      if (this.lastRead !== undefined && txn.zxid <= this.lastRead) {
        return `${name}: zxid ${formatZxid(txn.zxid)} comes after ${formatZxid(this.lastRead)}: the log is out of order`;
      }
      this.lastRead = txn.zxid;
      if (txn.zxid <= this.tree.lastProcessedZxid) continue; // the snapshot holds it
      if (!zxidFollows(this.tree.lastProcessedZxid, txn.zxid)) {
        if (!this.afterTorn || appliedHere > 0) {
          return `${name}: zxid ${formatZxid(txn.zxid)} does not follow ${formatZxid(this.tree.lastProcessedZxid)}: txns are missing`;
        }
        this.stopped = true; // written after the torn tail's lost txns, so never acknowledged
        this.cuts.push({ file: name, validBytes: log.offsets[i] as number });
        return undefined;
      }
      this.apply(txn);
      appliedHere += 1;
    }
    if (appliedHere > 0) this.afterTorn = false;
    if (log.end === 'torn') {
      this.cuts.push({ file: name, validBytes: log.validBytes });
      this.afterTorn = true;
    }
    return undefined;
  }

  private apply(txn: Txn): void {
    const ops = leafOps(txn.op);
    for (const op of ops.length > 0 ? ops : [txn.op]) {
      if (op.type === 'delete') this.bumpParentOfMissing(txn, op.path);
      this.tree.apply(op === txn.op ? txn : { ...txn, op }, this.events);
      if (op.type === 'createSession') this.sessions.set(txn.sessionId, op.timeoutMs);
      if (op.type === 'closeSession') this.sessions.delete(txn.sessionId);
    }
    this.events.length = 0;
    this.replayed += 1;
    assert(this.tree.lastProcessedZxid === txn.zxid, 'a replayed txn moves the tree to its zxid');
  }

  /**
   * ZOOKEEPER-3145: a delete whose node the fuzzy snapshot missed must still move the parent's pzxid.
   * DataTree ignores a delete of a missing node, so a throwaway child is created under the parent's own
   * cversion (which leaves cversion and pzxid alone) and deleted under the txn's zxid: exactly that effect,
   * with the digest kept.
   */
  private bumpParentOfMissing(txn: Txn, path: string): void {
    if (path === ROOT || this.tree.node(path) !== undefined) return;
    const parent = this.tree.node(parentOf(path));
    if (parent === undefined || parent.pzxid >= txn.zxid) return;
    const cversion = parent.cversion;
    const create: TxnOp = {
      type: 'create', path, data: null, acl: OPEN_ACL_UNSAFE, node: { kind: 'persistent' }, parentCversion: cversion,
    };
    this.tree.apply({ ...txn, op: create }, this.events);
    this.tree.apply({ ...txn, op: { type: 'delete', path } }, this.events);
    assert(parent.pzxid === txn.zxid && parent.cversion === cversion && this.tree.node(path) === undefined, 'only the pzxid moved');
  }
}
