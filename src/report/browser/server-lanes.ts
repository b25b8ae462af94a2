/** A server lane: marks on top, the role band, the zxid sub-lane; painting and what the pointer is over. */
import type { DrawContext, Hit, HitContext } from './draw-context.ts';
import type { ServerRow } from './layout.ts';
import { drawRoleBands, hitRoleBand } from './role-bands.ts';
import { drawServerMarks, hitServerMarks } from './server-marks.ts';
import { drawZxidLines, hitZxid } from './zxid-lines.ts';

export function drawServerRow(dc: DrawContext, row: ServerRow): void {
  drawRoleBands(dc, row);
  drawZxidLines(dc, row);
  drawServerMarks(dc, row);
}

/** A mark under the pointer (marks win over message arrows). */
export function hitServerPoint(hc: HitContext, row: ServerRow): Hit | undefined {
  return hc.yPx < row.bandTopPx + 2 ? hitServerMarks(hc, row) : undefined;
}

/** The band or zxid sub-lane under the pointer (message arrows win over these). */
export function hitServerArea(hc: HitContext, row: ServerRow): Hit | undefined {
  return hc.yPx >= row.zxidTopPx - 1 ? hitZxid(hc, row) : hitRoleBand(hc, row);
}
