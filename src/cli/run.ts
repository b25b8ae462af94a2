/** `zksim run <scenario>`: run one seed, print the story or the JSON summary, exit 0 or 1. */
import { traceLine } from '../sim/index.ts';
import type { TraceRecord } from '../sim/index.ts';
import { fanOut } from '../scenario/index.ts';
import type { Scenario, ScenarioOutcome } from '../scenario/index.ts';
import { findScenario, scenarios } from '../../scenarios/index.ts';
import { AtomicFileWriter } from './atomic-file.ts';
import { EXIT_OK, EXIT_VIOLATION, UsageError, parseSeed } from './errors.ts';
import { messageCollector, reportInputOf, runRecordLine, writeReport } from './report.ts';

export interface RunFlags {
  readonly seed?: string;
  readonly trace?: string;
  readonly json?: boolean;
  readonly checkDeterminism?: boolean;
  readonly report?: string;
}

export function resolveScenario(name: string): Scenario {
  const scenario = findScenario(name);
  if (scenario === undefined) {
    const known = scenarios.map((s) => s.name).join(', ');
    throw new UsageError(`unknown scenario "${name}" (known: ${known}); \`zksim list\` describes them`);
  }
  return scenario;
}

export function replayCommand(scenario: Scenario, seed: number): string {
  return `zksim run ${scenario.name} --seed ${seed}`;
}

export async function runCommand(name: string, flags: RunFlags): Promise<number> {
  const scenario = resolveScenario(name);
  const seed = flags.seed === undefined ? scenario.defaultSeed : parseSeed(flags.seed);
  const writer = flags.trace === undefined ? undefined : new AtomicFileWriter(flags.trace);
  const messages = flags.report === undefined ? undefined : messageCollector();
  const replay = replayCommand(scenario, seed);
  const started = performance.now();
  let outcome: ScenarioOutcome;
  try {
    const sinks = [
      ...(writer === undefined ? [] : [(record: TraceRecord): void => writer.write(`${traceLine(record)}\n`)]),
      ...(messages === undefined ? [] : [messages.sink]),
    ];
    outcome = await scenario.run({ seed, ...(sinks.length === 0 ? {} : { trace: fanOut(sinks) }) });
    if (writer !== undefined && outcome.history !== undefined) writer.write(`${runRecordLine(reportInputOf(scenario.name, outcome, replay))}\n`);
    writer?.commit();
  } finally {
    writer?.abort();
  }
  const wallMs = performance.now() - started;
  if (flags.report !== undefined && messages !== undefined) {
    await writeReport(flags.report, { ...reportInputOf(scenario.name, outcome, replay), messages: messages.records });
  }
  const nondeterminism = flags.checkDeterminism === true ? await determinismProblem(scenario, seed, outcome) : undefined;
  const violations = nondeterminism === undefined
    ? outcome.violations
    : [...outcome.violations, { checker: 'determinism', message: nondeterminism, atMs: outcome.virtualMs }];
  return printOutcome(scenario, seed, outcome, wallMs, violations, flags, replay);
}


/** Prints a run's outcome (story or JSON) and returns the exit code. */
export function printOutcome(
  scenario: Scenario, seed: number, outcome: ScenarioOutcome, wallMs: number,
  violations: ScenarioOutcome['violations'], flags: RunFlags, replay: string,
): number {
  const ok = violations.length === 0;
  if (flags.json === true) {
    process.stdout.write(`${JSON.stringify({ ...summaryJson(scenario, seed, outcome, wallMs, ok, violations), replay })}\n`);
  } else {
    printStory(scenario, seed, outcome, wallMs, violations, flags, replay);
  }
  return ok ? EXIT_OK : EXIT_VIOLATION;
}

async function determinismProblem(scenario: Scenario, seed: number, first: ScenarioOutcome): Promise<string | undefined> {
  const second = await scenario.run({ seed });
  if (second.traceHash === first.traceHash && second.events === first.events) return undefined;
  return `the same seed ran twice with different traces: hash ${first.traceHash} (${first.events} events) ` +
    `then ${second.traceHash} (${second.events} events)`;
}

function summaryJson(
  scenario: Scenario, seed: number, o: ScenarioOutcome, wallMs: number, ok: boolean,
  violations: ScenarioOutcome['violations'],
): Record<string, unknown> {
  return {
    scenario: scenario.name, seed, ok, virtualMs: o.virtualMs, wallMs: Math.round(wallMs), events: o.events,
    messages: o.messages, ops: o.ops, leaders: o.leaders, violations, coverage: o.coverage, traceHash: o.traceHash,
    replay: replayCommand(scenario, seed),
  };
}

function printStory(
  scenario: Scenario, seed: number, o: ScenarioOutcome, wallMs: number,
  violations: ScenarioOutcome['violations'], flags: RunFlags, replay: string,
): void {
  const out: string[] = [`${scenario.name} (seed ${seed}): ${scenario.description}`];
  for (const line of o.story) out.push(`  ${line}`);
  const ratio = wallMs > 0 ? (o.virtualMs / wallMs).toFixed(1) : 'inf';
  out.push(`  ${o.virtualMs.toFixed(1)} virtual ms in ${wallMs.toFixed(0)} wall ms (${ratio}x real time), ` +
    `${o.events} events, ${o.messages} messages, trace hash ${o.traceHash}`);
  if (flags.trace !== undefined) out.push(`  trace written to ${flags.trace}`);
  if (flags.report !== undefined) out.push(`  report written to ${flags.report}`);
  if (flags.checkDeterminism === true && !violations.some((v) => v.checker === 'determinism')) {
    out.push('  determinism: ran twice, same trace hash');
  }
  const expected = scenario.expect ?? 'pass';
  if (violations.length === 0) {
    out.push('verdict: ok, every check held');
    if (expected !== 'pass') out.push(`  (this scenario expects ${expected.fail} to fail: it demonstrates an unsafe pattern, and this seed did not show it)`);
  } else {
    out.push(`verdict: FAILED, ${violations.length} violation(s)`);
    for (const v of violations.slice(0, 20)) out.push(`  [${v.checker}] at ${v.atMs} ms: ${v.message}`);
    if (violations.length > 20) out.push(`  ... and ${violations.length - 20} more (--json lists all)`);
    if (expected !== 'pass') out.push(`  (expected: this scenario demonstrates an unsafe pattern that ${expected.fail} catches)`);
  }
  out.push(`replay: ${replay}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
