// multi and multiRead: all-or-nothing, one zxid, the result encoding of successes and failures, and
// the watches a multi fires (zk-client-semantics.md 3.9-3.11, 4).
import type { SequenceGroup } from '../sequence.ts';
import { PERMS, check, create, del, readChildren, readData, sessions, set, world } from './dsl.ts';

const [a, b] = sessions();

export const multiGroup: SequenceGroup = {
  group: 'multi',
  title: 'multi and multiRead',
  sequences: [
    {
      name: 'multi/success-results',
      description: 'a successful multi returns one result per op: create path, setData Stat, delete, check',
      steps: [
        a.create('/old'),
        a.multi(create('/a', { data: 'a' }), set('/a', 'b', 0), check('/a', 1), del('/old', 0)),
        a.getData('/a'),
        a.exists('/old'),
      ],
    },
    {
      name: 'multi/failure-in-the-middle',
      description: 'ops before the culprit report OK, the culprit its code, later ops RUNTIMEINCONSISTENCY',
      steps: [
        a.multi(create('/a'), create('/missing/x'), set('/a', 'x'), check('/a')),
        a.exists('/a'),
        a.create('/b', { withStat: true }),
      ],
    },
    {
      name: 'multi/failure-first-and-last',
      description: 'the culprit may be the first or the last op; nothing is applied either way',
      steps: [
        a.create('/a', { data: 'x' }),
        a.multi(check('/missing'), set('/a', 'y'), create('/b')),
        a.multi(set('/a', 'y'), create('/b'), check('/a', 0)),
        a.getData('/a'),
        a.exists('/b'),
      ],
    },
    {
      name: 'multi/check-versions',
      description: 'check passes on the current version or -1, fails BADVERSION or NONODE otherwise',
      steps: [
        a.create('/a'),
        a.multi(check('/a', 0), check('/a', -1)),
        a.multi(check('/a', 1)),
        a.multi(check('/missing', -1)),
        a.setData('/a', 'x'),
        a.multi(check('/a', 1), set('/a', 'y', 1), check('/a', 2)),
        a.getData('/a'),
      ],
    },
    {
      name: 'multi/sees-its-own-changes',
      description: 'each op is validated against the effects of the earlier ops of the same multi',
      steps: [
        a.multi(
          create('/a', { data: '0' }),
          create('/a/b'),
          set('/a', '1', 0),
          check('/a', 1),
          del('/a/b', 0),
          create('/a/c', { mode: 'EPHEMERAL' }),
          create('/t'),
          del('/t'),
        ),
        a.getChildren2('/a'),
        a.exists('/t'),
      ],
    },
    {
      name: 'multi/create-then-delete-watches',
      description: 'a node created and deleted in one multi: the one-shot watches fire on the create only',
      steps: [
        a.create('/p'),
        b.exists('/p/t', true),
        b.getChildren('/p', true),
        a.multi(create('/p/t'), del('/p/t')),
        b.exists('/p/t'),
      ],
    },
    {
      name: 'multi/watch-order',
      description: 'a multi fires its events in op order, the writer\'s own before its reply',
      steps: [
        a.create('/a', { data: 'x' }),
        a.create('/p'),
        a.create('/p/old'),
        b.getData('/a', true),
        b.getChildren('/p', true),
        b.exists('/p/new', true),
        b.getData('/p/old', true),
        a.getData('/a', true),
        a.getChildren('/p', true),
        a.multi(set('/a', 'y'), create('/p/new'), del('/p/old')),
      ],
    },
    {
      name: 'multi/failed-fires-nothing',
      description: 'a failed multi fires no watch and changes nothing, yet consumes a zxid',
      steps: [
        a.create('/a'),
        b.getData('/a', true),
        b.exists('/b', true),
        a.multi(set('/a', 'x'), create('/b'), create('/a')),
        a.create('/c'),
        a.setData('/a', 'y'),
      ],
    },
    {
      name: 'multi/empty',
      description: 'a multi with no ops',
      steps: [a.create('/a'), a.multi(), a.create('/b', { withStat: true })],
    },
    {
      name: 'multi/error-codes-inside',
      description: 'the real codes of failing ops inside a multi: NODEEXISTS, NOTEMPTY, BADVERSION, NOCHILDRENFOREPHEMERALS',
      steps: [
        a.create('/p'),
        a.create('/p/c'),
        a.multi(create('/p')),
        a.multi(del('/p')),
        a.multi(del('/p/c', 3)),
        a.multi(set('/p', 'x', 3)),
        a.multi(create('/e', { mode: 'EPHEMERAL' }), create('/e/c')),
        a.multi(create('/q'), create('/q', { mode: 'EPHEMERAL' })),
      ],
    },
    {
      name: 'multi/acl-inside',
      description: 'ACL checks inside a multi: NOAUTH for create, delete, setData and check',
      steps: [
        a.create('/r', { data: 'r', acl: [world(PERMS.READ)] }),
        a.create('/n', { data: 'n', acl: [world(PERMS.WRITE)] }),
        a.multi(create('/r/c')),
        a.multi(set('/r', 'x')),
        a.multi(check('/n', 0)),
        a.multi(check('/r', 0), set('/n', 'y', 0)),
        a.multi(create('/x', { acl: [{ perms: PERMS.ALL, scheme: 'world', id: 'nobody' }] })),
      ],
    },
    {
      name: 'multi/create-with-stat',
      description: 'a create2 op inside a multi: does its result carry a Stat?',
      steps: [a.multi(create('/a', { withStat: true }), create('/b')), a.exists('/a')],
    },
    {
      name: 'multi/ephemerals',
      description: 'ephemerals created in a multi belong to the session and go with it',
      steps: [
        a.multi(create('/e1', { mode: 'EPHEMERAL' }), create('/e2', { mode: 'EPHEMERAL_SEQUENTIAL' })),
        b.exists('/e1', true),
        a.getEphemerals('/e'),
        a.close(),
        b.exists('/e1'),
      ],
    },
    {
      name: 'multi/multiread',
      description: 'multiRead returns each op\'s data, children or error without failing as a whole',
      steps: [
        a.create('/p', { data: 'p' }),
        a.create('/p/c1'),
        a.create('/p/c2', { data: 'two' }),
        a.create('/n', { data: 'n', acl: [world(PERMS.WRITE)] }),
        a.multiRead(readData('/p'), readChildren('/p'), readData('/missing'), readChildren('/missing'), readData('/n'), readData('/p/c2')),
        a.multiRead(),
      ],
    },
    {
      name: 'multi/multiread-sets-no-watch',
      description: 'multiRead sets no watch',
      steps: [
        a.create('/p', { data: 'p' }),
        b.multiRead(readData('/p'), readChildren('/p')),
        a.setData('/p', 'q'),
        a.create('/p/c'),
      ],
    },
  ],
};
