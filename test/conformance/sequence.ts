// The conformance format shared by the real-ZooKeeper driver (test/conformance/real/) and, later, the zksim
// driver: a Sequence of client operations, and the Recording of what a standalone server answered.
// Everything here is plain JSON-serialisable data plus the Normaliser both drivers must use, so that a
// recording made against Apache ZooKeeper 3.8 and one made against zksim can be compared byte for byte.
//
// Sequences. A sequence is a list of steps; each step names a session index and one operation. Sessions
// are opened lazily: the first step that names index i opens session i (indexes must first appear in the
// order 0, 1, 2, ...), with the timeout given in `sessions[i]` or DEFAULT_SESSION_TIMEOUT_MS. A session
// stays open until a `close` step or the end of the sequence (the harness then closes it, unrecorded);
// no step may use a session after its `close`. Requests are sent as written: there is no client-side
// validation, so a bad path gets the server's answer (BADARGUMENTS...), not a client exception.
// The server runs with SERVER_PROFILE below; a simulator must be configured the same way.
//
// Recordings. Per step: the label of the call, the outcome (`{ok: value}` or `{error: NAME, code}`), the
// zxid of the reply header (for a write, its own txn, even when it failed; for a read, the server's last
// zxid), and the events every session received because of this step. Events are attributed to a step
// because, after each step, the driver makes one round trip on every open session: a standalone server
// handles requests in order and queues a notification on a connection before any later reply on it, so
// every notification a step caused has arrived by then. Per session, events keep their arrival order;
// sessions are listed in index order (arrival order across connections is not defined). On the acting
// session, events that arrived before the step's own reply carry `beforeReply: true` (ZooKeeper sends a
// writer's own notification before the write's reply). Session state events (`SyncConnected` with the
// negotiated timeout when a session opens, `Closed` when the server has closed the connection after a
// close, `AuthFailed`, `Disconnected`) are listed with the notifications.
//
// Normalisation, so that two runs give byte-identical recordings and a simulator can produce the same:
//  - zxids are relative to a baseline: the server's last zxid just before the sequence's first step.
//    A fresh server has last zxid 0, so a simulator starting from a fresh tree uses baseline 0 and its
//    zxids are the numbers recorded here; the real driver, when it runs a sequence on a shared server,
//    subtracts the zxid it observed before the sequence. Values <= 0 (built-in nodes, "no zxid") are kept.
//  - ctime/mtime are wall-clock ms on the real server and virtual ms in a simulator, so no offset in ms
//    can match across implementations or even across two real runs. What is deterministic is which
//    transaction stamped the time: ZooKeeper sets ctime with czxid and mtime with mzxid from the same txn
//    timestamp. A time is therefore recorded as the token `t(Z)`, Z being the normalised zxid of the txn
//    whose time it must be (czxid for ctime, mzxid for mtime), after checking that it really is: each txn
//    zxid gets exactly one time in a run (the first seen), times never decrease as zxids increase, and,
//    when a window is given, lie within the run. A time that fails these checks is recorded as `t(?)`,
//    which no correct implementation produces. A raw time of 0 (built-in nodes) stays 0.
//  - session ids are replaced by session indexes; ephemeralOwner is `"s<index>"`, 0 for a non-ephemeral
//    node, and the raw hex for an owner that is no session of the sequence (container/TTL markers).
//  - children lists (getChildren, multiRead) and getEphemerals lists are sorted: ZooKeeper defines no
//    order. For the same reason the notifications a `close` step causes are sorted per session (by path,
//    then event name; closeSession deletes the session's ephemerals in hash-set order): see
//    sortCloseEvents. whoAmI ids are sorted by scheme then user (a hash set on the server). ACL lists
//    keep the server's order: it stores the list as given, minus duplicates. (The entries an `auth` ACL
//    expands to come in the order of that hash set, so with several ids their order is the server's.)
//  - data is decoded as UTF-8; null data stays null (it differs from "" on the wire).

/** How the server is configured; a simulator must match it for the recordings to apply. */
import { codeName } from '../../src/zk/protocol/index.ts';
import type { CreateMode } from '../../src/zk/protocol/index.ts';

export const SERVER_PROFILE = {
  mode: 'standalone',
  tickTimeMs: 2000,
  minSessionTimeoutMs: 4000, // 2 x tickTime, ZooKeeper's default
  maxSessionTimeoutMs: 40000, // 20 x tickTime, ZooKeeper's default
  extendedTypesEnabled: true, // TTL nodes
  containerCheckIntervalMs: 100,
  /** A super user: `addAuth digest super:<this password>` bypasses every ACL. */
  superUser: 'super',
  superPassword: 'zksim-super',
} as const;

export const DEFAULT_SESSION_TIMEOUT_MS = 10000;

// ---------------------------------------------------------------------------------------------------
// Constants (zk-client-semantics.md section 2)

// The tables come from zksim's own protocol module (one definition of ZooKeeper's numbers): the
// conformance suite then also checks those numbers against the real server.
export { CREATE_MODE_FLAGS as CREATE_MODES, ERROR_CODES, PERMS } from '../../src/zk/protocol/index.ts';
export type CreateModeName = CreateMode;

/** The name of an error code (`NONODE`), or `UNKNOWN(<n>)` for a code not in the table. */
export function errorName(code: number): string {
  return codeName(code) ?? `UNKNOWN(${code})`;
}

export const EVENT_TYPES: Readonly<Record<number, string>> = {
  [-1]: 'None',
  1: 'NodeCreated',
  2: 'NodeDeleted',
  3: 'NodeDataChanged',
  4: 'NodeChildrenChanged',
  5: 'DataWatchRemoved',
  6: 'ChildWatchRemoved',
  7: 'PersistentWatchRemoved',
};

export const KEEPER_STATES: Readonly<Record<number, string>> = {
  [-112]: 'Expired',
  0: 'Disconnected',
  3: 'SyncConnected',
  4: 'AuthFailed',
  5: 'ConnectedReadOnly',
  6: 'SaslAuthenticated',
  7: 'Closed',
};

export const ADD_WATCH_MODES = { PERSISTENT: 0, PERSISTENT_RECURSIVE: 1 } as const;
export type AddWatchModeName = keyof typeof ADD_WATCH_MODES;

/** WatcherType of removeWatches (opcode 18, "remove all of this type") and checkWatches (opcode 17). */
export const WATCHER_TYPES = { CHILDREN: 1, DATA: 2, ANY: 3, PERSISTENT: 4, PERSISTENT_RECURSIVE: 5 } as const;
export type WatcherTypeName = keyof typeof WATCHER_TYPES;

// ---------------------------------------------------------------------------------------------------
// Sequences

export interface Acl {
  readonly perms: number;
  readonly scheme: string;
  readonly id: string;
}

export interface CreateOp {
  readonly op: 'create';
  readonly path: string;
  /** UTF-8 text, or null (sent as a null buffer, which differs from "" on the wire). */
  readonly data: string | null;
  readonly acl: readonly Acl[];
  readonly mode: CreateModeName;
  /** Sent with opcode createTTL (21); also when the mode is not a TTL mode (the server must refuse it). */
  readonly ttl?: number;
  /** Opcode create2 (15), whose reply carries the new node's Stat. CONTAINER (19) and TTL (21) always do. */
  readonly withStat?: boolean;
  /** Raw create flags sent instead of the mode's, to send an invalid mode. */
  readonly flags?: number;
}

export interface DeleteOp {
  readonly op: 'delete';
  readonly path: string;
  readonly version: number;
}

export interface SetDataOp {
  readonly op: 'setData';
  readonly path: string;
  readonly data: string | null;
  readonly version: number;
}

export interface CheckOp {
  readonly op: 'check';
  readonly path: string;
  readonly version: number;
}

/** The ops a write multi may hold. */
export type MultiOp = CreateOp | DeleteOp | SetDataOp | CheckOp;

/** The ops a multiRead may hold. */
export type MultiReadOp =
  | { readonly op: 'getData'; readonly path: string }
  | { readonly op: 'getChildren'; readonly path: string };

export type Op =
  | CreateOp
  | DeleteOp
  | SetDataOp
  | { readonly op: 'exists'; readonly path: string; readonly watch: boolean }
  | { readonly op: 'getData'; readonly path: string; readonly watch: boolean }
  | { readonly op: 'getChildren'; readonly path: string; readonly watch: boolean; readonly withStat: boolean }
  | { readonly op: 'getACL'; readonly path: string }
  | { readonly op: 'setACL'; readonly path: string; readonly acl: readonly Acl[]; readonly version: number }
  | { readonly op: 'sync'; readonly path: string }
  | { readonly op: 'multi'; readonly ops: readonly MultiOp[] }
  | { readonly op: 'multiRead'; readonly ops: readonly MultiReadOp[] }
  | { readonly op: 'addAuth'; readonly scheme: string; readonly auth: string }
  | { readonly op: 'getEphemerals'; readonly prefix: string }
  | { readonly op: 'getAllChildrenNumber'; readonly path: string }
  | { readonly op: 'addWatch'; readonly path: string; readonly mode: AddWatchModeName }
  /**
   * Opcode removeWatches (18), or with `check` opcode checkWatches (17): what the Java client sends to
   * remove one watcher (it removes it locally and asks the server whether the path is still watched).
   */
  | { readonly op: 'removeWatches'; readonly path: string; readonly type: WatcherTypeName; readonly check?: true }
  | { readonly op: 'whoAmI' }
  | { readonly op: 'close' };

export type OpName = Op['op'];

export type Step = Op & { readonly session: number };

export interface SessionOptions {
  /** The session timeout the client asks for; the server clamps it to [min, max]. */
  readonly timeoutMs?: number;
}

export interface Sequence {
  /** `<group>/<kebab-name>`, unique across the corpus. */
  readonly name: string;
  /** One line: what the sequence checks. */
  readonly description: string;
  readonly sessions?: readonly SessionOptions[];
  readonly steps: readonly Step[];
}

export interface SequenceGroup {
  /** File-name friendly group id; the golden file is `golden/<group>.json`. */
  readonly group: string;
  readonly title: string;
  readonly sequences: readonly Sequence[];
}

/** Checks the rules a driver relies on; returns the problems found (empty when valid). */
export function validateSequence(seq: Sequence): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(seq.name)) problems.push(`name ${seq.name} is not <group>/<kebab-name>`);
  if (seq.description.trim() === '' || seq.description.includes('\n')) problems.push('description must be one line');
  if (seq.steps.length === 0) problems.push('no steps');
  let opened = 0;
  const closed = new Set<number>();
  seq.steps.forEach((step, i) => {
    if (!Number.isInteger(step.session) || step.session < 0 || step.session > opened) {
      problems.push(`step ${i}: session ${step.session} used before session ${opened}`);
    }
    if (step.session === opened) opened += 1;
    if (closed.has(step.session)) problems.push(`step ${i}: session ${step.session} used after its close`);
    if (step.op === 'close') closed.add(step.session);
  });
  if ((seq.sessions?.length ?? 0) > opened) problems.push('more session options than sessions');
  return problems;
}

/** Checks every sequence, that names are unique, and that each name starts with its group's id. */
export function validateCorpus(groups: readonly SequenceGroup[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const g of groups) {
    for (const seq of g.sequences) {
      if (names.has(seq.name)) problems.push(`${seq.name}: duplicate name`);
      names.add(seq.name);
      if (!seq.name.startsWith(`${g.group}/`)) problems.push(`${seq.name}: not in group ${g.group}`);
      problems.push(...validateSequence(seq).map((p) => `${seq.name}: ${p}`));
    }
  }
  return problems;
}

/** A short, stable, human-readable label of a step's call, stored in recordings to make them readable. */
export function describeOp(op: Op | MultiOp | MultiReadOp): string {
  // Data longer than 1 KiB is labelled by its start and length, so a golden file stays readable.
  const data = (d: string | null): string =>
    d === null ? 'null' : d.length > 1024 ? `${JSON.stringify(d.slice(0, 32))}...(${d.length} chars)` : JSON.stringify(d);
  const acl = (list: readonly Acl[]): string => `[${list.map((a) => `${a.scheme}:${a.id}:${a.perms}`).join(',')}]`;
  switch (op.op) {
    case 'create': {
      const extras = [
        op.ttl !== undefined ? `ttl=${op.ttl}` : '',
        op.flags !== undefined ? `flags=${op.flags}` : '',
        op.withStat === true ? 'withStat' : '',
      ].filter((s) => s !== '');
      return [`create ${op.path} ${data(op.data)} ${acl(op.acl)} ${op.mode}`, ...extras].join(' ');
    }
    case 'delete':
      return `delete ${op.path} v=${op.version}`;
    case 'setData':
      return `setData ${op.path} ${data(op.data)} v=${op.version}`;
    case 'check':
      return `check ${op.path} v=${op.version}`;
    case 'exists':
    case 'getData':
      return 'watch' in op ? `${op.op} ${op.path}${op.watch ? ' watch' : ''}` : `${op.op} ${op.path}`;
    case 'getChildren':
      return 'watch' in op
        ? `getChildren${op.withStat ? '2' : ''} ${op.path}${op.watch ? ' watch' : ''}`
        : `getChildren ${op.path}`;
    case 'getACL':
      return `getACL ${op.path}`;
    case 'setACL':
      return `setACL ${op.path} ${acl(op.acl)} v=${op.version}`;
    case 'sync':
      return `sync ${op.path}`;
    case 'multi':
      return `multi [${op.ops.map(describeOp).join('; ')}]`;
    case 'multiRead':
      return `multiRead [${op.ops.map(describeOp).join('; ')}]`;
    case 'addAuth':
      return `addAuth ${op.scheme} ${op.auth}`;
    case 'getEphemerals':
      return `getEphemerals ${op.prefix}`;
    case 'getAllChildrenNumber':
      return `getAllChildrenNumber ${op.path}`;
    case 'addWatch':
      return `addWatch ${op.path} ${op.mode}`;
    case 'removeWatches':
      return `${op.check === true ? 'checkWatches' : 'removeWatches'} ${op.path} ${op.type}`;
    case 'whoAmI':
      return 'whoAmI';
    case 'close':
      return 'close';
  }
}

// ---------------------------------------------------------------------------------------------------
// Recordings

/** A Stat after normalisation (see the header). */
export interface NormalStat {
  readonly czxid: number;
  readonly mzxid: number;
  readonly ctime: TimeToken;
  readonly mtime: TimeToken;
  readonly version: number;
  readonly cversion: number;
  readonly aversion: number;
  readonly ephemeralOwner: 0 | string;
  readonly dataLength: number;
  readonly numChildren: number;
  readonly pzxid: number;
}

/** 0, `t(<zxid>)`, or `t(?)` for a time that is not the time of the txn that should have set it. */
export type TimeToken = 0 | string;

export type MultiResult =
  | { readonly op: 'create'; readonly path: string; readonly stat?: NormalStat }
  | { readonly op: 'delete' }
  | { readonly op: 'setData'; readonly stat: NormalStat }
  | { readonly op: 'check' }
  | { readonly op: 'getData'; readonly data: string | null; readonly stat: NormalStat }
  | { readonly op: 'getChildren'; readonly children: readonly string[] }
  | { readonly error: string; readonly code: number };

/** The value of a successful step; which fields are present depends on the operation. */
export interface OkValue {
  readonly path?: string;
  readonly data?: string | null;
  readonly stat?: NormalStat;
  readonly children?: readonly string[];
  readonly acl?: readonly Acl[];
  readonly results?: readonly MultiResult[];
  readonly ephemerals?: readonly string[];
  readonly count?: number;
  readonly ids?: readonly { readonly scheme: string; readonly user: string }[];
}

export type Outcome =
  | { readonly ok: OkValue }
  /** For a failed multi, `error` is the first non-OK result (the code a Java client throws). */
  | { readonly error: string; readonly code: number; readonly results?: readonly MultiResult[] };

export type RecordedEvent =
  | {
      readonly session: number;
      readonly event: string;
      readonly path: string;
      /** Normalised zxid of the notification's reply header, when the server sends one (> 0). */
      readonly zxid?: number;
      /** A KeeperState other than SyncConnected carried by a notification. */
      readonly keeperState?: string;
      readonly beforeReply?: true;
    }
  | {
      readonly session: number;
      readonly state: 'SyncConnected' | 'Closed' | 'AuthFailed' | 'Disconnected';
      readonly timeoutMs?: number;
      readonly beforeReply?: true;
    };

export interface StepRecord {
  readonly step: number;
  readonly session: number;
  readonly call: string;
  readonly result: Outcome;
  /** Normalised zxid of the reply header; absent for addAuth (answered outside the pipeline, zxid 0). */
  readonly zxid?: number;
  readonly events: readonly RecordedEvent[];
}

export interface Recording {
  readonly name: string;
  readonly description: string;
  readonly steps: readonly StepRecord[];
}

export interface GoldenFile {
  readonly group: string;
  readonly title: string;
  /** Which server produced it (informational; not compared). */
  readonly recordedWith: string;
  readonly recordings: readonly Recording[];
}

/**
 * The canonical text of a golden file: JSON with 2-space indentation, except that an object or array
 * holding only primitives (a Stat, an event, an ACL entry, a children list) is printed on one line.
 * Key order is the order in which the drivers build objects, so the text is stable.
 */
export function goldenText(file: GoldenFile): string {
  return `${pretty(file, '')}\n`;
}

function pretty(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    if (items.length === 0) return '[]';
    if (items.every((v) => v === null || typeof v !== 'object')) return `[${items.map((v) => JSON.stringify(v)).join(', ')}]`;
    return `[\n${items.map((v) => inner + pretty(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  if (entries.every(([, v]) => v === null || typeof v !== 'object')) {
    return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`;
  }
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pretty(v, inner)}`).join(',\n')}\n${indent}}`;
}

// ---------------------------------------------------------------------------------------------------
// Normalisation, used by every driver

/** A Stat as the wire carries it: 64-bit fields as bigint. */
export interface RawStat {
  readonly czxid: bigint;
  readonly mzxid: bigint;
  readonly ctime: bigint;
  readonly mtime: bigint;
  readonly version: number;
  readonly cversion: number;
  readonly aversion: number;
  readonly ephemeralOwner: bigint;
  readonly dataLength: number;
  readonly numChildren: number;
  readonly pzxid: bigint;
}

export class Normaliser {
  private readonly sessions = new Map<bigint, number>();
  private readonly times = new Map<number, bigint>();

  /**
   * @param baselineZxid the server's last zxid before the sequence's first step (0 on a fresh server)
   * @param timeWindowMs if given, [lo, hi] raw times must lie in (the real driver's wall-clock run)
   */
  constructor(
    readonly baselineZxid: bigint,
    private readonly timeWindowMs?: () => readonly [bigint, bigint],
  ) {}

  /** Declares that the session with this raw id is session `index` of the sequence. */
  addSession(rawId: bigint, index: number): void {
    this.sessions.set(rawId, index);
  }

  zxid(raw: bigint): number {
    return raw <= 0n ? Number(raw) : Number(raw - this.baselineZxid);
  }

  owner(raw: bigint): 0 | string {
    if (raw === 0n) return 0;
    const index = this.sessions.get(raw);
    return index === undefined ? `0x${BigInt.asUintN(64, raw).toString(16)}` : `s${index}`;
  }

  /** The token of a time that txn `zxid` (normalised) must have stamped. */
  time(raw: bigint, zxid: number): TimeToken {
    if (raw === 0n) return zxid === 0 ? 0 : 't(?)';
    const window = this.timeWindowMs?.();
    if (window !== undefined && (raw < window[0] || raw > window[1])) return 't(?)';
    const known = this.times.get(zxid);
    if (known !== undefined) return known === raw ? `t(${zxid})` : 't(?)';
    for (const [z, t] of this.times) {
      if ((z < zxid && t > raw) || (z > zxid && t < raw)) return 't(?)';
    }
    this.times.set(zxid, raw);
    return `t(${zxid})`;
  }

  stat(raw: RawStat): NormalStat {
    const czxid = this.zxid(raw.czxid);
    const mzxid = this.zxid(raw.mzxid);
    return {
      czxid,
      mzxid,
      ctime: this.time(raw.ctime, czxid),
      mtime: this.time(raw.mtime, mzxid),
      version: raw.version,
      cversion: raw.cversion,
      aversion: raw.aversion,
      ephemeralOwner: this.owner(raw.ephemeralOwner),
      dataLength: raw.dataLength,
      numChildren: raw.numChildren,
      pzxid: this.zxid(raw.pzxid),
    };
  }
}

/**
 * The events of a `close` step in canonical order: per session (sessions in index order), notifications
 * sorted by path then event name, then that session's state events in arrival order. ZooKeeper deletes a
 * closing session's ephemerals in an unspecified order, so only this order is comparable.
 */
export function sortCloseEvents(events: readonly RecordedEvent[]): RecordedEvent[] {
  const bySession = new Map<number, RecordedEvent[]>();
  for (const e of events) bySession.set(e.session, [...(bySession.get(e.session) ?? []), e]);
  const key = (e: RecordedEvent): string => ('event' in e ? `${e.path}\u0000${e.event}` : '');
  const out: RecordedEvent[] = [];
  for (const session of [...bySession.keys()].sort((x, y) => x - y)) {
    const list = bySession.get(session) ?? [];
    const notes = list.filter((e) => 'event' in e).sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
    out.push(...notes, ...list.filter((e) => !('event' in e)));
  }
  return out;
}

/**
 * The outcome of a multi from its results: a failed write multi reports its first non-OK result as its
 * error (what a Java client throws), with every result; a multiRead never fails as a whole.
 */
export function multiOutcome(results: readonly MultiResult[], op: 'multi' | 'multiRead'): Outcome {
  const culprit = results.find((x): x is { error: string; code: number } => 'code' in x && x.code !== 0);
  return culprit === undefined || op === 'multiRead' ? { ok: { results } } : { error: culprit.error, code: culprit.code, results };
}

/** whoAmI ids sorted by scheme, then user: the server keeps a connection's ids in a hash set. */
export function sortedIds(ids: readonly { scheme: string; user: string }[]): { scheme: string; user: string }[] {
  return [...ids].sort((x, y) => (x.scheme === y.scheme ? cmp(x.user, y.user) : cmp(x.scheme, y.scheme)));
}

function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Sorted copy, by UTF-16 code units (what `Array.prototype.sort` does), so both drivers agree. */
export function sortedNames(names: readonly string[]): string[] {
  return [...names].sort();
}
