/** A client lane: watch/note marks, the session band, recipe holds, the op rows; painting and what the pointer is over. */
import { drawClientMarks, hitClientMarks } from './client-marks.ts';
import type { DrawContext, Hit, HitContext } from './draw-context.ts';
import { drawHoldBars, hitHoldBar } from './hold-bars.ts';
import type { ClientRow } from './layout.ts';
import { drawOpBars, hitOpBar } from './op-bars.ts';
import { drawSessionBands, hitSessionBand } from './session-bands.ts';

export function drawClientRow(dc: DrawContext, row: ClientRow): void {
  drawSessionBands(dc, row);
  drawHoldBars(dc, row);
  drawOpBars(dc, row);
  drawClientMarks(dc, row);
}

/** A mark, a hold or an op under the pointer (these win over message arrows). */
export function hitClientPoint(hc: HitContext, row: ClientRow): Hit | undefined {
  if (hc.yPx < row.sessionTopPx) return hitClientMarks(hc, row);
  if (hc.yPx >= row.opsTopPx - 1) return hitOpBar(hc, row);
  if (row.holdsHeightPx > 0 && hc.yPx >= row.holdsTopPx - 1) return hitHoldBar(hc, row);
  return undefined;
}

/** The session band (message arrows win over it). */
export function hitClientArea(hc: HitContext, row: ClientRow): Hit | undefined {
  return hitSessionBand(hc, row);
}
