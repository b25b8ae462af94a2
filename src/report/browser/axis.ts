/**
 * The time axis above the lanes (SVG, sparse): ticks in virtual s/ms/µs, flags for the heal phase, the
 * end of the run and every violation, and a strip marking the split-brain windows.
 */
import { type ScaleLinear, type Selection, axisTop, select } from 'd3';
import type { ReportViolation } from '../types.ts';
import type { Hit } from './draw-context.ts';
import { formatMicros, formatSpan, tickFormatter } from './format.ts';
import type { Model } from './model.ts';
import { END_COLOR, HEAL_COLOR, HIGHLIGHT_COLOR, SPLIT_BRAIN_COLOR, SPLIT_BRAIN_WEAK_COLOR } from './palette.ts';
import type { SplitBrainWindow } from './split-brain.ts';

const AXIS_HEIGHT_PX = 50;
const FLAG_Y_PX = 9;
const TICKS_Y_PX = 34;
const STRIP_Y_PX = 38;
const STRIP_HEIGHT_PX = 9;
const MAX_VIOLATION_FLAGS = 1000;

export interface AxisHover {
  show(hit: Hit, event: MouseEvent): void;
  hide(): void;
}

export interface Axis {
  readonly element: SVGSVGElement;
  update(x: ScaleLinear<number, number>, widthPx: number): void;
}

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

function splitBrainHit(w: SplitBrainWindow): Hit {
  return {
    title: w.established ? 'split brain: two established leaders' : 'more than one LEADING (extra leader not established)',
    lines: [`LEADING: ${w.leaders.join(', ')}`, formatSpan(w.fromMicros, w.toMicros)],
  };
}

function violationHit(v: ReportViolation): Hit {
  return { title: `violation · ${v.checker}`, lines: [v.message, `at ${formatMicros(v.atMicros)}`] };
}

function buildSkeleton(svg: Svg, model: Model, hover: AxisHover): void {
  svg.append('g').attr('class', 'ticks').attr('transform', `translate(0,${TICKS_Y_PX})`);
  svg.append('rect').attr('class', 'strip-bg').attr('y', STRIP_Y_PX).attr('height', STRIP_HEIGHT_PX);
  svg.append('g').attr('class', 'split-brain').selectAll('rect').data(model.splitBrain).join('rect')
    .attr('y', STRIP_Y_PX).attr('height', STRIP_HEIGHT_PX)
    .attr('fill', (w) => (w.established ? SPLIT_BRAIN_COLOR : SPLIT_BRAIN_WEAK_COLOR))
    .on('mousemove', (event: MouseEvent, w) => hover.show(splitBrainHit(w), event))
    .on('mouseleave', () => hover.hide());
  const flags = svg.append('g').attr('class', 'flags');
  flags.append('text').attr('class', 'flag heal').attr('y', FLAG_Y_PX).attr('fill', HEAL_COLOR).text('heal');
  flags.append('text').attr('class', 'flag end').attr('y', FLAG_Y_PX).attr('fill', END_COLOR).attr('text-anchor', 'end').text('end');
  flags.selectAll('path.violation-flag').data(model.data.violations.slice(0, MAX_VIOLATION_FLAGS)).join('path')
    .attr('class', 'violation-flag').attr('d', 'M-5,0L5,0L0,9Z').attr('fill', HIGHLIGHT_COLOR)
    .on('mousemove', (event: MouseEvent, v) => hover.show(violationHit(v), event))
    .on('mouseleave', () => hover.hide());
}

function updateFlags(svg: Svg, model: Model, x: ScaleLinear<number, number>, widthPx: number): void {
  const { healMicros, endMicros } = model.data;
  const healX = x(healMicros);
  svg.select('text.heal').attr('x', healX + 3).attr('display', healMicros >= 0 && healX >= 0 && healX <= widthPx ? null : 'none');
  const endX = x(endMicros);
  svg.select('text.end').attr('x', Math.min(endX, widthPx) - 3).attr('display', endX >= 0 && endX <= widthPx + 1 ? null : 'none');
  svg.selectAll<SVGPathElement, ReportViolation>('path.violation-flag')
    .attr('transform', (v) => `translate(${x(v.atMicros)},2)`)
    .attr('display', (v) => (x(v.atMicros) < -6 || x(v.atMicros) > widthPx + 6 ? 'none' : null));
}

export function createAxis(model: Model, hover: AxisHover): Axis {
  const svg: Svg = select(document.createElementNS('http://www.w3.org/2000/svg', 'svg')).attr('class', 'axis');
  buildSkeleton(svg, model, hover);
  const element = svg.node();
  if (element === null) throw new Error('could not create the axis');
  return {
    element,
    update(x, widthPx) {
      svg.attr('width', widthPx).attr('height', AXIS_HEIGHT_PX);
      const [from = 0, to = 1] = x.domain();
      const ticks = x.ticks(Math.max(2, Math.floor(widthPx / 110)));
      const step = ticks.length > 1 ? (ticks[1] ?? 0) - (ticks[0] ?? 0) : to - from;
      const format = tickFormatter(to - from, step);
      svg.select<SVGGElement>('g.ticks').call(axisTop(x).tickValues(ticks).tickFormat((v) => format(v.valueOf())).tickSizeOuter(0));
      svg.select('rect.strip-bg').attr('x', 0).attr('width', widthPx);
      svg.selectAll<SVGRectElement, SplitBrainWindow>('g.split-brain rect')
        .attr('x', (w) => Math.max(-2, x(w.fromMicros)))
        .attr('width', (w) => Math.max(3, Math.min(widthPx + 2, x(w.toMicros)) - Math.max(-2, x(w.fromMicros))))
        .attr('display', (w) => (x(w.toMicros) < 0 || x(w.fromMicros) > widthPx ? 'none' : null));
      updateFlags(svg, model, x, widthPx);
    },
  };
}
