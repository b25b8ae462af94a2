/**
 * The timeline's rows top to bottom (section titles, server lanes, fault lanes, client lanes) with every
 * sub-row's vertical position in pixels from the top of the lanes area, and where messages attach.
 */
import type { ClientModel, FaultModel, Model, ServerModel } from './model.ts';

export const LABEL_WIDTH_PX = 160;
/** Room right of the plot, so the last tick label and the end flag are not cut. */
export const RIGHT_MARGIN_PX = 24;

export interface SectionRow { readonly kind: 'section'; readonly title: string; readonly topPx: number; readonly heightPx: number }

export interface ServerRow {
  readonly kind: 'server';
  readonly model: ServerModel;
  readonly topPx: number;
  readonly heightPx: number;
  readonly marksYPx: number;
  readonly bandTopPx: number;
  readonly bandHeightPx: number;
  readonly zxidTopPx: number;
  readonly zxidHeightPx: number;
}

export interface FaultRow {
  readonly kind: 'fault';
  readonly model: FaultModel;
  readonly topPx: number;
  readonly heightPx: number;
  readonly rowsTopPx: number;
  readonly rowHeightPx: number;
}

export interface ClientRow {
  readonly kind: 'client';
  readonly model: ClientModel;
  readonly topPx: number;
  readonly heightPx: number;
  readonly marksYPx: number;
  readonly sessionTopPx: number;
  readonly sessionHeightPx: number;
  /** The row of recipe holds (height 0 when the client held nothing). */
  readonly holdsTopPx: number;
  readonly holdsHeightPx: number;
  readonly opsTopPx: number;
  readonly opRowHeightPx: number;
}

export type Row = SectionRow | ServerRow | FaultRow | ClientRow;

export interface Layout {
  readonly rows: readonly Row[];
  readonly heightPx: number;
  /** Lane id to the y where message arrows start and end. */
  readonly anchorsPx: ReadonlyMap<string, number>;
  /** The span of the server lanes (for the split-brain overlay). */
  readonly serversTopPx: number;
  readonly serversBottomPx: number;
}

const SECTION_HEIGHT_PX = 22;
const OP_ROW_GAP_PX = 1;

function serverRow(model: ServerModel, topPx: number): ServerRow {
  return {
    kind: 'server', model, topPx, heightPx: 54,
    marksYPx: topPx + 7, bandTopPx: topPx + 13, bandHeightPx: 20, zxidTopPx: topPx + 36, zxidHeightPx: 14,
  };
}

function faultRow(model: FaultModel, topPx: number): FaultRow {
  const rowHeightPx = 14;
  return { kind: 'fault', model, topPx, heightPx: 6 + model.rows.length * (rowHeightPx + 2), rowsTopPx: topPx + 4, rowHeightPx };
}

function clientRow(model: ClientModel, topPx: number, compact: boolean): ClientRow {
  const opRowHeightPx = compact ? 3 : 5;
  const holdsTopPx = topPx + 20;
  const holdsHeightPx = model.holds.size === 0 ? 0 : compact ? 5 : 10;
  const opsTopPx = holdsTopPx + (holdsHeightPx === 0 ? 0 : holdsHeightPx + 2);
  const opsHeightPx = model.opRows.length * (opRowHeightPx + OP_ROW_GAP_PX);
  return {
    kind: 'client', model, topPx, heightPx: Math.max(compact ? 26 : 34, opsTopPx - topPx + opsHeightPx + 4),
    marksYPx: topPx + 5, sessionTopPx: topPx + 10, sessionHeightPx: 8, holdsTopPx, holdsHeightPx, opsTopPx, opRowHeightPx,
  };
}

/** The top of op row `index` in a client row. */
export function opRowTopPx(row: ClientRow, index: number): number {
  return row.opsTopPx + index * (row.opRowHeightPx + OP_ROW_GAP_PX);
}

export function buildLayout(model: Model): Layout {
  const rows: Row[] = [];
  let y = 0;
  const push = (row: Row): void => {
    rows.push(row);
    y += row.heightPx;
  };
  const section = (title: string): void => push({ kind: 'section', title, topPx: y, heightPx: SECTION_HEIGHT_PX });
  section(`Servers (${model.servers.length})`);
  const serversTopPx = y;
  for (const s of model.servers) push(serverRow(s, y));
  const serversBottomPx = y;
  if (model.faults.length > 0) {
    section(`Faults (${model.data.faults.length})`);
    for (const f of model.faults) push(faultRow(f, y));
  }
  section(`Clients (${model.clients.length})`);
  for (const c of model.clients) push(clientRow(c, y, model.compactClients));
  return { rows, heightPx: y + 8, anchorsPx: anchors(rows), serversTopPx, serversBottomPx };
}

function anchors(rows: readonly Row[]): Map<string, number> {
  const anchorsPx = new Map<string, number>();
  for (const row of rows) {
    switch (row.kind) {
      case 'server': anchorsPx.set(row.model.lane.id, row.bandTopPx + row.bandHeightPx / 2); break;
      case 'client': anchorsPx.set(row.model.lane.id, row.sessionTopPx + row.sessionHeightPx / 2); break;
      case 'section': case 'fault': break;
    }
  }
  return anchorsPx;
}

/** The row under y (undefined below the last). */
export function rowAt(layout: Layout, yPx: number): Row | undefined {
  let lo = 0;
  let hi = layout.rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const row = layout.rows[mid];
    if (row === undefined) return undefined;
    if (yPx < row.topPx) hi = mid - 1;
    else if (yPx >= row.topPx + row.heightPx) lo = mid + 1;
    else return row;
  }
  return undefined;
}
