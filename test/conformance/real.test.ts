// Conformance against a real Apache ZooKeeper 3.8 (Debian package `zookeeper`): runs every sequence of
// the corpus (test/conformance/sequences/) on a real standalone server and checks that the normalised
// recording still equals the golden file (test/conformance/golden/). This proves the harness is
// deterministic and that the goldens describe the real server, so a zksim test can later be compared
// against the same goldens. It also checks, without any server, that the corpus is well formed and that
// the golden files hold exactly its sequences.
// Without ZooKeeper installed the server part is skipped with a one-line notice, unless CI is set: CI
// must never skip it. Every server started here is stopped in afterAll (the shared one) or by the driver
// (fresh ones), also when a test fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCorpus } from './sequence.ts';
import type { GoldenFile, Recording } from './sequence.ts';
import { GROUPS } from './sequences/index.ts';
import { SharedServer, runSequence } from './real/driver.ts';
import { goldenPath, readGolden } from './real/runner.ts';
import { ZK_SERVER_SCRIPT, zookeeperInstalled } from './real/server.ts';

const inCI = process.env.CI !== undefined && !['', '0', 'false'].includes(process.env.CI.toLowerCase());
const installed = zookeeperInstalled();
const goldens = new Map<string, GoldenFile | undefined>(GROUPS.map((g) => [g.group, readGolden(g.group)]));

describe('conformance corpus', () => {
  it('is well formed: sessions opened in order, unique names in their groups', () => {
    expect(validateCorpus(GROUPS)).toEqual([]);
  });

  it('has a golden file per group holding exactly its sequences, in order', () => {
    for (const g of GROUPS) {
      const golden = goldens.get(g.group);
      expect(golden, `${goldenPath(g.group)} is missing: run npm run conformance:record`).toBeDefined();
      expect(golden?.recordings.map((r) => [r.name, r.description])).toEqual(g.sequences.map((s) => [s.name, s.description]));
    }
  });
});

if (!installed && !inCI) {
  process.stdout.write(`conformance: ZooKeeper not installed (${ZK_SERVER_SCRIPT} missing), real-server suite skipped\n`);
  describe.skip('conformance with real ZooKeeper (not installed)', () => {
    it('runs every sequence', () => undefined);
  });
} else {
  describe('conformance with real ZooKeeper', () => {
    let shared: SharedServer | undefined;
    let compared = 0;
    let fresh = 0;
    const t0 = Date.now();

    beforeAll(async () => {
      if (installed) shared = await SharedServer.start();
    }, 60_000);

    afterAll(async () => {
      const version = shared?.server.version;
      await shared?.stop();
      if (installed) {
        process.stdout.write(
          `conformance: ${compared} sequences compared with the golden recordings against ZooKeeper ${version ?? '?'} ` +
            `(${compared - fresh} on the shared server, ${fresh} on fresh servers) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
        );
      }
    }, 60_000);

    if (!installed) {
      it('has ZooKeeper installed (CI must not skip the conformance suite)', () => {
        expect.fail(`${ZK_SERVER_SCRIPT} is missing: .ci/run installs the Debian package zookeeper`);
      });
      return;
    }

    for (const g of GROUPS) {
      for (const seq of g.sequences) {
        it(seq.name, async () => {
          const golden: Recording | undefined = goldens.get(g.group)?.recordings.find((r) => r.name === seq.name);
          const run = await runSequence(seq, shared);
          if (run.isolation === 'fresh') fresh += 1;
          compared += 1;
          expect(golden, `no golden recording for ${seq.name}: run npm run conformance:record`).toBeDefined();
          expect(run.recording).toEqual(golden);
        });
      }
    }
  });
}
