/**
 * base: the ground floor. Assertions, branded ids and units, zxid arithmetic, the (time, seq) heap.
 * Invariants: everything here is pure and deterministic. Imports: nothing outside this folder.
 */
export { AssertionError, assert, assertInt, assertNever, fail } from './assert.ts';
export type { Brand, ConnId, DiskOpId, HostId, JsonValue, Micros, TimerId } from './units.ts';
export { MICROS_PER_MS, MICROS_PER_SECOND, formatMicros, micros, microsToMs, msToMicros } from './units.ts';
export type { Zxid } from './zxid.ts';
export { EPOCH_MAX, counterOf, epochOf, formatZxid, zxid } from './zxid.ts';
export { TimeSeqHeap } from './heap.ts';
export { base64, sha1 } from './sha1.ts';
