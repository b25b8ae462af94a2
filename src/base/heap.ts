/**
 * A binary min-heap of (time, seq, target, arg) entries ordered by time, then seq, stored as
 * parallel arrays so that pushing and popping allocate nothing once the arrays have grown. The
 * simulation kernel's event queue is one of these; `seq` breaks every tie, so the order is total.
 */
import { assert } from './assert.ts';

export class TimeSeqHeap<T> {
  private times: Float64Array;
  private seqs: Float64Array;
  private targets: (T | undefined)[];
  private args: unknown[];
  private count = 0;

  constructor(initialCapacity = 1024) {
    assert(initialCapacity >= 1, 'heap capacity must be positive');
    this.times = new Float64Array(initialCapacity);
    this.seqs = new Float64Array(initialCapacity);
    this.targets = new Array<T | undefined>(initialCapacity);
    this.args = new Array<unknown>(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest entry; only meaningful when size > 0. */
  peekTime(): number {
    assert(this.count > 0, 'peekTime on an empty heap');
    return this.times[0] as number;
  }

  push(time: number, seq: number, target: T, arg: unknown): void {
    if (this.count === this.times.length) this.grow();
    let i = this.count++;
    const times = this.times;
    const seqs = this.seqs;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (pt < time || (pt === time && (seqs[parent] as number) < seq)) break;
      this.move(parent, i);
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    this.targets[i] = target;
    this.args[i] = arg;
  }

  /** Removes the earliest entry; read it first with the `top*` accessors. */
  pop(): void {
    assert(this.count > 0, 'pop on an empty heap');
    const last = --this.count;
    const time = this.times[last] as number;
    const seq = this.seqs[last] as number;
    const target = this.targets[last];
    const arg = this.args[last];
    this.targets[last] = undefined;
    this.args[last] = undefined;
    if (last > 0) this.siftDown(time, seq, target, arg, last);
  }

  topTime(): number {
    return this.times[0] as number;
  }

  topSeq(): number {
    return this.seqs[0] as number;
  }

  topTarget(): T {
    return this.targets[0] as T;
  }

  topArg(): unknown {
    return this.args[0];
  }

  private siftDown(time: number, seq: number, target: T | undefined, arg: unknown, n: number): void {
    const times = this.times;
    const seqs = this.seqs;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n) {
        const ct = times[child] as number;
        const rt = times[right] as number;
        if (rt < ct || (rt === ct && (seqs[right] as number) < (seqs[child] as number))) child = right;
      }
      const ct = times[child] as number;
      if (time < ct || (time === ct && seq < (seqs[child] as number))) break;
      this.move(child, i);
      i = child;
    }
    times[i] = time;
    seqs[i] = seq;
    this.targets[i] = target;
    this.args[i] = arg;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from] as number;
    this.seqs[to] = this.seqs[from] as number;
    this.targets[to] = this.targets[from];
    this.args[to] = this.args[from];
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
    this.targets.length = capacity;
    this.args.length = capacity;
  }
}
