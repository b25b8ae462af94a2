/**
 * A zxid is `epoch * 2^32 + counter` held in a JavaScript number (ARCHITECTURE.md, "Zxids"): exact
 * while epoch < 2^21, which the helpers assert. Numbers, not bigints, because zxids are compared on
 * every proposal and ack.
 */
import { fail } from './assert.ts';
import type { Brand } from './units.ts';

export type Zxid = Brand<number, 'Zxid'>;

const COUNTER_SPAN = 4_294_967_296; // 2^32
export const EPOCH_MAX = 2_097_151; // 2^21 - 1: the largest epoch a number holds exactly.

export function zxid(epoch: number, counter: number): Zxid {
  if (!(Number.isInteger(epoch) && epoch >= 0 && epoch <= EPOCH_MAX)) fail(`zxid epoch out of range: ${epoch}`);
  if (!(Number.isInteger(counter) && counter >= 0 && counter < COUNTER_SPAN)) fail(`zxid counter out of range: ${counter}`);
  return (epoch * COUNTER_SPAN + counter) as Zxid;
}

export function epochOf(z: Zxid): number {
  return Math.floor(z / COUNTER_SPAN);
}

export function counterOf(z: Zxid): number {
  return z % COUNTER_SPAN;
}

/** Prints a zxid as ZooKeeper's logs do: `0x100000003`. */
export function formatZxid(z: Zxid): string {
  return `0x${z.toString(16)}`;
}
