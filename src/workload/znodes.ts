/**
 * Small znode helpers workloads share: making a path's ancestors, text data, and ordering sequential
 * children by their 10-digit counter (a sequential name may carry any prefix).
 */
import type { ZooKeeper } from '../cluster/index.ts';
import { tolerate } from './keeper.ts';

const decoder = new TextDecoder();

/** Creates `path` and its missing ancestors as empty persistent znodes (NODEEXISTS is fine). */
export async function ensurePath(zk: ZooKeeper, path: string): Promise<void> {
  const parts = path.split('/').filter((p) => p !== '');
  for (let i = 1; i <= parts.length; i++) {
    await tolerate(zk.create(`/${parts.slice(0, i).join('/')}`, null), 'NODEEXISTS');
  }
}

export function text(data: Uint8Array | null): string {
  return data === null ? '' : decoder.decode(data);
}

/** The counter a sequential node's name ends with (its last 10 characters). */
export function sequenceOf(name: string): number {
  const n = Number(name.slice(-10));
  return Number.isInteger(n) ? n : Number.MAX_SAFE_INTEGER;
}

/** Children sorted by their sequence counter, then by name. */
export function bySequence(children: readonly string[]): string[] {
  return [...children].sort((a, b) => sequenceOf(a) - sequenceOf(b) || (a < b ? -1 : a > b ? 1 : 0));
}
