/** A server's point events (crash, restart, sync mode, snapshot...) as glyphs above its band. */
import type { ServerMark, ServerMarkKind } from '../types.ts';
import type { DrawContext, Hit, HitContext } from './draw-context.ts';
import { formatMicros } from './format.ts';
import { paintGlyphs, traceGlyph } from './glyphs.ts';
import type { ServerRow } from './layout.ts';
import { HIGHLIGHT_COLOR, SERVER_MARK_STYLE } from './palette.ts';

const RADIUS_PX = 4;
const MAX_LISTED = 6;

function isHighlighted(dc: DrawContext, mark: ServerMark): boolean {
  return mark.event !== undefined && dc.highlight !== undefined && dc.highlight.events.has(mark.event);
}

export function drawServerMarks(dc: DrawContext, row: ServerRow): void {
  const paths = new Map<ServerMarkKind, Path2D>();
  const highlighted: number[] = [];
  const slackMicros = dc.x.invert(RADIUS_PX) - dc.x.invert(0);
  row.model.marks.forEachVisible(dc.fromMicros - slackMicros, dc.toMicros + slackMicros, (mark) => {
    const xPx = dc.x(mark.atMicros);
    let path = paths.get(mark.kind);
    if (path === undefined) paths.set(mark.kind, (path = new Path2D()));
    traceGlyph(path, SERVER_MARK_STYLE[mark.kind].glyph, xPx, row.marksYPx, RADIUS_PX);
    if (isHighlighted(dc, mark)) highlighted.push(xPx);
  });
  for (const [kind, path] of paths) paintGlyphs(dc.ctx, path, SERVER_MARK_STYLE[kind].glyph, SERVER_MARK_STYLE[kind].color);
  drawRings(dc.ctx, highlighted, row);
}

function drawRings(ctx: CanvasRenderingContext2D, xsPx: readonly number[], row: ServerRow): void {
  if (xsPx.length === 0) return;
  ctx.strokeStyle = HIGHLIGHT_COLOR;
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (const xPx of xsPx) {
    ctx.moveTo(xPx + 7, row.marksYPx);
    ctx.arc(xPx, row.marksYPx, 7, 0, 2 * Math.PI);
    ctx.moveTo(xPx, row.marksYPx + 7);
    ctx.lineTo(xPx, row.topPx + row.heightPx - 2);
  }
  ctx.stroke();
}

function describeMark(mark: ServerMark): string {
  const event = mark.event === undefined ? '' : ` [event ${mark.event}]`;
  return `${SERVER_MARK_STYLE[mark.kind].label} at ${formatMicros(mark.atMicros)}${event}: ${mark.text}`;
}

export function hitServerMarks(hc: HitContext, row: ServerRow): Hit | undefined {
  const marks = row.model.marks.near(hc.atMicros, hc.tolMicros, MAX_LISTED + 1);
  const [first] = marks;
  if (first === undefined) return undefined;
  if (marks.length === 1) {
    return { title: `${row.model.lane.name} · ${SERVER_MARK_STYLE[first.kind].label}`, lines: [describeMark(first)] };
  }
  const count = marks.length > MAX_LISTED ? `more than ${MAX_LISTED}` : `${marks.length}`;
  return { title: `${row.model.lane.name} · ${count} marks here`, lines: marks.slice(0, MAX_LISTED).map(describeMark) };
}
