// Shorthands for writing conformance sequences: `const [a, b] = sessions(2)` gives step builders for
// sessions 0 and 1, so a sequence reads like the client calls it makes (`a.create('/x')`,
// `b.exists('/x', true)`). Everything they build is plain data of the format in ../sequence.ts.
import { PERMS } from '../sequence.ts';
import type {
  Acl,
  AddWatchModeName,
  CheckOp,
  CreateModeName,
  CreateOp,
  DeleteOp,
  MultiOp,
  MultiReadOp,
  SetDataOp,
  Step,
  WatcherTypeName,
} from '../sequence.ts';
import { createHash } from 'node:crypto';

export { PERMS };

export const OPEN: readonly Acl[] = [{ perms: PERMS.ALL, scheme: 'world', id: 'anyone' }];
export const READ_ONLY: readonly Acl[] = [{ perms: PERMS.READ, scheme: 'world', id: 'anyone' }];
export const CREATOR_ALL: readonly Acl[] = [{ perms: PERMS.ALL, scheme: 'auth', id: '' }];

export function world(perms: number): Acl {
  return { perms, scheme: 'world', id: 'anyone' };
}

/** ZooKeeper's digest id for user:password: `user:BASE64(SHA1("user:password"))`. */
export function digestId(user: string, password: string): string {
  return `${user}:${createHash('sha1').update(`${user}:${password}`).digest('base64')}`;
}

export function digest(user: string, password: string, perms: number): Acl {
  return { perms, scheme: 'digest', id: digestId(user, password) };
}

export interface CreateOptions {
  readonly data?: string | null;
  readonly acl?: readonly Acl[];
  readonly mode?: CreateModeName;
  readonly ttl?: number;
  readonly withStat?: boolean;
  readonly flags?: number;
}

/** A create op (also usable inside multi). Data defaults to null, ACL to OPEN, mode to PERSISTENT. */
export function create(path: string, o: CreateOptions = {}): CreateOp {
  return {
    op: 'create',
    path,
    data: o.data === undefined ? null : o.data,
    acl: o.acl ?? OPEN,
    mode: o.mode ?? 'PERSISTENT',
    ...(o.ttl !== undefined ? { ttl: o.ttl } : {}),
    ...(o.withStat !== undefined ? { withStat: o.withStat } : {}),
    ...(o.flags !== undefined ? { flags: o.flags } : {}),
  };
}

export const del = (path: string, version = -1): DeleteOp => ({ op: 'delete', path, version });
export const set = (path: string, data: string | null, version = -1): SetDataOp => ({ op: 'setData', path, data, version });
export const check = (path: string, version = -1): CheckOp => ({ op: 'check', path, version });
export const readData = (path: string): MultiReadOp => ({ op: 'getData', path });
export const readChildren = (path: string): MultiReadOp => ({ op: 'getChildren', path });

export class On {
  constructor(readonly session: number) {}

  create(path: string, o: CreateOptions = {}): Step {
    return { session: this.session, ...create(path, o) };
  }
  delete(path: string, version = -1): Step {
    return { session: this.session, ...del(path, version) };
  }
  setData(path: string, data: string | null, version = -1): Step {
    return { session: this.session, ...set(path, data, version) };
  }
  exists(path: string, watch = false): Step {
    return { session: this.session, op: 'exists', path, watch };
  }
  getData(path: string, watch = false): Step {
    return { session: this.session, op: 'getData', path, watch };
  }
  getChildren(path: string, watch = false, withStat = false): Step {
    return { session: this.session, op: 'getChildren', path, watch, withStat };
  }
  getChildren2(path: string, watch = false): Step {
    return this.getChildren(path, watch, true);
  }
  getACL(path: string): Step {
    return { session: this.session, op: 'getACL', path };
  }
  setACL(path: string, acl: readonly Acl[], version = -1): Step {
    return { session: this.session, op: 'setACL', path, acl, version };
  }
  sync(path: string): Step {
    return { session: this.session, op: 'sync', path };
  }
  multi(...ops: MultiOp[]): Step {
    return { session: this.session, op: 'multi', ops };
  }
  multiRead(...ops: MultiReadOp[]): Step {
    return { session: this.session, op: 'multiRead', ops };
  }
  addAuth(scheme: string, auth: string): Step {
    return { session: this.session, op: 'addAuth', scheme, auth };
  }
  digestAuth(user: string, password: string): Step {
    return this.addAuth('digest', `${user}:${password}`);
  }
  getEphemerals(prefix: string): Step {
    return { session: this.session, op: 'getEphemerals', prefix };
  }
  getAllChildrenNumber(path: string): Step {
    return { session: this.session, op: 'getAllChildrenNumber', path };
  }
  addWatch(path: string, mode: AddWatchModeName): Step {
    return { session: this.session, op: 'addWatch', path, mode };
  }
  removeWatches(path: string, type: WatcherTypeName): Step {
    return { session: this.session, op: 'removeWatches', path, type };
  }
  /** Opcode checkWatches: "does the server still hold a watch of this type on the path?" */
  checkWatches(path: string, type: WatcherTypeName): Step {
    return { session: this.session, op: 'removeWatches', path, type, check: true };
  }
  whoAmI(): Step {
    return { session: this.session, op: 'whoAmI' };
  }
  close(): Step {
    return { session: this.session, op: 'close' };
  }
}

/** Step builders for sessions 0..3: `const [a, b] = sessions()`. */
export function sessions(): readonly [On, On, On, On] {
  return [new On(0), new On(1), new On(2), new On(3)];
}
