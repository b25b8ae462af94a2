/**
 * A plan of disk operations: what a storage function wants done to the data directory, as data. The
 * functions of ensemble.ts compute plans from a map of file names to bytes and never touch a file; the
 * server issues each step through its disk, in order.
 *
 * Each step is one ZkDisk operation: `delete(file)`, `truncate(file, lengthBytes)`, `write(file, 0,
 * bytes)` (the file does not exist yet: a plan deletes an old file of that name first), `fsync(file)`,
 * `rename(from, to)` (replacing `to`). The order is the point: a plan is built so that a crash after any
 * prefix of it leaves files that recover to a sound state, given that each step is durable before the
 * next one is. A delete or rename is durable once done; a truncate or write only after a later fsync
 * of that file. The simulated disk completes operations one at a time in issue order, so issuing the
 * steps back to back is enough there; a real disk would need each fsync to finish before the next step.
 */
import { assert, assertNever } from '../../base/index.ts';

export type DiskStep =
  | { readonly kind: 'delete'; readonly file: string }
  | { readonly kind: 'truncate'; readonly file: string; readonly lengthBytes: number }
  | { readonly kind: 'write'; readonly file: string; readonly bytes: Uint8Array }
  | { readonly kind: 'fsync'; readonly file: string }
  | { readonly kind: 'rename'; readonly from: string; readonly to: string };

/**
 * The files as they read after every step (the page cache's view, which is what survives once the plan
 * has finished). Asserts that the plan fits the files: no step on a missing file, no write over an
 * existing one, no truncate that grows a file.
 */
export function applyDiskPlan(files: ReadonlyMap<string, Uint8Array>, steps: readonly DiskStep[]): Map<string, Uint8Array> {
  const out = new Map(files);
  for (const step of steps) applyStep(out, step);
  return out;
}

function applyStep(files: Map<string, Uint8Array>, step: DiskStep): void {
  switch (step.kind) {
    case 'delete':
      assert(files.delete(step.file), `a plan deletes ${step.file}, which exists`);
      return;
    case 'truncate': {
      const bytes = files.get(step.file);
      assert(bytes !== undefined, `a plan truncates ${step.file}, which exists`);
      assert(Number.isSafeInteger(step.lengthBytes) && step.lengthBytes >= 0 && step.lengthBytes <= bytes.length,
        'a plan only shortens a file');
      files.set(step.file, bytes.subarray(0, step.lengthBytes));
      return;
    }
    case 'write':
      assert(!files.has(step.file), `a plan writes ${step.file} only as a new file`);
      files.set(step.file, step.bytes);
      return;
    case 'fsync':
      assert(files.has(step.file), `a plan fsyncs ${step.file}, which exists`);
      return;
    case 'rename': {
      const bytes = files.get(step.from);
      assert(bytes !== undefined && step.from !== step.to, `a plan renames ${step.from}, which exists, to another name`);
      files.delete(step.from);
      files.set(step.to, bytes);
      return;
    }
    default:
      assertNever(step, 'disk step');
  }
}
