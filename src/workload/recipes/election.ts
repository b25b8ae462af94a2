/**
 * The election pattern under the lock and the leader latch (ZooKeeper recipes): every candidate creates
 * an EPHEMERAL_SEQUENTIAL node under a directory; the lowest sequence wins; every other candidate
 * watches only its predecessor (exists with a watch, no herd) and re-checks when it goes.
 *
 * Node names are protected, as Curator's are: `<session name>#<tag>-n-<seq>`. After a CONNECTIONLOSS
 * the create may or may not have happened, so the candidate lists the directory for its own prefix
 * instead of creating again under a name it cannot know; a node of this session from an earlier tag
 * (a lost create that did happen) is its own leftover and is deleted, never waited on.
 */
import type { ZooKeeper } from '../../cluster/index.ts';
import type { WorkloadContext } from '../context.ts';
import { codeOf, ignoring, keeperError } from '../keeper.ts';
import { BACKOFF_MICROS, running } from '../program.ts';
import { waitSignal, watchSignal } from '../signal.ts';
import { bySequence, ensurePath } from '../znodes.ts';

/** A candidate's node: its path, name, czxid (the zxid that created it) and owning session. */
export interface Candidate {
  readonly path: string;
  readonly name: string;
  readonly czxid: number;
  readonly session: number;
}

/** How a wait for the first place ends: first, the node is gone (deleted or expired), or time is up. */
export type Turn = 'first' | 'gone' | 'stopped';

/** A waiter re-checks this often even without a watch event (belt and braces against a lost watch). */
const RECHECK_MICROS = 1_000_000;

/** Creates this session's candidate node under `dir`; `tag` is new for every call by this session. */
export async function joinElection(ctx: WorkloadContext, zk: ZooKeeper, dir: string, tag: number): Promise<Candidate> {
  const prefix = `${zk.name}#${tag}-n-`;
  try {
    return await createCandidate(zk, dir, prefix);
  } catch (error) {
    if (codeOf(error) !== 'CONNECTIONLOSS') throw error;
    const found = await findOwn(ctx, zk, dir, prefix);
    if (found === undefined) throw error; // not created, or not visible yet: the caller tries a new tag
    return found;
  }
}

/** The create itself; the directory is made the first time it is missing. */
async function createCandidate(zk: ZooKeeper, dir: string, prefix: string): Promise<Candidate> {
  const create = (): ReturnType<ZooKeeper['create2']> => zk.create2(`${dir}/${prefix}`, zk.name, { mode: 'EPHEMERAL_SEQUENTIAL' });
  let created;
  try {
    created = await create();
  } catch (error) {
    if (codeOf(error) !== 'NONODE') throw error;
    await ensurePath(zk, dir);
    created = await create();
  }
  const { path, stat } = created;
  return { path, name: path.slice(dir.length + 1), czxid: stat.czxid, session: stat.ephemeralOwner };
}

/** After a lost create: this prefix's node if the directory (listed once connected again) has it. */
async function findOwn(ctx: WorkloadContext, zk: ZooKeeper, dir: string, prefix: string): Promise<Candidate | undefined> {
  await ctx.sleep(zk, BACKOFF_MICROS);
  const name = (await zk.getChildren(dir)).find((child) => child.startsWith(prefix));
  if (name === undefined) return undefined;
  const stat = await zk.exists(`${dir}/${name}`);
  if (stat === null) return undefined;
  return { path: `${dir}/${name}`, name, czxid: stat.czxid, session: stat.ephemeralOwner };
}

/**
 * Waits until `me` is the lowest candidate. CONNECTIONLOSS is waited out here; SESSIONEXPIRED and other
 * codes are thrown to the caller.
 */
export async function awaitFirst(ctx: WorkloadContext, zk: ZooKeeper, dir: string, me: Candidate): Promise<Turn> {
  while (running(ctx)) {
    try {
      const turn = await checkTurn(ctx, zk, dir, me);
      if (turn !== undefined) return turn;
    } catch (error) {
      if (codeOf(error) !== 'CONNECTIONLOSS') throw error;
      await ctx.sleep(zk, BACKOFF_MICROS);
    }
  }
  return 'stopped';
}

/** One look at the directory: first, gone, or (undefined) watched the predecessor until it changed. */
async function checkTurn(ctx: WorkloadContext, zk: ZooKeeper, dir: string, me: Candidate): Promise<Turn | undefined> {
  const children = bySequence(await zk.getChildren(dir));
  if (!children.includes(me.name)) return 'gone';
  const own = `${zk.name}#`;
  for (const stale of children.filter((c) => c.startsWith(own) && c !== me.name)) {
    const code = await ignoring(zk.delete(`${dir}/${stale}`));
    if (code === 'SESSIONEXPIRED' || code === 'CONNECTIONLOSS') throw keeperError(code, `${dir}/${stale}`);
  }
  const ahead = children.slice(0, children.indexOf(me.name)).filter((c) => !c.startsWith(own));
  const predecessor = ahead[ahead.length - 1];
  if (predecessor === undefined) return 'first';
  const signal = watchSignal(ctx, zk);
  if (await zk.exists(`${dir}/${predecessor}`, signal.watcher) === null) return undefined;
  await waitSignal(ctx, zk, signal, RECHECK_MICROS);
  return undefined;
}

/** Leaves the election: deletes the node (errors ignored); the code when it failed. */
export function leaveElection(zk: ZooKeeper, me: Candidate): ReturnType<typeof ignoring> {
  return ignoring(zk.delete(me.path));
}
