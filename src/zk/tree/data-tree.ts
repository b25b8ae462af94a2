/**
 * The replicated state machine: ZooKeeper's DataTree. It applies validated transactions in zxid order
 * and reports which watch events each change triggers; it never decides whether a write may happen
 * (that is the prep stage's job, against the tree plus pending changes).
 *
 * Applying is tolerant the way ZooKeeper's processTxn is, because a fuzzy snapshot may already contain
 * some of the txns replayed after it: a create of an existing node or a delete of a missing one changes
 * nothing, and a parent's counter only moves forward (createNode: `if (parentCVersion > cversion)`).
 *
 * Invariants (asserted): every node but the root has its parent in the tree and is listed among its
 * children; ephemeral, container and TTL indexes list exactly the nodes of that kind; zxids applied
 * never go backwards.
 */
import { assert, assertNever } from '../../base/index.ts';
import type { Zxid } from '../../base/index.ts';
import {
  CONFIG_NODE, OPEN_ACL_UNSAFE, QUOTA_NODE, READ_ACL_UNSAFE, ROOT, ZOOKEEPER_NODE, nameOf, parentOf,
} from '../protocol/index.ts';
import type { Acl, ErrorName, NodeKind, Stat, Txn, TxnOp } from '../protocol/index.ts';
import { TreeDigest } from './digest.ts';
import { DataNode, statOf } from './node.ts';
import { LIMIT_NODE, QuotaPaths, STAT_NODE, parseStats, quotaPathOf, statPathOf, statsBytes } from './quota.ts';

/**
 * A change a write made, for the watch manager: NodeChildrenChanged names the parent. `acl` is the ACL of
 * the node the event names, when it happened (a deleted node's own): notifications are only sent to
 * connections with READ on it (CVE-2024-23944).
 */
export interface TreeEvent {
  readonly type: 'NodeCreated' | 'NodeDeleted' | 'NodeDataChanged' | 'NodeChildrenChanged';
  readonly path: string;
  readonly acl: readonly Acl[];
}

export type ApplyResult =
  | { readonly type: 'create'; readonly path: string; readonly stat: Stat | undefined }
  | { readonly type: 'delete'; readonly path: string }
  | { readonly type: 'setData'; readonly stat: Stat | undefined }
  | { readonly type: 'setACL'; readonly stat: Stat | undefined }
  | { readonly type: 'check' }
  | { readonly type: 'createSession' }
  | { readonly type: 'closeSession'; readonly deleted: readonly string[] }
  | { readonly type: 'error'; readonly code: ErrorName }
  | { readonly type: 'multi'; readonly results: readonly ApplyResult[] };

const PERSISTENT: NodeKind = { kind: 'persistent' };
const ZERO = 0 as Zxid;

export class DataTree {
  private readonly nodes = new Map<string, DataNode>();
  private readonly ephemeralsBySession = new Map<number, Set<string>>();
  private readonly containerPaths = new Set<string>();
  private readonly ttlPaths = new Set<string>();
  private readonly treeDigest = new TreeDigest();
  private readonly quotas = new QuotaPaths();
  lastProcessedZxid: Zxid = ZERO;

  constructor(withInitialNodes = true) {
    if (!withInitialNodes) return;
    // DataTree's built-in nodes hold new byte[0], not null (conformance create/builtin-tree).
    this.insert(ROOT, new DataNode(new Uint8Array(0), OPEN_ACL_UNSAFE, PERSISTENT, ZERO, 0));
    this.attach(ZOOKEEPER_NODE, new DataNode(new Uint8Array(0), OPEN_ACL_UNSAFE, PERSISTENT, ZERO, 0));
    this.attach(QUOTA_NODE, new DataNode(new Uint8Array(0), OPEN_ACL_UNSAFE, PERSISTENT, ZERO, 0));
    const config = new DataNode(new Uint8Array(0), READ_ACL_UNSAFE, PERSISTENT, ZERO, 0);
    config.aversion = -1; // installed with setACL(..., -1): ZOOKEEPER-2014
    this.attach(CONFIG_NODE, config);
  }

  /**
   * A tree rebuilt from snapshot entries, which come parents first (as `snapshotEntries` yields them and
   * ZooKeeper serialises, depth first). Children sets are rebuilt from the paths.
   */
  static restore(entries: Iterable<{ readonly path: string; readonly node: DataNode }>, lastProcessedZxid: Zxid): DataTree {
    const tree = new DataTree(false);
    for (const { path, node } of entries) {
      assert(node.children.size === 0, 'a node to restore comes without children; they are rebuilt');
      if (path === ROOT) tree.insert(path, node);
      else tree.attach(path, node);
    }
    assert(tree.nodes.has(ROOT), 'a restored tree has a root');
    tree.setupQuotas();
    tree.lastProcessedZxid = lastProcessedZxid;
    return tree;
  }

  /** Every node, depth first from the root, children in insertion order: parents come before children. */
  *snapshotEntries(): Generator<{ readonly path: string; readonly node: DataNode }> {
    const stack: string[] = [ROOT];
    while (stack.length > 0) {
      const path = stack.pop() as string;
      const node = this.nodes.get(path) as DataNode;
      yield { path, node };
      const names = [...node.children];
      for (let i = names.length - 1; i >= 0; i--) stack.push(path === ROOT ? `/${names[i]}` : `${path}/${names[i]}`);
    }
  }

  // ---- reads ----

  get size(): number {
    return this.nodes.size;
  }

  /** ZooKeeper's DataTree also keeps the root under "" (an alias), so reads of "" see the root. */
  node(path: string): DataNode | undefined {
    return this.nodes.get(path === '' ? ROOT : path);
  }

  stat(path: string): Stat | undefined {
    const node = this.nodes.get(path);
    return node === undefined ? undefined : statOf(node);
  }

  /** Child names in creation order (ZooKeeper defines no order; clients sort). */
  children(path: string): string[] | undefined {
    const node = this.nodes.get(path);
    return node === undefined ? undefined : [...node.children];
  }

  /**
   * getAllChildrenNumber: the number of descendants. ZooKeeper counts the keys that start with `path + "/"`,
   * so for "" (the root's alias) the root's "/" key counts too (conformance paths/empty-path-is-root).
   */
  descendants(path: string): number {
    if (path === '') return this.descendants(ROOT) + 1;
    const node = this.nodes.get(path);
    if (node === undefined) return 0;
    let count = 0;
    const stack: string[] = [path];
    while (stack.length > 0) {
      const p = stack.pop() as string;
      for (const name of (this.nodes.get(p) as DataNode).children) {
        count += 1;
        stack.push(p === ROOT ? `/${name}` : `${p}/${name}`);
      }
    }
    return count;
  }

  /** The session's ephemeral paths (getEphemerals uses a plain string-prefix match). */
  ephemerals(sessionId: number): string[] {
    return [...(this.ephemeralsBySession.get(sessionId) ?? [])];
  }

  sessionsWithEphemerals(): number[] {
    return [...this.ephemeralsBySession.keys()];
  }

  containers(): string[] {
    return [...this.containerPaths];
  }

  ttlNodes(): string[] {
    return [...this.ttlPaths];
  }

  paths(): string[] {
    return [...this.nodes.keys()];
  }

  digest(): string {
    return this.treeDigest.value();
  }

  // ---- applying transactions ----

  /** Applies `txn`, appending the watch events it triggers to `events`, in ZooKeeper's order. */
  apply(txn: Txn, events: TreeEvent[]): ApplyResult {
    assert(txn.zxid >= this.lastProcessedZxid, 'transactions are applied in zxid order');
    const result = this.applyOp(txn, txn.op, events);
    this.lastProcessedZxid = txn.zxid;
    return result;
  }

  private applyOp(txn: Txn, op: TxnOp, events: TreeEvent[]): ApplyResult {
    switch (op.type) {
      case 'create':
        return this.create(op.path, op.data, op.acl, op.node, op.parentCversion, txn, events);
      case 'delete':
        this.deleteNode(op.path, txn.zxid, events);
        return { type: 'delete', path: op.path };
      case 'setData':
        return { type: 'setData', stat: this.setData(op.path, op.data, op.version, txn, events) };
      case 'setACL':
        return { type: 'setACL', stat: this.setAcl(op.path, op.acl, op.aversion) };
      case 'check':
        return { type: 'check' };
      case 'createSession':
        return { type: 'createSession' };
      case 'closeSession':
        return { type: 'closeSession', deleted: this.killSession(txn.sessionId, txn.zxid, events) };
      case 'error':
        return { type: 'error', code: op.code };
      case 'multi':
        return { type: 'multi', results: op.ops.map((sub) => this.applyOp(txn, sub, events)) };
      default:
        return assertNever(op, 'txn op');
    }
  }

  private create(
    path: string, data: Uint8Array | null, acl: readonly Acl[], kind: NodeKind, parentCversion: number,
    txn: Txn, events: TreeEvent[],
  ): ApplyResult {
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath);
    if (parent === undefined || parent.children.has(nameOf(path))) return { type: 'create', path, stat: undefined };
    this.treeDigest.remove(parentPath, parent);
    if (parentCversion > parent.cversion) {
      parent.cversion = parentCversion;
      parent.pzxid = txn.zxid;
    }
    this.treeDigest.add(parentPath, parent);
    const node = new DataNode(data, acl, kind, txn.zxid, txn.timeMs);
    this.attach(path, node);
    this.quotasOnCreate(parentPath, nameOf(path));
    this.updateQuotaStat(path, byteLength(data), 1);
    events.push({ type: 'NodeCreated', path, acl }, { type: 'NodeChildrenChanged', path: parentPath, acl: parent.acl });
    return { type: 'create', path, stat: statOf(node) };
  }

  private deleteNode(path: string, zxid: Zxid, events: TreeEvent[]): void {
    const node = this.nodes.get(path);
    if (node === undefined) return;
    assert(node.children.size === 0, `a deleted node has no children: ${path}`);
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath);
    assert(parent !== undefined, 'every node but the root has a parent');
    this.treeDigest.remove(parentPath, parent);
    parent.children.delete(nameOf(path));
    if (zxid > parent.pzxid) parent.pzxid = zxid;
    this.treeDigest.add(parentPath, parent);
    this.detach(path, node);
    if (nameOf(path) === LIMIT_NODE) {
      const quotaPath = quotaPathOf(parentPath);
      if (quotaPath !== undefined) this.quotas.delete(quotaPath);
    }
    this.updateQuotaStat(path, -byteLength(node.data), -1);
    events.push({ type: 'NodeDeleted', path, acl: node.acl }, { type: 'NodeChildrenChanged', path: parentPath, acl: parent.acl });
  }

  private setData(path: string, data: Uint8Array | null, version: number, txn: Txn, events: TreeEvent[]): Stat | undefined {
    const node = this.nodes.get(path);
    if (node === undefined) return undefined;
    this.treeDigest.remove(path, node);
    const bytesDiff = byteLength(data) - byteLength(node.data);
    node.data = data;
    node.version = version;
    node.mzxid = txn.zxid;
    node.mtimeMs = txn.timeMs;
    this.treeDigest.add(path, node);
    this.updateQuotaStat(path, bytesDiff, 0);
    events.push({ type: 'NodeDataChanged', path, acl: node.acl });
    return statOf(node);
  }

  private setAcl(path: string, acl: readonly Acl[], aversion: number): Stat | undefined {
    const node = this.nodes.get(path);
    if (node === undefined) return undefined;
    this.treeDigest.remove(path, node);
    node.acl = acl;
    node.aversion = aversion;
    this.treeDigest.add(path, node);
    return statOf(node);
  }

  /** Deletes every ephemeral of the session, deepest first so no parent is deleted before its child. */
  private killSession(sessionId: number, zxid: Zxid, events: TreeEvent[]): string[] {
    const paths = [...(this.ephemeralsBySession.get(sessionId) ?? [])].sort();
    for (const path of paths) this.deleteNode(path, zxid, events);
    assert(!this.ephemeralsBySession.has(sessionId), 'a closed session owns no ephemerals');
    return paths;
  }

  // ---- quotas (quota.ts) ----

  /** createNode's hook for `/zookeeper/quota<P>/zookeeper_limits` and `.../zookeeper_stats`. */
  private quotasOnCreate(parentPath: string, name: string): void {
    if (name !== LIMIT_NODE && name !== STAT_NODE) return;
    const quotaPath = quotaPathOf(parentPath);
    if (quotaPath === undefined) return;
    if (name === LIMIT_NODE) this.quotas.add(quotaPath);
    else this.updateQuotaForPath(quotaPath);
  }

  /** updateQuotaStat: the stats node of the quota `path` counts towards, adjusted in place. */
  private updateQuotaStat(path: string, bytesDiff: number, countDiff: number): void {
    const quotaPath = this.quotas.maxPrefix(path);
    if (quotaPath === undefined) return;
    const statPath = statPathOf(quotaPath);
    const node = this.nodes.get(statPath);
    const stats = node === undefined ? undefined : parseStats(node.data);
    if (node === undefined || stats === undefined) return;
    stats.set('count', (stats.get('count') ?? -1) + countDiff);
    stats.set('bytes', (stats.get('bytes') ?? -1) + bytesDiff);
    this.replaceData(statPath, node, statsBytes(stats));
  }

  /** updateQuotaForPath: the stats node set to the count and bytes of the subtree at `quotaPath`. */
  private updateQuotaForPath(quotaPath: string): void {
    const statPath = statPathOf(quotaPath);
    const node = this.nodes.get(statPath);
    if (node === undefined) return;
    let count = 0;
    let bytes = 0;
    const stack = this.nodes.has(quotaPath) ? [quotaPath] : [];
    while (stack.length > 0) {
      const p = stack.pop() as string;
      const n = this.nodes.get(p) as DataNode;
      count += 1;
      bytes += byteLength(n.data);
      for (const name of n.children) stack.push(p === ROOT ? `/${name}` : `${p}/${name}`);
    }
    this.replaceData(statPath, node, statsBytes(new Map([['count', count], ['bytes', bytes]])));
  }

  /** setupQuota after a snapshot load: every leaf `.../zookeeper_limits` puts its path under quota. */
  private setupQuotas(): void {
    for (const path of this.nodes.keys()) {
      if (nameOf(path) !== LIMIT_NODE || (this.nodes.get(path) as DataNode).children.size > 0) continue;
      const quotaPath = quotaPathOf(parentOf(path));
      if (quotaPath === undefined) continue;
      this.updateQuotaForPath(quotaPath);
      this.quotas.add(quotaPath);
    }
  }

  /** Data rewritten behind the Stat's back (3.8.0 does not even update the digest here; zksim does). */
  private replaceData(path: string, node: DataNode, data: Uint8Array): void {
    this.treeDigest.remove(path, node);
    node.data = data;
    this.treeDigest.add(path, node);
  }

  // ---- structure ----

  private insert(path: string, node: DataNode): void {
    this.nodes.set(path, node);
    this.treeDigest.add(path, node);
    const kind = node.kind;
    if (kind.kind === 'ephemeral') {
      let set = this.ephemeralsBySession.get(kind.sessionId);
      if (set === undefined) {
        set = new Set();
        this.ephemeralsBySession.set(kind.sessionId, set);
      }
      set.add(path);
    } else if (kind.kind === 'container') {
      this.containerPaths.add(path);
    } else if (kind.kind === 'ttl') {
      this.ttlPaths.add(path);
    }
  }

  private attach(path: string, node: DataNode): void {
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath);
    assert(parent !== undefined, `the parent of ${path} exists`);
    this.treeDigest.remove(parentPath, parent);
    parent.children.add(nameOf(path));
    this.treeDigest.add(parentPath, parent);
    this.insert(path, node);
  }

  private detach(path: string, node: DataNode): void {
    this.nodes.delete(path);
    this.treeDigest.remove(path, node);
    const kind = node.kind;
    if (kind.kind === 'ephemeral') {
      const set = this.ephemeralsBySession.get(kind.sessionId);
      set?.delete(path);
      if (set?.size === 0) this.ephemeralsBySession.delete(kind.sessionId);
    } else if (kind.kind === 'container') {
      this.containerPaths.delete(path);
    } else if (kind.kind === 'ttl') {
      this.ttlPaths.delete(path);
    }
  }
}

function byteLength(data: Uint8Array | null): number {
  return data === null ? 0 : data.length;
}
