/**
 * The violation list (#violations): one li.violation per violation (data-checker); clicking one zooms
 * the timeline to its window and highlights its ops, server events and lanes (the li gets `selected`);
 * "clear" (or Escape) drops the highlight. Says "no violations" when there are none.
 */
import type { ReportViolation } from '../types.ts';
import { el } from './dom.ts';
import { formatMicros, plural } from './format.ts';

function violationItem(v: ReportViolation): HTMLLIElement {
  const li = el('li', 'violation');
  li.dataset['checker'] = v.checker;
  li.tabIndex = 0;
  const involved = [plural(v.ops.length, 'op'), plural(v.events.length, 'server event')];
  li.append(
    el('span', 'v-time', formatMicros(v.atMicros)),
    el('span', 'v-checker', v.checker),
    el('span', 'v-message', v.message),
    el('span', 'v-involved', involved.join(', ')),
  );
  return li;
}

export function renderViolations(violations: readonly ReportViolation[], onSelect: (v: ReportViolation | undefined) => void): HTMLElement {
  const panel = el('section', 'violations-panel');
  panel.append(el('h2', '', `Violations (${violations.length})`));
  const list = el('ul');
  list.id = 'violations';
  panel.append(list);
  if (violations.length === 0) {
    list.append(el('li', 'none', 'no violations'));
    return panel;
  }
  const items = violations.map(violationItem);
  const clear = el('button', 'small', 'clear selection');
  clear.type = 'button';
  clear.hidden = true;
  const select = (index: number | undefined): void => {
    items.forEach((li, i) => li.classList.toggle('selected', i === index));
    clear.hidden = index === undefined;
    onSelect(index === undefined ? undefined : violations[index]);
  };
  items.forEach((li, index) => {
    li.addEventListener('click', () => select(index));
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        select(index);
      }
    });
  });
  clear.addEventListener('click', () => select(undefined));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !clear.hidden) select(undefined);
  });
  panel.querySelector('h2')?.append(clear);
  list.append(...items);
  return panel;
}
