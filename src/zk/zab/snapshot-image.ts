/**
 * The state a SNAP carries, taken from and given back to a DataTree (ZKDatabase.serializeSnapshot on the
 * leader, ZKDatabase.deserializeSnapshot on the learner). ZooKeeper streams the live tree, so its SNAP
 * is fuzzy (txns applied while it is written may be in it, and come again as PROPOSAL/COMMIT, which is
 * harmless because applying is idempotent); here the image is taken in one step and is exact at the
 * tree's lastProcessedZxid. Node data and ACL arrays are shared, not copied: a tree replaces them on
 * change and never mutates them in place.
 */
import { assert } from '../../base/index.ts';
import type { Zxid } from '../../base/index.ts';
import { DataNode, DataTree } from '../tree/index.ts';
import type { SnapNode, SnapshotImage } from './packets.ts';

/** The tree depth first (parents before children) and the sessions in the map's order. */
export function imageOfTree(tree: DataTree, sessions: ReadonlyMap<number, number>): SnapshotImage {
  const nodes: SnapNode[] = [];
  for (const { path, node } of tree.snapshotEntries()) {
    nodes.push({
      path, data: node.data, acl: node.acl, kind: node.kind, czxid: node.czxid, mzxid: node.mzxid, pzxid: node.pzxid,
      ctimeMs: node.ctimeMs, mtimeMs: node.mtimeMs, version: node.version, cversion: node.cversion, aversion: node.aversion,
    });
  }
  assert(nodes.length === tree.size, 'every node of the tree is in its image');
  return { sessions: [...sessions].map(([sessionId, timeoutMs]) => ({ sessionId, timeoutMs })), nodes };
}

/** A fresh tree (DataTree.restore) and session table from an image; the tree's lastProcessedZxid is `zxid`. */
export function treeOfImage(image: SnapshotImage, zxid: Zxid): { readonly tree: DataTree; readonly sessions: Map<number, number> } {
  const entries = image.nodes.map((n) => {
    const node = new DataNode(n.data, n.acl, n.kind, n.czxid, n.ctimeMs);
    node.mzxid = n.mzxid;
    node.pzxid = n.pzxid;
    node.mtimeMs = n.mtimeMs;
    node.version = n.version;
    node.cversion = n.cversion;
    node.aversion = n.aversion;
    return { path: n.path, node };
  });
  const sessions = new Map<number, number>();
  for (const s of image.sessions) {
    assert(!sessions.has(s.sessionId), 'a session appears once in a snapshot image');
    sessions.set(s.sessionId, s.timeoutMs);
  }
  return { tree: DataTree.restore(entries, zxid), sessions };
}
