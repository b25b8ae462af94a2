/**
 * The timeline (#timeline): the axis row, the lane rows, two canvas layers over them (lanes, messages),
 * and the overlay that takes zoom, pan and hover. Keeps data-from-micros / data-to-micros on #timeline
 * in step with the visible window, and sets data-ready="true" once the first frame is drawn.
 */
import { type ScaleLinear, scaleLinear } from 'd3';
import { hatchPattern, sizeLayer } from './canvas.ts';
import { frameScheduler } from './frames.ts';
import type { Highlight } from './highlight.ts';
import { attachHover } from './hover.ts';
import { markLanes, revealLanes } from './lane-rows.ts';
import { LABEL_WIDTH_PX, RIGHT_MARGIN_PX, buildLayout } from './layout.ts';
import type { MessageCounts } from './messages.ts';
import type { Model } from './model.ts';
import { type PaintState, paintLanes, paintMessages } from './paint.ts';
import { ROLE_COLOR } from './palette.ts';
import { covers, stripAround, stripHeightPx, visibleRangePx } from './strip.ts';
import { buildTimelineDom } from './timeline-dom.ts';
import type { Tooltip } from './tooltip.ts';
import { type TimeZoom, createTimeZoom } from './zoom.ts';

export interface Timeline {
  readonly element: HTMLElement;
  /** Measures, draws the first frame and sets data-ready; call once the element is in the document. */
  start(): void;
  zoomTo(fromMicros: number, toMicros: number): void;
  resetZoom(): void;
  /** Highlights a violation's ops, events and lanes, and scrolls its first lane into view if it is off screen. */
  setHighlight(highlight: Highlight | undefined): void;
  setMessageKinds(kinds: ReadonlySet<string>): void;
  /** Called with the visible window after every zoom or pan. */
  onWindow(listener: (fromMicros: number, toMicros: number) => void): void;
  /** Called with how many arrows the window holds and how many were drawn, after each message paint. */
  onMessages(listener: (counts: MessageCounts) => void): void;
}

export function createTimeline(model: Model, tooltip: Tooltip, initialKinds: ReadonlySet<string>): Timeline {
  const layout = buildLayout(model);
  const parts = buildTimelineDom(model, layout, tooltip);
  const listeners: ((fromMicros: number, toMicros: number) => void)[] = [];
  const messageListeners: ((counts: MessageCounts) => void)[] = [];
  let zoom: TimeZoom | undefined;
  let state: PaintState = {
    model, layout, x: scaleLinear().domain([0, model.data.endMicros]), widthPx: 0, highlight: undefined,
    messageKinds: initialKinds, hatch: hatchPattern(parts.lanesLayer.ctx, ROLE_COLOR.LEADING), strip: { topPx: 0, heightPx: 0 },
    messages: { inWindow: 0, drawn: 0, stride: 1 },
  };
  /** Sizes the layers to the plot width and a strip around what is on screen; false when nothing changed. */
  const placeLayers = (): boolean => {
    const widthPx = Math.max(200, Math.floor(parts.lanesBox.clientWidth - LABEL_WIDTH_PX - RIGHT_MARGIN_PX));
    const visible = visibleRangePx(parts.lanesBox, layout.heightPx);
    const heightPx = stripHeightPx(layout.heightPx);
    if (widthPx === state.widthPx && heightPx === state.strip.heightPx && covers(state.strip, visible)) return false;
    const strip = stripAround(visible, heightPx, layout.heightPx);
    for (const layer of [parts.lanesLayer, parts.messagesLayer]) {
      sizeLayer(layer, widthPx, strip.heightPx);
      layer.canvas.style.top = `${strip.topPx}px`;
    }
    parts.overlay.style.width = `${widthPx}px`;
    const resized = widthPx !== state.widthPx;
    state = { ...state, widthPx, strip };
    if (resized) zoom?.resize(widthPx, layout.heightPx);
    return true;
  };
  const draw = (lanes: boolean, messages: boolean): void => {
    const moved = placeLayers();
    if (lanes || moved) paintLanes(parts.lanesLayer, state);
    if (messages || moved) showMessageCounts(paintMessages(parts.messagesLayer, state));
  };
  const showMessageCounts = (counts: MessageCounts): void => {
    state = { ...state, messages: counts };
    parts.root.dataset['messagesVisible'] = `${counts.inWindow}`;
    parts.root.dataset['messagesDrawn'] = `${counts.drawn}`;
    for (const listener of messageListeners) listener(counts);
  };
  const frames = frameScheduler(draw);
  /** The window changed: attributes, axis and listeners now; the canvases on the next frame. */
  const setWindow = (x: ScaleLinear<number, number>): void => {
    state = { ...state, x };
    const [fromMicros = 0, toMicros = 0] = x.domain();
    parts.root.dataset['fromMicros'] = `${Math.round(fromMicros)}`;
    parts.root.dataset['toMicros'] = `${Math.round(toMicros)}`;
    parts.axis.update(x, state.widthPx);
    for (const listener of listeners) listener(fromMicros, toMicros);
  };
  const onZoom = (x: ScaleLinear<number, number>): void => {
    setWindow(x);
    frames.request(true, true);
  };
  attachHover(parts, model, layout, tooltip, () => state);
  return {
    element: parts.root,
    start() {
      placeLayers();
      zoom = createTimeZoom(parts.overlay, model.data.endMicros, [state.widthPx, layout.heightPx], onZoom);
      setWindow(zoom.current());
      draw(true, true);
      parts.root.dataset['ready'] = 'true';
      const onViewport = (): void => frames.request(false, false);
      window.addEventListener('resize', onViewport);
      window.addEventListener('scroll', onViewport, { passive: true });
    },
    zoomTo: (fromMicros, toMicros) => zoom?.zoomTo(fromMicros, toMicros),
    resetZoom: () => zoom?.reset(),
    setHighlight(highlight) {
      state = { ...state, highlight };
      markLanes(parts.rows, 'highlight', highlight?.lanes ?? new Set());
      if (highlight !== undefined) revealLanes(parts.rows, highlight.lanes);
      frames.request(true, false);
    },
    setMessageKinds(kinds) {
      state = { ...state, messageKinds: kinds };
      frames.request(false, true);
    },
    onWindow: (listener) => listeners.push(listener),
    onMessages: (listener) => messageListeners.push(listener),
  };
}
