/**
 * report: one run drawn as one self-contained HTML page (d3, bundled with the page's script by esbuild).
 *  - types.ts: ReportData, what the page draws; input.ts: what it is built from (recorded data only);
 *  - build.ts with server-lanes.ts, client-lanes.ts, fault-spans.ts, messages.ts, violations.ts, text.ts;
 *  - trace-file.ts: a trace file's run record and messages read back (`zksim report`);
 *  - html.ts: the page (script bundled once per process, data as escaped JSON);
 *  - browser/: the page's script (d3 only; its own tsconfig with the DOM).
 * Imports: base, history (and esbuild, node:url in html.ts). Never the simulator, zk, check or scenario.
 */
export type {
  ClientLane, FaultSpan, HoldSpan, MessageArrow, OpBar, ReportData, ReportViolation, RoleBand, ServerLane, SessionBand,
} from './types.ts';
export type { MessageRecord, ReportCheckInput, ReportInput, ReportViolationInput } from './input.ts';
export { buildReport } from './build.ts';
export { renderReportHtml, scriptSafeJson } from './html.ts';
export { TraceFileError, parseTraceFile, runRecordLine } from './trace-file.ts';
