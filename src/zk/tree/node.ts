/**
 * A znode as the server stores it (DataNode + StatPersisted). The stored child counter (`cversion`)
 * counts child creates only; the client sees 2 x cversion - numChildren (ZOOKEEPER-1046), computed in
 * statOf. dataLength and numChildren are computed at read time too, as ZooKeeper does.
 */
import type { Zxid } from '../../base/index.ts';
import type { Acl, NodeKind, Stat } from '../protocol/index.ts';

export class DataNode {
  mzxid: Zxid;
  pzxid: Zxid;
  mtimeMs: number;
  version = 0;
  /** Stored child-create counter: the next sequential suffix. */
  cversion = 0;
  aversion = 0;
  readonly children = new Set<string>();

  constructor(
    public data: Uint8Array | null,
    public acl: readonly Acl[],
    readonly kind: NodeKind,
    readonly czxid: Zxid,
    readonly ctimeMs: number,
  ) {
    this.mzxid = czxid;
    this.pzxid = czxid;
    this.mtimeMs = ctimeMs;
  }

  /** What Stat.ephemeralOwner shows: the session for real ephemerals, 0 for everything else. */
  get ephemeralOwner(): number {
    return this.kind.kind === 'ephemeral' ? this.kind.sessionId : 0;
  }
}

export function statOf(node: DataNode): Stat {
  return {
    czxid: node.czxid,
    mzxid: node.mzxid,
    ctime: node.ctimeMs,
    mtime: node.mtimeMs,
    version: node.version,
    cversion: node.cversion * 2 - node.children.size,
    aversion: node.aversion,
    ephemeralOwner: node.ephemeralOwner,
    dataLength: node.data === null ? 0 : node.data.length,
    numChildren: node.children.size,
    pzxid: node.pzxid,
  };
}

/** Version counters are Java ints: they wrap from 2^31 - 1 to -2^31 (and can reach -1 in 3.8). */
export function nextVersion(version: number): number {
  return (version + 1) | 0;
}
