/**
 * What is drawn across lanes on the main canvas: split-brain windows over the server lanes (red where
 * two established leaders overlap, orange where the extra leader was not established), the heal and
 * end-of-run lines, and the selected violation's instant.
 */
import type { DrawContext } from './draw-context.ts';
import { spanPx } from './draw-context.ts';
import type { Layout } from './layout.ts';
import { END_COLOR, HEAL_COLOR, HIGHLIGHT_COLOR, SPLIT_BRAIN_COLOR, SPLIT_BRAIN_WEAK_COLOR } from './palette.ts';

function drawSplitBrain(dc: DrawContext, layout: Layout): void {
  const { ctx } = dc;
  const topPx = layout.serversTopPx;
  const heightPx = layout.serversBottomPx - layout.serversTopPx;
  for (const w of dc.model.splitBrain) {
    if (w.toMicros < dc.fromMicros || w.fromMicros > dc.toMicros) continue;
    const [x1, x2] = spanPx(dc, w.fromMicros, w.toMicros, 3);
    const color = w.established ? SPLIT_BRAIN_COLOR : SPLIT_BRAIN_WEAK_COLOR;
    ctx.globalAlpha = w.established ? 0.22 : 0.16;
    ctx.fillStyle = color;
    ctx.fillRect(x1, topPx, x2 - x1, heightPx);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(x1, topPx + 0.75, x2 - x1, heightPx - 1.5);
  }
}

function verticalLine(dc: DrawContext, atMicros: number, heightPx: number, color: string, dash: readonly number[]): void {
  const atPx = dc.x(atMicros);
  if (atPx < -1 || atPx > dc.widthPx + 1) return;
  // The end of the run sits on the right edge at full zoom: keep its line inside the canvas.
  const xPx = Math.round(Math.max(0, Math.min(atPx, dc.widthPx - 1))) + 0.5;
  const { ctx } = dc;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  ctx.setLineDash([...dash]);
  ctx.beginPath();
  ctx.moveTo(xPx, 0);
  ctx.lineTo(xPx, heightPx);
  ctx.stroke();
  ctx.restore();
}

export function drawOverlays(dc: DrawContext, layout: Layout): void {
  drawSplitBrain(dc, layout);
  const { healMicros, endMicros } = dc.model.data;
  if (healMicros >= 0) verticalLine(dc, healMicros, layout.heightPx, HEAL_COLOR, [6, 4]);
  verticalLine(dc, endMicros, layout.heightPx, END_COLOR, []);
  if (dc.highlight !== undefined) verticalLine(dc, dc.highlight.atMicros, layout.heightPx, HIGHLIGHT_COLOR, [2, 3]);
}
