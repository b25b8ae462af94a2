// A stand-in for the storage port in server tests, so that they exercise the server's use of the disk
// (what it writes, when it fsyncs, what it recovers) independently of the binary codec, which has tests
// of its own. Log records are JSON lines; a line cut short by a torn tail ends the log; snapshots are
// JSON documents of the tree's nodes.
import type { Zxid } from '../../src/base/index.ts';
import type { Acl, NodeKind, Txn } from '../../src/zk/protocol/index.ts';
import type { RecoveredState, ServerStorage } from '../../src/zk/server/index.ts';
import { DataNode, DataTree } from '../../src/zk/tree/index.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const replacer = (_k: string, v: unknown): unknown => (v instanceof Uint8Array ? { bytes: [...v] } : v);
const reviver = (_k: string, v: unknown): unknown =>
  (v !== null && typeof v === 'object' && 'bytes' in v ? new Uint8Array((v as { bytes: number[] }).bytes) : v);

interface SnapNode {
  path: string; data: Uint8Array | null; acl: Acl[]; kind: NodeKind; czxid: number; ctimeMs: number;
  mzxid: number; pzxid: number; mtimeMs: number; version: number; cversion: number; aversion: number;
}

export const jsonStorage: ServerStorage = {
  logFileName: (zxid) => `log.${zxid.toString(16)}`,
  snapshotFileName: (zxid) => `snapshot.${zxid.toString(16)}`,
  encodeLogRecord: (txn) => encoder.encode(`${JSON.stringify(txn, replacer)}\n`),
  encodeSnapshot: ({ tree, sessions, zxid }) => {
    const nodes: SnapNode[] = [...tree.snapshotEntries()].map(({ path, node }) => ({
      path, data: node.data, acl: [...node.acl], kind: node.kind, czxid: node.czxid, ctimeMs: node.ctimeMs, mzxid: node.mzxid,
      pzxid: node.pzxid, mtimeMs: node.mtimeMs, version: node.version, cversion: node.cversion, aversion: node.aversion,
    }));
    return encoder.encode(JSON.stringify({ zxid, sessions: [...sessions], nodes }, replacer));
  },
  recover: (files) => recoverJson(files),
};

function recoverJson(files: ReadonlyMap<string, Uint8Array>): RecoveredState | { problem: string } {
  let tree = new DataTree();
  let sessions = new Map<number, number>();
  const snaps = [...files.keys()].filter((f) => f.startsWith('snapshot.')).sort((a, b) => parseInt(b.slice(9), 16) - parseInt(a.slice(9), 16));
  for (const name of snaps) {
    try {
      const doc = JSON.parse(decoder.decode(files.get(name)), reviver) as { zxid: number; sessions: [number, number][]; nodes: SnapNode[] };
      tree = DataTree.restore(doc.nodes.map((n) => ({ path: n.path, node: restoreNode(n) })), doc.zxid as Zxid);
      sessions = new Map(doc.sessions);
      break;
    } catch {
      continue; // a torn or corrupt snapshot: try an older one
    }
  }
  const cuts: { file: string; validBytes: number }[] = [];
  const logs = [...files.keys()].filter((f) => f.startsWith('log.')).sort((a, b) => parseInt(a.slice(4), 16) - parseInt(b.slice(4), 16));
  for (const name of logs) {
    const text = decoder.decode(files.get(name));
    let offset = 0;
    for (const line of text.split('\n')) {
      if (offset + line.length >= text.length) {
        if (line.length > 0) cuts.push({ file: name, validBytes: offset });
        break;
      }
      offset += line.length + 1;
      const txn = JSON.parse(line, reviver) as Txn;
      if (txn.zxid <= tree.lastProcessedZxid) continue;
      tree.apply(txn, []);
      if (txn.op.type === 'createSession') sessions.set(txn.sessionId, txn.op.timeoutMs);
      if (txn.op.type === 'closeSession') sessions.delete(txn.sessionId);
    }
  }
  return { tree, sessions, cuts };
}

function restoreNode(n: SnapNode): DataNode {
  const node = new DataNode(n.data, n.acl, n.kind, n.czxid as Zxid, n.ctimeMs);
  node.mzxid = n.mzxid as Zxid;
  node.pzxid = n.pzxid as Zxid;
  node.mtimeMs = n.mtimeMs;
  node.version = n.version;
  node.cversion = n.cversion;
  node.aversion = n.aversion;
  return node;
}
