/**
 * The lanes as DOM rows (the test hooks live here): each row has the lane's label on the left and an
 * empty plot area the canvases are drawn over. Server lanes are `.lane.server-lane[data-lane]`, client
 * lanes `.lane.client-lane[data-lane][data-ops]`, fault lanes `.lane.fault-lane[data-kind]`.
 */
import { el } from './dom.ts';
import { plural } from './format.ts';
import { type ClientRow, type FaultRow, LABEL_WIDTH_PX, type Layout, type Row, type ServerRow } from './layout.ts';

function rowShell(className: string, row: Row): HTMLElement {
  const div = el('div', className);
  div.style.height = `${row.heightPx}px`;
  return div;
}

function label(name: string, detail: string, title: string, row: Row): HTMLElement {
  const box = el('div', row.heightPx < 32 ? 'lane-label compact' : 'lane-label');
  box.style.width = `${LABEL_WIDTH_PX}px`;
  box.title = title;
  box.append(el('span', 'lane-name', name), el('span', 'lane-detail', detail));
  return box;
}

function serverRowElement(row: ServerRow): HTMLElement {
  const lane = row.model.lane;
  const div = rowShell('lane server-lane', row);
  div.dataset['lane'] = lane.id;
  const detail = `${lane.observer ? 'observer · ' : ''}${plural(lane.bands.length, 'role span')} · ${plural(lane.marks.length, 'mark')}`;
  const box = label(lane.name, detail, lane.id, row);
  const zxid = el('span', 'lane-sub', 'zxid');
  zxid.style.top = `${row.zxidTopPx - row.topPx + 1}px`;
  box.append(zxid);
  div.append(box);
  return div;
}

function faultRowElement(row: FaultRow): HTMLElement {
  const div = rowShell('lane fault-lane', row);
  div.dataset['lane'] = `fault:${row.model.kind}`;
  div.dataset['kind'] = row.model.kind;
  const box = label(row.model.kind, plural(row.model.count, 'fault'), `fault kind ${row.model.kind}`, row);
  box.style.borderLeftColor = row.model.color;
  div.append(box);
  return div;
}

function clientRowElement(row: ClientRow): HTMLElement {
  const lane = row.model.lane;
  const div = rowShell('lane client-lane', row);
  div.dataset['lane'] = lane.id;
  div.dataset['ops'] = `${lane.ops.length}`;
  const box = label(lane.name, plural(lane.ops.length, 'op'), lane.id, row);
  div.append(box);
  return div;
}

function rowElement(row: Row): HTMLElement {
  switch (row.kind) {
    case 'section': {
      const div = rowShell('lane-section', row);
      div.textContent = row.title;
      return div;
    }
    case 'server': return serverRowElement(row);
    case 'fault': return faultRowElement(row);
    case 'client': return clientRowElement(row);
  }
}

export interface LaneRows {
  readonly element: HTMLElement;
  /** Lane id to its row element (for highlights). */
  readonly byLane: ReadonlyMap<string, HTMLElement>;
}

export function createLaneRows(layout: Layout): LaneRows {
  const element = el('div', 'lane-rows');
  const byLane = new Map<string, HTMLElement>();
  for (const row of layout.rows) {
    const div = rowElement(row);
    const id = div.dataset['lane'];
    if (id !== undefined) byLane.set(id, div);
    element.append(div);
  }
  return { element, byLane };
}

/** Sets `className` on exactly the lanes in `ids`. */
export function markLanes(rows: LaneRows, className: string, ids: ReadonlySet<string>): void {
  for (const [id, div] of rows.byLane) div.classList.toggle(className, ids.has(id));
}

/** Scrolls the first of the lanes `ids` (in page order) to the middle of the window, unless one is on screen. */
export function revealLanes(rows: LaneRows, ids: ReadonlySet<string>): void {
  const lanes = [...rows.byLane].filter(([id]) => ids.has(id)).map(([, div]) => div);
  const onScreen = (div: HTMLElement): boolean => {
    const box = div.getBoundingClientRect();
    return box.bottom > 60 && box.top < window.innerHeight;
  };
  const [first] = lanes;
  if (first !== undefined && !lanes.some(onScreen)) first.scrollIntoView({ block: 'center' });
}
