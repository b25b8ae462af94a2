// Records the conformance corpus against a real ZooKeeper and writes the golden files
// (`npm run conformance:record`). Every group is recorded twice and must come out byte-identical before
// anything is written, so a golden file never holds a result that depends on timing.
//
//   npm run conformance:record                       record twice, compare, write golden/<group>.json
//   npm run conformance:record -- --group watches    only some groups (repeatable)
//   npm run conformance:record -- --verify           write nothing; compare one run with the golden files
//   npm run conformance:record -- --isolation fresh --verify
//                                                    every sequence on its own fresh server, compared with
//                                                    the goldens: proves the shared server's chroot is invisible
//
// Exit codes: 0 fine, 1 a difference (between the two runs, or with the golden files), 2 bad usage or
// ZooKeeper not installed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { goldenText, validateCorpus } from './sequence.ts';
import type { GoldenFile } from './sequence.ts';
import { GROUPS } from './sequences/index.ts';
import { GOLDEN_DIR, goldenPath, readGolden, recordGroups } from './real/runner.ts';
import type { GroupRun } from './real/runner.ts';
import { ZK_SERVER_SCRIPT, zookeeperInstalled } from './real/server.ts';

function comparable(file: GoldenFile): string {
  return goldenText({ ...file, recordedWith: '' });
}

/** Names of the recordings that differ between two files of the same group. */
function differences(a: GoldenFile, b: GoldenFile): string[] {
  const names = new Set([...a.recordings.map((r) => r.name), ...b.recordings.map((r) => r.name)]);
  const out: string[] = [];
  for (const name of names) {
    const x = a.recordings.find((r) => r.name === name);
    const y = b.recordings.find((r) => r.name === name);
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(name);
  }
  return out;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      group: { type: 'string', multiple: true },
      verify: { type: 'boolean', default: false },
      isolation: { type: 'string', default: 'auto' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const problems = validateCorpus(GROUPS);
  if (problems.length > 0) {
    process.stderr.write(`invalid corpus:\n  ${problems.join('\n  ')}\n`);
    return 2;
  }
  if (!zookeeperInstalled()) {
    process.stderr.write(`ZooKeeper is not installed (${ZK_SERVER_SCRIPT} missing): apt-get install zookeeper\n`);
    return 2;
  }
  const isolation = values.isolation;
  if (isolation !== 'auto' && isolation !== 'fresh') {
    process.stderr.write(`--isolation must be auto or fresh, not ${isolation}\n`);
    return 2;
  }
  const wanted = values.group ?? [];
  const groups = GROUPS.filter((g) => wanted.length === 0 || wanted.includes(g.group));
  if (groups.length === 0) {
    process.stderr.write(`no group matches ${wanted.join(', ')}; groups: ${GROUPS.map((g) => g.group).join(', ')}\n`);
    return 2;
  }
  const log = (name: string, where: string, ms: number): void => {
    if (!values.quiet) process.stdout.write(`  ${name.padEnd(56)} ${String(ms).padStart(5)} ms  ${where}\n`);
  };
  const t0 = Date.now();
  process.stdout.write(`recording ${groups.length} group(s), isolation ${isolation}\n`);
  const first = await recordGroups(groups, isolation, log);
  let failed = false;
  if (values.verify) {
    for (const run of first) {
      const golden = readGolden(run.file.group);
      if (golden === undefined) {
        process.stdout.write(`${run.file.group}: no golden file\n`);
        failed = true;
      } else if (comparable(golden) !== comparable(run.file)) {
        process.stdout.write(`${run.file.group}: differs from the golden file: ${differences(golden, run.file).join(', ')}\n`);
        failed = true;
      }
    }
  } else {
    process.stdout.write('recording again to check that the result is reproducible\n');
    const second = await recordGroups(groups, isolation);
    for (const [i, run] of first.entries()) {
      const again = second[i] as GroupRun;
      if (goldenText(run.file) !== goldenText(again.file)) {
        process.stdout.write(`${run.file.group}: the two recordings differ: ${differences(run.file, again.file).join(', ')}\n`);
        failed = true;
      }
    }
    if (!failed) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      for (const run of first) writeFileSync(goldenPath(run.file.group), goldenText(run.file));
    }
  }
  const total = first.reduce((n, r) => n + r.file.recordings.length, 0);
  const fresh = first.reduce((n, r) => n + r.fresh, 0);
  const verdict = failed ? 'FAILED' : values.verify ? 'identical to the golden files' : 'reproducible, golden files written';
  process.stdout.write(
    `${total} sequences (${total - fresh} on the shared server, ${fresh} on fresh servers), ` +
      `${((Date.now() - t0) / 1000).toFixed(1)} s: ${verdict}\n`,
  );
  return failed ? 1 : 0;
}

process.exitCode = await main();
