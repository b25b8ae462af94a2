/**
 * What the pointer is over, most specific first: a mark, op or fault in the lane under it, then a
 * message arrow, then the lane's band (role, session) or zxid sub-lane.
 */
import { hitClientArea, hitClientPoint } from './client-lanes.ts';
import type { Hit, HitContext } from './draw-context.ts';
import { hitFaultRow } from './fault-lanes.ts';
import { type Layout, type Row, rowAt } from './layout.ts';
import { hitMessage } from './messages.ts';
import { hitServerArea, hitServerPoint } from './server-lanes.ts';

function pointHit(hc: HitContext, row: Row): Hit | undefined {
  switch (row.kind) {
    case 'section': return undefined;
    case 'server': return hitServerPoint(hc, row);
    case 'fault': return hitFaultRow(hc, row);
    case 'client': return hitClientPoint(hc, row);
  }
}

function areaHit(hc: HitContext, row: Row): Hit | undefined {
  switch (row.kind) {
    case 'section': case 'fault': return undefined;
    case 'server': return hitServerArea(hc, row);
    case 'client': return hitClientArea(hc, row);
  }
}

export function hitAt(hc: HitContext, layout: Layout, messageKinds: ReadonlySet<string>, messageStride: number): Hit | undefined {
  const row = rowAt(layout, hc.yPx);
  const point = row === undefined ? undefined : pointHit(hc, row);
  if (point !== undefined) return point;
  const message = hitMessage(hc, layout, messageKinds, messageStride);
  if (message !== undefined) return message;
  return row === undefined ? undefined : areaHit(hc, row);
}
