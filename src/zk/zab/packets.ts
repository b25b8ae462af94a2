/**
 * The quorum packets of Zab as data (Leader.java's packet type constants and QuorumPacket records, with
 * the payloads LearnerHandler, Learner, Follower and Observer read out of their byte arrays given names
 * and types). ZooKeeper's names are kept as the discriminant so traces read like ZooKeeper's logs.
 *
 * Not modelled: COMMITANDACTIVATE (9) and INFORMANDACTIVATE (19), which only dynamic reconfiguration
 * sends; the quorum-verifier bytes NEWLEADER carries (no reconfiguration, the configuration is static);
 * the pre-Zab-1.0 exchange (a learner of protocol version < 0x10000 gets no LEADERINFO); the auth info
 * a QuorumPacket may carry other than on REQUEST.
 */
import { assertNever, epochOf, formatZxid } from '../../base/index.ts';
import type { Zxid } from '../../base/index.ts';
import type { Acl, Id, MultiOp, NodeKind, Txn, TxnOp, WriteRequest } from '../protocol/index.ts';
import type { ServerId } from './quorum.ts';

/** Leader.java's packet type numbers (the wire codes, for reports and byte-level traces). */
export const PACKET_TYPE_CODES = {
  REQUEST: 1,
  PROPOSAL: 2,
  ACK: 3,
  COMMIT: 4,
  PING: 5,
  REVALIDATE: 6,
  SYNC: 7,
  INFORM: 8,
  NEWLEADER: 10,
  FOLLOWERINFO: 11,
  UPTODATE: 12,
  DIFF: 13,
  TRUNC: 14,
  SNAP: 15,
  OBSERVERINFO: 16,
  LEADERINFO: 17,
  ACKEPOCH: 18,
} as const;

export type PacketType = keyof typeof PACKET_TYPE_CODES;

/** The protocol version a 3.x learner and leader announce (LearnerInfo, LEADERINFO data): Zab 1.0. */
export const ZAB_PROTOCOL_VERSION = 0x10000;

/** One entry of a learner's touch table (Learner.ping: the session id and its timeout, as long + int). */
export interface SessionTouch {
  readonly sessionId: number;
  readonly timeoutMs: number;
}

/**
 * One znode of a SNAP, as plain data: what DataTree.serializeNode writes for it (path, data, ACL,
 * StatPersisted). The stored child counter `cversion` is the server's (child creates), not the client's.
 */
export interface SnapNode {
  readonly path: string;
  readonly data: Uint8Array | null;
  readonly acl: readonly Acl[];
  readonly kind: NodeKind;
  readonly czxid: Zxid;
  readonly mzxid: Zxid;
  readonly pzxid: Zxid;
  readonly ctimeMs: number;
  readonly mtimeMs: number;
  readonly version: number;
  readonly cversion: number;
  readonly aversion: number;
}

/**
 * What a SNAP streams (ZKDatabase.serializeSnapshot: the sessions with their timeouts, then the tree
 * depth first, parents before children). snapshot-image.ts fills it from a DataTree and rebuilds one.
 */
export interface SnapshotImage {
  readonly sessions: readonly SessionTouch[];
  readonly nodes: readonly SnapNode[];
}

/**
 * A client request a learner forwards to the leader (Learner.request: session id, cxid, opcode and the
 * request's bytes, plus the connection's auth info): writes, multi, sync, and the global session
 * changes createSession (the learner chose the session id; the body is the timeout) and closeSession.
 */
export type ForwardedRequest =
  | (WriteRequest & { readonly withStat?: boolean })
  | { readonly op: 'multi'; readonly ops: readonly MultiOp[] }
  | { readonly op: 'sync'; readonly path: string }
  | { readonly op: 'createSession'; readonly timeoutMs: number }
  | { readonly op: 'closeSession' };

/** LearnerInfo (sid, protocolVersion, configVersion) in a FOLLOWERINFO or OBSERVERINFO. */
interface LearnerInfoFields {
  /** makeZxid(acceptedEpoch, 0): Learner.registerWithLeader sends the accepted epoch as a zxid. */
  readonly zxid: Zxid;
  readonly sid: ServerId;
  readonly protocolVersion: number;
  /** The version of the learner's quorum verifier (the leader refuses a learner whose config is newer). */
  readonly configVersion: number;
}

export type QuorumPacket =
  // ---- discovery ----
  | ({ readonly type: 'FOLLOWERINFO' } & LearnerInfoFields)
  | ({ readonly type: 'OBSERVERINFO' } & LearnerInfoFields)
  /** makeZxid(newEpoch, 0); the data is the leader's protocol version. */
  | { readonly type: 'LEADERINFO'; readonly zxid: Zxid; readonly protocolVersion: number }
  /**
   * The learner's last logged zxid and its currentEpoch before accepting the new one, or -1 when it had
   * already accepted that epoch (a reply that does not count as an epoch ack).
   */
  | { readonly type: 'ACKEPOCH'; readonly zxid: Zxid; readonly currentEpoch: number }
  // ---- synchronisation ----
  /** The proposals that follow apply on top of the learner's log; zxid = the leader's last committed. */
  | { readonly type: 'DIFF'; readonly zxid: Zxid }
  /** Cut the learner's log back to `zxid` (keep it and everything before), then apply what follows. */
  | { readonly type: 'TRUNC'; readonly zxid: Zxid }
  /** Replace the learner's state by the image; zxid = the leader's lastProcessedZxid. */
  | { readonly type: 'SNAP'; readonly zxid: Zxid; readonly snapshot: SnapshotImage }
  /** End of the sync data: makeZxid(newEpoch, 0). */
  | { readonly type: 'NEWLEADER'; readonly zxid: Zxid }
  /** Start serving (sent once the leader runs). Its zxid on the wire is -1 and means nothing. */
  | { readonly type: 'UPTODATE' }
  // ---- broadcast ----
  | { readonly type: 'PROPOSAL'; readonly txn: Txn }
  | { readonly type: 'COMMIT'; readonly zxid: Zxid }
  /** A committed txn in full, to observers (which never see PROPOSAL/COMMIT once synced). */
  | { readonly type: 'INFORM'; readonly txn: Txn }
  /** A proposal (or NEWLEADER, zxid (e,0)) is logged; the post-UPTODATE ACK also carries (e,0). */
  | { readonly type: 'ACK'; readonly zxid: Zxid }
  // ---- sessions, heartbeats, forwarding ----
  /**
   * Leader to learner: zxid = the leader's lastProposed, no touches. Learner to leader: the same zxid
   * echoed with the learner's touch table (the sessions its clients kept alive since the last ping).
   */
  | { readonly type: 'PING'; readonly zxid: Zxid; readonly touches: readonly SessionTouch[] }
  | {
    readonly type: 'REQUEST';
    readonly sessionId: number;
    readonly cxid: number;
    readonly request: ForwardedRequest;
    readonly authInfo: readonly Id[];
  }
  /** Learner to leader: may this reconnecting session live here? (long id + int timeout). */
  | { readonly type: 'REVALIDATE'; readonly sessionId: number; readonly timeoutMs: number }
  /** Leader to learner: the answer (long id + boolean); when valid the leader made that learner the owner. */
  | { readonly type: 'REVALIDATE'; readonly sessionId: number; readonly valid: boolean }
  /** Leader to learner: the oldest `sync` this learner forwarded is done (the packet carries nothing else). */
  | { readonly type: 'SYNC' };

export type PacketOf<T extends PacketType> = Extract<QuorumPacket, { readonly type: T }>;

/** What a learner sends (LearnerHandler.run reads these; anything else is logged and ignored). */
export type LearnerToLeaderPacket = PacketOf<'FOLLOWERINFO' | 'OBSERVERINFO' | 'ACKEPOCH' | 'ACK' | 'PING' | 'REQUEST'>
  | { readonly type: 'REVALIDATE'; readonly sessionId: number; readonly timeoutMs: number };

/** What a leader sends to a learner. */
export type LeaderToLearnerPacket = PacketOf<'LEADERINFO' | 'DIFF' | 'TRUNC' | 'SNAP' | 'NEWLEADER' | 'UPTODATE' | 'PROPOSAL'
  | 'COMMIT' | 'INFORM' | 'PING' | 'SYNC'>
  | { readonly type: 'REVALIDATE'; readonly sessionId: number; readonly valid: boolean };

/** The zxid field of the packet as ZooKeeper's QuorumPacket holds it (-1 or 0 where it means nothing). */
export function packetZxid(p: QuorumPacket): number {
  switch (p.type) {
    case 'PROPOSAL':
    case 'INFORM':
      return p.txn.zxid;
    case 'FOLLOWERINFO':
    case 'OBSERVERINFO':
    case 'LEADERINFO':
    case 'ACKEPOCH':
    case 'DIFF':
    case 'TRUNC':
    case 'SNAP':
    case 'NEWLEADER':
    case 'COMMIT':
    case 'ACK':
    case 'PING':
      return p.zxid;
    case 'UPTODATE':
    case 'REQUEST':
    case 'REVALIDATE':
      return -1;
    case 'SYNC':
      return 0;
    default:
      return assertNever(p);
  }
}

function hex(n: number): string {
  return n < 0 ? `${n}` : `0x${n.toString(16)}`;
}

/** `create /a`, `multi(3)`, `error NONODE`, `createSession 3000ms`: a txn's operation in a few words. */
export function describeTxnOp(op: TxnOp): string {
  switch (op.type) {
    case 'create':
    case 'delete':
    case 'setData':
    case 'setACL':
    case 'check':
      return `${op.type} ${op.path}`;
    case 'createSession':
      return `createSession ${op.timeoutMs}ms`;
    case 'closeSession':
      return 'closeSession';
    case 'error':
      return `error ${op.code}`;
    case 'multi':
      return `multi(${op.ops.length})`;
    default:
      return assertNever(op);
  }
}

function describeRequest(r: ForwardedRequest): string {
  switch (r.op) {
    case 'create':
    case 'delete':
    case 'setData':
    case 'setACL':
    case 'check':
    case 'sync':
      return `${r.op} ${r.path}`;
    case 'multi':
      return `multi(${r.ops.length})`;
    case 'createSession':
      return `createSession ${r.timeoutMs}ms`;
    case 'closeSession':
      return 'closeSession';
    default:
      return assertNever(r);
  }
}

function describeTxn(t: Txn): string {
  return `${formatZxid(t.zxid)} ${describeTxnOp(t.op)} session ${hex(t.sessionId)}`;
}

/**
 * One stable line per packet, for traces and golden transcripts (like LearnerHandler.packetToString:
 * the type name first, then the zxid in hex). Changing a format changes golden files: do it on purpose.
 */
export function describePacket(p: QuorumPacket): string {
  switch (p.type) {
    case 'FOLLOWERINFO':
    case 'OBSERVERINFO':
      return `${p.type} sid ${p.sid} acceptedEpoch ${epochOf(p.zxid)} v${hex(p.protocolVersion)} config ${hex(p.configVersion)}`;
    case 'LEADERINFO':
      return `LEADERINFO ${hex(p.zxid)} newEpoch ${epochOf(p.zxid)} v${hex(p.protocolVersion)}`;
    case 'ACKEPOCH':
      return `ACKEPOCH ${hex(p.zxid)} currentEpoch ${p.currentEpoch}`;
    case 'DIFF':
    case 'TRUNC':
    case 'NEWLEADER':
    case 'COMMIT':
    case 'ACK':
      return `${p.type} ${hex(p.zxid)}`;
    case 'SNAP':
      return `SNAP ${hex(p.zxid)} (${p.snapshot.nodes.length} nodes, ${p.snapshot.sessions.length} sessions)`;
    case 'UPTODATE':
    case 'SYNC':
      return p.type;
    case 'PROPOSAL':
    case 'INFORM':
      return `${p.type} ${describeTxn(p.txn)}`;
    case 'PING': {
      const touches = p.touches.map((t) => `${hex(t.sessionId)}:${t.timeoutMs}ms`).join(',');
      return p.touches.length === 0 ? `PING ${hex(p.zxid)}` : `PING ${hex(p.zxid)} touches ${touches}`;
    }
    case 'REQUEST':
      return `REQUEST session ${hex(p.sessionId)} cxid ${p.cxid} ${describeRequest(p.request)}`;
    case 'REVALIDATE':
      return 'valid' in p
        ? `REVALIDATE session ${hex(p.sessionId)} ${p.valid ? 'valid' : 'invalid'}`
        : `REVALIDATE session ${hex(p.sessionId)} timeout ${p.timeoutMs}ms`;
    default:
      return assertNever(p);
  }
}
