/**
 * The "physical limit" that the kernel is compared with (toolchain.md section 6): a binary min-heap of
 * plain event objects {t, seq, node, msg} ordered by (time, seq), 1000 pending, where each event pops one
 * entry and pushes a new one at now + 1 + floor(rng() * 1000), with 2 alea draws per event. No network,
 * no hosts, no trace: what a discrete-event loop costs at all on this machine.
 */
import seedrandom from 'seedrandom';

interface Ev {
  readonly t: number;
  readonly seq: number;
  readonly node: number;
  readonly msg: number;
}

function less(a: Ev, b: Ev): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}

function push(heap: Ev[], ev: Ev): void {
  let i = heap.length;
  heap.push(ev);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent] as Ev;
    if (!less(ev, p)) break;
    heap[i] = p;
    i = parent;
  }
  heap[i] = ev;
}

function pop(heap: Ev[]): Ev {
  const top = heap[0] as Ev;
  const last = heap.pop() as Ev;
  const n = heap.length;
  if (n === 0) return top;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && less(heap[child + 1] as Ev, heap[child] as Ev)) child += 1;
    if (!less(heap[child] as Ev, last)) break;
    heap[i] = heap[child] as Ev;
    i = child;
  }
  heap[i] = last;
  return top;
}

/** Runs `events` events and returns a checksum (so the work cannot be optimised away). */
export function ceilingLoop(events: number, seed: number): number {
  const rng = seedrandom.alea(String(seed));
  const heap: Ev[] = [];
  let seq = 0;
  for (let i = 0; i < 1000; i++) push(heap, { t: Math.floor(rng() * 1000), seq: seq++, node: i % 5, msg: i });
  let checksum = 0;
  for (let i = 0; i < events; i++) {
    const ev = pop(heap);
    checksum = (checksum + ev.msg) | 0;
    push(heap, { t: ev.t + 1 + Math.floor(rng() * 1000), seq: seq++, node: Math.floor(rng() * 5), msg: i });
  }
  return checksum;
}
