// A deliberately simple model of ZooKeeper's tree semantics for one world-readable namespace, written
// from zk-client-semantics.md (sections 1.5, 1.7, 3.1-3.2, 3.5, 3.9, 4) rather than from zksim's code,
// to check src/zk/tree + src/zk/prep against. Every write consumes one zxid, failed or not.
export type ModelMode = 'PERSISTENT' | 'EPHEMERAL' | 'PERSISTENT_SEQUENTIAL' | 'EPHEMERAL_SEQUENTIAL';

export type ModelOp =
  | { readonly op: 'create'; readonly path: string; readonly mode: ModelMode; readonly data: string }
  | { readonly op: 'delete'; readonly path: string; readonly version: number }
  | { readonly op: 'setData'; readonly path: string; readonly version: number; readonly data: string }
  | { readonly op: 'check'; readonly path: string; readonly version: number };

export type ModelResult = { readonly ok: string } | { readonly err: string } | { readonly multi: readonly string[] };

interface MNode {
  data: string;
  version: number;
  creates: number;
  czxid: number;
  mzxid: number;
  pzxid: number;
  owner: number;
  children: Set<string>;
}

const SPECIAL = new Set(['/', '/zookeeper', '/zookeeper/quota', '/zookeeper/config']);

function parent(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function fresh(zxid: number, owner: number, data: string): MNode {
  return { data, version: 0, creates: 0, czxid: zxid, mzxid: zxid, pzxid: zxid, owner, children: new Set() };
}

export class TreeModel {
  nodes = new Map<string, MNode>();
  zxid = 0;

  constructor() {
    for (const p of SPECIAL) this.nodes.set(p, fresh(0, 0, ''));
    this.nodes.get('/')?.children.add('zookeeper');
    this.nodes.get('/zookeeper')?.children.add('quota').add('config');
  }

  clone(): TreeModel {
    const m = new TreeModel();
    m.zxid = this.zxid;
    m.nodes = new Map([...this.nodes].map(([p, n]) => [p, { ...n, children: new Set(n.children) }]));
    return m;
  }

  /** One request: a single op, or a multi (all or nothing, one zxid). */
  run(ops: readonly ModelOp[], multi: boolean, session: number): ModelResult {
    this.zxid += 1;
    if (!multi) {
      const r = this.one(ops[0] as ModelOp, session);
      return 'err' in r ? r : { ok: r.ok };
    }
    const trial = this.clone();
    const codes: string[] = [];
    for (let i = 0; i < ops.length; i++) {
      const r = trial.one(ops[i] as ModelOp, session);
      if ('err' in r) {
        return { multi: ops.map((_, j) => (j < i ? 'OK' : j === i ? r.err : 'RUNTIMEINCONSISTENCY')) };
      }
      codes.push(r.ok);
    }
    this.nodes = trial.nodes;
    return { multi: codes };
  }

  closeSession(session: number): void {
    this.zxid += 1;
    for (const [path, node] of [...this.nodes]) {
      if (node.owner === session) this.remove(path);
    }
  }

  private one(op: ModelOp, session: number): { readonly ok: string } | { readonly err: string } {
    switch (op.op) {
      case 'create': {
        const p = this.nodes.get(parent(op.path));
        if (p === undefined) return { err: 'NONODE' };
        const path = op.mode.endsWith('SEQUENTIAL') ? op.path + String(p.creates).padStart(10, '0') : op.path;
        if (this.nodes.has(path)) return { err: 'NODEEXISTS' };
        if (p.owner !== 0) return { err: 'NOCHILDRENFOREPHEMERALS' };
        p.creates += 1;
        p.pzxid = this.zxid;
        p.children.add(path.slice(path.lastIndexOf('/') + 1));
        this.nodes.set(path, fresh(this.zxid, op.mode.startsWith('EPHEMERAL') ? session : 0, op.data));
        return { ok: path };
      }
      case 'delete': {
        if (SPECIAL.has(op.path)) return { err: 'BADARGUMENTS' };
        if (!this.nodes.has(parent(op.path))) return { err: 'NONODE' };
        const n = this.nodes.get(op.path);
        if (n === undefined) return { err: 'NONODE' };
        if (op.version !== -1 && op.version !== n.version) return { err: 'BADVERSION' };
        if (n.children.size > 0) return { err: 'NOTEMPTY' };
        this.remove(op.path);
        return { ok: op.path };
      }
      case 'setData': {
        const n = this.nodes.get(op.path);
        if (n === undefined) return { err: 'NONODE' };
        if (op.version !== -1 && op.version !== n.version) return { err: 'BADVERSION' };
        n.version += 1;
        n.mzxid = this.zxid;
        n.data = op.data;
        return { ok: op.path };
      }
      case 'check': {
        const n = this.nodes.get(op.path);
        if (n === undefined) return { err: 'NONODE' };
        if (op.version !== -1 && op.version !== n.version) return { err: 'BADVERSION' };
        return { ok: op.path };
      }
    }
  }

  private remove(path: string): void {
    const p = this.nodes.get(parent(path)) as MNode;
    p.children.delete(path.slice(path.lastIndexOf('/') + 1));
    p.pzxid = Math.max(p.pzxid, this.zxid);
    this.nodes.delete(path);
  }

  /** The Stat fields a client sees, for comparison (visible cversion = creates + deletes). */
  visible(path: string): Record<string, number | string> | undefined {
    const n = this.nodes.get(path);
    if (n === undefined) return undefined;
    return {
      czxid: n.czxid, mzxid: n.mzxid, pzxid: n.pzxid, version: n.version,
      cversion: 2 * n.creates - n.children.size, numChildren: n.children.size,
      ephemeralOwner: n.owner, dataLength: n.data.length, data: n.data,
      children: [...n.children].sort().join(','),
    };
  }
}
