/** What a selected violation highlights: its ops, server events and lanes, and its instant. */
import type { ReportViolation } from '../types.ts';

export interface Highlight {
  readonly ops: ReadonlySet<number>;
  readonly events: ReadonlySet<number>;
  readonly lanes: ReadonlySet<string>;
  readonly atMicros: number;
}

export function highlightOf(violation: ReportViolation): Highlight {
  return {
    ops: new Set(violation.ops), events: new Set(violation.events), lanes: new Set(violation.lanes),
    atMicros: violation.atMicros,
  };
}
