// multi as a transaction: the failure encoding with the culprit at every position, intermediate Stats of
// repeated setData, create modes and TTLs inside a multi, and deleting a subtree in one multi
// (zk-client-semantics.md 4, 1.7).
import type { SequenceGroup } from '../sequence.ts';
import { check, create, del, sessions, set } from './dsl.ts';

const [a, b] = sessions();
const TTL = 3_600_000; // an hour: never reaped while a sequence runs

export const transactionsGroup: SequenceGroup = {
  group: 'transactions',
  title: 'multi as a transaction',
  sequences: [
    {
      name: 'transactions/culprit-at-each-position',
      description: 'the same four-op multi failing at op 0, 1, 2 and 3: OK before the culprit, its code, RUNTIMEINCONSISTENCY after',
      steps: [
        a.create('/x'),
        a.multi(create('/x'), create('/x/b'), set('/x', 'v'), check('/x', 1)),
        a.multi(create('/a'), create('/missing/b'), set('/a', 'v'), check('/a', 1)),
        a.multi(create('/a'), create('/a/b'), set('/a', 'v', 7), check('/a', 1)),
        a.multi(create('/a'), create('/a/b'), set('/a', 'v'), check('/a', 0)),
        a.multi(create('/a'), create('/a/b'), set('/a', 'v'), check('/a', 1)),
        a.getChildren2('/a'),
      ],
    },
    {
      name: 'transactions/repeated-setdata-stats',
      description: 'several setData of one node in one multi: each result shows its own version, all share the mzxid',
      steps: [
        a.create('/a', { data: '0' }),
        b.getData('/a', true),
        a.multi(set('/a', '1'), set('/a', '2', 1), check('/a', 2), set('/a', '3', 2)),
        a.getData('/a'),
        a.multi(set('/a', '4', 3), set('/a', '5', 3)),
        a.getData('/a'),
      ],
    },
    {
      name: 'transactions/create-modes-and-ttl-inside',
      description: 'inside a multi bad flags and TTLs of TTL modes are BADARGUMENTS, but a TTL sent with another mode is dropped, not refused',
      steps: [
        a.multi(create('/a'), create('/b', { flags: 7 })),
        a.multi(create('/a'), create('/t', { mode: 'PERSISTENT_WITH_TTL', ttl: 0 })),
        a.multi(create('/a'), create('/t', { mode: 'PERSISTENT_SEQUENTIAL_WITH_TTL', ttl: 0x10000000000 })),
        a.multi(create('/a'), create('/b', { flags: 7, ttl: TTL })),
        a.create('/t', { mode: 'PERSISTENT', ttl: TTL }),
        a.multi(create('/t', { mode: 'PERSISTENT', ttl: TTL }), create('/u', { mode: 'PERSISTENT_SEQUENTIAL', ttl: -1 })),
        a.multi(create('/e', { mode: 'EPHEMERAL', ttl: TTL }), create('/c', { mode: 'CONTAINER', ttl: TTL })),
        a.multi(create('/s-', { mode: 'PERSISTENT_SEQUENTIAL_WITH_TTL', ttl: TTL }), create('/k', { mode: 'CONTAINER' }), create('/k/x')),
        a.exists('/t'),
        a.exists('/e'),
        a.getChildren2('/'),
      ],
    },
    {
      name: 'transactions/delete-subtree',
      description: 'a subtree deleted bottom-up in one multi fires every level\'s watches in op order; top-down fails NOTEMPTY',
      steps: [
        a.create('/r'),
        a.create('/r/a'),
        a.create('/r/a/b'),
        a.create('/r/c'),
        a.multi(del('/r'), del('/r/a'), del('/r/a/b'), del('/r/c')),
        b.getData('/r/a/b', true),
        b.getChildren('/r/a', true),
        b.getChildren('/r', true),
        b.exists('/r', true),
        a.multi(del('/r/a/b'), del('/r/a'), del('/r/c'), del('/r')),
        a.exists('/r'),
      ],
    },
  ],
};
