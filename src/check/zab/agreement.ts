/**
 * Agreement (Zab.tla Agreement, per zxid): every zab-apply of one zxid, on any server, carries the same
 * txn (session, cxid, op; an unknown cxid, -1, matches any). Different content under one zxid means two
 * servers delivered different histories. One violation per zxid.
 */
import type { RunHistory, ServerEvent } from '../../history/index.ts';
import type { CheckResult, Checker } from '../types.ts';
import { describeIn, sameTxnIn, txnZxidOf } from './events.ts';
import { Findings, unknownResult } from './findings.ts';
import { ZxidIndex } from './zxid-index.ts';
import { hex } from './zxids.ts';

const NAME = 'agreement';

function cxidIn(e: ServerEvent): number {
  const c = e['cxid'];
  return typeof c === 'number' ? c : -1;
}

function check(history: RunHistory): CheckResult {
  const findings = new Findings(NAME);
  const events = history.serverEvents;
  /** zxid -> the first apply of it (the first with a known cxid, once one is seen). */
  const first = new ZxidIndex();
  const reported = new Set<number>();
  let applies = 0;
  events.forEach((e, idx) => {
    const z = e.event === 'zab-apply' ? txnZxidOf(e) : undefined;
    if (z === undefined) return;
    applies += 1;
    const seenIdx = first.get(z);
    const seen = seenIdx === undefined ? undefined : events[seenIdx];
    if (seenIdx === undefined || seen === undefined) {
      first.set(z, idx);
      return;
    }
    if (sameTxnIn(seen, e)) {
      if (cxidIn(seen) < 0 && cxidIn(e) >= 0) first.set(z, idx);
      return;
    }
    if (reported.has(z)) return;
    reported.add(z);
    findings.add(
      `Agreement: zxid ${hex(z)} applied as ${describeIn(seen)} on server ${seen.server} but as ${describeIn(e)} on server ${e.server}`,
      e.atMicros, [seenIdx, idx],
    );
  });
  if (applies === 0) return unknownResult(NAME, 'no server applied a txn (no zab-apply events)');
  return findings.result(`${applies} applies of ${first.size} zxids`, 'each zxid applied as one txn everywhere');
}

export const agreementChecker: Checker = {
  name: NAME,
  description: 'Zab Agreement: every server that applies a zxid applies the same txn (session, cxid, op)',
  check,
};
