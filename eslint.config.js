// Lint rules that carry the architecture (../ARCHITECTURE.md, "Determinism" and "Layers"):
//  - inside src/ (but for src/cli), nothing may read wall time or ambient randomness;
//  - src/sim never imports ZooKeeper code, src/zk never imports the simulator or Node built-ins;
//  - every switch over a union is exhaustive, promises are never dropped.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const determinismGlobals = [
  { name: 'Date', message: 'Wall time is banned in the simulation: use the virtual clock (env.now()).' },
  { name: 'performance', message: 'Wall time is banned in the simulation: use the virtual clock.' },
  { name: 'setTimeout', message: 'Real timers are banned in the simulation: use env.setTimer().' },
  { name: 'setInterval', message: 'Real timers are banned in the simulation: use env.setTimer().' },
  { name: 'setImmediate', message: 'Real timers are banned in the simulation: use env.setTimer().' },
  { name: 'crypto', message: 'Ambient randomness is banned in the simulation: use a seeded Rng stream.' },
];
const determinismProperties = [
  { object: 'Math', property: 'random', message: 'Use a seeded Rng stream (rng.fork(name)).' },
  { object: 'process', property: 'hrtime', message: 'Wall time is banned in the simulation.' },
  { object: 'Date', property: 'now', message: 'Wall time is banned in the simulation.' },
];
const bannedModules = [
  { name: 'node:crypto', message: 'Ambient randomness is banned in the simulation.' },
  { name: 'crypto', message: 'Ambient randomness is banned in the simulation.' },
  { name: 'node:timers', message: 'Real timers are banned in the simulation.' },
  { name: 'node:timers/promises', message: 'Real timers are banned in the simulation.' },
  { name: 'node:perf_hooks', message: 'Wall time is banned in the simulation.' },
];

/** Layer rule: files matching `files` may not import from the folders in `forbidden`. */
function layer(files, forbidden, why, extraPaths = []) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...bannedModules, ...extraPaths],
        patterns: [{ group: forbidden, message: why }],
      }],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/**', 'bin/**', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  // Determinism bans: all of src/ except the command line, which talks to the real world, and the report
// page's script, which runs in a browser.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/bench/**', 'src/report/browser/**'],
    rules: {
      'no-restricted-globals': ['error', ...determinismGlobals],
      'no-restricted-properties': ['error', ...determinismProperties],
      'no-restricted-imports': ['error', { paths: bannedModules }],
    },
  },
  layer(['src/base/**/*.ts'], ['**/sim/**', '**/zk/**', '**/cluster/**', '**/faults/**', '**/workload/**',
    '**/history/**', '**/check/**', '**/scenario/**', '**/report/**', '**/cli/**', '**/demo/**'],
  'src/base imports nothing outside itself.'),
  layer(['src/sim/**/*.ts'], ['**/zk/**', '**/cluster/**', '**/faults/**', '**/workload/**',
    '**/history/**', '**/check/**', '**/scenario/**', '**/report/**', '**/cli/**', '**/demo/**'],
  'src/sim knows nothing of ZooKeeper: it may import src/base only.'),
  layer(['src/zk/**/*.ts'], ['**/sim/**', '**/cluster/**', '**/faults/**', '**/workload/**',
    '**/history/**', '**/check/**', '**/scenario/**', '**/report/**', '**/cli/**', '**/demo/**', 'node:*'],
  'ZooKeeper code never knows it is simulated: src/zk may import src/base and itself only.'),
  layer(['src/check/**/*.ts', 'src/report/**/*.ts'], ['**/sim/**', '**/cluster/**', '**/scenario/**',
    '**/zk/!(protocol)/**', '**/zk/*.ts'],
  'Checkers and reports read recorded data only.'),
);
