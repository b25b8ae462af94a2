/**
 * zk/election: Fast Leader Election as ZooKeeper 3.8 implements it (FastLeaderElection.java and the parts
 * of QuorumPeer.java it leans on), as a pure step machine owned by a QuorumPeer.
 *
 *  - types.ts                 peer states, the notification, votes, the port, the decision, timing knobs
 *  - vote-order.ts            totalOrderPredicate (epoch, zxid, id; weight 0 never wins) and Vote.equals
 *  - fast-leader-election.ts  the election: rounds, the tally, the finalize wait, the back-off, joining an
 *                             established leader, and the receiver's answers while not LOOKING
 *  - events.ts                the typed events it emits (JSON data) for the recorded run
 *  - describe.ts              stable one-line printers for notifications, votes and events
 *  - channels.ts              the transport (QuorumCnxManager): one connection per pair, opened by the
 *                             larger id, a send queue of one per peer, the last vote re-sent on connect
 *
 * Invariants: nothing here reads a clock, a random source or the network; time comes from the port and
 * every input is one call. The election's result is only a hint: safety comes from Zab's epochs.
 * Imports: src/base and src/zk (zab's quorum verifiers) only; never src/sim, never node:*.
 */
export { ElectionChannels } from './channels.ts';
export type { ChannelPort, ElectionWire } from './channels.ts';
export { FastLeaderElection } from './fast-leader-election.ts';
export type { ElectionOptions, ElectionSnapshot, LookingInput } from './fast-leader-election.ts';
export { DEFAULT_ELECTION_TIMING, NOTIFICATION_VERSION, NO_VOTE } from './types.ts';
export type {
  ElectedState, ElectionDecision, ElectionPort, ElectionTiming, Notification, PeerState, Proposal, Vote,
} from './types.ts';
export { recordVote, supportersOf, totalOrderPredicate, votesEqual } from './vote-order.ts';
export type { RecordedVote } from './vote-order.ts';
export type { ElectionEvent, EstablishedCount, IgnoreReason, SendReason } from './events.ts';
export { describeDecision, describeEvent, describeNotification, describeProposal, describeVote } from './describe.ts';
