/**
 * The tree digest, in the spirit of ZooKeeper's digest feature (DigestCalculator): a hash per node over
 * its path, data and stored stat, summed over all nodes, so that it updates in O(1) per change and two
 * servers' trees can be compared by one number. Two 32-bit lanes, printed as 16 hex digits.
 */
import type { DataNode } from './node.ts';

const TWO_32 = 4_294_967_296;

function mix(h: number, x: number): number {
  const k = Math.imul(h ^ (x >>> 0), 0x01000193);
  return k ^ (k >>> 15);
}

function mixNumber(h: number, x: number): number {
  return mix(mix(h, x % TWO_32), Math.floor(x / TWO_32));
}

export function nodeDigest(path: string, node: DataNode, seed: number): number {
  let h = seed;
  for (let i = 0; i < path.length; i++) h = mix(h, path.charCodeAt(i));
  const data = node.data;
  if (data === null) h = mix(h, 0xffffffff);
  else for (let i = 0; i < data.length; i++) h = mix(h, data[i] as number);
  h = mixNumber(h, node.czxid);
  h = mixNumber(h, node.mzxid);
  h = mixNumber(h, node.pzxid);
  h = mixNumber(h, node.ctimeMs);
  h = mixNumber(h, node.mtimeMs);
  h = mix(h, node.version);
  h = mix(h, node.cversion);
  h = mix(h, node.aversion);
  h = mixNumber(h, node.ephemeralOwner);
  return h >>> 0;
}

export class TreeDigest {
  private lane1 = 0;
  private lane2 = 0;

  add(path: string, node: DataNode): void {
    this.lane1 = (this.lane1 + nodeDigest(path, node, 0x811c9dc5)) % TWO_32;
    this.lane2 = (this.lane2 + nodeDigest(path, node, 0x2545f491)) % TWO_32;
  }

  remove(path: string, node: DataNode): void {
    this.lane1 = (this.lane1 - nodeDigest(path, node, 0x811c9dc5) + TWO_32) % TWO_32;
    this.lane2 = (this.lane2 - nodeDigest(path, node, 0x2545f491) + TWO_32) % TWO_32;
  }

  value(): string {
    return this.lane1.toString(16).padStart(8, '0') + this.lane2.toString(16).padStart(8, '0');
  }
}
