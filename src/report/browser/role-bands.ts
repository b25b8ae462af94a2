/** A server's role over time as coloured bands labelled with the epoch; an unestablished leader is hatched. */
import type { RoleBand } from '../types.ts';
import { CANVAS_FONT, fitLabel } from './canvas.ts';
import { type DrawContext, type Hit, type HitContext, spanPx } from './draw-context.ts';
import { formatSpan } from './format.ts';
import type { ServerRow } from './layout.ts';
import { LEADER_PENDING_COLOR, ROLE_COLOR, ROLE_TEXT_COLOR } from './palette.ts';

function isPendingLeader(band: RoleBand): boolean {
  return band.state === 'LEADING' && band.established === false;
}

function bandLabels(band: RoleBand): string[] {
  const short = band.state.slice(0, 4);
  if (band.epoch < 0) return [band.state, short];
  const pending = isPendingLeader(band) ? [`${band.state} e${band.epoch} (not established)`] : [];
  return [...pending, `${band.state} e${band.epoch}`, `${short} e${band.epoch}`, `e${band.epoch}`];
}

export function drawRoleBands(dc: DrawContext, row: ServerRow): void {
  const { ctx } = dc;
  const topPx = row.bandTopPx;
  const heightPx = row.bandHeightPx;
  ctx.font = CANVAS_FONT;
  ctx.textBaseline = 'middle';
  row.model.bands.forEachVisible(dc.fromMicros, dc.toMicros, (band) => {
    const [x1, x2] = spanPx(dc, band.fromMicros, band.toMicros, 1);
    const widthPx = x2 - x1 > 4 ? x2 - x1 - 1 : x2 - x1;
    const pending = isPendingLeader(band);
    ctx.fillStyle = pending ? LEADER_PENDING_COLOR : ROLE_COLOR[band.state];
    ctx.fillRect(x1, topPx, widthPx, heightPx);
    if (pending && dc.hatch !== null) {
      ctx.fillStyle = dc.hatch;
      ctx.fillRect(x1, topPx, widthPx, heightPx);
    }
    if (pending) fitLabel(ctx, bandLabels(band), x1, x1 + widthPx, topPx + heightPx / 2, '#0d2c5e', '#e4edfa');
    else fitLabel(ctx, bandLabels(band), x1, x1 + widthPx, topPx + heightPx / 2, ROLE_TEXT_COLOR[band.state]);
  });
}

function describeBand(serverName: string, band: RoleBand): Hit {
  const epoch = band.epoch < 0 ? 'no epoch' : `epoch ${band.epoch}`;
  const established = band.state !== 'LEADING' ? [] : [band.established === false ? 'not yet established (discovery/sync)' : 'established'];
  return { title: `${serverName} · ${band.state}`, lines: [[epoch, ...established].join(' · '), formatSpan(band.fromMicros, band.toMicros)] };
}

export function hitRoleBand(hc: HitContext, row: ServerRow): Hit | undefined {
  const [band] = row.model.bands.near(hc.atMicros, hc.tolMicros, 1);
  return band === undefined ? undefined : describeBand(row.model.lane.name, band);
}
