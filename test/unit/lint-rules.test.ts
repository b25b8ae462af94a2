// The architecture's rules are enforced by lint, so they must actually fire: inside src/ (but for cli/
// and bench/) nothing may read wall time, use real timers or ambient randomness; src/sim never imports
// ZooKeeper code; src/zk never imports the simulator or Node built-ins. Each case lints a snippet as if it
// lived at a path in src/ and checks which rule, if any, refuses it.
import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ARCHITECTURE_RULES = ['no-restricted-globals', 'no-restricted-properties', 'no-restricted-imports'];
const eslint = new ESLint({
  cwd: ROOT,
  // The snippets are not project files, so type-aware linting is off; only the architecture rules run.
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ARCHITECTURE_RULES.includes(ruleId),
});

async function rulesHit(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('lint enforces determinism and layers', () => {
  it.each([
    ['src/sim/x.ts', 'export const x = Math.random();', /no-restricted-properties: 'Math.random'/],
    ['src/zk/x.ts', 'export const x = Date.now();', /no-restricted-globals: Unexpected use of 'Date'/],
    ['src/cluster/x.ts', 'export const x = performance.now();', /Wall time is banned/],
    ['src/workload/x.ts', 'setTimeout(() => undefined, 1);', /Real timers are banned/],
    ['src/sim/x.ts', 'export const x = process.hrtime();', /'process.hrtime'/],
    ['src/check/x.ts', 'export const x = crypto.randomUUID();', /Ambient randomness/],
    ['src/sim/x.ts', "import { randomBytes } from 'node:crypto';\nexport const x = randomBytes;", /Ambient randomness/],
    ['src/zk/x.ts', "import { Kernel } from '../sim/index.ts';\nexport const x = Kernel;", /src\/zk may import src\/base and itself only/],
    ['src/zk/tree/x.ts', "import fs from 'node:fs';\nexport const x = fs;", /src\/zk may import src\/base/],
    ['src/sim/x.ts', "import { x } from '../zk/server.ts';\nexport const y = x;", /src\/sim knows nothing of ZooKeeper/],
    ['src/check/x.ts', "import { Kernel } from '../sim/index.ts';\nexport const x = Kernel;", /read recorded data only/],
  ])('refuses %s: %s', async (file, code, expected) => {
    expect((await rulesHit(file, code)).join('\n')).toMatch(expected);
  });

  it.each([
    ['src/cli/x.ts', 'export const x = Date.now() + performance.now();'],
    ['src/bench/x.ts', 'export const x = performance.now();'],
    ['src/zk/x.ts', "import { assert } from '../base/index.ts';\nexport const x = assert;"],
    ['src/sim/x.ts', "import { assert } from '../base/index.ts';\nexport const x = assert;"],
  ])('allows %s: %s', async (file, code) => {
    expect(await rulesHit(file, code)).toEqual([]);
  });
});
