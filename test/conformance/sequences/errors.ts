// Error precedence: when several checks would fail, which error the server returns
// (zk-client-semantics.md 3.1, 3.2, 3.5, 3.7, 9.6).
import type { Acl, SequenceGroup } from '../sequence.ts';
import { OPEN, PERMS, READ_ONLY, sessions, world } from './dsl.ts';

const [a, b] = sessions();
const BAD_ACL: readonly Acl[] = [{ perms: PERMS.ALL, scheme: 'world', id: 'nobody' }];
const NO_CREATE: readonly Acl[] = [world(PERMS.ALL & ~PERMS.CREATE)];
const NO_DELETE: readonly Acl[] = [world(PERMS.ALL & ~PERMS.DELETE)];
const NO_WRITE: readonly Acl[] = [world(PERMS.ALL & ~PERMS.WRITE)];
const NO_ADMIN: readonly Acl[] = [world(PERMS.ALL & ~PERMS.ADMIN)];
const NO_READ: readonly Acl[] = [world(PERMS.ALL & ~PERMS.READ)];

export const errorsGroup: SequenceGroup = {
  group: 'errors',
  title: 'Error precedence',
  sequences: [
    {
      name: 'errors/create-invalidacl-beats-nonode',
      description: 'create: a bad ACL is reported before a missing parent',
      steps: [
        a.create('/missing/x', { acl: BAD_ACL }),
        a.create('/missing/x', { acl: [] }),
        a.create('/missing/x', { acl: [{ perms: PERMS.ALL, scheme: 'unknown', id: 'x' }] }),
        a.create('/missing/x', { acl: [{ perms: PERMS.ALL, scheme: 'digest', id: 'no-colon' }] }),
        a.create('/missing/x', { acl: [{ perms: PERMS.ALL, scheme: 'auth', id: '' }] }),
        a.create('/missing/x'),
      ],
    },
    {
      name: 'errors/create-invalidacl-beats-nodeexists',
      description: 'create: a bad ACL is reported before an existing node',
      steps: [a.create('/a'), a.create('/a', { acl: BAD_ACL }), a.create('/a')],
    },
    {
      name: 'errors/create-noauth-beats-nodeexists',
      description: 'create: missing CREATE on the parent is reported before an existing node',
      steps: [
        a.create('/p'),
        a.create('/p/c'),
        a.setACL('/p', NO_CREATE),
        a.create('/p/c'),
        a.create('/p/d'),
        a.create('/p/s', { mode: 'PERSISTENT_SEQUENTIAL' }),
        a.setACL('/p', OPEN),
        a.create('/p/s', { mode: 'PERSISTENT_SEQUENTIAL' }),
      ],
    },
    {
      name: 'errors/create-noauth-beats-nochildrenforephemerals',
      description: 'create under an ephemeral without CREATE on it is NOAUTH, not NOCHILDRENFOREPHEMERALS',
      steps: [
        a.create('/e', { mode: 'EPHEMERAL', acl: NO_CREATE }),
        a.create('/e/c'),
        a.setACL('/e', OPEN),
        a.create('/e/c'),
      ],
    },
    {
      name: 'errors/delete-noauth-beats-nonode',
      description: 'delete: missing DELETE on the parent is reported before a missing node',
      steps: [
        a.create('/p'),
        a.create('/p/c'),
        a.setACL('/p', NO_DELETE),
        a.delete('/p/missing'),
        a.delete('/p/c'),
        a.delete('/p/c', 9),
        a.delete('/p'),
        a.exists('/p/c'),
      ],
    },
    {
      name: 'errors/delete-badversion-beats-notempty',
      description: 'delete: a wrong version is reported before children',
      steps: [
        a.create('/p'),
        a.create('/p/c'),
        a.delete('/p', 5),
        a.delete('/p', 0),
        a.delete('/p', -1),
        a.delete('/p/c', 1),
        a.delete('/p/c', 0),
        a.delete('/p', 0),
      ],
    },
    {
      name: 'errors/delete-nonode',
      description: 'delete of a missing node, or under a missing parent, is NONODE',
      steps: [a.delete('/missing'), a.delete('/missing/x'), a.delete('/missing', 3), a.create('/a'), a.delete('/a/b')],
    },
    {
      name: 'errors/setdata-nonode-noauth-badversion',
      description: 'setData checks existence, then WRITE, then the version',
      steps: [
        a.setData('/missing', 'x', 3),
        a.create('/a', { data: 'x', acl: NO_WRITE }),
        a.setData('/a', 'y', 9),
        a.setData('/a', 'y'),
        a.create('/b', { data: 'x' }),
        a.setData('/b', 'y', 9),
        a.getData('/a'),
      ],
    },
    {
      name: 'errors/setacl-invalidacl-beats-nonode',
      description: 'setACL: a bad ACL is reported before a missing node',
      steps: [
        a.setACL('/missing', BAD_ACL),
        a.setACL('/missing', []),
        a.setACL('/missing', OPEN),
        a.setACL('/missing', OPEN, 4),
      ],
    },
    {
      name: 'errors/setacl-invalidacl-beats-noauth',
      description: 'setACL: a bad ACL is reported before a missing ADMIN permission',
      steps: [a.create('/a', { acl: NO_ADMIN }), a.setACL('/a', BAD_ACL), a.setACL('/a', OPEN), a.getACL('/a')],
    },
    {
      name: 'errors/setacl-noauth-beats-badversion',
      description: 'setACL: a missing ADMIN permission is reported before a wrong aversion',
      steps: [
        a.create('/a', { acl: NO_ADMIN }),
        a.setACL('/a', OPEN, 5),
        a.create('/b'),
        a.setACL('/b', READ_ONLY, 5),
        a.setACL('/b', OPEN, 0),
        a.setACL('/b', OPEN, 0),
        a.getACL('/b'),
      ],
    },
    {
      name: 'errors/read-errors',
      description: 'reads of missing nodes are NONODE; reads without READ are NOAUTH (getACL also accepts ADMIN)',
      steps: [
        a.getData('/missing'),
        a.getChildren('/missing'),
        a.getChildren2('/missing'),
        a.getACL('/missing'),
        a.exists('/missing'),
        a.create('/n', { data: 'secret', acl: NO_READ }),
        a.create('/n/c', { data: 'child' }),
        a.getData('/n'),
        a.getChildren('/n'),
        a.getChildren2('/n'),
        a.getACL('/n'),
        a.getAllChildrenNumber('/n'),
        a.getData('/n/c'),
        a.create('/w', { acl: [world(PERMS.WRITE)] }),
        a.getACL('/w'),
        b.getData('/n'),
      ],
    },
    {
      name: 'errors/invalid-acls',
      description: 'which ACL lists the server refuses with INVALIDACL, and which it accepts',
      steps: [
        a.create('/a', { acl: [] }),
        a.create('/a', { acl: BAD_ACL }),
        a.create('/a', { acl: [{ perms: PERMS.ALL, scheme: 'digest', id: 'no-colon' }] }),
        a.create('/a', { acl: [{ perms: PERMS.ALL, scheme: 'digest', id: 'a:b:c' }] }),
        a.create('/a', { acl: [{ perms: PERMS.ALL, scheme: 'ip', id: 'not-an-ip' }] }),
        a.create('/a', { acl: [{ perms: PERMS.ALL, scheme: 'ip', id: '10.0.0.0/33' }] }),
        a.create('/a', { acl: [{ perms: PERMS.ALL, scheme: 'super', id: 'x' }] }),
        a.create('/a', { acl: [{ perms: PERMS.ALL, scheme: 'auth', id: 'anything' }] }),
        a.create('/p0', { acl: [world(0)] }),
        a.create('/p32', { acl: [world(32)] }),
        a.create('/pneg', { acl: [world(-1)] }),
        a.create('/ip', { acl: [{ perms: PERMS.ALL, scheme: 'ip', id: '10.0.0.0/8' }] }),
        a.getACL('/p0'),
        a.getACL('/p32'),
        a.getACL('/pneg'),
      ],
    },
  ],
};
