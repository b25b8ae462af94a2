/** Errors the command line turns into exit codes: bad input or usage exits 2 with a message, no stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_VIOLATION = 1;
export const EXIT_USAGE = 2;

export function parseSeed(raw: string): number {
  if (!/^\d+$/.test(raw.trim())) {
    throw new UsageError(`--seed must be a non-negative integer, got "${raw}"`);
  }
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be at most ${Number.MAX_SAFE_INTEGER}, got ${raw}`);
  return seed;
}
