// Error precedence as ladders: each step of a ladder fails several checks at once, the next step removes
// the error the server reported, so the whole check order of create, delete, setData, setACL and check
// shows, alone and inside multi (zk-client-semantics.md 3.1, 3.2, 3.5, 3.7, 3.11, 4, 9.6).
// NODEEXISTS against NOCHILDRENFOREPHEMERALS cannot be staged: an ephemeral never has a child to collide.
import type { Acl, SequenceGroup } from '../sequence.ts';
import { CREATOR_ALL, OPEN, PERMS, check, create, del, sessions, set, world } from './dsl.ts';

const [a, b] = sessions();
const BAD_ACL: readonly Acl[] = [{ perms: PERMS.ALL, scheme: 'world', id: 'nobody' }];
const NO_CREATE: readonly Acl[] = [world(PERMS.ALL & ~PERMS.CREATE)];
const NO_DELETE: readonly Acl[] = [world(PERMS.ALL & ~PERMS.DELETE)];
const NO_WRITE: readonly Acl[] = [world(PERMS.ALL & ~PERMS.WRITE)];
const NO_ADMIN: readonly Acl[] = [world(PERMS.ALL & ~PERMS.ADMIN)];
const NO_READ: readonly Acl[] = [world(PERMS.ALL & ~PERMS.READ)];
const TTL = 3_600_000; // an hour: never reaped while a sequence runs

export const precedenceGroup: SequenceGroup = {
  group: 'precedence',
  title: 'Error precedence ladders',
  sequences: [
    {
      name: 'precedence/create-ladder',
      description: 'create: flags, TTL, slash/NUL, ACL, parent, CREATE permission, full path, existence, ephemeral parent, in that order',
      steps: [
        a.create('/e', { mode: 'EPHEMERAL', acl: NO_CREATE }),
        a.create('x\u0001', { flags: 7, acl: BAD_ACL }),
        a.create('x', { mode: 'PERSISTENT_WITH_TTL', ttl: 0, acl: BAD_ACL }),
        a.create('x', { mode: 'PERSISTENT', ttl: TTL, acl: BAD_ACL }),
        a.create('x', { acl: BAD_ACL }),
        a.create('/missing\u0000/x', { acl: BAD_ACL }),
        a.create('/missing/x\u0001', { acl: BAD_ACL }),
        a.create('/missing/x\u0001', { acl: CREATOR_ALL }),
        a.create('/e/x\u0001', { acl: [] }),
        a.create('/missing/x\u0001'),
        a.create('/e/x\u0001'),
        a.create('/e/'),
        a.create('/e/x', { mode: 'EPHEMERAL_SEQUENTIAL' }),
        a.setACL('/e', OPEN),
        a.create('/e/x\u0001'),
        a.create('/e/'),
        a.create('/e'),
        a.create('/e/x'),
        a.create('/e/', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.exists('/e'),
      ],
    },
    {
      name: 'precedence/no-children-for-ephemerals-every-mode',
      description: 'no mode may create under an ephemeral: container, TTL, sequential, ephemeral, in a multi, by any session',
      steps: [
        a.create('/e', { mode: 'EPHEMERAL' }),
        a.create('/e/c', { mode: 'CONTAINER' }),
        a.create('/e/t', { mode: 'PERSISTENT_WITH_TTL', ttl: TTL }),
        a.create('/e/s', { mode: 'PERSISTENT_SEQUENTIAL_WITH_TTL', ttl: TTL }),
        a.create('/e/es', { mode: 'EPHEMERAL_SEQUENTIAL' }),
        b.create('/e/x', { mode: 'EPHEMERAL' }),
        a.multi(create('/e/m')),
        a.multi(create('/f', { mode: 'EPHEMERAL' }), create('/f/c', { mode: 'CONTAINER' })),
        a.exists('/e'),
      ],
    },
    {
      name: 'precedence/delete-ladder',
      description: 'delete: special path or no slash, parent, DELETE permission (even for a missing node), node, version, children',
      steps: [
        a.create('/p'),
        a.create('/p/c'),
        a.create('/p/c/g'),
        a.setACL('/p', NO_DELETE),
        a.delete('/zookeeper/config', 3),
        a.delete('/zookeeper', 3),
        a.delete('p', 3),
        a.delete('/missing/x', 3),
        a.delete('/p/c', 3),
        a.delete('/p/missing', 3),
        a.delete('/p/', 3),
        a.setACL('/p', OPEN),
        a.delete('/p/missing', 3),
        a.delete('/p/', 3),
        a.delete('/p/c', 3),
        a.delete('/p/c', 0),
        a.delete('/p/c', -1),
        a.delete('/p/c/g', 0),
        a.delete('/p/c', 0),
        a.getChildren2('/p'),
      ],
    },
    {
      name: 'precedence/setdata-ladder',
      description: 'setData: path validation, node, WRITE permission, version, in that order',
      steps: [
        a.create('/a', { data: 'a', acl: NO_WRITE }),
        a.setData('/missing/', 'x', 5),
        a.setData('/a/', 'x', 5),
        a.setData('/missing', 'x', 5),
        a.setData('/a', 'x', 5),
        a.setData('/a', 'x', 0),
        a.setACL('/a', OPEN),
        a.setData('/a', 'x', 5),
        a.setData('/a', 'x', 0),
        a.getData('/a'),
      ],
    },
    {
      name: 'precedence/setacl-ladder',
      description: 'setACL: path validation, ACL validity, node, ADMIN permission, aversion, in that order',
      steps: [
        a.create('/a', { acl: NO_ADMIN }),
        a.create('/b'),
        a.setACL('/missing/', [], 5),
        a.setACL('/missing', [], 5),
        a.setACL('/missing', BAD_ACL, 5),
        a.setACL('/a', CREATOR_ALL, 5),
        a.setACL('/missing', OPEN, 5),
        a.setACL('/a', OPEN, 5),
        a.setACL('/a', OPEN, 0),
        a.digestAuth('alice', 'secret'),
        a.setACL('/a', CREATOR_ALL, 5),
        a.setACL('/b', CREATOR_ALL, 5),
        a.setACL('/b', CREATOR_ALL, 0),
        a.getACL('/b'),
        b.getACL('/b'),
      ],
    },
    {
      name: 'precedence/check-ladder',
      description: 'check in a multi: path validation, node, READ permission, version, in that order',
      steps: [
        a.create('/n', { acl: NO_READ }),
        a.create('/r', { acl: [world(PERMS.READ)] }),
        a.multi(check('/missing/', 5)),
        a.multi(check('/missing', 5)),
        a.multi(check('/n', 5)),
        a.multi(check('/n', 0)),
        a.multi(check('/n', -1)),
        a.multi(check('/r', 5)),
        a.multi(check('/r', 0), check('/r', -1)),
        a.setACL('/n', OPEN),
        a.multi(check('/n', 5), check('/r', 0)),
      ],
    },
    {
      name: 'precedence/in-multi-against-pending-state',
      description: 'inside a multi each op meets the same check order, against the state the earlier ops left; the first failure wins',
      steps: [
        a.multi(check('/missing'), create('/x/')),
        a.multi(create('/a'), create('/a/'), del('/missing')),
        a.multi(create('/a'), set('/a', 'x', 3), create('/a')),
        a.multi(create('/p'), create('/p/c'), del('/p', 0)),
        a.multi(create('/p'), create('/p/c'), del('/p', 3)),
        a.multi(create('/p'), del('/p'), create('/p/c')),
        a.multi(create('/p'), del('/p'), check('/p')),
        a.multi(create('/p', { acl: NO_DELETE }), create('/p/c'), del('/p/missing')),
        a.multi(create('/p', { acl: NO_CREATE }), create('/p/c', { acl: BAD_ACL })),
        a.multi(create('/p', { acl: NO_CREATE }), create('/p/c')),
        a.multi(create('/p', { acl: NO_WRITE }), set('/p', 'x', 9)),
        a.exists('/a'),
        a.exists('/p'),
      ],
    },
  ],
};
