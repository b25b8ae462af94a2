// Records whole groups of sequences against real ZooKeeper: one shared server for the run (started and
// always stopped here), fresh servers for the sequences that need them (driver.ts), and the golden
// files' location and loading. Used by the record script and by real.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GoldenFile, Recording, SequenceGroup } from '../sequence.ts';
import { SharedServer, runSequence } from './driver.ts';
import type { Isolation } from './driver.ts';
import { debianPackageVersion } from './server.ts';

export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden');

export function goldenPath(group: string): string {
  return join(GOLDEN_DIR, `${group}.json`);
}

export function readGolden(group: string): GoldenFile | undefined {
  const path = goldenPath(group);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as GoldenFile) : undefined;
}

export function describeServer(version: string): string {
  return `Apache ZooKeeper ${version} standalone (Debian package zookeeper ${debianPackageVersion()})`;
}

export interface GroupRun {
  readonly file: GoldenFile;
  readonly shared: number;
  readonly fresh: number;
}

/** Records every group; `onSequence` is told about each sequence as it finishes. */
export async function recordGroups(
  groups: readonly SequenceGroup[],
  isolation: Isolation,
  onSequence: (name: string, where: string, ms: number) => void = () => undefined,
): Promise<GroupRun[]> {
  const shared = await SharedServer.start();
  try {
    const runs: GroupRun[] = [];
    for (const g of groups) {
      const recordings: Recording[] = [];
      let fresh = 0;
      for (const seq of g.sequences) {
        const t0 = Date.now();
        const r = await runSequence(seq, shared, isolation);
        if (r.isolation === 'fresh') fresh += 1;
        onSequence(seq.name, r.isolation === 'fresh' ? `fresh server (${r.reason ?? ''})` : 'shared server', Date.now() - t0);
        recordings.push(r.recording);
      }
      runs.push({
        file: { group: g.group, title: g.title, recordedWith: describeServer(shared.server.version), recordings },
        shared: recordings.length - fresh,
        fresh,
      });
    }
    return runs;
  } finally {
    await shared.stop();
  }
}
