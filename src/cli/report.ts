/**
 * Reports from the command line: `zksim run --report FILE` and `zksim replay --report FILE` draw the run
 * they just made; `zksim report <trace.jsonl> <FILE.html>` draws a run from its trace file. The page is
 * written whole or not at all.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildReport, parseTraceFile, renderReportHtml, runRecordLine, TraceFileError } from '../report/index.ts';
import type { MessageRecord, ReportInput } from '../report/index.ts';
import type { ScenarioOutcome } from '../scenario/index.ts';
import type { TraceRecord } from '../sim/index.ts';
import { writeFileAtomically } from './atomic-file.ts';
import { EXIT_OK, UsageError } from './errors.ts';

let commit: string | undefined;

/** The checkout's commit (short), or 'unknown' outside one. */
export function currentCommit(): string {
  if (commit !== undefined) return commit;
  try {
    commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: new URL('../..', import.meta.url), stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    commit = 'unknown';
  }
  return commit;
}

/** Collects the trace's message records for a report. */
export function messageCollector(): { readonly records: MessageRecord[]; readonly sink: (r: TraceRecord) => void } {
  const records: MessageRecord[] = [];
  return { records, sink: (r) => { if (r.type === 'send' || r.type === 'deliver') records.push(r); } };
}

/** The report input of a run that recorded a history; a usage error for one that did not. */
export function reportInputOf(name: string, outcome: ScenarioOutcome, replay: string): Omit<ReportInput, 'messages'> {
  const { history, checks, context, plan } = outcome;
  if (history === undefined || checks === undefined || context === undefined || plan === undefined) {
    throw new UsageError(`${name} records no history (an old-style scenario), so there is nothing to draw; reports need a defineScenario scenario`);
  }
  return {
    history, checks, violations: outcome.violations, coverage: outcome.coverage, missedMarks: context.missedMarks,
    hostLanes: context.hostLanes, knobs: context.knobs, faultPlan: plan.faults, commit: currentCommit(), replay,
  };
}

export { runRecordLine };

export async function writeReport(file: string, input: ReportInput): Promise<void> {
  const html = await renderReportHtml(buildReport(input));
  writeFileAtomically(file, html);
}

export async function reportCommand(traceFile: string, out: string): Promise<number> {
  let text: string;
  try {
    text = readFileSync(traceFile, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the trace file ${traceFile}: ${error instanceof Error ? error.message : 'unknown error'}`);
  }
  let input: ReportInput;
  try {
    input = parseTraceFile(text);
  } catch (error) {
    if (error instanceof TraceFileError) throw new UsageError(`${traceFile}: ${error.message}`);
    throw error;
  }
  await writeReport(out, input);
  process.stdout.write(`report written to ${out} (${input.history.meta.scenario} seed ${input.history.meta.seed})\n`);
  return EXIT_OK;
}
