/**
 * How a Zab checker collects violations and turns them into a CheckResult. A broken run can break an
 * invariant millions of times; only the first VIOLATION_CAP are kept, the reason counts them all.
 */
import { microsToMs } from '../../base/index.ts';
import type { CheckResult, Violation } from '../types.ts';

export const VIOLATION_CAP = 100;

export class Findings {
  private readonly kept: Violation[] = [];
  private total = 0;

  constructor(private readonly checker: string) {}

  add(message: string, atMicros: number, events: readonly number[]): void {
    this.total += 1;
    if (this.kept.length >= VIOLATION_CAP) return;
    this.kept.push({ checker: this.checker, message, atMs: microsToMs(atMicros), events: [...events] });
  }

  get count(): number {
    return this.total;
  }

  /**
   * fail when anything was added, else pass. `checked` says what was looked at (e.g. "42 applies"),
   * `holds` what held of it, for a pass.
   */
  result(checked: string, holds = ''): CheckResult {
    if (this.total === 0) {
      return { checker: this.checker, verdict: 'pass', reason: holds === '' ? checked : `${checked}: ${holds}`, violations: [] };
    }
    const shown = this.total > this.kept.length ? ` (first ${this.kept.length} shown)` : '';
    return { checker: this.checker, verdict: 'fail', reason: `${this.total} violation(s)${shown} in ${checked}`, violations: this.kept };
  }
}

export function unknownResult(checker: string, reason: string): CheckResult {
  return { checker, verdict: 'unknown', reason, violations: [] };
}

/** Virtual time in ms for messages. */
export function ms(atMicros: number): string {
  return `${microsToMs(atMicros)} ms`;
}
