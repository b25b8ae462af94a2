/** Canvas layers: sized for the device pixel ratio (capped, so a tall timeline stays within limits). */

export interface Layer {
  readonly canvas: HTMLCanvasElement;
  readonly ctx: CanvasRenderingContext2D;
}

const MAX_BACKING_PIXELS = 24e6;
const MAX_BACKING_SIDE_PX = 32000;

export function createLayer(className: string): Layer {
  const canvas = document.createElement('canvas');
  canvas.className = `layer ${className}`;
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('this browser has no 2d canvas');
  return { canvas, ctx };
}

export function sizeLayer(layer: Layer, widthPx: number, heightPx: number): void {
  const wanted = Math.max(1, window.devicePixelRatio || 1);
  const byArea = Math.sqrt(MAX_BACKING_PIXELS / Math.max(1, widthPx * heightPx));
  const bySide = MAX_BACKING_SIDE_PX / Math.max(1, widthPx, heightPx);
  const ratio = Math.max(0.25, Math.min(wanted, byArea, bySide));
  layer.canvas.width = Math.round(widthPx * ratio);
  layer.canvas.height = Math.round(heightPx * ratio);
  layer.canvas.style.width = `${widthPx}px`;
  layer.canvas.style.height = `${heightPx}px`;
  layer.ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
}

export function clearLayer(layer: Layer): void {
  layer.ctx.save();
  layer.ctx.setTransform(1, 0, 0, 1, 0, 0);
  layer.ctx.clearRect(0, 0, layer.canvas.width, layer.canvas.height);
  layer.ctx.restore();
}

/** Diagonal hatching (for a leader not yet established, read-only sessions). */
export function hatchPattern(ctx: CanvasRenderingContext2D, color: string): CanvasPattern | null {
  const tile = document.createElement('canvas');
  tile.width = 6;
  tile.height = 6;
  const t = tile.getContext('2d');
  if (t === null) return null;
  t.strokeStyle = color;
  t.lineWidth = 1.5;
  t.beginPath();
  t.moveTo(-1, 7); t.lineTo(7, -1);
  t.moveTo(5, 7); t.lineTo(7, 5);
  t.moveTo(-1, 1); t.lineTo(1, -1);
  t.stroke();
  return ctx.createPattern(tile, 'repeat');
}

export const CANVAS_FONT = '10px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * Writes the first label of `labels` that fits between x1 and x2 (centred), or nothing. Canvas text is
 * text, never markup.
 */
export function fitLabel(
  ctx: CanvasRenderingContext2D, labels: readonly string[], x1Px: number, x2Px: number, yMidPx: number, color: string,
  halo?: string,
): void {
  // x1/x2 are clipped to the canvas (spanPx): the label centres in the span's visible part.
  const left = x1Px;
  const right = x2Px;
  const room = right - left - 6;
  if (room < 8) return;
  for (const label of labels) {
    const width = ctx.measureText(label).width;
    if (width > room) continue;
    const xPx = (left + right) / 2 - width / 2;
    if (halo !== undefined) {
      ctx.strokeStyle = halo;
      ctx.lineWidth = 3;
      ctx.lineJoin = 'round';
      ctx.strokeText(label, xPx, yMidPx);
    }
    ctx.fillStyle = color;
    ctx.fillText(label, xPx, yMidPx);
    return;
  }
}

/** Text clipped to [x1, x2], left-aligned (a fault's description inside its span). */
export function clippedLabel(ctx: CanvasRenderingContext2D, text: string, x1Px: number, x2Px: number, yMidPx: number, color: string): void {
  const left = Math.max(x1Px, 0) + 3;
  if (x2Px - left < 24) return;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, yMidPx - 8, x2Px - left - 2, 16);
  ctx.clip();
  ctx.fillStyle = color;
  ctx.fillText(text, left, yMidPx);
  ctx.restore();
}
