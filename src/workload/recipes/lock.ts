/**
 * The ZooKeeper lock recipe: ephemeral sequential nodes under /locks/<name>; the lowest holds the lock;
 * every other contender watches its predecessor and re-checks when it goes (recipes/election.ts). The
 * lock is held for as long as the holder's node exists, which is as long as its session lives: a
 * holder whose session expires (a long GC pause, a partition) has lost the lock without knowing it
 * until its client tells it. That is why a lock alone cannot protect an outside resource (fenced-lock.ts).
 */
import type { ZooKeeper } from '../../cluster/index.ts';
import type { WorkloadContext } from '../context.ts';
import type { ignoring } from '../keeper.ts';
import { awaitFirst, joinElection, leaveElection } from './election.ts';
import type { Candidate } from './election.ts';

export interface LockHold {
  readonly lock: string;
  readonly node: Candidate;
  /** The lock node's czxid: a fencing token that grows with every later holder. */
  readonly token: number;
  /** The holder's session (the node's ephemeralOwner). */
  readonly session: number;
}

/** held: the lock is ours; lost: our node went away while waiting (start again); stopped: time is up. */
export type Acquired = { readonly kind: 'held'; readonly hold: LockHold } | { readonly kind: 'lost' } | { readonly kind: 'stopped' };

export function lockDir(lock: string): string {
  return `/locks/${lock}`;
}

/**
 * Joins the queue for `lock` and waits to be first. `tag` is new for every call by this session.
 * Throws KeeperError (SESSIONEXPIRED: start over with a new session; CONNECTIONLOSS while joining: try
 * again with a new tag).
 */
export async function acquireLock(ctx: WorkloadContext, zk: ZooKeeper, lock: string, tag: number): Promise<Acquired> {
  const dir = lockDir(lock);
  const node = await joinElection(ctx, zk, dir, tag);
  const turn = await awaitFirst(ctx, zk, dir, node);
  switch (turn) {
    case 'first': return { kind: 'held', hold: { lock, node, token: node.czxid, session: node.session } };
    case 'gone': return { kind: 'lost' };
    case 'stopped': return { kind: 'stopped' };
  }
}

/** Releases the lock by deleting the node (errors ignored: the code comes back when it failed). */
export function releaseLock(zk: ZooKeeper, hold: LockHold): ReturnType<typeof ignoring> {
  return leaveElection(zk, hold.node);
}
