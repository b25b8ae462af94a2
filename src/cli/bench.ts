/** `zksim bench`: prints the benchmark figures, or one JSON object with --json (and writes it with --out). */
import { execFileSync } from 'node:child_process';
import { benchKernel } from '../bench/index.ts';
import { writeFileAtomically } from './atomic-file.ts';
import { EXIT_OK } from './errors.ts';

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

export async function benchCommand(flags: { json?: boolean; out?: string; quick?: boolean }): Promise<number> {
  const rounds = flags.quick === true ? { rounds: 1, virtualSeconds: 5 } : { rounds: 5, virtualSeconds: 120 };
  if (flags.json !== true) process.stderr.write(`zksim bench: ${rounds.rounds} round(s) of ${rounds.virtualSeconds} virtual s...\n`);
  const kernel = await benchKernel(rounds);
  const result = { kernel, node: process.version, commit: gitCommit(), date: new Date().toISOString() };
  const json = JSON.stringify(result, null, 2);
  if (flags.out !== undefined) writeFileAtomically(flags.out, `${json}\n`);
  if (flags.json === true) {
    process.stdout.write(`${json}\n`);
    return EXIT_OK;
  }
  const m = (n: number): string => `${(n / 1e6).toFixed(2)} M events/s`;
  process.stdout.write([
    `kernel, 5-host ping-pong, minimal actor:       ${m(kernel.eventsPerSec)}  (goal: >= 3.00, half the ~6 M/s bare ceiling)`,
    `demo actor (FIFO checks, timers, disk):        ${m(kernel.demoEventsPerSec)}`,
    `demo actor + 8 async workload loops:           ${m(kernel.asyncEventsPerSec)}  (${kernel.asyncSettlesPerRun} awaited round trips per run)`,
    `one settle + microtask drain (await sim.sleep): ${kernel.microsPerAwait} us`,
    `median of ${kernel.rounds} round(s); node ${result.node}, commit ${result.commit}`,
    '',
  ].join('\n'));
  return EXIT_OK;
}
