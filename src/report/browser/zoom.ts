/**
 * The time scale and its zoom: d3.zoom on the plot, x only (wheel zooms around the pointer, drag pans),
 * kept within the run [0, endMicros]; zoomTo shows a given window.
 */
import { type D3ZoomEvent, type ScaleLinear, scaleLinear, select, zoom, zoomIdentity } from 'd3';

export interface TimeZoom {
  /** The current scale: virtual microseconds to pixels across the plot. */
  current(): ScaleLinear<number, number>;
  zoomTo(fromMicros: number, toMicros: number): void;
  reset(): void;
  /** The plot changed size: keep the visible window. */
  resize(widthPx: number, heightPx: number): void;
}

/** The narrowest window one can zoom to. */
const MIN_WINDOW_MICROS = 20;

export function createTimeZoom(
  target: HTMLElement, endMicros: number, sizePx: readonly [number, number], onChange: (x: ScaleLinear<number, number>) => void,
): TimeZoom {
  const [widthPx, heightPx] = sizePx;
  const spanMicros = Math.max(endMicros, 1);
  const maxScale = Math.max(1, spanMicros / MIN_WINDOW_MICROS);
  const base = scaleLinear().domain([0, spanMicros]).range([0, widthPx]);
  let current = base.copy();
  let rangePx = widthPx;
  const behavior = zoom<HTMLElement, unknown>()
    .scaleExtent([1, maxScale])
    .on('zoom', (event: D3ZoomEvent<HTMLElement, unknown>) => {
      current = event.transform.rescaleX(base);
      onChange(current);
    });
  const setExtent = (w: number, h: number): void => {
    rangePx = w;
    base.range([0, w]);
    behavior.extent([[0, 0], [w, h]]).translateExtent([[0, 0], [w, h]]);
  };
  setExtent(widthPx, heightPx);
  const target$ = select(target);
  target$.call(behavior);

  const zoomTo = (fromMicros: number, toMicros: number): void => {
    const from = Math.max(0, Math.min(fromMicros, spanMicros));
    const to = Math.max(from + MIN_WINDOW_MICROS, Math.min(toMicros, spanMicros));
    const k = Math.max(1, Math.min(maxScale, rangePx / Math.max(1e-9, base(to) - base(from))));
    // Keep the window inside the run: tx in [rangePx - k * rangePx, 0].
    const tx = Math.max(rangePx - k * rangePx, Math.min(0, -k * base(from)));
    behavior.transform(target$, zoomIdentity.translate(tx, 0).scale(k));
  };

  return {
    current: () => current,
    zoomTo,
    reset: () => behavior.transform(target$, zoomIdentity),
    resize: (w, h) => {
      const [from = 0, to = spanMicros] = current.domain();
      setExtent(w, h);
      zoomTo(from, to);
    },
  };
}
