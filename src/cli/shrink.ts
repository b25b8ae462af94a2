/**
 * `zksim shrink <scenario> --seed N [--out FILE] [--max-runs K]`: runs the seed, and if a checker fails,
 * shrinks the run's fault schedule and workloads with fast-check to a minimal plan on which the same
 * checker still fails, writes it as a counterexample (whole or not at all) and prints the replay command.
 * `zksim replay <counterexample.json>` runs a counterexample again.
 */
import { readFileSync } from 'node:fs';
import { CounterexampleError, failedCheckers, parseCounterexample, shrinkFailure } from '../scenario/index.ts';
import type { ScenarioOutcome } from '../scenario/index.ts';
import type { TraceSink } from '../sim/index.ts';
import { writeFileAtomically } from './atomic-file.ts';
import { EXIT_OK, EXIT_VIOLATION, UsageError, parseSeed } from './errors.ts';
import { resolveScenario } from './run.ts';

export interface ShrinkFlags {
  readonly seed?: string;
  readonly out?: string;
  readonly maxRuns?: string;
  readonly json?: boolean;
}

function parseMaxRuns(raw: string | undefined): number {
  if (raw === undefined) return 200;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`--max-runs takes a positive integer, got "${raw}"`);
  return Number(raw);
}

export async function shrinkCommand(name: string, flags: ShrinkFlags): Promise<number> {
  const scenario = resolveScenario(name);
  if (flags.seed === undefined) throw new UsageError('shrink needs --seed N (the failing seed, e.g. from `zksim sweep`)');
  const seed = parseSeed(flags.seed);
  const maxRuns = parseMaxRuns(flags.maxRuns);
  const first = await scenario.run({ seed });
  if (first.plan === undefined) throw new UsageError(`${scenario.name} is not a defineScenario scenario; it has no fault schedule to shrink`);
  const [checker] = failedCheckers(first);
  if (checker === undefined) {
    process.stdout.write(`${scenario.name} seed ${seed} passes every check; nothing to shrink\n`);
    return EXIT_OK;
  }
  const cx = await shrinkFailure(scenario, seed, first, checker, maxRuns);
  const out = flags.out ?? `counterexample-${scenario.name.replace('/', '-')}-${seed}.json`;
  writeFileAtomically(out, `${JSON.stringify(cx, null, 2)}\n`);
  const lines = [
    `${scenario.name} seed ${seed}: [${checker}] ${cx.message}`,
    `shrunk in ${cx.shrinkRuns} runs: ${cx.originalFaults} faults -> ${cx.plan.faults.length}; workloads ${JSON.stringify(cx.plan.workloads)}`,
    ...cx.plan.faults.map((f) => `  ${JSON.stringify(f)}`),
    `counterexample written to ${out}`,
    `replay: zksim replay ${out}`,
  ];
  process.stdout.write(flags.json === true ? `${JSON.stringify({ ...cx, file: out, replay: `zksim replay ${out}` })}\n` : `${lines.join('\n')}\n`);
  return EXIT_VIOLATION;
}

export function readCounterexample(file: string): ReturnType<typeof parseCounterexample> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${file}: no such file or not readable`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not JSON: a counterexample is the JSON file \`zksim shrink\` writes`);
  }
  try {
    return parseCounterexample(json, (name) => resolveScenario(name).servers ?? 64);
  } catch (error) {
    if (error instanceof CounterexampleError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}

/** Runs a counterexample's plan; the outcome is printed by the caller like `zksim run`'s. */
export async function replayOutcome(file: string, trace?: TraceSink): Promise<{ scenarioName: string; seed: number; outcome: ScenarioOutcome }> {
  const cx = readCounterexample(file);
  const scenario = resolveScenario(cx.scenario);
  const outcome = await scenario.run({ seed: cx.seed, plan: cx.plan, ...(trace === undefined ? {} : { trace }) });
  return { scenarioName: scenario.name, seed: cx.seed, outcome };
}
