/**
 * The leader latch (Curator's LeaderLatch, the ZooKeeper election recipe): candidates queue with
 * ephemeral sequential nodes under /latch/<name>; the lowest is the leader. A leader watches its own
 * node, and stops believing it leads as soon as its client says the connection is gone (Disconnected,
 * as Curator treats SUSPENDED) or the node is deleted: within 2T/3 of losing the servers, before its
 * session (T) can expire and another candidate take over. A paused process cannot stop believing, so a
 * long pause can still give two leaders at once; the leader-latch checker says so.
 */
import type { ZooKeeper } from '../../cluster/index.ts';
import type { WorkloadContext } from '../context.ts';
import { waitSignal, watchSignal } from '../signal.ts';
import { awaitFirst, joinElection, leaveElection } from './election.ts';
import type { Candidate, Turn } from './election.ts';

/** Why leadership ended: it let go, its client lost the connection or session, or its node was deleted. */
export type Revocation = 'relinquished' | 'disconnected' | 'expired' | 'deleted';

export function latchDir(latch: string): string {
  return `/latch/${latch}`;
}

/** Joins the latch and waits to lead. Throws KeeperError as joinElection and awaitFirst do. */
export async function awaitLeadership(ctx: WorkloadContext, zk: ZooKeeper, latch: string, tag: number): Promise<{ node: Candidate; turn: Turn }> {
  const node = await joinElection(ctx, zk, latchDir(latch), tag);
  return { node, turn: await awaitFirst(ctx, zk, latchDir(latch), node) };
}

/** Leads for up to `leadMicros`, or until the client or the node says leadership is gone. */
export async function lead(ctx: WorkloadContext, zk: ZooKeeper, node: Candidate, leadMicros: number): Promise<Revocation> {
  const signal = watchSignal(ctx, zk);
  if (await zk.exists(node.path, signal.watcher) === null) return 'deleted';
  const event = await waitSignal(ctx, zk, signal, leadMicros);
  if (event === undefined) return 'relinquished';
  if (event.type === 'NodeDeleted') return 'deleted';
  if (event.type !== 'None') return 'relinquished';
  return event.state === 'Expired' || event.state === 'Closed' ? 'expired' : 'disconnected';
}

/** Leaves the latch (errors ignored). */
export function leaveLatch(zk: ZooKeeper, node: Candidate): ReturnType<typeof leaveElection> {
  return leaveElection(zk, node);
}
