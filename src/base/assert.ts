/** Thrown when an invariant does not hold. In simulation an assertion that fires is a found bug. */
export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

/** Asserts an invariant; `why` says what was expected, in words a reader of the failure understands. */
export function assert(condition: unknown, why: string): asserts condition {
  if (!condition) throw new AssertionError(why);
}

/** Marks a branch the type checker proves unreachable; switches over unions end with it. */
export function assertNever(value: never, what = 'value'): never {
  throw new AssertionError(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/** Asserts that `n` is a safe integer (no fractions, no precision loss), and returns it. */
export function assertInt(n: number, what: string): number {
  if (!Number.isSafeInteger(n)) fail(`${what} must be a safe integer, got ${n}`);
  return n;
}

/**
 * Throws an AssertionError. Hot paths write `if (!cond) fail(`...${x}`)` instead of
 * `assert(cond, `...${x}`)`, so that the message is only built when the invariant is broken.
 */
export function fail(why: string): never {
  throw new AssertionError(why);
}
