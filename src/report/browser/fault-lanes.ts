/**
 * One lane per fault kind: spans (partition, clog, disk, clock...) as bars with their description, point
 * faults (crash, reset...) as a diamond on a tick. A partition's cut links are named in its tooltip, and
 * the lanes on its two sides light up while the pointer is on it.
 */
import type { FaultSpan } from '../types.ts';
import { CANVAS_FONT, clippedLabel } from './canvas.ts';
import { type DrawContext, type Hit, type HitContext, spanPx } from './draw-context.ts';
import { formatMicros, formatSpan } from './format.ts';
import { traceGlyph } from './glyphs.ts';
import type { FaultRow } from './layout.ts';
import { laneName, type Model } from './model.ts';

function rowTopPx(row: FaultRow, index: number): number {
  return row.rowsTopPx + index * (row.rowHeightPx + 2);
}

export function drawFaultRow(dc: DrawContext, row: FaultRow): void {
  const { ctx } = dc;
  ctx.font = CANVAS_FONT;
  ctx.textBaseline = 'middle';
  const points = new Path2D();
  const slackMicros = dc.x.invert(6) - dc.x.invert(0);
  row.model.rows.forEach((spans, index) => {
    const topPx = rowTopPx(row, index);
    const midPx = topPx + row.rowHeightPx / 2;
    spans.forEachVisible(dc.fromMicros - slackMicros, dc.toMicros + slackMicros, (fault) => {
      if (fault.toMicros <= fault.fromMicros) {
        const xPx = dc.x(fault.fromMicros);
        points.rect(xPx - 0.5, topPx, 1, row.rowHeightPx);
        traceGlyph(points, 'diamond', xPx, midPx, 5);
        return;
      }
      const [x1, x2] = spanPx(dc, fault.fromMicros, fault.toMicros, 2);
      ctx.globalAlpha = 0.85;
      ctx.fillStyle = row.model.color;
      ctx.fillRect(x1, topPx, x2 - x1, row.rowHeightPx);
      ctx.globalAlpha = 1;
      clippedLabel(ctx, fault.text, x1, x2, midPx + 0.5, '#ffffff');
    });
  });
  ctx.fillStyle = row.model.color;
  ctx.fill(points);
}

function cutLines(model: Model, fault: FaultSpan): string[] {
  if (fault.from === undefined || fault.to === undefined) return [];
  const side = (ids: readonly string[]): string => ids.map((id) => laneName(model, id)).join(', ');
  return [`cut: ${side(fault.from)}  ⟷  ${side(fault.to)}`];
}

function describeFault(model: Model, fault: FaultSpan): Hit {
  const when = fault.toMicros <= fault.fromMicros ? `at ${formatMicros(fault.fromMicros)}` : formatSpan(fault.fromMicros, fault.toMicros);
  const hit: Hit = { title: `fault · ${fault.kind}`, lines: [fault.text, ...cutLines(model, fault), when] };
  return fault.from !== undefined && fault.to !== undefined ? { ...hit, cut: { from: fault.from, to: fault.to } } : hit;
}

export function hitFaultRow(hc: HitContext, row: FaultRow): Hit | undefined {
  const index = Math.floor((hc.yPx - row.rowsTopPx) / (row.rowHeightPx + 2));
  const spans = row.model.rows[Math.max(0, Math.min(index, row.model.rows.length - 1))];
  const [fault] = spans?.near(hc.atMicros, hc.tolMicros * 1.5, 1) ?? [];
  return fault === undefined ? undefined : describeFault(hc.model, fault);
}
