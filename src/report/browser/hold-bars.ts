/**
 * What a client's recipe believed it held (a lock from lock-acquired to its release or loss, a
 * leadership): bars in a row of their own under the session band, labelled with what was held.
 */
import type { HoldSpan } from '../types.ts';
import { CANVAS_FONT, clippedLabel } from './canvas.ts';
import { type DrawContext, type Hit, type HitContext, spanPx } from './draw-context.ts';
import { formatSpan } from './format.ts';
import type { ClientRow } from './layout.ts';
import { HOLD_COLOR } from './palette.ts';

export function drawHoldBars(dc: DrawContext, row: ClientRow): void {
  if (row.holdsHeightPx === 0) return;
  const { ctx } = dc;
  ctx.font = CANVAS_FONT;
  ctx.textBaseline = 'middle';
  const midPx = row.holdsTopPx + row.holdsHeightPx / 2 + 0.5;
  const labels: { span: readonly [number, number]; hold: HoldSpan }[] = [];
  ctx.globalAlpha = 0.85;
  ctx.fillStyle = HOLD_COLOR;
  row.model.holds.forEachVisible(dc.fromMicros, dc.toMicros, (hold) => {
    const [x1, x2] = spanPx(dc, hold.fromMicros, hold.toMicros, 2);
    ctx.fillRect(x1, row.holdsTopPx, x2 - x1, row.holdsHeightPx);
    labels.push({ span: [x1, x2], hold });
  });
  ctx.globalAlpha = 1;
  if (row.holdsHeightPx < 8) return;
  for (const { span, hold } of labels) clippedLabel(ctx, hold.text, span[0], span[1], midPx, '#ffffff');
}

export function hitHoldBar(hc: HitContext, row: ClientRow): Hit | undefined {
  const holds = row.model.holds.near(hc.atMicros, hc.tolMicros, 3);
  if (holds.length === 0) return undefined;
  return { title: `${row.model.lane.name} · held`, lines: holds.flatMap((h) => [h.text, formatSpan(h.fromMicros, h.toMicros)]) };
}
