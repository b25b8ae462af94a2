/** A server's last logged and last committed zxid over time: two step lines in a sub-lane under its band. */
import { bisectRight } from 'd3';
import type { ZxidPoint } from '../types.ts';
import type { DrawContext, Hit, HitContext } from './draw-context.ts';
import { formatMicros, formatZxid } from './format.ts';
import { lastAtOrBefore } from './interval-index.ts';
import type { ServerRow } from './layout.ts';
import { ZXID_COMMITTED_COLOR, ZXID_LOGGED_COLOR } from './palette.ts';

function yOf(dc: DrawContext, row: ServerRow, zxid: number): number {
  const usable = row.zxidHeightPx - 4;
  return row.zxidTopPx + 2 + usable - dc.model.zxidScale.fraction(zxid) * usable;
}

function stepPath(dc: DrawContext, row: ServerRow, range: [number, number], value: (p: ZxidPoint) => number): Path2D {
  const path = new Path2D();
  const { points } = row.model.zxids;
  let lastY: number | undefined;
  for (let i = range[0]; i < range[1]; i++) {
    const point = points[i];
    if (point === undefined) continue;
    const xPx = Math.max(dc.x(point.atMicros), -1);
    const yPx = yOf(dc, row, value(point));
    if (lastY === undefined) path.moveTo(xPx, yPx);
    else {
      path.lineTo(xPx, lastY);
      path.lineTo(xPx, yPx);
    }
    lastY = yPx;
  }
  if (lastY !== undefined) path.lineTo(Math.min(dc.x(dc.model.data.endMicros), dc.widthPx + 1), lastY);
  return path;
}

export function drawZxidLines(dc: DrawContext, row: ServerRow): void {
  const { ctx } = dc;
  ctx.fillStyle = 'rgba(120, 130, 150, 0.08)';
  ctx.fillRect(0, row.zxidTopPx, dc.widthPx, row.zxidHeightPx);
  const times = row.model.zxids.timesMicros;
  if (times.length === 0) return;
  const range: [number, number] = [Math.max(0, lastAtOrBefore(times, dc.fromMicros)), bisectRight(times, dc.toMicros)];
  ctx.lineWidth = 1;
  ctx.strokeStyle = ZXID_LOGGED_COLOR;
  ctx.stroke(stepPath(dc, row, range, (p) => p.logged));
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = ZXID_COMMITTED_COLOR;
  ctx.stroke(stepPath(dc, row, range, (p) => p.committed));
}

export function hitZxid(hc: HitContext, row: ServerRow): Hit | undefined {
  const { points, timesMicros } = row.model.zxids;
  const point = points[lastAtOrBefore(timesMicros, hc.atMicros)];
  const title = `${row.model.lane.name} · zxid at ${formatMicros(hc.atMicros)}`;
  if (point === undefined) return { title, lines: ['nothing logged yet'] };
  return {
    title,
    lines: [`last logged ${formatZxid(point.logged)}`, `last committed ${formatZxid(point.committed)}`,
      `since ${formatMicros(point.atMicros)}`],
  };
}
