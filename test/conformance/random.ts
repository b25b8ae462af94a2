// A fast-check generator of random conformance sequences (the format of sequence.ts), for running the
// same random workload against the real ZooKeeper and against zksim and comparing the recordings.
//
// The generator stays inside what both sides must answer deterministically: a small universe of paths
// (so operations collide: NODEEXISTS, NOTEMPTY, BADVERSION, NONODE happen often), up to three sessions,
// every operation of the format (a session's steps after its close are dropped) except containers and TTL nodes (the reaper works on its own
// schedule on the real server) and auth schemes other than digest. Session i only ever authenticates as
// user `u<i>`, so an `auth` ACL expands to at most one id (with several, ZooKeeper lists them in hash-set
// order). Every path is chroot-safe, so the real driver runs these on its shared server. Each sequence
// starts with session 0 creating `/a` and `/a/b` (open ACL), so that most operations meet a node.
import fc from 'fast-check';
import type { Acl, CreateModeName, CreateOp, MultiOp, MultiReadOp, Op, Sequence, Step, WatcherTypeName } from './sequence.ts';
import { PERMS } from './sequence.ts';
import { digest } from './sequences/dsl.ts';

const PATHS = ['/a', '/a/b', '/a/b/c', '/a/d', '/e', '/a/s0000000000', '/a/s0000000001', '/a/b/s0000000000'] as const;
const SEQUENTIAL_PREFIXES = ['/a/s', '/a/b/s'] as const;
const MAX_SESSIONS = 3;

/** Paths near the prelude's nodes weigh more, so that most operations meet a node. */
const PATH_WEIGHTS: Readonly<Record<(typeof PATHS)[number], number>> = {
  '/a': 4, '/a/b': 4, '/a/b/c': 3, '/a/d': 3, '/e': 1, '/a/s0000000000': 1, '/a/s0000000001': 1, '/a/b/s0000000000': 1,
};
const pathArb = fc.oneof(...PATHS.map((p) => ({ weight: PATH_WEIGHTS[p], arbitrary: fc.constant(p) })));
const watchArb = fc.constantFrom(true, true, false);
const dataArb = fc.constantFrom<string | null>(null, '', 'x', 'yy', 'zzz');
const versionArb = fc.constantFrom(-1, -1, -1, 0, 0, 1, 2);
const modeArb = fc.constantFrom<CreateModeName>('PERSISTENT', 'PERSISTENT', 'EPHEMERAL', 'PERSISTENT_SEQUENTIAL', 'EPHEMERAL_SEQUENTIAL');

const aclArb: fc.Arbitrary<readonly Acl[]> = fc.oneof(
  { weight: 6, arbitrary: fc.constant([{ perms: PERMS.ALL, scheme: 'world', id: 'anyone' }]) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 31 }).map((perms) => [{ perms, scheme: 'world', id: 'anyone' }]) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 31 })).map(([u, perms]) => [digest(`u${u}`, `p${u}`, perms)]) },
  { weight: 1, arbitrary: fc.constant([{ perms: PERMS.ALL, scheme: 'auth', id: '' }]) },
  { weight: 1, arbitrary: fc.constant([{ perms: PERMS.READ, scheme: 'world', id: 'anyone' }, digest('u0', 'p0', PERMS.ALL)]) },
);

const createArb = fc.record({
  op: fc.constant('create' as const),
  sequential: fc.boolean(),
  plain: pathArb,
  prefix: fc.constantFrom(...SEQUENTIAL_PREFIXES),
  data: dataArb,
  acl: aclArb,
  mode: modeArb,
  withStat: fc.boolean(),
}).map(({ plain, prefix, mode, withStat, data, acl }): CreateOp => {
  const sequential = mode === 'PERSISTENT_SEQUENTIAL' || mode === 'EPHEMERAL_SEQUENTIAL';
  return { op: 'create', path: sequential ? prefix : plain, data, acl, mode, ...(withStat ? { withStat } : {}) };
});

const deleteArb = fc.record({ op: fc.constant('delete' as const), path: pathArb, version: versionArb });
const setDataArb = fc.record({ op: fc.constant('setData' as const), path: pathArb, data: dataArb, version: versionArb });
const checkArb = fc.record({ op: fc.constant('check' as const), path: pathArb, version: versionArb });
const multiOpArb: fc.Arbitrary<MultiOp> = fc.oneof(createArb, deleteArb, setDataArb, checkArb);
const multiReadOpArb: fc.Arbitrary<MultiReadOp> = fc.record({ op: fc.constantFrom('getData' as const, 'getChildren' as const), path: pathArb });
const watcherTypeArb = fc.constantFrom<WatcherTypeName>('CHILDREN', 'DATA', 'ANY', 'ANY', 'PERSISTENT');

/** One operation, weighted towards writes and watches; `addAuth` is filled in per session later. */
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: createArb },
  { weight: 4, arbitrary: deleteArb },
  { weight: 5, arbitrary: setDataArb },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('exists' as const), path: pathArb, watch: watchArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('getData' as const), path: pathArb, watch: watchArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('getChildren' as const), path: pathArb, watch: watchArb, withStat: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('getACL' as const), path: pathArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('setACL' as const), path: pathArb, acl: aclArb, version: versionArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('sync' as const), path: pathArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('multi' as const), ops: fc.array(multiOpArb, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('multiRead' as const), ops: fc.array(multiReadOpArb, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('getEphemerals' as const), prefix: fc.constantFrom('/', '/a', '/a/b', '/e') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('getAllChildrenNumber' as const), path: pathArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('addWatch' as const), path: pathArb, mode: fc.constantFrom('PERSISTENT' as const, 'PERSISTENT_RECURSIVE' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('removeWatches' as const), path: pathArb, type: watcherTypeArb }) },
  { weight: 1, arbitrary: fc.constant({ op: 'addAuth' as const, scheme: 'digest', auth: '' }) },
  { weight: 1, arbitrary: fc.constant({ op: 'whoAmI' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'close' as const }) },
);

/**
 * Renumbers sessions in order of first use (the format requires 0, 1, 2, ...), drops a session's steps
 * after its close, and sets each session's auth user.
 */
function normalise(raw: readonly { session: number; op: Op }[]): Step[] {
  const index = new Map<number, number>();
  const closed = new Set<number>();
  const steps: Step[] = [];
  for (const { session, op } of raw) {
    if (closed.has(session)) continue;
    if (op.op === 'close') closed.add(session);
    let s = index.get(session);
    if (s === undefined) {
      s = index.size;
      index.set(session, s);
    }
    const body: Op = op.op === 'addAuth' ? { ...op, auth: `u${s}:p${s}` } : op;
    steps.push({ session: s, ...body });
  }
  return steps;
}

const PRELUDE: readonly { session: number; op: Op }[] = ['/a', '/a/b'].map((path) => ({
  session: 0,
  op: { op: 'create', path, data: null, acl: [{ perms: PERMS.ALL, scheme: 'world', id: 'anyone' }], mode: 'PERSISTENT' },
}));

/** Random sequences: the prelude, then 4..`maxSteps` steps; `name` is `random/r<n>` by generation order. */
export function randomSequenceArb(maxSteps = 20): fc.Arbitrary<Sequence> {
  let counter = 0;
  return fc
    .array(fc.record({ session: fc.integer({ min: 0, max: MAX_SESSIONS - 1 }), op: opArb }), { minLength: 4, maxLength: maxSteps, size: 'max' })
    .map((raw) => {
      counter += 1;
      return { name: `random/r${counter}`, description: 'a random sequence', steps: normalise([...PRELUDE, ...raw]) };
    });
}
