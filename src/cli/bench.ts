/**
 * `zksim bench`: prints the benchmark figures, or one JSON object with --json (and writes it with --out).
 * Each round runs in a fresh child process (`zksim bench-round`), so rounds do not share JIT state.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ROUND_KINDS, benchRound, summariseRounds } from '../bench/index.ts';
import type { RoundKind, RoundResult } from '../bench/index.ts';
import { writeFileAtomically } from './atomic-file.ts';
import { EXIT_OK, UsageError, parseSeed } from './errors.ts';

const BIN = fileURLToPath(new URL('../../bin/zksim.mjs', import.meta.url));

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function roundInChild(kind: RoundKind, seed: number, virtualSeconds: number): RoundResult {
  const out = execFileSync(process.execPath, [BIN, 'bench-round', kind, String(seed), String(virtualSeconds)], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out) as RoundResult;
}

export async function benchRoundCommand(kind: string, seed: string, virtualSeconds: string): Promise<number> {
  if (!(ROUND_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`bench-round kind must be one of ${ROUND_KINDS.join(', ')}, got "${kind}"`);
  }
  const result = await benchRound(kind as RoundKind, parseSeed(seed), parseSeed(virtualSeconds));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return EXIT_OK;
}

export function benchCommand(flags: { json?: boolean; out?: string; quick?: boolean }): number {
  const plan = flags.quick === true ? { rounds: 1, virtualSeconds: 5 } : { rounds: 5, virtualSeconds: 120 };
  if (flags.json !== true) {
    process.stderr.write(`zksim bench: ${plan.rounds} round(s) of ${plan.virtualSeconds} virtual s per kind, each in a fresh process...\n`);
  }
  const rounds: RoundResult[] = [];
  for (const kind of ROUND_KINDS) {
    for (let i = 0; i < plan.rounds; i++) rounds.push(roundInChild(kind, i + 1, plan.virtualSeconds));
  }
  const kernel = summariseRounds(rounds, plan.virtualSeconds);
  const result = { kernel, node: process.version, commit: gitCommit(), date: new Date().toISOString() };
  const json = JSON.stringify(result, null, 2);
  if (flags.out !== undefined) writeFileAtomically(flags.out, `${json}\n`);
  if (flags.json === true) {
    process.stdout.write(`${json}\n`);
    return EXIT_OK;
  }
  const m = (n: number): string => `${(n / 1e6).toFixed(2)} M events/s`;
  process.stdout.write([
    `bare event loop (the ceiling, toolchain.md):    ${m(kernel.ceilingEventsPerSec)}`,
    `kernel, 5-host ping-pong, minimal actor:        ${m(kernel.eventsPerSec)}  = ${kernel.ratioToCeiling} of the ceiling (goal: >= 0.5)`,
    `demo actor (FIFO checks, timers, disk):         ${m(kernel.demoEventsPerSec)}`,
    `demo actor + 8 async workload loops:            ${m(kernel.asyncEventsPerSec)}  (${kernel.asyncSettlesPerRun} awaited round trips per run)`,
    `one settle + microtask drain (await sim.sleep): ${kernel.microsPerAwait} us`,
    `median of ${kernel.rounds} round(s) of ${kernel.virtualSeconds} virtual s; node ${result.node}, commit ${result.commit}`,
    '',
  ].join('\n'));
  return EXIT_OK;
}
