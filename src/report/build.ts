/** ReportData from recorded data (input.ts): the header, the lanes, the arrows and the violations. */
import { clientLanes } from './client-lanes.ts';
import { faultSpans } from './fault-spans.ts';
import type { ReportInput } from './input.ts';
import { messageArrows } from './messages.ts';
import { serverLanes } from './server-lanes.ts';
import type { ReportData, ReportHeader } from './types.ts';
import { reportViolations } from './violations.ts';

function header(input: ReportInput): ReportHeader {
  const h = input.history;
  const kinds = [...new Set(input.faultPlan.map((f) => f.kind))].sort();
  return {
    scenario: h.meta.scenario, seed: h.meta.seed, commit: input.commit,
    verdict: input.violations.length === 0 ? 'pass' : 'fail',
    virtualMs: h.meta.endMicros / 1000, replay: input.replay, knobs: input.knobs, faultKinds: kinds,
    marksHit: Object.entries(input.coverage).filter(([, n]) => n > 0).map(([mark, count]) => ({ mark, count })),
    marksMissed: [...input.missedMarks],
    checks: input.checks.map((c) => ({ checker: c.checker, verdict: c.verdict, reason: c.reason })),
  };
}

export function buildReport(input: ReportInput): ReportData {
  const h = input.history;
  const { arrows, dropped } = messageArrows(input.messages, input.hostLanes);
  return {
    header: header(input), endMicros: h.meta.endMicros, healMicros: h.meta.healMicros,
    servers: serverLanes(h), faults: faultSpans(h, input.faultPlan), clients: clientLanes(h),
    messages: arrows, messagesDropped: dropped, violations: reportViolations(h, input.violations),
  };
}
