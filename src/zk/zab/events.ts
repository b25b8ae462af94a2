/**
 * What the Zab roles report into the recorded run: everything a checker or a timeline needs to follow
 * epochs, sync, proposals and commits, and why a role ended. The server adds its id. Zxids are numbers
 * (hex in reports); `learner` is the learner's server id as the leader saw it.
 */
import type { ServerId } from './quorum.ts';
import type { SyncMode, SyncReason } from './sync-plan.ts';

export type ZabEvent =
  /** The leader froze the new epoch (1 + the highest acceptedEpoch of a quorum) and persisted it. */
  | { readonly event: 'zab-epoch-proposed'; readonly epoch: number; readonly quorum: readonly ServerId[] }
  /** A learner accepted (persisted) the leader's new epoch. */
  | { readonly event: 'zab-epoch-accepted'; readonly epoch: number; readonly leader: ServerId }
  /** currentEpoch written: the leader after the epoch acks, a learner before acknowledging NEWLEADER. */
  | { readonly event: 'zab-epoch-current'; readonly epoch: number }
  /** The leader's choice for one learner (LearnerHandler.syncFollower). */
  | {
    readonly event: 'zab-sync-planned'; readonly learner: ServerId; readonly mode: SyncMode; readonly zxid: number;
    readonly peerZxid: number; readonly reason: SyncReason; readonly txns: number;
  }
  /** The learner received the sync mode. */
  | { readonly event: 'zab-sync-received'; readonly leader: ServerId; readonly mode: SyncMode; readonly zxid: number }
  /** A quorum acknowledged NEWLEADER: the leader serves. Learners: UPTODATE arrived. */
  | { readonly event: 'zab-serving'; readonly epoch: number; readonly role: 'leader' | 'follower' | 'observer'; readonly leader: ServerId }
  | { readonly event: 'zab-proposal'; readonly zxid: number; readonly session: number; readonly cxid: number; readonly op: string }
  | { readonly event: 'zab-ack'; readonly zxid: number; readonly from: ServerId }
  | { readonly event: 'zab-commit'; readonly zxid: number }
  /** A learner dropped a connection (it was behind on acks, or gone). */
  | { readonly event: 'zab-learner-lost'; readonly learner: ServerId; readonly reason: string }
  /** The role ended; the server goes back to LOOKING. */
  | { readonly event: 'zab-step-down'; readonly role: 'leader' | 'follower' | 'observer'; readonly reason: string }
  | { readonly event: 'zab-warning'; readonly message: string };
