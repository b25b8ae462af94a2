// Conformance of zksim with Apache ZooKeeper 3.8: every sequence of the corpus (test/conformance/sequences/)
// runs on zksim's standalone server (sim/driver.ts) and its normalised recording must equal the golden
// recording made against the real server (golden/, checked against the real server by real.test.ts).
// This needs no ZooKeeper installed, so it runs everywhere. The outcome must not depend on the kernel's
// seed (network and disk timings are constant; the seed only names the streams), so a second seed runs
// the whole corpus again.
import { afterAll, describe, expect, it } from 'vitest';
import type { Recording } from './sequence.ts';
import { GROUPS } from './sequences/index.ts';
import { readGolden } from './real/runner.ts';
import { runSimSequence } from './sim/driver.ts';

const SEEDS = [1, 20261121];

describe('conformance of zksim with the golden recordings of ZooKeeper 3.8', () => {
  let compared = 0;
  afterAll(() => {
    process.stdout.write(`conformance: ${compared} sequences compared between zksim and the recordings of the real server (seeds ${SEEDS.join(', ')})\n`);
  });

  for (const g of GROUPS) {
    const golden = readGolden(g.group);
    for (const seq of g.sequences) {
      it(seq.name, async () => {
        const want: Recording | undefined = golden?.recordings.find((r) => r.name === seq.name);
        expect(want, `no golden recording for ${seq.name}: run npm run conformance:record`).toBeDefined();
        for (const seed of SEEDS) {
          const got = await runSimSequence(seq, seed);
          expect(got, `${seq.name} at seed ${seed}`).toEqual(want);
        }
        compared += 1;
      });
    }
  }
});
