/**
 * Reliability (zk-client-semantics.md 7): an acknowledged write survives and nothing a client saw is
 * rolled back. Every answered write's txn (an error txn for a failed one) is held by every server that is
 * up and serving at the end with lastProcessedZxid >= its zxid: that server applied it (zab-apply), or
 * loaded a snapshot (SNAP) or its own log (at a start or when going LOOKING, up to its last logged zxid)
 * covering it, with no later truncation below it. Every server that applied it applied the same txn
 * (session, cxid, type), the one the client was told about. And every reply zxid a client saw is <= the
 * last zxid of some server up at the end (when some server is serving in a quorum).
 */
import type { FinalServer, OpRecord, RunHistory, ServerEvent } from '../../history/index.ts';
import type { Checker, CheckResult } from '../types.ts';
import { atMs, hex, opLabel, replyZxid, txnZxid } from './ops.ts';
import { Violations, count, result } from './verdict.ts';

const NAME = 'no-lost-writes';

export const noLostWrites: Checker = {
  name: NAME,
  description: 'acknowledged writes are applied by every up-to-date server at the end, as the same txn, and no reply zxid is rolled back',
  check,
};

/** What a server holds: zxids applied since its last snapshot install, and the snapshot's zxid. */
interface Held {
  readonly applied: Set<number>;
  cover: number;
}

interface TxnId {
  readonly server: number;
  readonly session: number;
  readonly cxid: number;
  readonly op: string;
  readonly event: number;
}

function check(history: RunHistory): CheckResult {
  const v = new Violations(NAME);
  const acked = new Map<number, OpRecord>();
  for (const op of history.ops) {
    const z = txnZxid(op);
    if (z !== undefined && !acked.has(z)) acked.set(z, op);
  }
  if (history.final.length === 0) return result(v, '', 'no final server states recorded');
  const hasApply = history.serverEvents.some((e) => e.event === 'zab-apply');
  const serving = history.final.filter((f) => f.up && f.serving);
  let heldChecks = 0;
  if (hasApply) {
    const held = holdings(history.serverEvents, acked, v);
    for (const f of serving) heldChecks += serverHolds(f, held.get(f.server), acked, v);
  }
  const seen = notRolledBack(history, v);
  const why = !hasApply ? 'no zab-apply events: cannot tell which server applied what' : serving.length === 0 ? 'no server serving at the end' : undefined;
  return result(v, `${count(acked.size)} acknowledged writes held by ${count(serving.length)} serving servers (${count(heldChecks)} checks); ${seen}`, why);
}

function holdings(events: readonly ServerEvent[], acked: ReadonlyMap<number, OpRecord>, v: Violations): Map<number, Held> {
  const held = new Map<number, Held>();
  const first = new Map<number, TxnId>();
  events.forEach((e, i) => {
    let h = held.get(e.server);
    if (h === undefined) {
      h = { applied: new Set(), cover: -1 };
      held.set(e.server, h);
    }
    const loaded = loadedFromDisk(e);
    if (loaded !== undefined) {
      for (const z of [...h.applied]) if (z > loaded) h.applied.delete(z);
      h.cover = loaded;
      return;
    }
    const zxid = e['zxid'];
    if (typeof zxid !== 'number') return;
    if (e.event === 'zab-apply') {
      h.applied.add(zxid);
      const op = acked.get(zxid);
      if (op !== undefined) sameTxn(e, i, zxid, op, first, v);
    } else if (e.event === 'snapshot-loaded') {
      h.applied.clear();
      h.cover = zxid;
    } else if (e.event === 'log-truncated') {
      for (const z of [...h.applied]) if (z > zxid) h.applied.delete(z);
      h.cover = Math.min(h.cover, zxid);
    }
  });
  return held;
}

/** The txn a server applied at an acknowledged zxid is the client's, and the same on every server. */
function sameTxn(e: ServerEvent, index: number, zxid: number, op: OpRecord, first: Map<number, TxnId>, v: Violations): void {
  const id: TxnId = { server: e.server, session: num(e['session']), cxid: num(e['cxid']), op: typeof e['op'] === 'string' ? e['op'] : '?', event: index };
  const ref = first.get(zxid);
  if (ref === undefined) {
    first.set(zxid, id);
    const want = op.outcome === 'ok' ? [op.op] : op.op === 'multi' ? ['multi', 'error'] : ['error'];
    const sessionOk = op.session === undefined || op.session === 0 || op.session === id.session;
    if (!sessionOk || !want.includes(id.op)) {
      v.add(`${opLabel(op)} was acknowledged at ${hex(zxid)} but server ${e.server} applied a ${id.op} of session ${hex(id.session)} there`, atMs(op), [op.id], [index]);
    }
    return;
  }
  const cxidsDiffer = ref.cxid >= 0 && id.cxid >= 0 && ref.cxid !== id.cxid; // -1: replayed from a log, which keeps no cxid
  if (ref.session !== id.session || cxidsDiffer || ref.op !== id.op) {
    v.add(`servers ${ref.server} and ${id.server} applied different txns at ${hex(zxid)} (${ref.op}/${hex(ref.session)}/${ref.cxid} vs ${id.op}/${hex(id.session)}/${id.cxid}), acknowledged to ${opLabel(op)}`, atMs(op), [op.id], [ref.event, index]);
  }
}

/**
 * A peer (re)loads its database from disk when it starts and whenever it goes LOOKING: the snapshot plus
 * the log, a contiguous run of txns up to its last logged zxid (which the LOOKING peer-state names), so
 * logged but not yet committed txns are in its tree from then on. A standalone server says 'recovered'.
 */
function loadedFromDisk(e: ServerEvent): number | undefined {
  if (e.event === 'peer-state' && e['state'] === 'LOOKING' && typeof e['lastLoggedZxid'] === 'number') return e['lastLoggedZxid'];
  if (e.event === 'recovered' && typeof e['zxid'] === 'number') return e['zxid'];
  return undefined;
}

function num(x: unknown): number {
  return typeof x === 'number' ? x : -1;
}

function serverHolds(f: FinalServer, h: Held | undefined, acked: ReadonlyMap<number, OpRecord>, v: Violations): number {
  let n = 0;
  for (const [zxid, op] of acked) {
    if (zxid > f.lastProcessedZxid) continue;
    n++;
    if (h !== undefined && (h.applied.has(zxid) || zxid <= h.cover)) continue;
    v.add(`server ${f.server} ends at ${hex(f.lastProcessedZxid)} without acknowledged ${opLabel(op)} (zxid ${hex(zxid)})`, atMs(op), [op.id]);
  }
  return n;
}

/** Every reply zxid is within the final state of some up server, if any server is serving at the end. */
function notRolledBack(history: RunHistory, v: Violations): string {
  const live = history.final.filter((f) => f.up && f.serving && (f.state === 'LEADING' || f.state === 'FOLLOWING' || f.state === 'OBSERVING'));
  if (live.length === 0) return 'rollback not judged (no server serving in a quorum at the end)';
  const top = Math.max(...history.final.filter((f) => f.up).map((f) => f.lastProcessedZxid));
  let n = 0;
  for (const op of history.ops) {
    const z = replyZxid(op);
    if (z === undefined) continue;
    n++;
    if (z > top) v.add(`${opLabel(op)} saw ${hex(z)} but the servers up at the end reach only ${hex(top)}`, atMs(op), [op.id]);
  }
  return `${count(n)} reply zxids within the final ${hex(top)}`;
}
