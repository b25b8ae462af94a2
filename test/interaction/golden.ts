// Golden transcripts for the interaction tests (etcd-raft's testdata/*.txt, rewritten only on purpose).
// A test's transcript must equal test/interaction/golden/<name>.txt byte for byte. To (re)write the
// files after an intended change, run `ZKSIM_UPDATE_GOLDEN=1 npx vitest run test/interaction`, then read
// the diff: a golden file changes only when the behaviour it shows was meant to change.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export function expectGolden(name: string, actual: string): void {
  const file = fileURLToPath(new URL(`./golden/${name}.txt`, import.meta.url));
  if (process.env['ZKSIM_UPDATE_GOLDEN'] === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) {
    throw new Error(`golden file test/interaction/golden/${name}.txt is missing: run with ZKSIM_UPDATE_GOLDEN=1 and review it`);
  }
  expect(actual, `transcript differs from test/interaction/golden/${name}.txt`).toBe(readFileSync(file, 'utf8'));
}
