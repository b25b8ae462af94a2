/**
 * zk/prep: the prep stage of the request pipeline: write requests become transactions, validated in
 * ZooKeeper's order against the tree plus every write prepared but not yet applied.
 * Imports: src/base, zk/protocol, zk/tree.
 */
export { prepDeleteContainer, prepWrite } from './prep.ts';
export type { PrepContext } from './prep.ts';
export { PendingChanges, Scratch } from './pending.ts';
export type { NodeLookup, NodeRecord } from './pending.ts';
