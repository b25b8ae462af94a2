// The event queue's order is the simulation's order: the heap must pop entries by time, then by the
// sequence number that breaks ties, whatever the order of pushes, and keep targets and args with their
// entries through growth. Checked against sorting, the simplest correct implementation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeSeqHeap } from '../../src/base/index.ts';
import { checkProperty } from '../support/property.ts';

describe('TimeSeqHeap', () => {
  it('pops in (time, seq) order, the same order as a sort', async () => {
    await checkProperty(fc.property(fc.array(fc.nat(50), { maxLength: 300 }), (times) => {
      const heap = new TimeSeqHeap<string>(1);
      times.forEach((t, seq) => heap.push(t, seq, `t${t}s${seq}`, seq));
      const popped: string[] = [];
      while (heap.size > 0) {
        expect(heap.topArg()).toBe(heap.topSeq());
        popped.push(heap.topTarget());
        heap.pop();
      }
      const expected = times.map((t, seq) => ({ t, seq }))
        .sort((a, b) => a.t - b.t || a.seq - b.seq).map(({ t, seq }) => `t${t}s${seq}`);
      expect(popped).toEqual(expected);
    }), { numRuns: 200, file: import.meta.url });
  });

  it('interleaves pushes and pops correctly', () => {
    const heap = new TimeSeqHeap<number>(2);
    heap.push(10, 0, 100, undefined);
    heap.push(5, 1, 50, undefined);
    expect(heap.topTime()).toBe(5);
    heap.pop();
    heap.push(7, 2, 70, undefined);
    heap.push(10, 3, 101, undefined);
    const order: number[] = [];
    while (heap.size > 0) {
      order.push(heap.topTarget());
      heap.pop();
    }
    expect(order).toEqual([70, 100, 101]);
  });

  it('refuses to pop an empty heap', () => {
    expect(() => new TimeSeqHeap<number>().pop()).toThrow(/empty/);
  });
});
