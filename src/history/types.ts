/**
 * The recorded run as plain data: what every client asked and was told (OpRecord), what clients saw
 * happen to them (watch and session events, recipe notes), what the servers said about themselves
 * (ServerEvent), host lifecycle and faults, and each server's final state. Checkers (src/check) and
 * reports read only this, so the same checkers can judge a history recorded from a real ZooKeeper.
 *
 * Times are integer microseconds of virtual time. Zxids and session ids are numbers (ARCHITECTURE.md).
 * Every record is JSON-serialisable.
 */
import type { JsonValue } from '../base/index.ts';

/** The client operations a history records. */
export type OpName =
  | 'create' | 'delete' | 'setData' | 'getData' | 'exists' | 'getChildren' | 'sync' | 'multi'
  | 'getACL' | 'setACL' | 'other';

/**
 * How an operation ended:
 * - ok: the server answered with success;
 * - fail: the server answered with an error, so the operation definitely did not take effect;
 * - info: indeterminate (CONNECTIONLOSS, SESSIONEXPIRED, OPERATIONTIMEOUT): a write may or may not
 *   have happened; never a failure by itself;
 * - pending: the run ended before it completed (also indeterminate).
 */
export type OpOutcome = 'ok' | 'fail' | 'info' | 'pending';

/** The Stat fields checkers use. */
export interface StatLite {
  readonly czxid: number;
  readonly mzxid: number;
  readonly pzxid: number;
  readonly version: number;
  readonly cversion: number;
  readonly ephemeralOwner: number;
  readonly numChildren: number;
  readonly dataLength: number;
}

/** One op of a multi, as asked. */
export interface SubOp {
  readonly op: 'create' | 'delete' | 'setData' | 'check';
  readonly path: string;
  readonly data?: string | null;
  readonly version?: number;
  readonly ephemeral?: boolean;
  readonly sequential?: boolean;
}

/** One op of a multi, as answered (only when the multi's reply came back). */
export type SubResult =
  | { readonly ok: true; readonly path?: string; readonly stat?: StatLite }
  | { readonly ok: false; readonly code: string };

/**
 * One client operation from invocation to completion. `id` is its index in RunHistory.ops. `client` is
 * the handle's name (one handle holds one session at a time; `session` is the session id it had when the
 * operation completed, 0 if none). `zxid` is the reply header's zxid when the server answered: for a
 * write, the txn's zxid; for a read, the server's last processed zxid when it read.
 */
export interface OpRecord {
  readonly id: number;
  readonly client: string;
  readonly op: OpName;
  /** The znode; '' for multi. */
  readonly path: string;
  /** create/setData: the data asked to be written (UTF-8 text; null for no data). */
  readonly data?: string | null;
  /** setData/delete: the expected version (-1 any). */
  readonly version?: number;
  readonly ephemeral?: boolean;
  readonly sequential?: boolean;
  /** A read that left a watch. */
  readonly watch?: boolean;
  readonly subOps?: readonly SubOp[];
  readonly invokeMicros: number;
  /** Position in the run's one sequence of client records (invocations, completions, client events). */
  readonly invokeSeq: number;
  /** -1 while pending. */
  completeMicros: number;
  completeSeq: number;
  outcome: OpOutcome;
  /** The error code's name when outcome is fail or info. */
  code?: string;
  zxid?: number;
  session?: number;
  /** create: the path created (sequential names resolved). */
  createdPath?: string;
  stat?: StatLite;
  /** getData: the data read (UTF-8 text; null for none). */
  value?: string | null;
  /** getChildren: the children's names, sorted. */
  children?: readonly string[];
  subResults?: readonly SubResult[];
}

/**
 * A client-side event: a watch notification, a session state change, or a recipe's note. `seq` orders it
 * among the client records: a watch event delivered before a reply has a smaller seq than that reply's
 * completeSeq even when both happen in the same microsecond.
 */
export type ClientEvent =
  | {
    readonly kind: 'watch';
    readonly atMicros: number;
    readonly seq: number;
    readonly client: string;
    readonly type: 'NodeCreated' | 'NodeDeleted' | 'NodeDataChanged' | 'NodeChildrenChanged' | 'DataWatchRemoved' | 'ChildWatchRemoved' | 'PersistentWatchRemoved';
    readonly path: string;
    /** The triggering txn's zxid (-1 when unknown, e.g. events made by setWatches). */
    readonly zxid: number;
  }
  | {
    readonly kind: 'session';
    readonly atMicros: number;
    readonly seq: number;
    readonly client: string;
    readonly state: 'connected' | 'readonly' | 'disconnected' | 'expired' | 'closed' | 'authfailed';
    /** The session id (0 before the first one). */
    readonly session: number;
    /** The server connected to, for connected/readonly. */
    readonly server?: number;
  }
  | {
    /** What a workload or recipe wants its own checker to know (e.g. lock acquired/released). */
    readonly kind: 'note';
    readonly atMicros: number;
    readonly seq: number;
    readonly client: string;
    readonly name: string;
    readonly detail: JsonValue;
  };

/**
 * What a server said about itself (an `emit` of the server's step machine): `event` names it
 * (peer-state, zab-serving, zab-proposal, zab-commit, zab-apply, log-truncated, snapshot-loaded,
 * sessionExpired, ...); the other fields are as emitted. See src/check/zab for the fields each uses.
 */
export interface ServerEvent {
  readonly atMicros: number;
  readonly server: number;
  readonly event: string;
  readonly [field: string]: JsonValue;
}

/** A server host's lifecycle as the kernel saw it. */
export interface LifecycleEvent {
  readonly atMicros: number;
  readonly server: number;
  readonly event: 'start' | 'crash' | 'restart' | 'pause' | 'resume';
}

/** A fault the scenario applied (src/faults), as data, with the hosts it resolved to. */
export interface FaultRecord {
  readonly atMicros: number;
  readonly kind: string;
  readonly detail: JsonValue;
}

/** A server at the end of the run. */
export interface FinalServer {
  readonly server: number;
  readonly up: boolean;
  readonly state: string;
  readonly serving: boolean;
  readonly lastProcessedZxid: number;
  readonly digest: string;
  /** Live sessions in its tree (ids). */
  readonly sessions: readonly number[];
  /** Ephemeral znodes: path and owner. */
  readonly ephemerals: readonly { readonly path: string; readonly owner: number }[];
}

export interface RunMeta {
  readonly scenario: string;
  readonly seed: number;
  /** Server ids: voters first, then observers. */
  readonly servers: readonly number[];
  readonly observers: readonly number[];
  readonly tickTimeMs: number;
  readonly syncLimitTicks: number;
  readonly initLimitTicks: number;
  /** When the heal phase began: faults are off from here on (endMicros if there is none). */
  readonly healMicros: number;
  readonly endMicros: number;
}

export interface RunHistory {
  readonly meta: RunMeta;
  readonly ops: readonly OpRecord[];
  readonly clientEvents: readonly ClientEvent[];
  readonly serverEvents: readonly ServerEvent[];
  readonly lifecycle: readonly LifecycleEvent[];
  readonly faults: readonly FaultRecord[];
  readonly final: readonly FinalServer[];
}
