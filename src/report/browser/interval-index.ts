/**
 * Items with a time span, sorted by start, for drawing only what a window shows and for hit-testing
 * under the pointer by binary search (a point is a span of zero length).
 */
import { bisectLeft, bisectRight } from 'd3';

export class IntervalIndex<T> {
  readonly items: readonly T[];
  private readonly fromsMicros: Float64Array;
  private readonly tosMicros: Float64Array;
  /** The longest span: a window search starts that far before the window. */
  private readonly maxSpanMicros: number;

  constructor(items: readonly T[], from: (item: T) => number, to: (item: T) => number) {
    const sorted = [...items].sort((a, b) => from(a) - from(b));
    this.items = sorted;
    this.fromsMicros = Float64Array.from(sorted, from);
    this.tosMicros = Float64Array.from(sorted, (item) => Math.max(from(item), to(item)));
    let maxSpan = 0;
    for (let i = 0; i < sorted.length; i++) maxSpan = Math.max(maxSpan, (this.tosMicros[i] ?? 0) - (this.fromsMicros[i] ?? 0));
    this.maxSpanMicros = maxSpan;
  }

  get size(): number {
    return this.items.length;
  }

  /** Calls fn for every item overlapping [fromMicros, toMicros], in start order (index: its place in the index). */
  forEachVisible(fromMicros: number, toMicros: number, fn: (item: T, fromMicros: number, toMicros: number, index: number) => void): void {
    const start = bisectLeft(this.fromsMicros, fromMicros - this.maxSpanMicros);
    const end = bisectRight(this.fromsMicros, toMicros);
    for (let i = start; i < end; i++) {
      const itemTo = this.tosMicros[i] ?? 0;
      if (itemTo < fromMicros) continue;
      const item = this.items[i];
      if (item !== undefined) fn(item, this.fromsMicros[i] ?? 0, itemTo, i);
    }
  }

  /** How many items overlap [fromMicros, toMicros]. */
  countVisible(fromMicros: number, toMicros: number): number {
    let count = 0;
    const start = bisectLeft(this.fromsMicros, fromMicros - this.maxSpanMicros);
    const end = bisectRight(this.fromsMicros, toMicros);
    for (let i = start; i < end; i++) if ((this.tosMicros[i] ?? 0) >= fromMicros) count++;
    return count;
  }

  /** Items within tolMicros of atMicros, nearest first (those containing it first, shortest first). */
  near(atMicros: number, tolMicros: number, limit: number): T[] {
    const found: { item: T; distance: number }[] = [];
    this.forEachVisible(atMicros - tolMicros, atMicros + tolMicros, (item, from, to) => {
      const outside = atMicros < from ? from - atMicros : atMicros > to ? atMicros - to : 0;
      // Containing items rank by their length, so the narrowest one under the pointer wins.
      found.push({ item, distance: outside > 0 ? tolMicros + outside : (to - from) / 1e12 });
    });
    found.sort((a, b) => a.distance - b.distance);
    return found.slice(0, limit).map((f) => f.item);
  }
}

/** The last index whose time is <= atMicros (-1 when none). */
export function lastAtOrBefore(timesMicros: Float64Array, atMicros: number): number {
  return bisectRight(timesMicros, atMicros) - 1;
}
