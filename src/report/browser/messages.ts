/**
 * Messages as arrows between lanes (a Lamport diagram): from the sender lane at its send time to the
 * receiver lane at its delivery; a message never delivered is a short stub ending in a cross. Drawn per
 * kind on their own canvas, only the kinds the filter lets through.
 */
import type { ScaleLinear } from 'd3';
import type { MessageArrow } from '../types.ts';
import type { Hit, HitContext } from './draw-context.ts';
import { formatMicros } from './format.ts';
import type { Layout } from './layout.ts';
import { laneName, type Model } from './model.ts';
import { type Strip, intersects } from './strip.ts';

export interface MessageView {
  readonly ctx: CanvasRenderingContext2D;
  readonly model: Model;
  readonly layout: Layout;
  readonly x: ScaleLinear<number, number>;
  readonly fromMicros: number;
  readonly toMicros: number;
  readonly kinds: ReadonlySet<string>;
  readonly strip: Strip;
}

interface Segment { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number; readonly lost: boolean }

const LOST_STUB_PX = 12;
const DENSE = 2000;
/**
 * More arrows than this in the window are sampled: only every k-th message of each kind (by its place in
 * the run, so the sample does not flicker while panning, and hovering finds only drawn arrows).
 */
const MAX_DRAWN = 3000;

function segmentOf(x: ScaleLinear<number, number>, layout: Layout, m: MessageArrow): Segment | undefined {
  const y1 = layout.anchorsPx.get(m.from);
  if (y1 === undefined) return undefined;
  const y2 = layout.anchorsPx.get(m.to);
  const x1 = x(m.sendMicros);
  if (m.deliverMicros >= 0 && y2 !== undefined) return { x1, y1, x2: x(m.deliverMicros), y2, lost: false };
  const dy = Math.max(-LOST_STUB_PX, Math.min(LOST_STUB_PX, (y2 ?? y1 + LOST_STUB_PX) - y1));
  return { x1, y1, x2: x1 + LOST_STUB_PX, y2: y1 + dy, lost: true };
}

function traceArrow(lines: Path2D, heads: Path2D, s: Segment): void {
  lines.moveTo(s.x1, s.y1);
  lines.lineTo(s.x2, s.y2);
  if (s.lost) {
    heads.moveTo(s.x2 - 3, s.y2 - 3); heads.lineTo(s.x2 + 3, s.y2 + 3);
    heads.moveTo(s.x2 - 3, s.y2 + 3); heads.lineTo(s.x2 + 3, s.y2 - 3);
    return;
  }
  const length = Math.hypot(s.x2 - s.x1, s.y2 - s.y1);
  if (length < 8) return;
  const ux = (s.x2 - s.x1) / length;
  const uy = (s.y2 - s.y1) / length;
  heads.moveTo(s.x2 - 6 * ux - 3 * uy, s.y2 - 6 * uy + 3 * ux);
  heads.lineTo(s.x2, s.y2);
  heads.lineTo(s.x2 - 6 * ux + 3 * uy, s.y2 - 6 * uy - 3 * ux);
}

interface KindPaths { readonly color: string; readonly lines: Path2D; readonly heads: Path2D }

export interface MessageCounts {
  /** Arrows of the kinds let through in the window. */
  readonly inWindow: number;
  /** Of those, the ones drawn (all, or about MAX_DRAWN of them). */
  readonly drawn: number;
  /** Every stride-th message is drawn (1: all). */
  readonly stride: number;
}

/** Draws the arrows of the kinds let through, every k-th one when the window holds more than MAX_DRAWN. */
export function drawMessages(view: MessageView): MessageCounts {
  const kinds = view.model.messageKinds.filter((k) => view.kinds.has(k.kind));
  const inWindow = kinds.reduce((n, k) => n + k.messages.countVisible(view.fromMicros, view.toMicros), 0);
  const stride = Math.max(1, Math.ceil(inWindow / MAX_DRAWN));
  const kindPaths: KindPaths[] = [];
  let drawn = 0;
  for (const kind of kinds) {
    const paths = { color: kind.color, lines: new Path2D(), heads: new Path2D() };
    kind.messages.forEachVisible(view.fromMicros, view.toMicros, (m, _from, _to, index) => {
      if (index % stride !== 0) return;
      const segment = segmentOf(view.x, view.layout, m);
      if (segment === undefined) return;
      drawn++;
      if (intersects(view.strip, Math.min(segment.y1, segment.y2), Math.max(segment.y1, segment.y2))) traceArrow(paths.lines, paths.heads, segment);
    });
    kindPaths.push(paths);
  }
  strokeAll(view.ctx, kindPaths, drawn);
  return { inWindow, drawn, stride };
}

function strokeAll(ctx: CanvasRenderingContext2D, kindPaths: readonly KindPaths[], count: number): void {
  const dense = count > DENSE;
  ctx.globalAlpha = dense ? 0.35 : 0.8;
  ctx.lineWidth = dense ? 0.6 : 1;
  for (const p of kindPaths) {
    ctx.strokeStyle = p.color;
    ctx.stroke(p.lines);
    ctx.stroke(p.heads);
  }
  ctx.globalAlpha = 1;
}

function distanceToSegmentPx(px: number, py: number, s: Segment): number {
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  const lengthSq = dx * dx + dy * dy;
  const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((px - s.x1) * dx + (py - s.y1) * dy) / lengthSq));
  return Math.hypot(px - (s.x1 + t * dx), py - (s.y1 + t * dy));
}

function describeMessage(model: Model, m: MessageArrow): Hit {
  const delivery = m.deliverMicros < 0
    ? `sent ${formatMicros(m.sendMicros)}, never delivered`
    : `sent ${formatMicros(m.sendMicros)}, delivered ${formatMicros(m.deliverMicros)} (after ${formatMicros(m.deliverMicros - m.sendMicros)})`;
  return { title: `${m.kind} · ${laneName(model, m.from)} → ${laneName(model, m.to)}`, lines: [m.text, delivery] };
}

/** The drawn message whose arrow passes within a few pixels of the pointer. */
export function hitMessage(hc: HitContext, layout: Layout, kinds: ReadonlySet<string>, stride: number): Hit | undefined {
  const near: { readonly m: MessageArrow; readonly distancePx: number }[] = [];
  const slackMicros = hc.x.invert(LOST_STUB_PX) - hc.x.invert(0);
  for (const kind of hc.model.messageKinds) {
    if (!kinds.has(kind.kind)) continue;
    kind.messages.forEachVisible(hc.atMicros - slackMicros, hc.atMicros + hc.tolMicros, (m, _from, _to, index) => {
      if (index % stride !== 0) return;
      const segment = segmentOf(hc.x, layout, m);
      if (segment === undefined) return;
      const distancePx = distanceToSegmentPx(hc.xPx, hc.yPx, segment);
      if (distancePx <= 3) near.push({ m, distancePx });
    });
  }
  const [best] = near.sort((a, b) => a.distancePx - b.distancePx);
  return best === undefined ? undefined : describeMessage(hc.model, best.m);
}
