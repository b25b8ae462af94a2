/**
 * The `zksim` command (ARCHITECTURE.md, "Contracts"). Exit codes: 0 every check held, 1 a guarantee was
 * violated (or the simulator's own assertion fired: a found bug), 2 bad input or usage. Bad input never
 * shows a stack trace; every failure prints the command that replays it.
 */
import { Command, CommanderError } from 'commander';
import { scenarios } from '../../scenarios/index.ts';
import { benchCommand, benchRoundCommand } from './bench.ts';
import { EXIT_USAGE, EXIT_VIOLATION, UsageError } from './errors.ts';
import { printOutcome, resolveScenario, runCommand } from './run.ts';
import type { RunFlags } from './run.ts';
import { replayOutcome, shrinkCommand } from './shrink.ts';
import type { ShrinkFlags } from './shrink.ts';
import { messageCollector, reportCommand, reportInputOf, writeReport } from './report.ts';
import { sweepCommand } from './sweep.ts';
import type { SweepFlags } from './sweep.ts';
import { allCheckers } from '../check/index.ts';

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('zksim')
    .description('a deterministic simulator of a whole Apache ZooKeeper ensemble')
    .exitOverride()
    .showHelpAfterError('(run `zksim --help` for usage)');
  program.command('run <scenario>')
    .description('run a scenario from a seed and check it')
    .option('--seed <N>', 'the seed (a non-negative integer); defaults to the scenario\'s own')
    .option('--trace <FILE>', 'write every event as JSON lines to FILE (whole or not at all)')
    .option('--json', 'print one JSON summary object on stdout')
    .option('--check-determinism', 'run twice and compare trace hashes')
    .option('--report <FILE>', 'draw the run as one self-contained HTML page (whole or not at all)')
    .action(async (name: string, flags: RunFlags) => setExit(await runCommand(name, flags)));
  program.command('report <trace> <html>')
    .description('draw a run from its trace file (written by `zksim run --trace`) as one HTML page')
    .action(async (trace: string, html: string) => setExit(await reportCommand(trace, html)));
  program.command('sweep <scenario>')
    .description('run a range of seeds on worker threads; list failing seeds with their replay commands')
    .option('--seeds <A..B>', 'the seed range, e.g. 1..500')
    .option('--workers <K>', 'worker threads (default: one per core)')
    .option('--shard <I/N>', 'run only the I-th of N interleaved shards of the range')
    .option('--json', 'print one JSON summary object on stdout')
    .action(async (name: string, flags: SweepFlags) => setExit(await sweepCommand(name, flags)));
  program.command('replay <counterexample>')
    .description('run a counterexample file (written by `zksim shrink`) again')
    .option('--json', 'print one JSON summary object on stdout')
    .option('--report <FILE>', 'draw the run as one self-contained HTML page (whole or not at all)')
    .action(async (file: string, flags: RunFlags) => {
      const started = performance.now();
      const messages = flags.report === undefined ? undefined : messageCollector();
      const { scenarioName, seed, outcome } = await replayOutcome(file, messages?.sink);
      const replay = `zksim replay ${file}`;
      if (flags.report !== undefined && messages !== undefined) {
        await writeReport(flags.report, { ...reportInputOf(scenarioName, outcome, replay), messages: messages.records });
      }
      setExit(printOutcome(resolveScenario(scenarioName), seed, outcome, performance.now() - started, outcome.violations, flags, replay));
    });
  program.command('shrink <scenario>')
    .description('shrink a failing seed\'s fault schedule and workloads to a minimal counterexample file')
    .option('--seed <N>', 'the failing seed')
    .option('--out <FILE>', 'where to write the counterexample (default counterexample-<scenario>-<seed>.json)')
    .option('--max-runs <K>', 'at most K simulations while shrinking (default 200)')
    .option('--json', 'print the counterexample as JSON on stdout')
    .action(async (name: string, flags: ShrinkFlags) => setExit(await shrinkCommand(name, flags)));
  program.command('list')
    .description('list the scenarios with a line on each')
    .option('--checkers', 'list the checkers instead')
    .action((flags: { checkers?: boolean }) => {
      const rows = flags.checkers === true ? allCheckers.map((c) => [c.name, c.description] as const) : scenarios.map((s) => [s.name, s.description] as const);
      const width = Math.max(...rows.map(([n]) => n.length));
      for (const [n, d] of rows) process.stdout.write(`${n.padEnd(width)}  ${d}\n`);
    });
  program.command('bench')
    .description('measure simulator throughput')
    .option('--json', 'print one JSON object on stdout')
    .option('--out <FILE>', 'also write the JSON object to FILE')
    .option('--quick', 'fewer, shorter rounds (for smoke tests)')
    .action((flags: { json?: boolean; out?: string; quick?: boolean }) => setExit(benchCommand(flags)));
  program.command('bench-round <kind> <seed> <virtualSeconds>', { hidden: true })
    .description('one benchmark round in this process (used by `zksim bench`)')
    .action(async (kind: string, seed: string, seconds: string) => setExit(await benchRoundCommand(kind, seed, seconds)));
  return program;
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    const stack = process.env['ZKSIM_STACK'] === '1' && error.stack !== undefined ? `\n${error.stack}` : '';
    return `${error.name}: ${error.message}${stack}`;
  }
  return String(error);
}

async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ||
        error.code === 'commander.help';
      return benign ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`zksim: ${error.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`zksim: the simulation failed: ${describeFailure(error)}\n` +
      `(an assertion inside the simulation is a found bug; ZKSIM_STACK=1 shows where)\n` +
      `replay: zksim ${argv.slice(2).join(' ')}\n`);
    return EXIT_VIOLATION;
  }
}

process.exitCode = await main(process.argv);
