/** A client's operations: bars from invocation to completion, coloured by outcome, in a few rows. */
import type { OpBar } from '../types.ts';
import { type DrawContext, type Hit, type HitContext, spanPx } from './draw-context.ts';
import { formatMicros, formatSpan } from './format.ts';
import { type ClientRow, opRowTopPx } from './layout.ts';
import { HIGHLIGHT_COLOR, OUTCOME_COLOR, OUTCOME_LABEL } from './palette.ts';

/** Paint order: pending (long grey bars) underneath, failures on top. */
const OUTCOMES: readonly OpBar['outcome'][] = ['pending', 'ok', 'info', 'fail'];

type Rect = readonly [number, number, number, number];

export function drawOpBars(dc: DrawContext, row: ClientRow): void {
  const paths = new Map(OUTCOMES.map((o) => [o, new Path2D()]));
  const highlighted: Rect[] = [];
  const heightPx = row.opRowHeightPx;
  row.model.opRows.forEach((ops, index) => {
    const topPx = opRowTopPx(row, index);
    ops.forEachVisible(dc.fromMicros, dc.toMicros, (op) => {
      const [x1, x2] = spanPx(dc, op.fromMicros, op.toMicros, 1.5);
      const widthPx = x2 - x1 > 4 ? x2 - x1 - 1 : x2 - x1;
      paths.get(op.outcome)?.rect(x1, topPx, widthPx, heightPx);
      if (dc.highlight?.ops.has(op.id) === true) highlighted.push([x1, topPx, widthPx, heightPx]);
    });
  });
  for (const [outcome, path] of paths) {
    dc.ctx.fillStyle = OUTCOME_COLOR[outcome];
    dc.ctx.fill(path);
  }
  drawHighlighted(dc.ctx, highlighted);
}

function drawHighlighted(ctx: CanvasRenderingContext2D, rects: readonly Rect[]): void {
  if (rects.length === 0) return;
  ctx.strokeStyle = HIGHLIGHT_COLOR;
  ctx.lineWidth = 2;
  for (const [x, y, w, h] of rects) {
    const widthPx = Math.max(w, 4);
    ctx.strokeRect(x - 1.5 - (widthPx - w) / 2, y - 1.5, widthPx + 3, h + 3);
  }
}

function describeOp(op: OpBar): Hit {
  const code = op.code === undefined ? '' : ` ${op.code}`;
  const span = op.outcome === 'pending'
    ? `invoked at ${formatMicros(op.fromMicros)}, no reply by the end of the run`
    : formatSpan(op.fromMicros, op.toMicros);
  return { title: `op #${op.id} · ${OUTCOME_LABEL[op.outcome]}${code}`, lines: [op.text, span] };
}

/** The op under the pointer: in the row under it first, then in any row. */
export function hitOpBar(hc: HitContext, row: ClientRow): Hit | undefined {
  const rowIndex = Math.floor((hc.yPx - row.opsTopPx) / (row.opRowHeightPx + 1));
  const order = row.model.opRows.map((_, i) => i).sort((a, b) => Math.abs(a - rowIndex) - Math.abs(b - rowIndex));
  for (const index of order) {
    const [op] = row.model.opRows[index]?.near(hc.atMicros, hc.tolMicros, 1) ?? [];
    if (op !== undefined) return describeOp(op);
  }
  return undefined;
}
