/**
 * browser: the script of zksim's HTML timeline report. It runs inside the self-contained page that
 * ../html.ts writes: reads the run's ReportData from `#zksim-data`, and draws into `#app` the header,
 * the violation list, the controls, the legend and the timeline (server, fault and client lanes, message
 * arrows), with d3 for scales, zoom and the axis. Sparse things are DOM/SVG, dense things canvas.
 * This folder may import only d3 and ../types.ts (type-only); bundled by esbuild, nothing is fetched.
 */
import type { ReportViolation } from '../types.ts';
import { readReportData } from './data.ts';
import { el } from './dom.ts';
import { renderHeader } from './header.ts';
import { highlightOf } from './highlight.ts';
import { renderLegend } from './legend.ts';
import { defaultMessageKinds, renderMessageFilter } from './message-filter.ts';
import { type Model, buildModel } from './model.ts';
import { injectStyle } from './style.ts';
import { type Timeline, createTimeline } from './timeline.ts';
import { createToolbar } from './toolbar.ts';
import { createTooltip } from './tooltip.ts';
import { renderViolations } from './violations.ts';

/** The window a violation zooms to: its own, with some room either side. */
function zoomToViolation(timeline: Timeline, model: Model, v: ReportViolation): void {
  const spanMicros = Math.max(0, v.toMicros - v.fromMicros);
  const padMicros = Math.max(spanMicros * 0.15, model.data.endMicros * 0.002, 100);
  timeline.zoomTo(v.fromMicros - padMicros, v.toMicros + padMicros);
}

function draw(app: HTMLElement): void {
  const model = buildModel(readReportData(document));
  const tooltip = createTooltip();
  const kinds = defaultMessageKinds(model);
  const timeline = createTimeline(model, tooltip, kinds);
  const toolbar = createToolbar(() => timeline.resetZoom());
  timeline.onWindow((fromMicros, toMicros) => toolbar.showWindow(fromMicros, toMicros));
  const violations = renderViolations(model.data.violations, (v) => {
    timeline.setHighlight(v === undefined ? undefined : highlightOf(v));
    if (v !== undefined) zoomToViolation(timeline, model, v);
  });
  const filter = renderMessageFilter(model, kinds, (k) => timeline.setMessageKinds(k));
  timeline.onMessages((counts) => filter.showCounts(counts));
  app.append(renderHeader(model.data), violations, toolbar.element, filter.element, renderLegend(model), timeline.element, tooltip.element);
  timeline.start();
}

function main(): void {
  injectStyle(document);
  const app = document.getElementById('app') ?? document.body;
  try {
    draw(app);
  } catch (error) {
    app.append(el('pre', 'fatal', `The report could not be drawn: ${error instanceof Error ? error.message : 'unknown error'}`));
    throw error;
  }
}

main();
