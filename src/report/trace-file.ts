/**
 * A trace file (`zksim run --trace FILE`) read back as a report's input: the message records (send and
 * deliver lines) and the run record that `zksim run` writes last (`{"type":"zksim-run", ...}`: the
 * history, verdicts and context). Anything else in the file is skipped. A file that is not such a trace
 * gets a TraceFileError saying what is wrong and where.
 */
import type { MessageRecord, ReportInput } from './input.ts';

export const RUN_RECORD_TYPE = 'zksim-run';
export const RUN_RECORD_VERSION = 1;

export class TraceFileError extends Error {
  override readonly name = 'TraceFileError';
}

/** The last line of a trace: everything a report needs but the messages. */
export function runRecordLine(input: Omit<ReportInput, 'messages'>): string {
  return JSON.stringify({ type: RUN_RECORD_TYPE, version: RUN_RECORD_VERSION, ...input });
}

function isMessage(r: Record<string, unknown>): boolean {
  return (r['type'] === 'send' || r['type'] === 'deliver') && typeof r['atMicros'] === 'number' && typeof r['conn'] === 'number' &&
    typeof r['from'] === 'number' && typeof r['to'] === 'number' && typeof r['n'] === 'number';
}

const REQUIRED: readonly (keyof ReportInput)[] = ['history', 'checks', 'violations', 'coverage', 'missedMarks', 'hostLanes', 'knobs', 'faultPlan', 'commit', 'replay'];

function runRecord(r: Record<string, unknown>, line: number): Omit<ReportInput, 'messages'> {
  if (r['version'] !== RUN_RECORD_VERSION) throw new TraceFileError(`line ${line}: run record version ${JSON.stringify(r['version'])}, this zksim reads version ${RUN_RECORD_VERSION}`);
  for (const k of REQUIRED) if (!(k in r)) throw new TraceFileError(`line ${line}: the run record has no "${k}"`);
  const h = r['history'];
  if (typeof h !== 'object' || h === null || !('meta' in h) || !('ops' in h) || !('serverEvents' in h)) {
    throw new TraceFileError(`line ${line}: the run record's history is not a recorded history`);
  }
  return r as unknown as Omit<ReportInput, 'messages'>;
}

export function parseTraceFile(text: string): ReportInput {
  const messages: MessageRecord[] = [];
  let run: Omit<ReportInput, 'messages'> | undefined;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    let r: unknown;
    try {
      r = JSON.parse(raw);
    } catch {
      throw new TraceFileError(`line ${i + 1} is not JSON: ${raw.slice(0, 60)}`);
    }
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new TraceFileError(`line ${i + 1} is not a JSON object`);
    const rec = r as Record<string, unknown>;
    if (rec['type'] === RUN_RECORD_TYPE) run = runRecord(rec, i + 1);
    else if (isMessage(rec)) messages.push(rec as unknown as MessageRecord);
  });
  if (run === undefined) {
    throw new TraceFileError('no run record: this is not a trace written by `zksim run --trace` of a scenario with checkers (its last line is {"type":"zksim-run",...})');
  }
  return { ...run, messages };
}
