/** ACL types and ZooKeeper's standard lists (S/ZooDefs.java). */
export const PERMS = { READ: 1, WRITE: 2, CREATE: 4, DELETE: 8, ADMIN: 16, ALL: 31 } as const;
export type PermName = Exclude<keyof typeof PERMS, 'ALL'>;

export interface Id {
  readonly scheme: string;
  readonly id: string;
}

export interface Acl {
  /** A bitmask of PERMS. */
  readonly perms: number;
  readonly id: Id;
}

export const ANYONE_ID: Id = { scheme: 'world', id: 'anyone' };
export const OPEN_ACL_UNSAFE: readonly Acl[] = [{ perms: PERMS.ALL, id: ANYONE_ID }];
export const READ_ACL_UNSAFE: readonly Acl[] = [{ perms: PERMS.READ, id: ANYONE_ID }];
export const CREATOR_ALL_ACL: readonly Acl[] = [{ perms: PERMS.ALL, id: { scheme: 'auth', id: '' } }];

export function describeAcl(acl: readonly Acl[]): string {
  return acl.map((a) => `${a.id.scheme}:${a.id.id}=${a.perms}`).join(',');
}
