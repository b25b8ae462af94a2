/**
 * Workload options as data: a scenario names a workload and hands it JSON. `checkOptions` keeps only
 * known keys whose JSON type matches the default's, and refuses anything else, so a typo in a scenario
 * fails loudly instead of silently running the defaults.
 */
import type { JsonValue } from '../base/index.ts';

export type JsonOptions = { readonly [key: string]: JsonValue };
/** Options a workload takes as data: every field a number, a boolean or a string. */
export type OptionValues<T> = { readonly [K in keyof T]: number | boolean | string };

export function checkOptions<T extends OptionValues<T>>(workload: string, given: JsonOptions, defaults: T): Partial<T> {
  const known: Readonly<Record<string, number | boolean | string>> = defaults;
  const out: Record<string, number | boolean | string> = {};
  for (const [key, value] of Object.entries(given)) {
    const expected = known[key];
    if (expected === undefined) throw new Error(`workload ${workload}: unknown option "${key}"`);
    if (typeof value !== typeof expected || (typeof value === 'number' && !Number.isFinite(value))) {
      throw new Error(`workload ${workload}: option "${key}" must be a ${typeof expected}`);
    }
    out[key] = value as number | boolean | string;
  }
  return out as Partial<T>;
}

/** A positive integer option, checked where the workload reads it. */
export function positive(workload: string, key: string, value: number): number {
  if (!(Number.isSafeInteger(value) && value > 0)) throw new Error(`workload ${workload}: ${key} must be a positive integer, got ${value}`);
  return value;
}
