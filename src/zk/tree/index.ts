/**
 * zk/tree: the DataTree (znodes, stored and visible Stat, ephemerals, containers, TTL nodes, the digest)
 * and how transactions change it. Pure; deterministic iteration (insertion order).
 * Imports: src/base, zk/protocol.
 */
export { DataTree } from './data-tree.ts';
export type { ApplyResult, TreeEvent } from './data-tree.ts';
export { DataNode, nextVersion, statOf } from './node.ts';
export { aclAllows, digestId, fixupAcl, maskDigests } from './acl.ts';
