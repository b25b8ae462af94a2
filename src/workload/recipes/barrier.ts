/**
 * The barrier recipe (ZooKeeper's double-barrier enter, with a ready node): a party watches
 * <dir>/ready with exists, creates its own ephemeral child <dir>/<session name>, and lists the
 * children: with all parties present it creates ready (NODEEXISTS: another did) and passes; otherwise
 * it waits for ready to appear. Nobody passes before every party has entered. CONNECTIONLOSS is waited
 * out (creating the same own name again is safe: NODEEXISTS is ours); SESSIONEXPIRED is thrown.
 */
import type { ZooKeeper } from '../../cluster/index.ts';
import type { WorkloadContext } from '../context.ts';
import { codeOf, tolerate } from '../keeper.ts';
import { BACKOFF_MICROS, running } from '../program.ts';
import { waitSignal, watchSignal } from '../signal.ts';
import { ensurePath } from '../znodes.ts';

const READY = 'ready';
/** A waiting party re-checks this often even without an event. */
const RECHECK_MICROS = 1_000_000;

export function barrierDir(barrier: string, round: number): string {
  return `/barriers/${barrier}/round-${round}`;
}

/** Enters the barrier at `dir` with `parties` parties; 'passed' once all are in, 'stopped' at stop time. */
export async function enterBarrier(ctx: WorkloadContext, zk: ZooKeeper, dir: string, parties: number): Promise<'passed' | 'stopped'> {
  while (running(ctx)) {
    try {
      if (await tryPass(ctx, zk, dir, parties)) return 'passed';
    } catch (error) {
      if (codeOf(error) !== 'CONNECTIONLOSS') throw error;
      await ctx.sleep(zk, BACKOFF_MICROS);
    }
  }
  return 'stopped';
}

/** This party's ephemeral child (NODEEXISTS: this session made it before a lost reply); makes dir if missing. */
async function createOwn(zk: ZooKeeper, dir: string): Promise<void> {
  const path = `${dir}/${zk.name}`;
  try {
    await tolerate(zk.create(path, null, { mode: 'EPHEMERAL' }), 'NODEEXISTS');
  } catch (error) {
    if (codeOf(error) !== 'NONODE') throw error;
    await ensurePath(zk, dir);
    await tolerate(zk.create(path, null, { mode: 'EPHEMERAL' }), 'NODEEXISTS');
  }
}

/** One round of the recipe: true if ready exists (or this party made it), else waits for a change. */
async function tryPass(ctx: WorkloadContext, zk: ZooKeeper, dir: string, parties: number): Promise<boolean> {
  const signal = watchSignal(ctx, zk);
  if (await zk.exists(`${dir}/${READY}`, signal.watcher) !== null) return true;
  await createOwn(zk, dir);
  const present = (await zk.getChildren(dir)).filter((c) => c !== READY);
  if (present.length >= parties) {
    await tolerate(zk.create(`${dir}/${READY}`, null), 'NODEEXISTS');
    return true;
  }
  const event = await waitSignal(ctx, zk, signal, RECHECK_MICROS);
  return event?.type === 'NodeCreated';
}
