/**
 * The vertical stretch of the lanes the canvases cover. A short timeline is covered whole; a tall one
 * (many clients) by a strip about twice the window's height around what is on screen, moved (and
 * repainted) when scrolling leaves it: painting and rasterising stay proportional to the screen, not to
 * the number of lanes.
 */

export interface Strip {
  readonly topPx: number;
  readonly heightPx: number;
}

const MIN_STRIP_PX = 1200;

export function stripHeightPx(layoutHeightPx: number): number {
  return Math.min(layoutHeightPx, Math.max(MIN_STRIP_PX, Math.ceil(window.innerHeight * 2)));
}

/** The part of the lanes area on screen, in lanes coordinates. */
export function visibleRangePx(lanesBox: HTMLElement, layoutHeightPx: number): [number, number] {
  const box = lanesBox.getBoundingClientRect();
  const top = Math.max(0, Math.min(layoutHeightPx, -box.top));
  const bottom = Math.max(top, Math.min(layoutHeightPx, window.innerHeight - box.top));
  return [top, bottom];
}

export function covers(strip: Strip, [top, bottom]: readonly [number, number]): boolean {
  return top >= strip.topPx && bottom <= strip.topPx + strip.heightPx;
}

/** A strip of the given height centred on the visible range, kept within the lanes. */
export function stripAround([top, bottom]: readonly [number, number], heightPx: number, layoutHeightPx: number): Strip {
  const centred = (top + bottom) / 2 - heightPx / 2;
  return { topPx: Math.round(Math.max(0, Math.min(layoutHeightPx - heightPx, centred))), heightPx };
}

export function intersects(strip: Strip, topPx: number, bottomPx: number): boolean {
  return bottomPx >= strip.topPx && topPx <= strip.topPx + strip.heightPx;
}
