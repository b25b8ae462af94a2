/**
 * `zksim sweep <scenario> --seeds A..B [--workers K] [--shard I/N] [--json]`: runs every seed of a range
 * on worker threads (one per core by default), draws a progress bar on a terminal, and lists each failing
 * seed with the command that replays it. Exit 1 if any seed failed.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { EXIT_OK, EXIT_VIOLATION, UsageError } from './errors.ts';
import { replayCommand, resolveScenario } from './run.ts';
import { runSeed } from './sweep-seed.ts';
import type { SeedResult } from './sweep-seed.ts';

export interface SweepFlags {
  readonly seeds?: string;
  readonly workers?: string;
  readonly shard?: string;
  readonly json?: boolean;
}

const MAX_SEEDS = 10_000_000;

export function parseSeedRange(raw: string | undefined): number[] {
  const m = /^(\d+)\.\.(\d+)$/.exec((raw ?? '').trim());
  if (m === null) throw new UsageError(`--seeds takes a range A..B of non-negative integers (e.g. 1..500), got "${raw ?? ''}"`);
  const [a, b] = [Number(m[1]), Number(m[2])];
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b < a) throw new UsageError(`--seeds ${raw ?? ''}: the range must go up (A <= B)`);
  if (b - a + 1 > MAX_SEEDS) throw new UsageError(`--seeds ${raw ?? ''}: at most ${MAX_SEEDS} seeds per sweep`);
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

export function parseShard(raw: string | undefined): { index: number; count: number } {
  if (raw === undefined) return { index: 1, count: 1 };
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const [index, count] = m === null ? [0, 0] : [Number(m[1]), Number(m[2])];
  if (m === null || count < 1 || index < 1 || index > count) throw new UsageError(`--shard takes I/N with 1 <= I <= N (e.g. 2/4), got "${raw}"`);
  return { index, count };
}

function parseWorkers(raw: string | undefined): number {
  if (raw === undefined) return Math.max(1, Math.min(availableParallelism(), 8));
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 64) throw new UsageError(`--workers takes 1..64, got "${raw}"`);
  return Number(raw);
}

/** Runs `seeds` over `workers` threads (1: in this thread), calling `onResult` as each finishes. */
export async function sweepSeeds(scenario: string, seeds: readonly number[], workers: number, onResult: (r: SeedResult) => void): Promise<SeedResult[]> {
  const results: SeedResult[] = [];
  if (workers === 1) {
    for (const seed of seeds) {
      const r = await runSeed({ scenario, seed });
      results.push(r);
      onResult(r);
    }
    return results;
  }
  const queue = [...seeds];
  const url = new URL('../../bin/sweep-worker.mjs', import.meta.url);
  await Promise.all(Array.from({ length: Math.min(workers, seeds.length) }, () => new Promise<void>((resolve, reject) => {
    const w = new Worker(url);
    const next = (): void => {
      const seed = queue.shift();
      if (seed === undefined) {
        void w.terminate().then(() => resolve());
        return;
      }
      w.postMessage({ scenario, seed });
    };
    w.on('message', (r: SeedResult) => {
      results.push(r);
      onResult(r);
      next();
    });
    w.on('error', reject);
    next();
  })));
  return results.sort((a, b) => a.seed - b.seed);
}

function progress(done: number, total: number, failed: number, startedMs: number): string {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const secs = (performance.now() - startedMs) / 1000;
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} seeds, ${failed} failed, ${secs.toFixed(0)} s`;
}

export async function sweepCommand(name: string, flags: SweepFlags): Promise<number> {
  const scenario = resolveScenario(name);
  const all = parseSeedRange(flags.seeds);
  const shard = parseShard(flags.shard);
  const seeds = all.filter((_, i) => i % shard.count === shard.index - 1);
  const workers = parseWorkers(flags.workers);
  const tty = process.stderr.isTTY && flags.json !== true;
  const started = performance.now();
  let failed = 0;
  let done = 0;
  const results = await sweepSeeds(scenario.name, seeds, workers, (r) => {
    done += 1;
    if (!r.ok) failed += 1;
    if (tty) process.stderr.write(progress(done, seeds.length, failed, started));
  });
  if (tty) process.stderr.write('\n');
  const wallMs = performance.now() - started;
  const failures = results.filter((r) => !r.ok);
  if (flags.json === true) {
    process.stdout.write(`${JSON.stringify({
      scenario: scenario.name, seeds: seeds.length, workers, wallMs: Math.round(wallMs), failed: failures.length,
      seedsPerHour: Math.round(seeds.length / (wallMs / 3_600_000)),
      failures: failures.map((r) => ({ seed: r.seed, checkers: r.checkers, violation: r.firstViolation, replay: replayCommand(scenario, r.seed) })),
    })}\n`);
  } else {
    const out = [`${scenario.name}: ${seeds.length} seeds on ${workers} worker(s) in ${(wallMs / 1000).toFixed(1)} s, ${failures.length} failed`];
    for (const r of failures) out.push(`  seed ${r.seed}: ${r.firstViolation}`, `    replay: ${replayCommand(scenario, r.seed)}`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
  return failures.length === 0 ? EXIT_OK : EXIT_VIOLATION;
}
