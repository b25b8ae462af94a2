/**
 * Every checker by name: the client guarantees, the Zab invariants, convergence and liveness after the
 * heal phase, and the recipes' own properties. A scenario names the ones it runs (all by default).
 */
import { clientCheckers } from './client/index.ts';
import { recipeCheckers } from './recipes/index.ts';
import type { Checker } from './types.ts';
import { convergenceCheckers, zabCheckers } from './zab/index.ts';

export const allCheckers: readonly Checker[] = [...clientCheckers, ...zabCheckers, ...convergenceCheckers, ...recipeCheckers];

export class UnknownCheckerError extends Error {
  override readonly name = 'UnknownCheckerError';
}

/** The checkers named (all when `names` is undefined); throws UnknownCheckerError for a name not known. */
export function checkersNamed(names: readonly string[] | undefined): Checker[] {
  if (names === undefined) return [...allCheckers];
  return names.map((n) => {
    const c = allCheckers.find((x) => x.name === n);
    if (c === undefined) throw new UnknownCheckerError(`unknown checker "${n}" (known: ${allCheckers.map((x) => x.name).join(', ')})`);
    return c;
  });
}
