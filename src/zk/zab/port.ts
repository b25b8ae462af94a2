/**
 * What the Zab roles (leader.ts, learner.ts) need from the server that hosts them. The roles own the
 * protocol (discovery, sync, broadcast, heartbeats, their timers); the server owns the database, the txn
 * log, the epoch files, client sessions and the request processors. Everything crosses this boundary as
 * plain calls, so a role can be stepped by hand in a test with a port that records what it was asked.
 */
import type { ConnId, TimerId, Zxid } from '../../base/index.ts';
import type { Txn } from '../protocol/index.ts';
import type { PacketOf, QuorumPacket, SessionTouch, SnapshotImage } from './packets.ts';
import type { QuorumVerifier, ServerId } from './quorum.ts';
import type { LeaderSyncState, SyncMode } from './sync-plan.ts';
import type { ZabEvent } from './events.ts';

/** tickTime, initLimit, syncLimit as zoo.cfg has them, and the zxid counter's width. */
export interface ZabTiming {
  readonly tickTimeMs: number;
  readonly initLimitTicks: number;
  readonly syncLimitTicks: number;
  /** Bits of the zxid counter (32 in ZooKeeper); smaller forces the rollover re-election sooner. */
  readonly counterBits: number;
}

/**
 * Deliberately broken behaviours, off by default, for proving that the checkers catch what they claim
 * to (a mutation test of the simulator's oracles). Never on in a real configuration.
 */
export interface ZabBugs {
  /** The leader commits a proposal as soon as it has logged it, without a quorum of ACKs. */
  readonly commitWithoutQuorum?: boolean;
  /** A follower ACKs a proposal when it receives it, before the fsync that makes it durable. */
  readonly ackBeforeFsync?: boolean;
}

export const DEFAULT_ZAB_TIMING: ZabTiming = { tickTimeMs: 2000, initLimitTicks: 10, syncLimitTicks: 5, counterBits: 32 };

/** What both roles need. */
export interface ZabCommonPort {
  readonly myId: ServerId;
  readonly verifier: QuorumVerifier;
  readonly timing: ZabTiming;
  readonly bugs: ZabBugs;
  now(): number;
  setTimer(delayMicros: number): TimerId;
  cancelTimer(timer: TimerId): void;
  send(conn: ConnId, packet: QuorumPacket): void;
  close(conn: ConnId): void;
  emit(event: ZabEvent): void;
  /** Writes the epoch file (tmp, fsync, rename); `then` runs once it is durable. */
  persistEpoch(which: 'acceptedEpoch' | 'currentEpoch', value: number, then: () => void): void;
  /** Appends to the txn log; the server hands the role `logged(txns)` once an fsync covers them. */
  log(txn: Txn): void;
  /** A committed txn, in zxid order: apply it and answer whoever waits on it. */
  commit(txn: Txn): void;
  /** The role is over (step-down, timeout, refusal); the server goes back to LOOKING. */
  leave(reason: string): void;
  /** An unrecoverable error (ZooKeeper exits the process): the server stops. */
  halt(reason: string): void;
}

export interface LeaderPort extends ZabCommonPort {
  /** What syncFollower reads (lastProcessedZxid, committedLog, the txn log on disk). */
  syncState(): LeaderSyncState;
  /** The state a SNAP carries, exact at the tree's lastProcessedZxid. */
  image(): SnapshotImage;
  /** A quorum acknowledged NEWLEADER: start serving clients (Leader.startZkServer). */
  serve(epoch: number): void;
  /** A learner forwarded a client request (not a sync): prepare it and `propose` the txn. */
  onRequest(fromSid: ServerId, packet: PacketOf<'REQUEST'>): void;
  /** A learner's ping reply: its clients' sessions are alive. */
  onTouches(fromSid: ServerId, touches: readonly SessionTouch[]): void;
  /** A learner asks whether a reconnecting session may live there; true makes that learner its owner. */
  revalidate(fromSid: ServerId, sessionId: number, timeoutMs: number): boolean;
}

export interface LearnerPort extends ZabCommonPort {
  connect(sid: ServerId): ConnId;
  /** The database's last logged zxid (QuorumPeer.getLastLoggedZxid). */
  lastLoggedZxid(): Zxid;
  /** TRUNC: cut the log back to `zxid` and reload; a problem makes ZooKeeper exit. */
  truncate(zxid: Zxid): { readonly ok: true } | { readonly problem: string };
  /** SNAP: replace the in-memory state (nothing on disk until NEWLEADER). */
  installImage(image: SnapshotImage, zxid: Zxid): void;
  /** At NEWLEADER after a SNAP or TRUNC: make the in-memory state durable as a snapshot (and drop stale files). */
  snapshotForSync(mode: SyncMode): void;
  /** Apply a txn committed during sync (before NEWLEADER): to the tree only, nothing answered. */
  applyDuringSync(txn: Txn): void;
  /** UPTODATE: start serving clients. */
  serve(epoch: number): void;
  /** The sessions this server's clients kept alive since the last ping (emptied by the call). */
  takeTouches(): SessionTouch[];
  /** The leader answered a REVALIDATE. */
  revalidated(sessionId: number, valid: boolean): void;
  /** The leader answered the oldest outstanding sync. */
  synced(): void;
}
