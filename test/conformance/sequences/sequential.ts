// Sequential names: the per-parent create counter at the root and under built-ins, prefixes that end in
// digits, squatted names, counters per parent in one multi, container and TTL children
// (zk-client-semantics.md 1.5, 1.7, 9.1, 9.19). The 10-digit suffix past 9 digits or the negative
// counter past 2^31 would take a billion creates: not reachable here.
import type { SequenceGroup } from '../sequence.ts';
import { create, del, sessions } from './dsl.ts';

const [a, b] = sessions();
const TTL = 3_600_000; // an hour: never reaped while a sequence runs

export const sequentialGroup: SequenceGroup = {
  group: 'sequential',
  title: 'Sequential names',
  sequences: [
    {
      name: 'sequential/at-root-and-under-builtins',
      description: 'sequential creates at / and under /zookeeper use those nodes\' counters, which start at 0 on a fresh server',
      steps: [
        a.create('/', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.create('/a'),
        a.create('/x', { mode: 'EPHEMERAL_SEQUENTIAL' }),
        a.create('/zookeeper/', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.create('/zookeeper/quota/q-', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.getChildren2('/'),
        a.getChildren2('/zookeeper'),
      ],
    },
    {
      name: 'sequential/digits-and-squatters',
      description: 'the suffix is appended to any prefix, digits included; a squatted number blocks only the prefix that computes it',
      steps: [
        a.create('/q'),
        a.create('/q/x9', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.create('/q/', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.create('/q/0000000003'),
        a.create('/q/', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.create('/q/x', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.create('/q/', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.create('/q/00000000', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.getChildren2('/q'),
      ],
    },
    {
      name: 'sequential/squatter-released',
      description: 'a name squatted by another session\'s ephemeral blocks the counter until that session closes',
      steps: [
        a.create('/q'),
        a.create('/q/n-0000000001', { mode: 'EPHEMERAL' }),
        b.create('/q/n-', { mode: 'EPHEMERAL_SEQUENTIAL' }),
        b.create('/q/n-', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.close(),
        b.create('/q/n-', { mode: 'EPHEMERAL_SEQUENTIAL' }),
        b.create('/q/n-', { mode: 'EPHEMERAL_SEQUENTIAL' }),
        b.getChildren2('/q'),
      ],
    },
    {
      name: 'sequential/counters-per-parent',
      description: 'each parent has its own counter; grandchildren do not advance a grandparent\'s; every session shares it',
      steps: [
        a.create('/a'),
        a.create('/b'),
        a.create('/a/c'),
        a.create('/a/c/s-', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.create('/a/c/s-', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.create('/a/s-', { mode: 'PERSISTENT_SEQUENTIAL' }),
        b.create('/b/s-', { mode: 'EPHEMERAL_SEQUENTIAL' }),
        b.create('/a/s-', { mode: 'EPHEMERAL_SEQUENTIAL' }),
        a.getChildren2('/a'),
        a.getChildren2('/b'),
        a.getChildren2('/a/c'),
      ],
    },
    {
      name: 'sequential/multi-interleaved-parents',
      description: 'in one multi, sequential creates take consecutive numbers per parent, plain creates in between take theirs',
      steps: [
        a.create('/a'),
        a.create('/b'),
        a.multi(
          create('/a/x', { mode: 'PERSISTENT_SEQUENTIAL' }),
          create('/b/x', { mode: 'PERSISTENT_SEQUENTIAL' }),
          create('/a/x', { mode: 'EPHEMERAL_SEQUENTIAL' }),
          create('/a/plain'),
          create('/a/x', { mode: 'PERSISTENT_SEQUENTIAL', withStat: true }),
        ),
        a.multi(create('/a/t', { mode: 'PERSISTENT_SEQUENTIAL' }), del('/a/t0000000004')),
        a.create('/a/x', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.getChildren2('/a'),
        a.getChildren2('/b'),
      ],
    },
    {
      name: 'sequential/container-and-ttl-children',
      description: 'container and TTL children advance the parent counter; sequential TTL nodes and children of containers number as usual',
      steps: [
        a.create('/q'),
        a.create('/q/c', { mode: 'CONTAINER' }),
        a.create('/q/t-', { mode: 'PERSISTENT_SEQUENTIAL_WITH_TTL', ttl: TTL }),
        a.create('/q/s-', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.create('/q/c/e-', { mode: 'EPHEMERAL_SEQUENTIAL' }),
        a.create('/q/t-0000000001/x-', { mode: 'PERSISTENT_SEQUENTIAL_WITH_TTL', ttl: TTL }),
        a.create('/q/t-0000000001/y-', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.getChildren2('/q'),
        a.getChildren2('/q/t-0000000001'),
        a.getChildren2('/q/c'),
      ],
    },
    {
      name: 'sequential/create-delete-in-one-multi',
      description: 'a child created and deleted in one multi: the counter advances once, visible cversion twice, pzxid is the multi\'s',
      steps: [
        a.create('/p'),
        a.multi(create('/p/c'), del('/p/c')),
        a.exists('/p'),
        a.multi(create('/p/s-', { mode: 'PERSISTENT_SEQUENTIAL' }), del('/p/s-0000000001'), create('/p/s-', { mode: 'PERSISTENT_SEQUENTIAL' })),
        a.getChildren2('/p'),
      ],
    },
  ],
};
