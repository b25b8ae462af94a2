/** The header's chip rows: knob values, fault kinds, coverage marks hit (with counts) and missed. */
import type { ReportHeader } from '../types.ts';
import { el } from './dom.ts';

function chipRow(title: string, chips: readonly HTMLElement[], empty: string): HTMLElement {
  const row = el('div', 'chip-row');
  row.append(el('span', 'k', title));
  if (chips.length === 0) row.append(el('span', 'none', empty));
  else row.append(...chips);
  return row;
}

function chip(text: string, className = ''): HTMLElement {
  return el('span', `chip ${className}`.trim(), text);
}

export function renderChipRows(header: ReportHeader): HTMLElement {
  const box = el('div', 'chips');
  const knobs = Object.entries(header.knobs).map(([name, value]) => chip(`${name} = ${typeof value === 'number' ? `${value}` : value}`));
  const hit = [...header.marksHit].sort((a, b) => a.mark.localeCompare(b.mark)).map((m) => chip(`${m.mark} ×${m.count}`, 'hit'));
  box.append(
    chipRow('knobs', knobs, 'none'),
    chipRow('fault kinds', header.faultKinds.map((k) => chip(k, 'fault')), 'none'),
    chipRow('marks hit', hit, 'none'),
    chipRow('marks missed', header.marksMissed.map((m) => chip(m, 'missed')), 'none'),
  );
  return box;
}
