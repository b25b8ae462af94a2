/** Small mark shapes, traced into a canvas path (so marks of one kind are filled in one go). */

export type Glyph = 'cross' | 'tri-up' | 'tri-down' | 'tri-right' | 'diamond' | 'circle' | 'square';

/** Adds the glyph centred on (x, y), radius r, to the path. */
export function traceGlyph(path: CanvasPath, glyph: Glyph, x: number, y: number, r: number): void {
  switch (glyph) {
    case 'cross':
      path.moveTo(x - r, y - r); path.lineTo(x + r, y + r); path.moveTo(x - r, y + r); path.lineTo(x + r, y - r);
      return;
    case 'tri-up':
      path.moveTo(x, y - r); path.lineTo(x + r, y + r); path.lineTo(x - r, y + r); path.closePath();
      return;
    case 'tri-down':
      path.moveTo(x - r, y - r); path.lineTo(x + r, y - r); path.lineTo(x, y + r); path.closePath();
      return;
    case 'tri-right':
      path.moveTo(x - r, y - r); path.lineTo(x + r, y); path.lineTo(x - r, y + r); path.closePath();
      return;
    case 'diamond':
      path.moveTo(x, y - r); path.lineTo(x + r, y); path.lineTo(x, y + r); path.lineTo(x - r, y); path.closePath();
      return;
    case 'circle':
      path.moveTo(x + r, y); path.arc(x, y, r, 0, 2 * Math.PI);
      return;
    case 'square':
      path.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      return;
  }
}

/** Paints a path of glyphs: a cross is stroked, every other shape filled. */
export function paintGlyphs(ctx: CanvasRenderingContext2D, path: Path2D, glyph: Glyph, color: string): void {
  if (glyph === 'cross') {
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.stroke(path);
  } else {
    ctx.fillStyle = color;
    ctx.fill(path);
  }
}

/** A small canvas showing one glyph (for the legend). */
export function glyphSwatch(glyph: Glyph, color: string): HTMLCanvasElement {
  const sizePx = 14;
  const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  const canvas = document.createElement('canvas');
  canvas.width = sizePx * dpr;
  canvas.height = sizePx * dpr;
  canvas.style.width = `${sizePx}px`;
  canvas.style.height = `${sizePx}px`;
  canvas.className = 'swatch-glyph';
  const ctx = canvas.getContext('2d');
  if (ctx === null) return canvas;
  ctx.scale(dpr, dpr);
  const path = new Path2D();
  traceGlyph(path, glyph, sizePx / 2, sizePx / 2, 4.5);
  paintGlyphs(ctx, path, glyph, color);
  return canvas;
}
