/**
 * Total order and prefix consistency of what each server applies (Zab.tla TotalOrder, LocalPrimaryOrder,
 * GlobalPrimaryOrder, PrefixConsistency; mixed_v1.tla ProcessConsistency), against the global committed
 * sequence (committed-log.ts).
 *
 * Each server's zab-apply events fall into segments. A segment starts where the server's tree is reset to
 * a known point, its base: peer-state LOOKING (a start, restart or role end reloads the database from
 * disk; base = lastLoggedZxid), snapshot-loaded (base = the image's zxid) and log-truncated (base = the
 * zxid cut back to). A crash, start or restart without such an event leaves the server unanchored until
 * its next apply. Within a segment:
 *  - applied zxids strictly increase (TotalOrder);
 *  - each committed zxid applied is the next entry of the committed sequence after the previous one: no
 *    committed txn skipped (LocalPrimaryOrder within an epoch, GlobalPrimaryOrder across epochs);
 *  - a base or a sync-time apply that was never committed (an orphaned logged txn) must be truncated away
 *    before the server applies a committed txn after it (ProcessConsistency, PrefixConsistency).
 */
import type { LifecycleEvent, RunHistory, ServerEvent } from '../../history/index.ts';
import type { CheckResult, Checker } from '../types.ts';
import { committedLog, upperBound } from './committed-log.ts';
import type { CommittedLog } from './committed-log.ts';
import { txnZxidOf, zabView } from './events.ts';
import { Findings, unknownResult } from './findings.ts';
import { epochOfZxid, hex, isTxnZxid } from './zxids.ts';

const NAME = 'total-order';

interface Cursor {
  /** The last zxid the server's tree holds; undefined until anchored. */
  readonly last: number | undefined;
  /** The event that set it (-1: a lifecycle event). */
  readonly idx: number;
  /** `last` was never committed. */
  readonly orphan: boolean;
}

const UNANCHORED: Cursor = { last: undefined, idx: -1, orphan: false };

class Walk {
  readonly findings = new Findings(NAME);
  readonly cursors = new Map<number, Cursor>();
  applies = 0;
  segments = 0;

  constructor(readonly log: CommittedLog) {}

  committed(z: number): boolean {
    return this.log.committedAt.has(z);
  }

  base(server: number, zxid: number, idx: number): void {
    this.segments += 1;
    this.cursors.set(server, { last: zxid, idx, orphan: isTxnZxid(zxid) && !this.committed(zxid) });
  }

  lifecycle(l: LifecycleEvent): void {
    if (l.event === 'crash' || l.event === 'start' || l.event === 'restart') this.cursors.set(l.server, UNANCHORED);
  }

  event(e: ServerEvent, idx: number): void {
    if (e.event === 'zab-apply') {
      const z = txnZxidOf(e);
      if (z !== undefined) this.apply(e, z, idx);
      return;
    }
    const v = zabView(e);
    if (v === undefined) return;
    if (v.kind === 'looking') {
      if (v.lastLoggedZxid === undefined) this.cursors.set(e.server, UNANCHORED);
      else this.base(e.server, v.lastLoggedZxid, idx);
    }
    if (v.kind === 'snapshot-loaded' || v.kind === 'log-truncated') this.base(e.server, v.zxid, idx);
  }

  private apply(e: ServerEvent, z: number, idx: number): void {
    this.applies += 1;
    const c = this.cursors.get(e.server) ?? UNANCHORED;
    const next: Cursor = { last: z, idx, orphan: !this.committed(z) };
    if (c.last === undefined) {
      this.segments += 1;
      this.cursors.set(e.server, next);
      return;
    }
    if (z <= c.last) {
      this.report(e, idx, c, `TotalOrder: server ${e.server} applied ${hex(z)} after ${hex(c.last)}; applied zxids must strictly increase`);
      return;
    }
    this.cursors.set(e.server, next);
    if (next.orphan) return; // applied during a sync from a leader that never established: tentative
    if (c.orphan) {
      this.report(e, idx, c, `ProcessConsistency/PrefixConsistency: server ${e.server} applied committed ${hex(z)} on top of ${hex(c.last)}, `
        + 'which was never committed and was not truncated away');
      return;
    }
    this.checkNoHole(e, idx, c.last, c.idx, z);
  }

  private checkNoHole(e: ServerEvent, idx: number, last: number, lastIdx: number, z: number): void {
    const seq = this.log.sequence;
    const from = upperBound(seq, last);
    const expected = seq[from];
    if (expected === undefined || expected === z) return;
    const skipped = upperBound(seq, z) - 1 - from;
    const invariant = epochOfZxid(expected) === epochOfZxid(z) ? 'LocalPrimaryOrder' : 'GlobalPrimaryOrder';
    const more = skipped > 1 ? ` and ${skipped - 1} more` : '';
    const committedIdx = this.log.committedAt.get(expected);
    this.report(e, idx, { last, idx: lastIdx, orphan: false },
      `${invariant}/PrefixConsistency: server ${e.server} applied ${hex(z)} after ${hex(last)}, skipping committed ${hex(expected)}${more}`,
      committedIdx);
  }

  private report(e: ServerEvent, idx: number, c: Cursor, message: string, extra?: number): void {
    const events = [c.idx, extra ?? -1, idx].filter((i) => i >= 0);
    this.findings.add(message, e.atMicros, events);
  }
}

/** Lifecycle in time order; starts and restarts go before a server event of the same time, crashes after. */
function lifecycleBefore(l: LifecycleEvent, e: ServerEvent): boolean {
  return l.atMicros < e.atMicros || (l.atMicros === e.atMicros && l.event !== 'crash');
}

function check(history: RunHistory): CheckResult {
  const walk = new Walk(committedLog(history));
  const lifecycle = [...history.lifecycle].sort((a, b) => a.atMicros - b.atMicros);
  let next = 0;
  history.serverEvents.forEach((e, idx) => {
    for (let l = lifecycle[next]; l !== undefined && lifecycleBefore(l, e); l = lifecycle[++next]) walk.lifecycle(l);
    walk.event(e, idx);
  });
  if (walk.applies === 0) return unknownResult(NAME, 'no server applied a txn (no zab-apply events)');
  return walk.findings.result(
    `${walk.applies} applies in ${walk.segments} segment(s) on ${walk.cursors.size} server(s), ${walk.log.sequence.length} committed zxid(s)`,
    'each segment followed the committed sequence in order, without holes or kept orphans',
  );
}

export const totalOrderChecker: Checker = {
  name: NAME,
  description: 'Zab TotalOrder, Local/GlobalPrimaryOrder, PrefixConsistency, ProcessConsistency: each server applies the committed sequence in order, without holes or kept orphans',
  check,
};
