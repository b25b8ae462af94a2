/** A client's watch events and notes as small glyphs above its session band. */
import type { ClientMark } from '../types.ts';
import type { DrawContext, Hit, HitContext } from './draw-context.ts';
import { formatMicros } from './format.ts';
import { paintGlyphs, traceGlyph } from './glyphs.ts';
import type { ClientRow } from './layout.ts';
import { CLIENT_MARK_STYLE } from './palette.ts';

const RADIUS_PX = 3.5;
const MAX_LISTED = 6;

export function drawClientMarks(dc: DrawContext, row: ClientRow): void {
  const paths = new Map<ClientMark['kind'], Path2D>();
  const slackMicros = dc.x.invert(RADIUS_PX) - dc.x.invert(0);
  row.model.marks.forEachVisible(dc.fromMicros - slackMicros, dc.toMicros + slackMicros, (mark) => {
    let path = paths.get(mark.kind);
    if (path === undefined) paths.set(mark.kind, (path = new Path2D()));
    traceGlyph(path, CLIENT_MARK_STYLE[mark.kind].glyph, dc.x(mark.atMicros), row.marksYPx, RADIUS_PX);
  });
  for (const [kind, path] of paths) paintGlyphs(dc.ctx, path, CLIENT_MARK_STYLE[kind].glyph, CLIENT_MARK_STYLE[kind].color);
}

function describeMark(mark: ClientMark): string {
  return `${CLIENT_MARK_STYLE[mark.kind].label} at ${formatMicros(mark.atMicros)}: ${mark.text}`;
}

export function hitClientMarks(hc: HitContext, row: ClientRow): Hit | undefined {
  const marks = row.model.marks.near(hc.atMicros, hc.tolMicros, MAX_LISTED + 1);
  if (marks.length === 0) return undefined;
  const [first] = marks;
  const count = marks.length > MAX_LISTED ? `more than ${MAX_LISTED} marks` : `${marks.length} marks`;
  const title = marks.length === 1 && first !== undefined ? CLIENT_MARK_STYLE[first.kind].label : count;
  return { title: `${row.model.lane.name} · ${title}`, lines: marks.slice(0, MAX_LISTED).map(describeMark) };
}
