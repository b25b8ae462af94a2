// Sessions: ephemerals and close, timeout negotiation, getEphemerals, sync
// (zk-client-semantics.md 3.8, 3.12, 3.17, 6.2, 6.4).
import type { SequenceGroup } from '../sequence.ts';
import { create, sessions } from './dsl.ts';

const [a, b, c, d] = sessions();

export const sessionsGroup: SequenceGroup = {
  group: 'sessions',
  title: 'Sessions, ephemerals and close',
  sequences: [
    {
      name: 'sessions/close-deletes-ephemerals',
      description: 'close deletes the session\'s ephemerals in its own txn and notifies other watchers',
      steps: [
        a.create('/p'),
        a.create('/e1', { mode: 'EPHEMERAL' }),
        a.create('/p/e2', { mode: 'EPHEMERAL' }),
        a.create('/p/s-', { mode: 'EPHEMERAL_SEQUENTIAL' }),
        b.exists('/e1', true),
        b.getChildren('/p', true),
        b.getData('/p/e2', true),
        a.close(),
        b.exists('/e1'),
        b.getChildren2('/p'),
      ],
    },
    {
      name: 'sessions/closing-session-own-watches',
      description: 'a closing session that watches its own ephemerals: what does it receive before Closed?',
      steps: [
        a.create('/p'),
        a.create('/p/e', { mode: 'EPHEMERAL' }),
        a.exists('/p/e', true),
        a.getChildren('/p', true),
        a.close(),
      ],
    },
    {
      name: 'sessions/timeout-negotiation',
      description: 'the server clamps the requested timeout to [2, 20] x tickTime',
      sessions: [{ timeoutMs: 1000 }, { timeoutMs: 100000 }, { timeoutMs: 5000 }, { timeoutMs: 40000 }],
      steps: [a.exists('/x'), b.exists('/x'), c.exists('/x'), d.exists('/x')],
    },
    {
      name: 'sessions/get-ephemerals',
      description: 'getEphemerals lists this session\'s ephemerals whose path starts with the prefix (a string prefix)',
      steps: [
        a.create('/x'),
        a.create('/xy'),
        a.create('/e1', { mode: 'EPHEMERAL' }),
        a.create('/x/e2', { mode: 'EPHEMERAL' }),
        a.create('/x/e3', { mode: 'EPHEMERAL_SEQUENTIAL' }),
        a.create('/xy/e4', { mode: 'EPHEMERAL' }),
        b.create('/x/e5', { mode: 'EPHEMERAL' }),
        a.getEphemerals('/x'),
        a.getEphemerals('/x/'),
        a.getEphemerals('/e'),
        a.getEphemerals('/nothing'),
        b.getEphemerals('/x'),
        c.getEphemerals('/x'),
      ],
    },
    {
      name: 'sessions/get-ephemerals-all',
      description: 'getEphemerals with prefix / lists all of the session\'s ephemerals',
      steps: [
        a.create('/p'),
        a.create('/p/e', { mode: 'EPHEMERAL' }),
        a.create('/f', { mode: 'EPHEMERAL' }),
        a.getEphemerals('/'),
        a.delete('/f'),
        a.getEphemerals('/'),
      ],
    },
    {
      name: 'sessions/other-session-takes-over',
      description: 'after the owner closes, another session can create the same ephemeral path',
      steps: [
        a.create('/lock', { data: 'a', mode: 'EPHEMERAL' }),
        b.create('/lock', { data: 'b', mode: 'EPHEMERAL' }),
        b.exists('/lock', true),
        a.close(),
        b.create('/lock', { data: 'b', mode: 'EPHEMERAL', withStat: true }),
        b.getData('/lock'),
      ],
    },
    {
      name: 'sessions/ephemeral-deleted-by-other-session',
      description: 'any session may delete an ephemeral; its owner\'s close then has nothing left to delete',
      steps: [
        a.create('/e', { mode: 'EPHEMERAL' }),
        b.delete('/e'),
        b.exists('/e', true),
        a.close(),
        b.create('/z', { withStat: true }),
      ],
    },
    {
      name: 'sessions/independent-sessions',
      description: 'closing one session removes only its ephemerals',
      steps: [
        a.create('/p'),
        a.create('/p/a', { mode: 'EPHEMERAL' }),
        b.create('/p/b', { mode: 'EPHEMERAL' }),
        c.getChildren('/p', true),
        b.close(),
        c.getChildren('/p', true),
        a.close(),
        c.getChildren2('/p'),
      ],
    },
    {
      name: 'sessions/ephemeral-sequential-close',
      description: 'sequential ephemerals vanish with their session; the counter keeps going',
      steps: [
        a.create('/q'),
        b.create('/q/n-', { mode: 'EPHEMERAL_SEQUENTIAL' }),
        b.create('/q/n-', { mode: 'EPHEMERAL_SEQUENTIAL' }),
        b.close(),
        a.create('/q/n-', { mode: 'EPHEMERAL_SEQUENTIAL' }),
        a.getChildren2('/q'),
      ],
    },
    {
      name: 'sessions/close-with-multi-ephemerals',
      description: 'ephemerals from a multi and plain creates all share the closeSession zxid at close',
      steps: [
        a.create('/p'),
        a.multi(create('/p/m1', { mode: 'EPHEMERAL' }), create('/p/m2', { mode: 'EPHEMERAL' })),
        a.create('/p/c', { mode: 'EPHEMERAL' }),
        b.getChildren('/p', true),
        b.exists('/p/m1', true),
        b.exists('/p/c', true),
        a.close(),
        b.getChildren2('/p'),
      ],
    },
    {
      name: 'sessions/sync',
      description: 'sync echoes its path, needs no existing node, consumes no zxid',
      steps: [a.create('/a'), a.sync('/a'), a.sync('/missing'), b.sync('/a'), a.create('/b', { withStat: true })],
    },
  ],
};
