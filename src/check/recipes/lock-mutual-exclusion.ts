/**
 * lock-mutual-exclusion: the writes a lock's guarded resource accepted came from one holder at a time.
 * From the notes only: a hold runs from 'lock-acquired' to its 'lock-released' or 'lock-lost' (or the
 * end of the run); 'resource-write' notes say which writes the resource accepted. It fails when
 * - stale holder: a write was accepted from a holder after another client had acquired the lock since
 *   that holder acquired it (the paused holder that resumes believing it still holds), or
 * - overlap: two different clients had writes accepted while their holds overlapped.
 * Order is the history's record order (`seq`), so events in the same microsecond are ordered too. A
 * fenced resource refuses the stale write, so the same run passes. Unknown without 'lock-acquired' notes.
 */
import type { CheckResult, Checker, Violation } from '../types.ts';
import type { RunHistory } from '../../history/index.ts';
import { at, booleanField, groupBy, ms, notesNamed, numberField, stringField, token } from './notes.ts';
import type { Note } from './notes.ts';

const NAME = 'lock-mutual-exclusion';

interface Hold {
  readonly lock: string;
  readonly client: string;
  readonly token: number;
  readonly fromMicros: number;
  readonly fromSeq: number;
  toMicros: number;
  toSeq: number;
}

interface Write {
  readonly lock: string;
  readonly client: string;
  readonly token: number;
  readonly atMicros: number;
  readonly seq: number;
  readonly accepted: boolean;
}

export const lockMutualExclusion: Checker = {
  name: NAME,
  description: 'a lock\'s guarded resource accepted writes from one holder at a time (no stale holder, no overlapping holders)',
  check(history: RunHistory): CheckResult {
    const holds = readHolds(notesNamed(history, ['lock-acquired', 'lock-released', 'lock-lost']));
    if (holds.length === 0) return { checker: NAME, verdict: 'unknown', reason: 'no lock-acquired notes: no lock recipe ran', violations: [] };
    const writes = readWrites(notesNamed(history, ['resource-write']));
    const accepted = writes.filter((w) => w.accepted);
    const violations: Violation[] = [];
    for (const [lock, lockHolds] of groupBy(holds, (h) => h.lock)) {
      const sorted = [...lockHolds].sort((a, b) => a.fromSeq - b.fromSeq);
      const lockWrites = accepted.filter((w) => w.lock === lock);
      const reported = new Set<string>();
      violations.push(...staleWrites(lock, sorted, lockWrites, reported), ...overlaps(lock, sorted, lockWrites, reported));
    }
    const locks = new Set(holds.map((h) => h.lock)).size;
    const reason = `${holds.length} holds of ${locks} lock(s), ${accepted.length} accepted and ${writes.length - accepted.length} refused resource writes`;
    return { checker: NAME, verdict: violations.length === 0 ? 'pass' : 'fail', reason, violations };
  },
};

function holdKey(lock: string, t: number): string {
  return `${lock}\u0000${t}`;
}

function readHolds(notes: readonly Note[]): Hold[] {
  const byKey = new Map<string, Hold>();
  for (const n of notes) {
    const lock = stringField(n, 'lock');
    const t = numberField(n, 'token');
    if (lock === undefined || t === undefined) continue;
    const key = holdKey(lock, t);
    const hold = byKey.get(key);
    if (n.name === 'lock-acquired' && hold === undefined) {
      byKey.set(key, { lock, client: n.client, token: t, fromMicros: n.atMicros, fromSeq: n.seq, toMicros: Infinity, toSeq: Infinity });
    } else if (n.name !== 'lock-acquired' && hold !== undefined && hold.toSeq === Infinity) {
      hold.toMicros = n.atMicros;
      hold.toSeq = n.seq;
    }
  }
  return [...byKey.values()];
}

function readWrites(notes: readonly Note[]): Write[] {
  const out: Write[] = [];
  for (const n of notes) {
    const lock = stringField(n, 'lock');
    const t = numberField(n, 'token');
    const accepted = booleanField(n, 'accepted');
    if (lock === undefined || t === undefined || accepted === undefined) continue;
    out.push({ lock, client: n.client, token: t, atMicros: n.atMicros, seq: n.seq, accepted });
  }
  return out;
}

function who(h: Hold): string {
  return `${h.client} (token ${token(h.token)})`;
}

/** Accepted writes from a holder after a different client acquired the lock since that holder did. */
function staleWrites(lock: string, sorted: readonly Hold[], writes: readonly Write[], reported: Set<string>): Violation[] {
  const index = new Map(sorted.map((h, i) => [h.token, i]));
  const out: Violation[] = [];
  for (const w of writes) {
    const i = index.get(w.token) ?? -1;
    const mine = sorted[i];
    if (mine === undefined) {
      out.push({ checker: NAME, atMs: ms(w.atMicros), message: `lock "${lock}": ${w.client} had a write with token ${token(w.token)} accepted at ${at(w.atMicros)} but never acquired the lock with that token` });
      continue;
    }
    const next = firstOther(sorted, i);
    if (next === undefined || next.fromSeq > w.seq) continue;
    reported.add(`${mine.token}/${next.token}`);
    out.push({
      checker: NAME, atMs: ms(w.atMicros), clients: [mine.client, next.client],
      window: { fromMs: ms(Math.min(mine.fromMicros, next.fromMicros)), toMs: ms(w.atMicros) },
      message: `lock "${lock}": stale holder: ${who(mine)}, holding since ${at(mine.fromMicros)}, had a write accepted at ` +
        `${at(w.atMicros)}, after ${who(next)} acquired the lock at ${at(next.fromMicros)}`,
    });
  }
  return out;
}

/** The first hold after sorted[i] by another client. */
function firstOther(sorted: readonly Hold[], i: number): Hold | undefined {
  const mine = sorted[i];
  for (let j = i + 1; j < sorted.length; j++) {
    const h = sorted[j];
    if (h !== undefined && h.client !== mine?.client) return h;
  }
  return undefined;
}

/** Pairs of different clients with accepted writes whose holds overlap (not already reported as stale). */
function overlaps(lock: string, sorted: readonly Hold[], writes: readonly Write[], reported: Set<string>): Violation[] {
  const writers = new Set(writes.map((w) => w.token));
  const active = sorted.filter((h) => writers.has(h.token));
  const out: Violation[] = [];
  for (let i = 0; i < active.length; i++) {
    const a = active[i] as Hold;
    for (let j = i + 1; j < active.length; j++) {
      const b = active[j] as Hold;
      if (b.fromSeq >= a.toSeq) break;
      if (b.client === a.client || reported.has(`${a.token}/${b.token}`)) continue;
      reported.add(`${a.token}/${b.token}`);
      const last = Math.max(...writes.filter((w) => w.token === a.token || w.token === b.token).map((w) => w.atMicros));
      out.push({
        checker: NAME, atMs: ms(last), clients: [a.client, b.client],
        window: { fromMs: ms(Math.min(a.fromMicros, b.fromMicros)), toMs: ms(last) },
        message: `lock "${lock}": overlapping holders with accepted writes: ${who(a)} held it ${span(a)} and ${who(b)} held it ${span(b)}`,
      });
    }
  }
  return out;
}

function span(h: Hold): string {
  return `${at(h.fromMicros)}..${h.toMicros === Infinity ? 'the end' : at(h.toMicros)}`;
}
