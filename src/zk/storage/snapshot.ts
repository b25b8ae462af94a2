/**
 * Snapshots as ZooKeeper's FileSnap writes them, in zksim's record layout:
 *
 *   int magic "ZKSN" | int version 2 | long dbid -1 | long zxid
 *   int session count | per session: long id, int timeoutMs
 *   per node, depth first, parents before children:
 *     string path | buffer data | acl | long czxid | long mzxid | long ctimeMs | long mtimeMs |
 *     int version | int cversion (stored create counter) | int aversion | byte kind | long kind value | long pzxid
 *   string null (int -1): the end of the nodes
 *   long checksum (Adler-32 of every byte before it) | int 1 | byte '/'   (ZooKeeper's seal)
 *
 * Differences from ZooKeeper's bytes, on purpose: the zxid is in the header as well as in the name
 * (recovery trusts the header: a snapshot can then never claim more than it holds); ACLs are written
 * inline rather than through an ACL cache (a fuzzy snapshot cannot then refer to a cache entry it did not
 * write, ZOOKEEPER-3306); the node kind is a byte (0 persistent, 1 ephemeral with the owner session,
 * 2 container, 3 TTL with its ms) instead of being packed into ephemeralOwner's high bits.
 *
 * A snapshot is fuzzy (ZooKeeper serialises the tree while it keeps applying txns): `snapshotWriter`
 * writes the live tree in chunks of nodes, and the caller may apply txns between chunks. Each node is
 * written as it is when its turn comes; a node deleted before its turn is skipped; children are listed
 * when their parent is written. The snapshot's zxid is the tree's when it started, so recovery replays
 * every txn after it; txns replayed over state that already holds them are absorbed by replay (see
 * recovery.ts).
 *
 * A snapshot cut short (no seal) or damaged (checksum mismatch, undecodable, structurally unsound) is
 * invalid: decodeSnapshot says why instead of throwing. decodeSnapshot gives the nodes as written, at the
 * snapshot's zxid; to continue from a fuzzy one, replay the log after it (recover does, and first drops
 * the nodes created after that zxid).
 */
import { assert, fail } from '../../base/index.ts';
import type { Zxid } from '../../base/index.ts';
import { ROOT, childPath, parentOf, pathProblem } from '../protocol/index.ts';
import type { NodeKind } from '../protocol/index.ts';
import { DataNode, DataTree } from '../tree/index.ts';
import { DecodeError, JuteReader, JuteWriter, adler32 } from './jute.ts';
import { readAcl, writeAcl } from './txn-codec.ts';

export const SNAPSHOT_MAGIC = 0x5a4b534e; // "ZKSN"
export const SNAPSHOT_VERSION = 2;
const SNAPSHOT_DBID = -1;
/** The seal: the checksum as a long, then the string "/" (int 1, byte 0x2f). */
const SEAL_BYTES = 13;
const SLASH = 0x2f;
const KIND_CODES = { persistent: 0, ephemeral: 1, container: 2, ttl: 3 } as const;
/** A session entry (long + int): bounds a session count by the bytes left. */
const SESSION_ENTRY_BYTES = 12;

export interface SnapshotState {
  readonly tree: DataTree;
  /** Session id -> timeout in ms. */
  readonly sessions: ReadonlyMap<number, number>;
  /** The last txn the snapshot is sure to hold: every txn after it must be replayed. */
  readonly zxid: Zxid;
}

export interface SnapshotWriter {
  /** The tree's lastProcessedZxid when writing started: name the file after it, replay from after it. */
  readonly zxid: Zxid;
  readonly done: boolean;
  readonly nodesWritten: number;
  /** Writes up to the chunk size of further nodes of the live tree; returns `done`. */
  step(): boolean;
  /** The snapshot's bytes, sealed; only once done. */
  finish(): Uint8Array;
}

/** Starts a fuzzy snapshot of the live tree, written `chunkNodes` nodes per step. */
export function snapshotWriter(live: { readonly tree: DataTree; readonly sessions: ReadonlyMap<number, number> },
  options: { readonly chunkNodes: number }): SnapshotWriter {
  assert(Number.isSafeInteger(options.chunkNodes) && options.chunkNodes >= 1, 'a chunk holds at least one node');
  return new FuzzyWriter(live.tree, live.sessions, live.tree.lastProcessedZxid, options.chunkNodes);
}

/** The whole snapshot at once (no txn can interleave). `zxid` may not exceed what the tree holds. */
export function encodeSnapshot(state: SnapshotState): Uint8Array {
  assert(state.zxid >= 0 && state.zxid <= state.tree.lastProcessedZxid, 'a snapshot claims no txn its tree has not applied');
  const writer = new FuzzyWriter(state.tree, state.sessions, state.zxid, Number.MAX_SAFE_INTEGER);
  writer.step();
  return writer.finish();
}

class FuzzyWriter implements SnapshotWriter {
  private readonly out = new JuteWriter();
  private readonly stack: string[] = [ROOT];
  private sealed: Uint8Array | undefined;
  nodesWritten = 0;

  constructor(private readonly tree: DataTree, sessions: ReadonlyMap<number, number>, readonly zxid: Zxid,
    private readonly chunkNodes: number) {
    this.out.int(SNAPSHOT_MAGIC);
    this.out.int(SNAPSHOT_VERSION);
    this.out.long(SNAPSHOT_DBID);
    this.out.long(zxid);
    this.out.int(sessions.size);
    for (const [id, timeoutMs] of sessions) {
      this.out.long(id);
      this.out.int(timeoutMs);
    }
  }

  get done(): boolean {
    return this.stack.length === 0;
  }

  step(): boolean {
    let budget = this.chunkNodes;
    while (budget > 0 && this.stack.length > 0) {
      const path = this.stack.pop() as string;
      const node = this.tree.node(path);
      if (node === undefined) continue; // deleted after its parent was written
      writeNode(this.out, path, node);
      this.nodesWritten += 1;
      budget -= 1;
      const names = [...node.children];
      for (let i = names.length - 1; i >= 0; i--) this.stack.push(childPath(path, names[i] as string));
    }
    return this.done;
  }

  finish(): Uint8Array {
    if (!this.done) fail('a snapshot is finished only after every node was visited');
    if (this.sealed === undefined) {
      this.out.string(null);
      this.out.long(this.out.checksum());
      this.out.string('/');
      this.sealed = this.out.bytes();
    }
    assert(this.nodesWritten >= 1, 'a snapshot holds at least the root');
    return this.sealed;
  }
}

function writeNode(out: JuteWriter, path: string, node: DataNode): void {
  out.string(path);
  out.buffer(node.data);
  writeAcl(out, node.acl);
  out.long(node.czxid);
  out.long(node.mzxid);
  out.long(node.ctimeMs);
  out.long(node.mtimeMs);
  out.int(node.version);
  out.int(node.cversion);
  out.int(node.aversion);
  const kind = node.kind;
  out.byte(KIND_CODES[kind.kind]);
  out.long(kind.kind === 'ephemeral' ? kind.sessionId : kind.kind === 'ttl' ? kind.ttlMs : 0);
  out.long(node.pzxid);
}

/** ZooKeeper's isValidSnapshot: long enough and ending with the seal's "/" (a cheap check for a cut-short file). */
export function isSealedSnapshot(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n < SEAL_BYTES + 24) return false;
  return bytes[n - 5] === 0 && bytes[n - 4] === 0 && bytes[n - 3] === 0 && bytes[n - 2] === 1 && bytes[n - 1] === SLASH;
}

export interface SnapshotEntries {
  /** The nodes as written: parents before children, the root first. */
  readonly entries: readonly { readonly path: string; readonly node: DataNode }[];
  readonly sessions: Map<number, number>;
  readonly zxid: Zxid;
}

export function decodeSnapshot(bytes: Uint8Array): SnapshotState | { readonly invalid: string } {
  const decoded = decodeSnapshotEntries(bytes);
  if ('invalid' in decoded) return decoded;
  return { tree: DataTree.restore(decoded.entries, decoded.zxid), sessions: decoded.sessions, zxid: decoded.zxid };
}

/** The snapshot's parts before they become a tree (recovery chooses which nodes to keep). */
export function decodeSnapshotEntries(bytes: Uint8Array): SnapshotEntries | { readonly invalid: string } {
  if (!isSealedSnapshot(bytes)) return { invalid: 'not sealed: the snapshot is cut short or its end is damaged' };
  const bodyEnd = bytes.length - SEAL_BYTES;
  const stored = new DataView(bytes.buffer, bytes.byteOffset + bodyEnd, 8);
  if (stored.getUint32(0) !== 0 || stored.getUint32(4) !== adler32(bytes, 0, bodyEnd)) return { invalid: 'CRC corruption' };
  try {
    return readBody(new JuteReader(bytes, 0, bodyEnd));
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return { invalid: error.message };
  }
}

function readBody(input: JuteReader): SnapshotEntries {
  if (input.int() !== SNAPSHOT_MAGIC) throw new DecodeError('mismatching magic header');
  const version = input.int();
  if (version !== SNAPSHOT_VERSION) throw new DecodeError(`unknown snapshot version ${version}`);
  input.long(); // dbid, unused (as in ZooKeeper)
  const zxid = input.long() as Zxid;
  if (zxid < 0) throw new DecodeError(`a negative snapshot zxid ${zxid}`);
  const sessions = new Map<number, number>();
  const count = input.count(SESSION_ENTRY_BYTES);
  for (let i = 0; i < count; i++) sessions.set(input.long(), input.int());
  const entries = readNodes(input);
  if (input.remaining !== 0) throw new DecodeError(`${input.remaining} bytes follow the nodes`);
  return { entries, sessions, zxid };
}

/** Reads node entries up to the null path, checking what DataTree.restore asserts: root first, parents first, no repeats. */
function readNodes(input: JuteReader): { path: string; node: DataNode }[] {
  const entries: { path: string; node: DataNode }[] = [];
  const seen = new Set<string>();
  for (let path = input.string(); path !== null; path = input.string()) {
    if (pathProblem(path) !== undefined) throw new DecodeError(`a bad node path ${JSON.stringify(path)}`);
    if (seen.has(path)) throw new DecodeError(`node ${path} appears twice`);
    if (entries.length === 0 ? path !== ROOT : !seen.has(parentOf(path))) throw new DecodeError(`node ${path} comes before its parent`);
    seen.add(path);
    entries.push({ path, node: readNode(input) });
  }
  if (entries.length === 0) throw new DecodeError('a snapshot without a root');
  return entries;
}

function readNode(input: JuteReader): DataNode {
  const data = input.buffer();
  const acl = readAcl(input);
  const czxid = input.long() as Zxid;
  const mzxid = input.long() as Zxid;
  const ctimeMs = input.long();
  const mtimeMs = input.long();
  const version = input.int();
  const cversion = input.int();
  const aversion = input.int();
  const kind = readKind(input.byte(), input.long());
  const node = new DataNode(data, acl, kind, czxid, ctimeMs);
  node.mzxid = mzxid;
  node.pzxid = input.long() as Zxid;
  node.mtimeMs = mtimeMs;
  node.version = version;
  node.cversion = cversion;
  node.aversion = aversion;
  return node;
}

function readKind(code: number, value: number): NodeKind {
  if (code === KIND_CODES.ephemeral) return { kind: 'ephemeral', sessionId: value };
  if (code === KIND_CODES.ttl) return { kind: 'ttl', ttlMs: value };
  if (value !== 0) throw new DecodeError(`node kind ${code} with a value ${value}`);
  if (code === KIND_CODES.persistent) return { kind: 'persistent' };
  if (code === KIND_CODES.container) return { kind: 'container' };
  throw new DecodeError(`unknown node kind ${code}`);
}
