/**
 * Every checker's verdict and reason, collapsible: open when one failed, failures and unknowns listed
 * first, the passes folded under their own summary when there is anything else to look at.
 */
import type { ReportHeader } from '../types.ts';
import { el } from './dom.ts';

type Check = ReportHeader['checks'][number];

const ORDER: Readonly<Record<Check['verdict'], number>> = { fail: 0, unknown: 1, pass: 2 };

function checkItem(check: Check): HTMLElement {
  const li = el('li', `check check-${check.verdict}`);
  li.dataset['checker'] = check.checker;
  li.append(el('span', `verdict-dot verdict-${check.verdict}`, check.verdict), el('span', 'checker', check.checker), el('span', 'reason', check.reason));
  return li;
}

function checkList(checks: readonly Check[]): HTMLElement {
  const list = el('ul', 'check-list');
  list.append(...[...checks].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]).map(checkItem));
  return list;
}

export function renderChecks(checks: ReportHeader['checks']): HTMLElement {
  const details = el('details', 'checks');
  const count = (v: Check['verdict']): number => checks.filter((c) => c.verdict === v).length;
  details.open = count('fail') > 0;
  details.append(el('summary', '', `Checks: ${count('pass')} pass · ${count('fail')} fail · ${count('unknown')} unknown`));
  const others = checks.filter((c) => c.verdict !== 'pass');
  const passes = checks.filter((c) => c.verdict === 'pass');
  if (others.length === 0 || passes.length === 0) {
    details.append(checkList(checks));
    return details;
  }
  const passed = el('details', 'checks-passed');
  passed.append(el('summary', '', `${passes.length} passed`), checkList(passes));
  details.append(checkList(others), passed);
  return details;
}
