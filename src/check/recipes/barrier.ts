/**
 * barrier: nobody passes a barrier round before all its parties have entered it. From the notes only:
 * 'barrier-entered' {barrier, round, parties} as a client arrives, 'barrier-passed' {barrier, round} as
 * it leaves; in record order, a pass while fewer than `parties` distinct clients have entered that round
 * fails, naming the client, the time and who had entered. Unknown without barrier notes.
 */
import type { CheckResult, Checker, Violation } from '../types.ts';
import type { RunHistory } from '../../history/index.ts';
import { at, groupBy, ms, notesNamed, numberField, stringField } from './notes.ts';
import type { Note } from './notes.ts';

const NAME = 'barrier';

export const barrier: Checker = {
  name: NAME,
  description: 'nobody passes a barrier round before all its parties have entered it',
  check(history: RunHistory): CheckResult {
    const notes = notesNamed(history, ['barrier-entered', 'barrier-passed']);
    const rounds = groupBy(notes.filter((n) => roundKey(n) !== undefined), (n) => roundKey(n) ?? '');
    if (rounds.size === 0) return { checker: NAME, verdict: 'unknown', reason: 'no barrier notes: no barrier ran', violations: [] };
    const violations: Violation[] = [];
    let passes = 0;
    for (const list of rounds.values()) {
      passes += list.filter((n) => n.name === 'barrier-passed').length;
      violations.push(...earlyPasses(list));
    }
    return {
      checker: NAME, verdict: violations.length === 0 ? 'pass' : 'fail',
      reason: `${rounds.size} barrier round(s), ${passes} passes checked against entries`, violations,
    };
  },
};

function roundKey(n: Note): string | undefined {
  const name = stringField(n, 'barrier');
  const round = numberField(n, 'round');
  return name === undefined || round === undefined ? undefined : `barrier "${name}" round ${round}`;
}

/** Passes (in record order) made while fewer than the round's parties had entered. */
function earlyPasses(list: readonly Note[]): Violation[] {
  const parties = Math.max(0, ...list.map((n) => numberField(n, 'parties') ?? 0));
  const entered = new Set<string>();
  const out: Violation[] = [];
  for (const n of list) {
    if (n.name === 'barrier-entered') {
      entered.add(n.client);
      continue;
    }
    const needed = parties > 0 ? parties : new Set(list.filter((x) => x.name === 'barrier-entered').map((x) => x.client)).size;
    if (entered.size >= needed) continue;
    const late = list.filter((x) => x.name === 'barrier-entered' && !entered.has(x.client)).map((x) => `${x.client} at ${at(x.atMicros)}`);
    out.push({
      checker: NAME, atMs: ms(n.atMicros),
      message: `${roundKey(n) ?? ''}: ${n.client} passed at ${at(n.atMicros)} with ${entered.size} of ${needed} parties entered ` +
        `(${[...entered].join(', ')}); still to enter: ${late.join(', ') || 'nobody ever did'}`,
    });
  }
  return out;
}
