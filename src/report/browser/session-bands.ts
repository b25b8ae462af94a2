/**
 * A client's session state over time: connected (to which server) / read-only / disconnected / expired /
 * closed, and paused: a pause overlaps the session's own bands (the process stops, the session lives
 * on), so it is drawn over them leaving their top edge showing, and their labels move to the part a
 * pause does not cover.
 */
import type { SessionBand } from '../types.ts';
import { CANVAS_FONT, fitLabel } from './canvas.ts';
import { type DrawContext, type Hit, type HitContext, spanPx } from './draw-context.ts';
import { formatSpan } from './format.ts';
import type { ClientRow } from './layout.ts';
import { type Model, serverName } from './model.ts';
import { SESSION_COLOR } from './palette.ts';

type Span = readonly [number, number];

const LABEL_COLOR = '#263238';

function sessionLabels(model: Model, band: SessionBand): string[] {
  const server = band.server === undefined ? '' : serverName(model, band.server);
  switch (band.state) {
    case 'connected': return server === '' ? ['connected'] : [`connected to ${server}`, server];
    case 'readonly': return [`read-only on ${server}`, `ro ${server}`];
    case 'disconnected': return ['disconnected', 'disc'];
    case 'expired': return ['expired', 'exp'];
    case 'closed': return ['closed'];
    case 'paused': return ['paused'];
  }
}

/** The widest part of [x1, x2] that none of `covers` hides. */
function widestGap([x1, x2]: Span, covers: readonly Span[]): Span {
  let best: Span = [x1, x1];
  let start = x1;
  for (const [c1, c2] of [...covers].sort((a, b) => a[0] - b[0])) {
    if (c1 > start && Math.min(c1, x2) - start > best[1] - best[0]) best = [start, Math.min(c1, x2)];
    start = Math.max(start, c2);
  }
  if (x2 - start > best[1] - best[0]) best = [start, x2];
  return best;
}

export function drawSessionBands(dc: DrawContext, row: ClientRow): void {
  const { ctx } = dc;
  ctx.font = CANVAS_FONT;
  ctx.textBaseline = 'middle';
  const topPx = row.sessionTopPx;
  const heightPx = row.sessionHeightPx;
  const midPx = topPx + heightPx / 2 + 0.5;
  const bands: { band: SessionBand; span: Span }[] = [];
  row.model.sessions.forEachVisible(dc.fromMicros, dc.toMicros, (band) => {
    const [x1, x2] = spanPx(dc, band.fromMicros, band.toMicros, 1);
    bands.push({ band, span: [x1, x2 - x1 > 4 ? x2 - 1 : x2] });
  });
  const pauses = bands.filter((b) => b.band.state === 'paused');
  const pausedSpans = pauses.map((p) => p.span);
  for (const { band, span } of bands) {
    if (band.state === 'paused') continue;
    ctx.fillStyle = SESSION_COLOR[band.state];
    ctx.fillRect(span[0], topPx, span[1] - span[0], heightPx);
    const [g1, g2] = widestGap(span, pausedSpans);
    fitLabel(ctx, sessionLabels(dc.model, band), g1, g2, midPx, LABEL_COLOR);
  }
  for (const { span } of pauses) {
    ctx.fillStyle = SESSION_COLOR.paused;
    ctx.fillRect(span[0], topPx + 2, span[1] - span[0], heightPx - 2);
    fitLabel(ctx, ['paused'], span[0], span[1], midPx + 1, LABEL_COLOR);
  }
}

function describeBand(model: Model, band: SessionBand): string {
  const server = band.server === undefined ? '' : ` (${serverName(model, band.server)})`;
  const session = band.state === 'paused' ? 'client process paused' : `session 0x${band.session.toString(16)}`;
  return `${band.state}${server} · ${session} · ${formatSpan(band.fromMicros, band.toMicros)}`;
}

export function hitSessionBand(hc: HitContext, row: ClientRow): Hit | undefined {
  const bands = row.model.sessions.near(hc.atMicros, hc.tolMicros, 3);
  const [first] = bands;
  if (first === undefined) return undefined;
  return { title: `${row.model.lane.name} · session ${first.state}`, lines: bands.map((b) => describeBand(hc.model, b)) };
}
