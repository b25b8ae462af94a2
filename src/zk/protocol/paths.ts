/**
 * Path rules of ZooKeeper's PathUtils.validatePath (zk-client-semantics.md 1.1), per UTF-16 code unit,
 * and the special nodes of a fresh tree (1.2).
 */
export const ROOT = '/';
export const ZOOKEEPER_NODE = '/zookeeper';
export const QUOTA_NODE = '/zookeeper/quota';
export const CONFIG_NODE = '/zookeeper/config';
export const SPECIAL_PATHS: ReadonlySet<string> = new Set([ROOT, ZOOKEEPER_NODE, QUOTA_NODE, CONFIG_NODE]);

function isBadChar(c: number): boolean {
  return c === 0 ||
    (c > 0x0000 && c <= 0x001f) ||
    (c >= 0x007f && c <= 0x009f) ||
    (c >= 0xd800 && c <= 0xf8ff) ||
    (c >= 0xfff0 && c <= 0xffff);
}

/** Why `path` is not a valid ZooKeeper path, or undefined if it is. */
export function pathProblem(path: string): string | undefined {
  if (path.length === 0) return 'Path length must be > 0';
  if (path.charCodeAt(0) !== 0x2f) return 'Path must start with / character';
  if (path.length === 1) return undefined;
  if (path.charCodeAt(path.length - 1) === 0x2f) return 'Path must not end with / character';
  let previous = 0x2f;
  for (let i = 1; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (isBadChar(c)) return `invalid character @${i}`;
    if (c === 0x2f && previous === 0x2f) return `empty node name specified @${i}`;
    if (c === 0x2e && previous === 0x2f) {
      const rest = path.slice(i);
      if (rest === '.' || rest.startsWith('./') || rest === '..' || rest.startsWith('../')) {
        return `relative paths not allowed @${i}`;
      }
    }
    previous = c;
  }
  return undefined;
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? ROOT : path.slice(0, slash);
}

export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function childPath(parent: string, name: string): string {
  return parent === ROOT ? `/${name}` : `${parent}/${name}`;
}

/** The 10-digit sequential suffix ZooKeeper appends (String.format("%010d", counter)). */
export function sequenceSuffix(counter: number): string {
  const signed = counter | 0;
  return signed < 0 ? `-${String(-signed).padStart(10, '0')}` : String(signed).padStart(10, '0');
}
