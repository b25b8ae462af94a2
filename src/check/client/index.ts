/**
 * check/client: ZooKeeper's client guarantees as checkers over a recorded run (zk-client-semantics.md 7,
 * zk-internals.md 8.4/8.5, simulators.md 14 items 1-3): linearizable writes, per-session FIFO, sequentially
 * consistent reads, single system image, read-your-writes, no lost or rolled-back writes, sync and bounded
 * staleness, sequential names, ephemerals dying with their session, one-shot ordered watches, atomic multi.
 *
 * Invariants: a checker reads only the RunHistory (never the simulator), so it can judge a history recorded
 * from a real ZooKeeper; it is deterministic and near-linear (the write order is read off the zxids and
 * replayed once on a tree model shared by the checkers, never searched); indeterminate ops (info, pending)
 * are never failures by themselves; what a checker cannot decide it reports as unknown, not as a failure.
 *
 * Imports: base, zk/protocol, history, ../types.ts.
 */
import type { Checker } from '../types.ts';
import { ephemeralsDieWithSession } from './ephemerals.ts';
import { multiAtomic } from './multi-atomic.ts';
import { noLostWrites } from './no-lost-writes.ts';
import { readYourWrites } from './read-your-writes.ts';
import { readsSequentiallyConsistent } from './reads-sequential.ts';
import { sequentialNames } from './sequential-names.ts';
import { sessionFifo } from './session-fifo.ts';
import { singleSystemImage } from './single-system-image.ts';
import { syncThenRead } from './sync-then-read.ts';
import { watches } from './watches.ts';
import { writesLinearizable } from './writes-linearizable.ts';

export {
  ephemeralsDieWithSession, multiAtomic, noLostWrites, readYourWrites, readsSequentiallyConsistent, sequentialNames, sessionFifo,
  singleSystemImage, syncThenRead, watches, writesLinearizable,
};
export { modelOf } from './replay.ts';
export type { ModelRun } from './replay.ts';
export type { Change, NodeState } from './tree-model.ts';

export const clientCheckers: readonly Checker[] = [
  writesLinearizable, sessionFifo, readsSequentiallyConsistent, singleSystemImage, readYourWrites, noLostWrites, syncThenRead,
  sequentialNames, ephemeralsDieWithSession, watches, multiAtomic,
];
