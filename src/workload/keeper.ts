/**
 * Telling ZooKeeper's failures apart in a workload: a KeeperError carries a code name; anything else
 * thrown is a bug in the workload and is let through to the program's own catch (program.ts).
 */
import { KeeperError } from '../zk/protocol/index.ts';
import type { FailureName } from '../zk/protocol/index.ts';

/** The KeeperError code of `error`; rethrows anything that is not a KeeperError. */
export function codeOf(error: unknown): FailureName {
  if (error instanceof KeeperError) return error.codeName;
  throw error;
}

/** The call's value, or undefined when it failed with one of `codes`; other failures propagate. */
export async function tolerate<T>(call: Promise<T>, ...codes: readonly FailureName[]): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (codes.includes(codeOf(error))) return undefined;
    throw error;
  }
}

/** Best-effort clean-up ("errors ignored"): undefined on success, else the KeeperError's code. */
export async function ignoring(call: Promise<unknown>): Promise<FailureName | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return codeOf(error);
  }
}

/** A KeeperError to throw on for a code a recipe got back as a value. */
export function keeperError(code: FailureName, path?: string): KeeperError {
  return new KeeperError(code, path);
}
