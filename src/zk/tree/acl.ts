/**
 * ACL validation and checking as ZooKeeper's server does them (zk-client-semantics.md section 8):
 * fixupACL for create/setACL (INVALIDACL), checkACL for every operation's permission, and the ids the
 * built-in schemes give a connection (digest from addAuth, ip from its address, super from the digest).
 */
import { base64, sha1 } from '../../base/index.ts';
import type { Acl, Id } from '../protocol/index.ts';

/** `user:base64(sha1("user:password"))`, as DigestAuthenticationProvider.generateDigest. */
export function digestId(userPassword: string): string {
  const colon = userPassword.indexOf(':');
  const user = colon < 0 ? userPassword : userPassword.slice(0, colon);
  return `${user}:${base64(sha1(userPassword))}`;
}

/**
 * Java's Integer.parseInt: an optional sign and decimal digits, within int range (ASCII digits only here;
 * Java also takes other Unicode decimal digits). IPAuthenticationProvider parses with it, so `+127` and
 * `-0` are valid octets (conformance permissions/ip-id-forms).
 */
function javaParseInt(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= -(2 ** 31) && n <= 2 ** 31 - 1 ? n : undefined;
}

/** v4addr2Bytes: `a.b.c.d` into a 32-bit number, or undefined. */
function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    const n = javaParseInt(part);
    if (n === undefined || n < 0 || n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

/** The address and mask bits of an ip ACL id (`aclExpr.split("/", 2)`), or undefined if invalid. */
function ipAclParts(aclId: string): { addr: number; bits: number } | undefined {
  const slash = aclId.indexOf('/');
  const addr = ipv4(slash < 0 ? aclId : aclId.slice(0, slash));
  const bits = slash < 0 ? 32 : javaParseInt(aclId.slice(slash + 1));
  if (addr === undefined || bits === undefined || bits < 0 || bits > 32) return undefined;
  return { addr, bits };
}

function ipMatches(clientAddr: string, aclId: string): boolean {
  const parts = ipAclParts(aclId);
  const client = ipv4(clientAddr);
  if (parts === undefined || client === undefined) return false;
  if (parts.bits === 0) return true;
  const shift = 32 - parts.bits;
  return Math.floor(client / 2 ** shift) === Math.floor(parts.addr / 2 ** shift);
}

/** Java's String.split: trailing empty strings are dropped ("user:" has one part, ":h" two). */
function javaSplitCount(text: string, separator: string): number {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.length;
}

function isValidId(id: Id): boolean {
  switch (id.scheme) {
    case 'world':
      return id.id === 'anyone';
    case 'digest':
      return javaSplitCount(id.id, ':') === 2;
    case 'ip':
      return ipAclParts(id.id) !== undefined;
    default:
      return false;
  }
}

/**
 * PrepRequestProcessor.fixupACL: expands `auth` entries into the caller's authenticated ids (digest),
 * drops duplicates, and refuses an empty list, unknown schemes and invalid ids. Undefined = INVALIDACL.
 */
export function fixupAcl(acl: readonly Acl[], authIds: readonly Id[]): Acl[] | undefined {
  if (acl.length === 0) return undefined;
  const out: Acl[] = [];
  const push = (entry: Acl): void => {
    if (!out.some((a) => a.perms === entry.perms && a.id.scheme === entry.id.scheme && a.id.id === entry.id.id)) out.push(entry);
  };
  for (const entry of acl) {
    if (entry.id.scheme === 'auth') {
      const authenticated = authIds.filter((id) => id.scheme === 'digest');
      if (authenticated.length === 0) return undefined;
      for (const id of authenticated) push({ perms: entry.perms, id });
    } else {
      if (!isValidId(entry.id)) return undefined;
      push(entry);
    }
  }
  return out;
}

/** ZooKeeperServer.checkACL: does a connection with `ids` hold `perm` on a node with `acl`? */
export function aclAllows(acl: readonly Acl[], perm: number, ids: readonly Id[]): boolean {
  if (acl.length === 0) return true;
  if (ids.some((id) => id.scheme === 'super')) return true;
  for (const entry of acl) {
    if ((entry.perms & perm) === 0) continue;
    const { scheme, id } = entry.id;
    if (scheme === 'world' && id === 'anyone') return true;
    for (const own of ids) {
      if (own.scheme !== scheme) continue;
      if (scheme === 'digest' && own.id === id) return true;
      if (scheme === 'ip' && ipMatches(own.id, id)) return true;
    }
  }
  return false;
}

/** getACL without ADMIN: every digest id is masked as `user:x`. */
export function maskDigests(acl: readonly Acl[]): Acl[] {
  return acl.map((a) => (a.id.scheme === 'digest'
    ? { perms: a.perms, id: { scheme: 'digest', id: `${a.id.id.split(':')[0] ?? ''}:x` } }
    : a));
}
