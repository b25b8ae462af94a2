// Shared settings for fast-check properties. Every property runs from a pinned seed, so CI is
// reproducible; ZKSIM_PROPERTY_SEED explores other seeds. On failure the error starts with the exact
// command that replays the counterexample (fast-check's seed and path), then fast-check's own report.
import fc from 'fast-check';

export const PINNED_PROPERTY_SEED = 20261121;

export function propertySeed(): number {
  const raw = process.env['ZKSIM_PROPERTY_SEED'];
  if (raw === undefined || raw === '') return PINNED_PROPERTY_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`ZKSIM_PROPERTY_SEED must be an integer, got "${raw}"`);
  return seed;
}

export interface PropertyOptions {
  readonly numRuns: number;
  /** The test file, for the replay line (pass import.meta.url). */
  readonly file: string;
}

/** Runs an async property with the pinned seed; on failure, says how to replay it. */
export async function checkProperty<Ts>(property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>, options: PropertyOptions): Promise<void> {
  const seed = propertySeed();
  const details = await fc.check(property as fc.IAsyncProperty<Ts>, { seed, numRuns: options.numRuns });
  if (!details.failed) return;
  const file = new URL(options.file).pathname.replace(/^.*\/(test\/)/, '$1');
  const replay = `replay: ZKSIM_PROPERTY_SEED=${seed} npx vitest run ${file}` +
    (details.counterexamplePath === null ? '' : `  (fast-check path "${details.counterexamplePath}")`);
  const report = fc.defaultReportMessage(details) ?? 'property failed';
  throw new Error(`${replay}\n${report}`, { cause: details.errorInstance });
}
