/** What every lane painter and hit-tester gets: the current time scale and window, and the model. */
import type { ScaleLinear } from 'd3';
import type { Highlight } from './highlight.ts';
import type { Model } from './model.ts';

export interface DrawContext {
  readonly ctx: CanvasRenderingContext2D;
  readonly model: Model;
  readonly x: ScaleLinear<number, number>;
  readonly fromMicros: number;
  readonly toMicros: number;
  readonly widthPx: number;
  readonly highlight: Highlight | undefined;
  /** Hatching in the leader colour. */
  readonly hatch: CanvasPattern | null;
}

export interface HitContext {
  readonly model: Model;
  readonly x: ScaleLinear<number, number>;
  readonly xPx: number;
  readonly yPx: number;
  readonly atMicros: number;
  /** A few pixels, in microseconds. */
  readonly tolMicros: number;
}

/** A tooltip's content: a title and lines of text; `cut` names the two sides of a partition. */
export interface Hit {
  readonly title: string;
  readonly lines: readonly string[];
  readonly cut?: { readonly from: readonly string[]; readonly to: readonly string[] };
}

/** A span's pixel extent, clipped to the canvas (a span always shows at least minPx wide). */
export function spanPx(dc: DrawContext, fromMicros: number, toMicros: number, minPx: number): [number, number] {
  let x1 = dc.x(fromMicros);
  let x2 = dc.x(toMicros);
  if (x2 - x1 < minPx) {
    const mid = (x1 + x2) / 2;
    x1 = mid - minPx / 2;
    x2 = mid + minPx / 2;
  }
  return [Math.max(x1, -2), Math.min(x2, dc.widthPx + 2)];
}
