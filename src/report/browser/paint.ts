/** Paints the canvas layers for the current window: lanes and overlays on one, message arrows on the other. */
import type { ScaleLinear } from 'd3';
import { type Layer, clearLayer } from './canvas.ts';
import { drawClientRow } from './client-lanes.ts';
import type { DrawContext } from './draw-context.ts';
import { drawFaultRow } from './fault-lanes.ts';
import type { Highlight } from './highlight.ts';
import type { Layout, Row } from './layout.ts';
import { type MessageCounts, drawMessages } from './messages.ts';
import type { Model } from './model.ts';
import { drawOverlays } from './overlays.ts';
import { drawServerRow } from './server-lanes.ts';
import { type Strip, intersects } from './strip.ts';

export interface PaintState {
  readonly model: Model;
  readonly layout: Layout;
  readonly x: ScaleLinear<number, number>;
  readonly widthPx: number;
  readonly highlight: Highlight | undefined;
  readonly messageKinds: ReadonlySet<string>;
  readonly hatch: CanvasPattern | null;
  /** The stretch of the lanes the canvases cover. */
  readonly strip: Strip;
  /** What the last message paint drew (hovering finds only drawn arrows). */
  readonly messages: MessageCounts;
}

function drawRow(dc: DrawContext, row: Row): void {
  switch (row.kind) {
    case 'section': return;
    case 'server': drawServerRow(dc, row); return;
    case 'fault': drawFaultRow(dc, row); return;
    case 'client': drawClientRow(dc, row); return;
  }
}

function windowOf(state: PaintState): [number, number] {
  const [fromMicros = 0, toMicros = 0] = state.x.domain();
  return [fromMicros, toMicros];
}

export function paintLanes(layer: Layer, state: PaintState): void {
  clearLayer(layer);
  const [fromMicros, toMicros] = windowOf(state);
  const dc: DrawContext = {
    ctx: layer.ctx, model: state.model, x: state.x, fromMicros, toMicros, widthPx: state.widthPx,
    highlight: state.highlight, hatch: state.hatch,
  };
  layer.ctx.save();
  layer.ctx.translate(0, -state.strip.topPx);
  for (const row of state.layout.rows) {
    if (intersects(state.strip, row.topPx, row.topPx + row.heightPx)) drawRow(dc, row);
  }
  drawOverlays(dc, state.layout);
  layer.ctx.restore();
}

export function paintMessages(layer: Layer, state: PaintState): MessageCounts {
  clearLayer(layer);
  const [fromMicros, toMicros] = windowOf(state);
  layer.ctx.save();
  layer.ctx.translate(0, -state.strip.topPx);
  const count = drawMessages({
    ctx: layer.ctx, model: state.model, layout: state.layout, x: state.x, fromMicros, toMicros, kinds: state.messageKinds,
    strip: state.strip,
  });
  layer.ctx.restore();
  return count;
}
