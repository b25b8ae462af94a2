/** Running one seed of a sweep (in a worker thread or in the main thread) and what it reports. */
import { resolveScenario } from './run.ts';

export interface SeedRequest {
  readonly scenario: string;
  readonly seed: number;
}

export interface SeedResult {
  readonly seed: number;
  readonly ok: boolean;
  readonly checkers: readonly string[];
  readonly firstViolation: string;
  readonly events: number;
  readonly wallMs: number;
  readonly traceHash: string;
  /** The simulator itself failed (an assertion fired: a found bug). */
  readonly crashed?: string;
}

export async function runSeed(req: SeedRequest): Promise<SeedResult> {
  const started = performance.now();
  try {
    const o = await resolveScenario(req.scenario).run({ seed: req.seed });
    const first = o.violations[0];
    return {
      seed: req.seed, ok: o.ok, checkers: [...new Set(o.violations.map((v) => v.checker))],
      firstViolation: first === undefined ? '' : `[${first.checker}] at ${first.atMs} ms: ${first.message}`,
      events: o.events, wallMs: performance.now() - started, traceHash: o.traceHash,
    };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
    return { seed: req.seed, ok: false, checkers: ['simulator'], firstViolation: message, events: 0, wallMs: performance.now() - started, traceHash: '', crashed: message };
  }
}
