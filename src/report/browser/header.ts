/** The header (#header): scenario, verdict, seed, commit, duration, the replay command, then chips and checks. */
import type { ReportData } from '../types.ts';
import { renderChecks } from './checks.ts';
import { el, keyValue } from './dom.ts';
import { formatMicros } from './format.ts';
import { renderChipRows } from './header-chips.ts';

function titleRow(data: ReportData): HTMLElement {
  const row = el('div', 'title-row');
  const verdict = el('span', `verdict verdict-${data.header.verdict}`, data.header.verdict === 'pass' ? 'PASS' : 'FAIL');
  row.append(el('h1', 'scenario', data.header.scenario), verdict);
  return row;
}

function facts(data: ReportData): HTMLElement {
  const row = el('div', 'facts');
  const ops = data.clients.reduce((n, c) => n + c.ops.length, 0);
  const dropped = data.messagesDropped > 0 ? ` (+${data.messagesDropped} not kept)` : '';
  row.append(
    keyValue('seed', `${data.header.seed}`),
    keyValue('commit', data.header.commit, 'mono'),
    keyValue('virtual time', formatMicros(data.header.virtualMs * 1000)),
    keyValue('servers', `${data.servers.length}`),
    keyValue('clients', `${data.clients.length}`),
    keyValue('ops', `${ops}`),
    keyValue('messages', `${data.messages.length}${dropped}`),
    keyValue('violations', `${data.violations.length}`, data.violations.length > 0 ? 'bad' : ''),
  );
  return row;
}

function replayRow(command: string): HTMLElement {
  const row = el('div', 'replay-row');
  const code = el('code', '', command);
  code.id = 'replay';
  const copy = el('button', 'small', 'copy');
  copy.type = 'button';
  copy.addEventListener('click', () => {
    const range = document.createRange();
    range.selectNodeContents(code);
    window.getSelection()?.removeAllRanges();
    window.getSelection()?.addRange(range);
    copy.textContent = 'selected';
    try {
      navigator.clipboard.writeText(command).then(() => { copy.textContent = 'copied'; }, () => undefined);
    } catch {
      // No clipboard here (an insecure context): the text stays selected for a manual copy.
    }
  });
  row.append(el('span', 'k', 'replay'), code, copy);
  return row;
}

export function renderHeader(data: ReportData): HTMLElement {
  const header = el('header');
  header.id = 'header';
  header.append(titleRow(data), facts(data), replayRow(data.header.replay), renderChipRows(data.header), renderChecks(data.header.checks));
  return header;
}
