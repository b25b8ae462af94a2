/**
 * The client checkers' model of the znode tree: what ZooKeeper's DataTree would hold after a sequence of
 * writes, kept with an undo log so that the replay can try an indeterminate write and take it back. A
 * node's czxid/mzxid/pzxid are undefined when it was last touched by a write whose zxid is unknown (an
 * indeterminate write the replay assumed happened); comparisons skip unknown fields.
 *
 * Rules (zk-client-semantics.md 1.5, 1.7, 3.1-3.5): the fresh tree holds /, /zookeeper, /zookeeper/quota,
 * /zookeeper/config; a create bumps the parent's stored create counter (the sequential suffix) and sets its
 * pzxid; a delete sets the parent's pzxid if larger; visible cversion = 2 x creates - numChildren; setData
 * always bumps the version.
 */
import type { StatLite } from '../../history/index.ts';
import { nameOf, parentOf, sequenceSuffix } from '../../zk/protocol/index.ts';

export interface NodeState {
  readonly czxid: number | undefined;
  readonly mzxid: number | undefined;
  readonly pzxid: number | undefined;
  readonly version: number;
  /** The stored child-create counter (next sequential suffix). */
  readonly creates: number;
  /** The owning session of an ephemeral, else 0. */
  readonly owner: number;
  readonly data: string | null;
}

/** One step of a write, as a DataTree sees it (a multi is several). */
export type Step =
  | { readonly kind: 'create'; readonly path: string; readonly data: string | null; readonly ephemeral: boolean; readonly sequential: boolean }
  | { readonly kind: 'delete'; readonly path: string; readonly version: number }
  | { readonly kind: 'setData'; readonly path: string; readonly data: string | null; readonly version: number }
  | { readonly kind: 'check'; readonly path: string; readonly version: number }
  | { readonly kind: 'setACL'; readonly path: string };

/** The codes the model decides; any other answer (NOAUTH, BADARGUMENTS...) it cannot judge. */
export type ModelCode = 'OK' | 'NONODE' | 'NODEEXISTS' | 'BADVERSION' | 'NOTEMPTY' | 'NOCHILDRENFOREPHEMERALS';
export const MODEL_CODES: ReadonlySet<string> = new Set(['OK', 'NONODE', 'NODEEXISTS', 'BADVERSION', 'NOTEMPTY', 'NOCHILDRENFOREPHEMERALS']);

/** When a change happens: its zxid, or (assumed writes) undefined with bounds (lo, upper]. */
export interface At {
  readonly zxid: number | undefined;
  readonly lo: number;
  readonly upper: number;
}

export interface Evaluation {
  readonly code: ModelCode;
  /** The node the step acts on (sequential names resolved). */
  readonly path: string;
}

/** A change the model applied, in application (zxid) order. */
export interface Change {
  /** The txn's zxid; for an assumed indeterminate write, the zxid of the observation that needed it. */
  readonly zxid: number;
  /** Lower bound of the txn's zxid (exclusive) when not exact; equal to zxid when exact. */
  readonly lo: number;
  readonly exact: boolean;
  readonly path: string;
  readonly kind: 'create' | 'delete' | 'setData';
  /** The op id, or -1 for a session's ephemerals removed by its closeSession. */
  readonly op: number;
}

/** The undo log is flat, three slots an entry (no allocation per entry): what, and two operands. */
const NODE = 0; // path, previous NodeState (or undefined)
const KID_ADDED = 1; // parent, name
const KID_REMOVED = 2; // parent, name
const EPH_ADDED = 3; // session, path
const EPH_REMOVED = 4; // session, path
const CHANGE = 5;
const CHANGE_SET = 6; // index, previous Change
type UndoSlot = number | string | NodeState | Change | undefined;

/** A node with one literal shape (hot path: no spreads). */
function node(czxid: number | undefined, mzxid: number | undefined, pzxid: number | undefined, version: number, creates: number, owner: number, data: string | null): NodeState {
  return { czxid, mzxid, pzxid, version, creates, owner, data };
}

const ROOT_NODE: NodeState = node(0, 0, 0, 0, 0, 0, '');

/** Paths the model does not judge (the /zookeeper subtree: config, quotas). */
export function unmodeled(path: string): boolean {
  return path === '/zookeeper' || path.startsWith('/zookeeper/');
}

export class TreeModel {
  private readonly nodes = new Map<string, NodeState>();
  private readonly kids = new Map<string, Set<string>>();
  private readonly ephemerals = new Map<number, Set<string>>();
  private readonly undo: UndoSlot[] = [];
  readonly changes: Change[] = [];

  constructor() {
    for (const path of ['/', '/zookeeper', '/zookeeper/quota', '/zookeeper/config']) {
      this.nodes.set(path, ROOT_NODE);
      this.kids.set(path, new Set());
      if (path !== '/') this.kids.get(parentOf(path))?.add(nameOf(path));
    }
  }

  get(path: string): NodeState | undefined {
    return this.nodes.get(path);
  }

  children(path: string): ReadonlySet<string> {
    return this.kids.get(path) ?? EMPTY;
  }

  /** Visible cversion (ZOOKEEPER-1046). */
  cversion(path: string, node: NodeState): number {
    return node.creates * 2 - this.children(path).size;
  }

  ephemeralsOf(session: number): readonly string[] {
    return [...(this.ephemerals.get(session) ?? EMPTY)];
  }

  /** A point to roll back to. */
  mark(): number {
    return this.undo.length;
  }

  /** Undoes everything applied since `mark`. */
  rollback(mark: number): void {
    while (this.undo.length > mark) {
      const b = this.undo.pop();
      const a = this.undo.pop();
      const what = this.undo.pop();
      this.revert(what, a, b);
    }
  }

  /** Forgets the undo log (what was applied stays). */
  settle(): void {
    if (this.undo.length > 0) this.undo.length = 0;
  }

  /** What ZooKeeper's prep stage would answer to `step` now. */
  evaluate(step: Step): Evaluation {
    switch (step.kind) {
      case 'create': return this.evaluateCreate(step.path, step.sequential);
      case 'delete': {
        const node = this.nodes.get(step.path);
        if (node === undefined || !this.nodes.has(parentOf(step.path))) return { code: 'NONODE', path: step.path };
        if (step.version !== -1 && step.version !== node.version) return { code: 'BADVERSION', path: step.path };
        return { code: this.children(step.path).size > 0 ? 'NOTEMPTY' : 'OK', path: step.path };
      }
      case 'setData': case 'check': {
        const node = this.nodes.get(step.path);
        if (node === undefined) return { code: 'NONODE', path: step.path };
        return { code: step.version !== -1 && step.version !== node.version ? 'BADVERSION' : 'OK', path: step.path };
      }
      case 'setACL':
        return { code: this.nodes.has(step.path) ? 'OK' : 'NONODE', path: step.path };
    }
  }

  private evaluateCreate(path: string, sequential: boolean): Evaluation {
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath);
    if (parent === undefined) return { code: 'NONODE', path };
    const name = sequential ? path + sequenceSuffix(parent.creates) : path;
    if (this.nodes.has(name)) return { code: 'NODEEXISTS', path: name };
    return { code: parent.owner !== 0 ? 'NOCHILDRENFOREPHEMERALS' : 'OK', path: name };
  }

  /**
   * Applies a step that evaluated OK at `zxid` (undefined: unknown, for an assumed indeterminate write;
   * `lo` then bounds it from below). Returns the path acted on.
   */
  apply(step: Step, ev: Evaluation, at: At, op: number, session: number): string {
    switch (step.kind) {
      case 'create':
        this.create(ev.path, node(at.zxid, at.zxid, at.zxid, 0, 0, step.ephemeral ? session : 0, step.data));
        this.record(ev.path, 'create', at, op);
        return ev.path;
      case 'delete':
        this.remove(ev.path, at.zxid);
        this.record(ev.path, 'delete', at, op);
        return ev.path;
      case 'setData': {
        const n = this.nodes.get(ev.path);
        if (n !== undefined) this.put(ev.path, node(n.czxid, at.zxid, n.pzxid, n.version + 1, n.creates, n.owner, step.data));
        this.record(ev.path, 'setData', at, op);
        return ev.path;
      }
      case 'check': case 'setACL':
        return ev.path;
    }
  }

  /** A closeSession: every ephemeral of `session` goes, all at one zxid. Returns how many. */
  closeSession(session: number, at: At): number {
    const paths = this.ephemeralsOf(session);
    for (const path of paths) {
      if (this.children(path).size > 0) this.removeSubtree(path, at.zxid);
      else this.remove(path, at.zxid);
      this.record(path, 'delete', at, -1);
    }
    return paths.length;
  }

  /**
   * Makes the model agree with a write the server reported as done although the model disagreed (after
   * the violation is reported), so that one wrong answer does not turn every later one into a violation.
   */
  force(step: Step, path: string, zxid: number, op: number, session: number, version: number | undefined): void {
    const at = { zxid, lo: zxid, upper: zxid };
    switch (step.kind) {
      case 'create': {
        if (this.nodes.has(path)) this.removeSubtree(path, zxid);
        this.ensureAncestors(parentOf(path));
        const parent = this.nodes.get(parentOf(path));
        const suffix = step.sequential ? Number(path.slice(step.path.length)) : NaN;
        if (parent !== undefined && Number.isInteger(suffix)) this.put(parentOf(path), { ...parent, creates: suffix });
        this.create(path, { czxid: zxid, mzxid: zxid, pzxid: zxid, version: 0, creates: 0, owner: step.ephemeral ? session : 0, data: step.data });
        this.record(path, 'create', at, op);
        return;
      }
      case 'delete':
        if (this.nodes.has(path)) this.removeSubtree(path, zxid);
        this.record(path, 'delete', at, op);
        return;
      case 'setData': {
        this.ensureAncestors(path);
        const node = this.nodes.get(path);
        if (node !== undefined) this.put(path, { ...node, version: version ?? node.version + 1, mzxid: zxid, data: step.data });
        this.record(path, 'setData', at, op);
        return;
      }
      case 'check': case 'setACL':
        return;
    }
  }

  /**
   * Adopts what an observation shows of fields the model does not know: the zxids (and the data, and the
   * owner) left unknown by an assumed indeterminate write, once a read or a write's Stat reveals them.
   */
  refine(path: string, stat: StatLite | undefined, value: string | null | undefined): void {
    const node = this.nodes.get(path);
    if (node === undefined || (node.czxid !== undefined && node.mzxid !== undefined && node.pzxid !== undefined)) return;
    const owner = node.czxid === undefined && stat !== undefined ? stat.ephemeralOwner : node.owner;
    const data = node.mzxid === undefined && value !== undefined ? value : node.data;
    this.put(path, { ...node, czxid: node.czxid ?? stat?.czxid, mzxid: node.mzxid ?? stat?.mzxid, pzxid: node.pzxid ?? stat?.pzxid, data, owner });
    if (owner !== node.owner) {
      if (node.owner !== 0) this.eph(node.owner, path, false);
      if (owner !== 0) this.eph(owner, path, true);
    }
  }

  /**
   * Renames a node an assumed create made (`from`, unchanged since) to `to` under the same parent, now
   * made by op `by` (owner, data): for two indeterminate sequential creates the replay cannot tell which
   * took a counter until a read names it. The parent's counters stay as they are.
   */
  rename(from: string, to: string, owner: number, data: string | null, by: number): boolean {
    const n = this.nodes.get(from);
    if (n === undefined || n.version !== 0 || this.children(from).size > 0 || this.nodes.has(to) || parentOf(from) !== parentOf(to)) return false;
    let at = this.changes.length - 1;
    while (at >= 0 && !(this.changes[at]?.path === from && this.changes[at]?.kind === 'create')) at--;
    const change = this.changes[at];
    if (change === undefined) return false;
    const parent = this.nodes.get(parentOf(to));
    this.remove(from, undefined);
    this.create(to, node(n.czxid, n.mzxid, n.pzxid, 0, 0, owner, data));
    if (parent !== undefined) this.put(parentOf(to), parent);
    this.undo.push(CHANGE_SET, at, change);
    this.changes[at] = { ...change, path: to, op: by };
    return true;
  }

  private ensureAncestors(path: string): void {
    if (this.nodes.has(path)) return;
    this.ensureAncestors(parentOf(path));
    this.create(path, { czxid: undefined, mzxid: undefined, pzxid: undefined, version: 0, creates: 0, owner: 0, data: null });
  }

  private create(path: string, created: NodeState): void {
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath);
    if (parent !== undefined) this.put(parentPath, node(parent.czxid, parent.mzxid, created.czxid, parent.version, parent.creates + 1, parent.owner, parent.data));
    this.put(path, created);
    this.kids.set(path, new Set());
    this.kid(parentPath, nameOf(path), true);
    if (created.owner !== 0) this.eph(created.owner, path, true);
  }

  private remove(path: string, zxid: number | undefined): void {
    const gone = this.nodes.get(path);
    if (gone === undefined) return;
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath);
    if (parent !== undefined) {
      const pzxid = zxid === undefined ? undefined : Math.max(zxid, parent.pzxid ?? zxid);
      this.put(parentPath, node(parent.czxid, parent.mzxid, pzxid, parent.version, parent.creates, parent.owner, parent.data));
    }
    this.kid(parentPath, nameOf(path), false);
    this.put(path, undefined);
    if (gone.owner !== 0) this.eph(gone.owner, path, false);
  }

  private removeSubtree(path: string, zxid: number | undefined): void {
    for (const name of [...this.children(path)]) this.removeSubtree(path === '/' ? `/${name}` : `${path}/${name}`, zxid);
    this.remove(path, zxid);
  }

  private put(path: string, node: NodeState | undefined): void {
    this.undo.push(NODE, path, this.nodes.get(path));
    if (node === undefined) this.nodes.delete(path);
    else this.nodes.set(path, node);
  }

  private kid(parent: string, name: string, added: boolean): void {
    const set = this.kids.get(parent);
    if (set === undefined || set.has(name) === added) return;
    this.undo.push(added ? KID_ADDED : KID_REMOVED, parent, name);
    if (added) set.add(name);
    else set.delete(name);
  }

  private eph(session: number, path: string, added: boolean): void {
    let set = this.ephemerals.get(session);
    if (set === undefined) {
      set = new Set();
      this.ephemerals.set(session, set);
    }
    if (set.has(path) === added) return;
    this.undo.push(added ? EPH_ADDED : EPH_REMOVED, session, path);
    if (added) set.add(path);
    else set.delete(path);
  }

  private record(path: string, kind: Change['kind'], at: At, op: number): void {
    const exact = at.zxid !== undefined;
    this.changes.push({ zxid: at.zxid ?? at.upper, lo: at.zxid ?? at.lo, exact, path, kind, op });
    this.undo.push(CHANGE, undefined, undefined);
  }

  private revert(what: UndoSlot, a: UndoSlot, b: UndoSlot): void {
    if (what === CHANGE) {
      this.changes.pop();
    } else if (what === CHANGE_SET && typeof a === 'number' && b !== undefined && typeof b === 'object' && 'kind' in b) {
      this.changes[a] = b;
    } else if (what === NODE && typeof a === 'string') {
      if (b === undefined || typeof b !== 'object' || 'kind' in b) {
        this.nodes.delete(a);
      } else {
        this.nodes.set(a, b);
        if (!this.kids.has(a)) this.kids.set(a, new Set());
      }
    } else if ((what === KID_ADDED || what === KID_REMOVED) && typeof a === 'string' && typeof b === 'string') {
      const set = this.kids.get(a);
      if (what === KID_ADDED) set?.delete(b);
      else set?.add(b);
    } else if ((what === EPH_ADDED || what === EPH_REMOVED) && typeof a === 'number' && typeof b === 'string') {
      const set = this.ephemerals.get(a);
      if (what === EPH_ADDED) set?.delete(b);
      else set?.add(b);
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();
