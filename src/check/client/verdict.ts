/**
 * Building a checker's result: violations are counted in full but kept only up to a limit (a broken run
 * of a million ops should not produce a million messages), and the verdict follows from them.
 */
import type { CheckResult, Violation } from '../types.ts';

/** How many violations a checker keeps; the reason says how many there were in all. */
export const KEEP_VIOLATIONS = 25;

export class Violations {
  readonly kept: Violation[] = [];
  count = 0;

  constructor(readonly checker: string) {}

  add(message: string, atMs: number, ops: readonly number[] = [], events: readonly number[] = []): void {
    this.count++;
    if (this.kept.length >= KEEP_VIOLATIONS) return;
    this.kept.push({
      checker: this.checker, message, atMs,
      ...(ops.length > 0 ? { ops: [...ops] } : {}), ...(events.length > 0 ? { events: [...events] } : {}),
    });
  }

  /** Takes violations found elsewhere (e.g. by the shared tree model) under this checker's name. */
  addAll(found: readonly Violation[], total: number): void {
    for (const v of found) {
      if (this.kept.length < KEEP_VIOLATIONS) this.kept.push({ ...v, checker: this.checker });
    }
    this.count += total;
  }
}

/** fail when there are violations, else unknown when `unknownWhy` is given, else pass. */
export function result(v: Violations, passReason: string, unknownWhy?: string): CheckResult {
  if (v.count > 0) {
    const more = v.count > v.kept.length ? ` (first ${v.kept.length} kept)` : '';
    return { checker: v.checker, verdict: 'fail', reason: `${count(v.count)} violation${v.count === 1 ? '' : 's'}${more}; ${passReason}`, violations: v.kept };
  }
  if (unknownWhy !== undefined) return { checker: v.checker, verdict: 'unknown', reason: unknownWhy, violations: [] };
  return { checker: v.checker, verdict: 'pass', reason: passReason, violations: [] };
}

/** 12384 -> "12,384" (fixed grouping, no locale). */
export function count(n: number): string {
  const s = String(Math.trunc(n));
  const neg = s.startsWith('-');
  const digits = neg ? s.slice(1) : s;
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits.charAt(i);
  }
  return neg ? `-${out}` : out;
}
