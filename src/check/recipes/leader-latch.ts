/**
 * leader-latch: at most one client believes it leads a latch at any time. From the notes only: a
 * leadership runs from 'leader-elected' to the same client's 'leader-revoked' for that latch and token
 * (or the end of the run); two different clients' leaderships of one latch that overlap fail, naming
 * both clients, their tokens and times. A leader that notices losing its connection revokes before its
 * session can expire, so this holds on a healthy or partitioned ensemble; a process paused past its
 * session timeout cannot notice, and the checker shows the two leaders that results in. Unknown without
 * 'leader-elected' notes.
 */
import type { CheckResult, Checker, Violation } from '../types.ts';
import type { RunHistory } from '../../history/index.ts';
import { at, groupBy, ms, notesNamed, numberField, stringField, token } from './notes.ts';

const NAME = 'leader-latch';

interface Leadership {
  readonly latch: string;
  readonly client: string;
  readonly token: number;
  readonly fromMicros: number;
  readonly fromSeq: number;
  toMicros: number;
  toSeq: number;
}

export const leaderLatch: Checker = {
  name: NAME,
  description: 'at most one client believes it leads a latch at any time (elected..revoked intervals of different clients never overlap)',
  check(history: RunHistory): CheckResult {
    const terms = readLeaderships(history);
    if (terms.length === 0) return { checker: NAME, verdict: 'unknown', reason: 'no leader-elected notes: no leader latch ran', violations: [] };
    const violations: Violation[] = [];
    for (const [latch, list] of groupBy(terms, (t) => t.latch)) violations.push(...overlapping(latch, list));
    const latches = new Set(terms.map((t) => t.latch)).size;
    return {
      checker: NAME, verdict: violations.length === 0 ? 'pass' : 'fail',
      reason: `${terms.length} leaderships of ${latches} latch(es) checked for overlap`, violations,
    };
  },
};

function readLeaderships(history: RunHistory): Leadership[] {
  const open = new Map<string, Leadership>();
  const out: Leadership[] = [];
  for (const n of notesNamed(history, ['leader-elected', 'leader-revoked'])) {
    const latch = stringField(n, 'latch');
    const t = numberField(n, 'token');
    if (latch === undefined || t === undefined) continue;
    const key = `${latch}\u0000${n.client}\u0000${t}`;
    const current = open.get(key);
    if (n.name === 'leader-elected' && current === undefined) {
      const term = { latch, client: n.client, token: t, fromMicros: n.atMicros, fromSeq: n.seq, toMicros: Infinity, toSeq: Infinity };
      open.set(key, term);
      out.push(term);
    } else if (n.name === 'leader-revoked' && current !== undefined) {
      current.toMicros = n.atMicros;
      current.toSeq = n.seq;
      open.delete(key);
    }
  }
  return out;
}

function overlapping(latch: string, terms: readonly Leadership[]): Violation[] {
  const sorted = [...terms].sort((a, b) => a.fromSeq - b.fromSeq);
  const out: Violation[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as Leadership;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j] as Leadership;
      if (b.fromSeq >= a.toSeq) break;
      if (b.client === a.client) continue;
      out.push({
        checker: NAME, atMs: ms(b.fromMicros),
        message: `latch "${latch}": two leaders: ${a.client} (token ${token(a.token)}) led ${span(a)} and ` +
          `${b.client} (token ${token(b.token)}) was elected at ${at(b.fromMicros)}`,
      });
    }
  }
  return out;
}

function span(t: Leadership): string {
  return `${at(t.fromMicros)}..${t.toMicros === Infinity ? 'the end' : at(t.toMicros)}`;
}
