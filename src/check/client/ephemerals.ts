/**
 * Ephemerals die with their session (zk-client-semantics.md 1.4, 6.5): no answer at reply zxid z shows a
 * node owned by a session whose closeSession txn (zab-apply op closeSession) has zxid <= z; and at the end
 * no up-to-date server (up, serving, at the highest lastProcessedZxid) holds an ephemeral whose owner is
 * not among its live sessions or whose owner's closeSession it has applied. Needs server events.
 */
import type { FinalServer, OpRecord, RunHistory, StatLite } from '../../history/index.ts';
import type { Checker, CheckResult } from '../types.ts';
import { atMs, endMicros, hex, opLabel, replyZxid } from './ops.ts';
import { closeZxids } from './replay.ts';
import { Violations, count, result } from './verdict.ts';

const NAME = 'ephemerals-die-with-session';

export const ephemeralsDieWithSession: Checker = {
  name: NAME,
  description: 'no read shows an ephemeral after its session\'s closeSession, and no up-to-date server keeps one at the end',
  check,
};

function check(history: RunHistory): CheckResult {
  const v = new Violations(NAME);
  const closes = closeZxids(history);
  const hasApply = history.serverEvents.some((e) => e.event === 'zab-apply');
  let seen = 0;
  for (const op of history.ops) {
    const z = replyZxid(op);
    if (z === undefined) continue;
    for (const stat of stats(op)) {
      if (stat.ephemeralOwner === 0) continue;
      seen++;
      const closed = closes.get(stat.ephemeralOwner);
      if (closed !== undefined && closed <= z) {
        v.add(`${opLabel(op)} shows ${op.path} owned by ${hex(stat.ephemeralOwner)}, whose session closed at ${hex(closed)} <= ${hex(z)}`, atMs(op), [op.id]);
      }
    }
  }
  const held = finalEphemerals(history.final, closes, endMicros(history) / 1000, v);
  const why = hasApply ? undefined : 'no zab-apply events: closeSession zxids unknown';
  return result(v, `${count(seen)} ephemeral Stats seen, ${count(closes.size)} sessions closed; ${held}`, why);
}

function stats(op: OpRecord): StatLite[] {
  const out: StatLite[] = [];
  if (op.stat !== undefined) out.push(op.stat);
  for (const r of op.subResults ?? []) if (r.ok && r.stat !== undefined) out.push(r.stat);
  return out;
}

function finalEphemerals(final: readonly FinalServer[], closes: ReadonlyMap<number, number>, endMs: number, v: Violations): string {
  const serving = final.filter((f) => f.up && f.serving);
  if (serving.length === 0) return 'no server serving at the end';
  const top = Math.max(...serving.map((f) => f.lastProcessedZxid));
  const upToDate = serving.filter((f) => f.lastProcessedZxid === top);
  let n = 0;
  for (const f of upToDate) {
    const live = new Set(f.sessions);
    for (const e of f.ephemerals) {
      n++;
      const closed = closes.get(e.owner);
      if (!live.has(e.owner)) v.add(`server ${f.server} ends holding ${e.path} of session ${hex(e.owner)}, which it does not have`, endMs);
      else if (closed !== undefined && closed <= f.lastProcessedZxid) v.add(`server ${f.server} ends holding ${e.path} of session ${hex(e.owner)}, closed at ${hex(closed)}`, endMs);
    }
  }
  return `${count(n)} ephemerals on ${count(upToDate.length)} up-to-date servers at ${hex(top)} owned by live sessions`;
}
