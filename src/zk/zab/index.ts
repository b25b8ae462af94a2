/**
 * zk/zab: ZooKeeper's atomic broadcast as ZooKeeper 3.8 implements it (Leader, LearnerHandler, Follower,
 * Observer: discovery, synchronisation with DIFF/TRUNC/SNAP, broadcast) and the quorum maths they and the
 * election share:
 *
 *  - quorum.ts          QuorumVerifier with QuorumMaj (majority of voters) and QuorumHierarchical (groups
 *                       and weights); observers never count
 *  - packets.ts         the quorum packets (Leader.java's types) as a discriminated union, describePacket
 *  - snapshot-image.ts  the state a SNAP carries, taken from and rebuilt into a DataTree
 *  - sync-plan.ts       LearnerHandler.syncFollower / queueCommittedProposals: DIFF, TRUNC or SNAP and the
 *                       packets queued before NEWLEADER; Leader.startForwarding's in-flight packets
 *  - epochs.ts          discovery's epoch rules: getEpochToPropose, LEADERINFO on the learner, ACKEPOCH,
 *                       waitForEpochAck, waitForNewLeaderAck
 *  - epoch-files.ts     the acceptedEpoch / currentEpoch files: bytes, atomic write, loadDataBase's checks
 *  - leader.ts          the LEADING role: Leader.lead with a LearnerHandler per learner (discovery, sync,
 *                       broadcast, pings, step-down)
 *  - learner.ts         the FOLLOWING / OBSERVING roles: connect, register, sync, follow
 *  - port.ts            what the roles need from the server hosting them; ZabTiming
 *  - events.ts          the typed events the roles report
 *
 * Invariants: any two quorums of one verifier share a voter of non-zero weight; a superset of a quorum is
 * a quorum; ids that are not voters never change the answer. A sync plan applied to a learner whose log
 * shares a prefix with the leader's leaves it with exactly the leader's committed history (no stale txn
 * survives, nothing committed is missing). The new epoch is above every acceptedEpoch of the quorum that
 * fixed it. Everything here is pure and deterministic.
 * Imports: src/base and other src/zk folders only (never src/sim, never node:*).
 */
export { QuorumHierarchical, QuorumMaj, makeQuorumVerifier } from './quorum.ts';
export type { QuorumSpec, QuorumVerifier, ServerId } from './quorum.ts';
export { PACKET_TYPE_CODES, ZAB_PROTOCOL_VERSION, describePacket, describeTxnOp, packetZxid } from './packets.ts';
export type {
  ForwardedRequest, LeaderToLearnerPacket, LearnerToLeaderPacket, PacketOf, PacketType, QuorumPacket, SessionTouch, SnapNode,
  SnapshotImage,
} from './packets.ts';
export { imageOfTree, treeOfImage } from './snapshot-image.ts';
export {
  DEFAULT_COMMIT_LOG_COUNT, DEFAULT_SNAPSHOT_SIZE_FACTOR, effectiveCommitLogCount, effectiveSnapshotSizeFactor, forwardingPackets,
  planSync,
} from './sync-plan.ts';
export type {
  LeaderInFlight, LeaderSyncState, SyncMode, SyncPlan, SyncQueuedPacket, SyncReason, TxnLogFileView, TxnLogView,
} from './sync-plan.ts';
export {
  INITIAL_EPOCH_ACKS, INITIAL_EPOCH_PROPOSAL, hex64, initialNewLeaderAcks, isMoreRecentThan, leaderInfoPacket, learnerInfoPacket,
  learnerInfoProblem, offerAcceptedEpoch, onLeaderInfo, recordEpochAck, recordNewLeaderAck, summaryOfAckEpoch,
} from './epochs.ts';
export type {
  DiscoveryContext, EpochAckStep, EpochAcks, EpochProposal, EpochProposalStep, LeaderInfoOutcome, LearnerEpochState,
  NewLeaderAckStep, NewLeaderAcks, StateSummary,
} from './epochs.ts';
export {
  ACCEPTED_EPOCH_FILE, CURRENT_EPOCH_FILE, TMP_EXTENSION, UPDATING_EPOCH_FILE, decodeEpochFile, encodeEpochFile, epochFileWrite,
  loadEpochs,
} from './epoch-files.ts';
export type { EpochFileName, EpochFileStep, EpochFixup, EpochLoad, EpochRead } from './epoch-files.ts';
export { Leader } from './leader.ts';
export type { LeaderStart } from './leader.ts';
export { Learner } from './learner.ts';
export type { LearnerStart } from './learner.ts';
export { DEFAULT_ZAB_TIMING } from './port.ts';
export type { LeaderPort, LearnerPort, ZabBugs, ZabCommonPort, ZabTiming } from './port.ts';
export type { ZabEvent } from './events.ts';
