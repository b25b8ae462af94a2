/**
 * What the prep stage validates against: the tree as it will be once every write already prepared is
 * applied (ZooKeeper's outstandingChanges of ChangeRecords). Writes are prepared long before they are
 * applied (logged, fsynced, committed), so a second write must see the first one's effects.
 *
 * `Scratch` layers the changes of one request (one op, or a whole multi) over the pending view, so that
 * a failing multi rolls back by being dropped.
 */
import { assert } from '../../base/index.ts';
import type { Zxid } from '../../base/index.ts';
import type { Acl, NodeKind } from '../protocol/index.ts';
import type { DataTree } from '../tree/index.ts';

/** The part of a node that validation needs. */
export interface NodeRecord {
  readonly acl: readonly Acl[];
  readonly version: number;
  readonly aversion: number;
  /** Stored child-create counter (the next sequential suffix). */
  readonly cversion: number;
  readonly childCount: number;
  readonly kind: NodeKind;
}

export interface NodeLookup {
  lookup(path: string): NodeRecord | undefined;
}

interface Change {
  readonly zxid: Zxid;
  readonly path: string;
  readonly record: NodeRecord | null;
}

export class PendingChanges implements NodeLookup {
  private readonly latest = new Map<string, Change>();
  private readonly queue: Change[] = [];

  constructor(private readonly tree: DataTree) {}

  get size(): number {
    return this.queue.length;
  }

  lookup(path: string): NodeRecord | undefined {
    const change = this.latest.get(path);
    if (change !== undefined) return change.record ?? undefined;
    const node = this.tree.node(path);
    if (node === undefined) return undefined;
    return {
      acl: node.acl, version: node.version, aversion: node.aversion, cversion: node.cversion,
      childCount: node.children.size, kind: node.kind,
    };
  }

  add(zxid: Zxid, path: string, record: NodeRecord | null): void {
    const last = this.queue[this.queue.length - 1];
    assert(last === undefined || last.zxid <= zxid, 'pending changes are added in zxid order');
    const change = { zxid, path, record };
    this.queue.push(change);
    this.latest.set(path, change);
  }

  /** The tree has applied every txn up to `zxid`: their changes are now in it. */
  applied(zxid: Zxid): void {
    let done = 0;
    while (done < this.queue.length && (this.queue[done] as Change).zxid <= zxid) {
      const change = this.queue[done] as Change;
      if (this.latest.get(change.path) === change) this.latest.delete(change.path);
      done += 1;
    }
    if (done > 0) this.queue.splice(0, done);
  }
}

export class Scratch implements NodeLookup {
  private readonly changes = new Map<string, NodeRecord | null>();

  constructor(private readonly base: NodeLookup) {}

  lookup(path: string): NodeRecord | undefined {
    if (this.changes.has(path)) return this.changes.get(path) ?? undefined;
    return this.base.lookup(path);
  }

  set(path: string, record: NodeRecord | null): void {
    this.changes.set(path, record);
  }

  /** Makes this request's changes pending under its zxid. */
  commitTo(pending: PendingChanges, zxid: Zxid): void {
    for (const [path, record] of this.changes) pending.add(zxid, path, record);
  }
}
