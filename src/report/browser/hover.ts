/**
 * Hover over the plot: the tooltip for what is under the pointer, and a partition's two sides lit up
 * on the lanes (cut-from / cut-to) while the pointer is on it.
 */
import { hitAt } from './hit-test.ts';
import { markLanes } from './lane-rows.ts';
import type { Layout } from './layout.ts';
import type { Model } from './model.ts';
import type { PaintState } from './paint.ts';
import { attachPointer } from './pointer.ts';
import type { TimelineDom } from './timeline-dom.ts';
import type { Tooltip } from './tooltip.ts';

export function attachHover(parts: TimelineDom, model: Model, layout: Layout, tooltip: Tooltip, current: () => PaintState): void {
  const noLanes = new Set<string>();
  let cutShown = false;
  const showCut = (from: ReadonlySet<string>, to: ReadonlySet<string>): void => {
    markLanes(parts.rows, 'cut-from', from);
    markLanes(parts.rows, 'cut-to', to);
    cutShown = from.size > 0 || to.size > 0;
  };
  attachPointer(parts.overlay, parts.crosshair, {
    hover(xPx, yPx, event) {
      const { x, messageKinds, messages } = current();
      const atMicros = x.invert(xPx);
      const hc = { model, x, xPx, yPx, atMicros, tolMicros: x.invert(xPx + 4) - atMicros };
      const hit = hitAt(hc, layout, messageKinds, messages.stride);
      if (hit?.cut !== undefined) showCut(new Set(hit.cut.from), new Set(hit.cut.to));
      else if (cutShown) showCut(noLanes, noLanes);
      if (hit === undefined) tooltip.hide();
      else tooltip.show(hit, event.clientX, event.clientY);
    },
    leave() {
      if (cutShown) showCut(noLanes, noLanes);
      tooltip.hide();
    },
  });
}
