/**
 * A map from zxid to an event index, built for histories with millions of txns: zxids are above 2^32,
 * so a Map keyed by them hashes boxed doubles; here each epoch keeps a dense array indexed by the zxid's
 * counter (counters of one epoch are consecutive from 1), with a Map only for counters past
 * DENSE_COUNTER_LIMIT. Keys come out in zxid order without sorting.
 */
const COUNTER_SPAN = 4_294_967_296; // 2^32
const DENSE_COUNTER_LIMIT = 1 << 24;
const ABSENT = -1;

/** Zxids are non-negative integers; anything else is never held. */
function isKey(zxid: number): boolean {
  return Number.isSafeInteger(zxid) && zxid >= 0;
}

class EpochSlots {
  /** counter -> value, ABSENT when unset. */
  dense = new Int32Array(0).fill(ABSENT);
  readonly sparse = new Map<number, number>();

  get(counter: number): number | undefined {
    if (counter >= DENSE_COUNTER_LIMIT) return this.sparse.get(counter);
    const v = counter < this.dense.length ? (this.dense[counter] ?? ABSENT) : ABSENT;
    return v === ABSENT ? undefined : v;
  }

  set(counter: number, value: number): void {
    if (counter >= DENSE_COUNTER_LIMIT) {
      this.sparse.set(counter, value);
      return;
    }
    if (counter >= this.dense.length) this.grow(counter + 1);
    this.dense[counter] = value;
  }

  private grow(minLength: number): void {
    const next = new Int32Array(Math.min(DENSE_COUNTER_LIMIT, Math.max(minLength, this.dense.length * 2, 64))).fill(ABSENT);
    next.set(this.dense);
    this.dense = next;
  }
}

export class ZxidIndex {
  private readonly epochs = new Map<number, EpochSlots>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(zxid: number): number | undefined {
    if (!isKey(zxid)) return undefined;
    return this.epochs.get(Math.floor(zxid / COUNTER_SPAN))?.get(zxid % COUNTER_SPAN);
  }

  has(zxid: number): boolean {
    return this.get(zxid) !== undefined;
  }

  /** Sets zxid -> value (a non-negative integer below 2^31). */
  set(zxid: number, value: number): void {
    if (!isKey(zxid)) return;
    const epoch = Math.floor(zxid / COUNTER_SPAN);
    let slots = this.epochs.get(epoch);
    if (slots === undefined) {
      slots = new EpochSlots();
      this.epochs.set(epoch, slots);
    }
    if (slots.get(zxid % COUNTER_SPAN) === undefined) this.count += 1;
    slots.set(zxid % COUNTER_SPAN, value);
  }

  /** Keeps the smaller value when zxid is already there. */
  setMin(zxid: number, value: number): void {
    const before = this.get(zxid);
    if (before === undefined || value < before) this.set(zxid, value);
  }

  /** The zxids held, ascending. */
  sortedKeys(): Float64Array {
    const out = new Float64Array(this.count);
    let n = 0;
    for (const epoch of [...this.epochs.keys()].sort((a, b) => a - b)) {
      const slots = this.epochs.get(epoch);
      if (slots === undefined) continue;
      const base = epoch * COUNTER_SPAN;
      for (let c = 0; c < slots.dense.length; c++) if (slots.dense[c] !== ABSENT) out[n++] = base + c;
      for (const c of [...slots.sparse.keys()].sort((a, b) => a - b)) out[n++] = base + c;
    }
    return out;
  }
}
