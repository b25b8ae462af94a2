/**
 * The timeline's elements: #timeline with its totals as data attributes (data-ops-total,
 * data-messages-total, data-bands-total), the sticky axis row, the lane rows, the two canvas layers over
 * the plot and the overlay that takes the pointer.
 */
import { type Axis, createAxis } from './axis.ts';
import { type Layer, createLayer } from './canvas.ts';
import { el } from './dom.ts';
import { type LaneRows, createLaneRows } from './lane-rows.ts';
import { LABEL_WIDTH_PX, type Layout } from './layout.ts';
import type { Model } from './model.ts';
import type { Tooltip } from './tooltip.ts';

export interface TimelineDom {
  readonly root: HTMLElement;
  readonly axis: Axis;
  readonly rows: LaneRows;
  readonly lanesBox: HTMLElement;
  readonly lanesLayer: Layer;
  readonly messagesLayer: Layer;
  readonly overlay: HTMLElement;
  readonly crosshair: HTMLElement;
}

function totals(root: HTMLElement, model: Model): void {
  const { data } = model;
  root.dataset['opsTotal'] = `${data.clients.reduce((n, c) => n + c.ops.length, 0)}`;
  root.dataset['messagesTotal'] = `${data.messages.length}`;
  root.dataset['bandsTotal'] = `${data.servers.reduce((n, s) => n + s.bands.length, 0)}`;
  root.dataset['ready'] = 'false';
}

function plotBox(className: string): HTMLElement {
  const box = el('div', className);
  box.style.left = `${LABEL_WIDTH_PX}px`;
  return box;
}

export function buildTimelineDom(model: Model, layout: Layout, tooltip: Tooltip): TimelineDom {
  const root = el('section');
  root.id = 'timeline';
  totals(root, model);
  const axis = createAxis(model, { show: (hit, e) => tooltip.show(hit, e.clientX, e.clientY), hide: () => tooltip.hide() });
  const axisRow = el('div', 'axis-row');
  const axisLabel = el('div', 'axis-label');
  axisLabel.style.width = `${LABEL_WIDTH_PX}px`;
  axisLabel.append(el('span', 'axis-time', 'virtual time'), el('span', 'axis-strip', 'split brain'));
  axisRow.append(axisLabel, axis.element);
  const rows = createLaneRows(layout);
  const lanesBox = el('div', 'lanes');
  lanesBox.style.height = `${layout.heightPx}px`;
  const lanesLayer = createLayer('lanes-layer');
  const messagesLayer = createLayer('messages-layer');
  for (const layer of [lanesLayer, messagesLayer]) layer.canvas.style.left = `${LABEL_WIDTH_PX}px`;
  const overlay = plotBox('plot-overlay');
  overlay.style.height = `${layout.heightPx}px`;
  const crosshair = el('div', 'crosshair');
  crosshair.hidden = true;
  overlay.append(crosshair);
  lanesBox.append(rows.element, lanesLayer.canvas, messagesLayer.canvas, overlay);
  root.append(axisRow, lanesBox);
  return { root, axis, rows, lanesBox, lanesLayer, messagesLayer, overlay, crosshair };
}
