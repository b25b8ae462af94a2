/**
 * zk/zab: ZooKeeper's atomic broadcast as ZooKeeper 3.8 implements it (Leader, LearnerHandler, Follower,
 * Observer: discovery, synchronisation with DIFF/TRUNC/SNAP, broadcast) and the quorum maths they and the
 * election share. So far it holds the quorum verifiers:
 *
 *  - quorum.ts  QuorumVerifier with QuorumMaj (majority of voters) and QuorumHierarchical (groups and
 *               weights); observers never count
 *
 * Invariants: any two quorums of one verifier share a voter of non-zero weight; a superset of a quorum is
 * a quorum; ids that are not voters never change the answer. Everything here is pure and deterministic.
 * Imports: src/base and other src/zk folders only (never src/sim, never node:*).
 */
export { QuorumHierarchical, QuorumMaj, makeQuorumVerifier } from './quorum.ts';
export type { QuorumSpec, QuorumVerifier, ServerId } from './quorum.ts';
