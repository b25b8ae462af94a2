/** The colour key: roles, overlays, zxid lines, server marks, sessions, op outcomes, client marks, faults. */
import type { OpBar, RoleBand, SessionBand } from '../types.ts';
import { el } from './dom.ts';
import { glyphSwatch } from './glyphs.ts';
import type { Model } from './model.ts';
import {
  CLIENT_MARK_STYLE, END_COLOR, HEAL_COLOR, HIGHLIGHT_COLOR, HOLD_COLOR, LEADER_PENDING_COLOR, OUTCOME_COLOR, OUTCOME_LABEL, ROLE_COLOR,
  SERVER_MARK_STYLE, SESSION_COLOR, SPLIT_BRAIN_COLOR, SPLIT_BRAIN_WEAK_COLOR, ZXID_COMMITTED_COLOR, ZXID_LOGGED_COLOR,
} from './palette.ts';

type Swatch = { readonly kind: 'box'; readonly color: string; readonly hatched?: boolean }
  | { readonly kind: 'line'; readonly color: string; readonly dashed?: boolean }
  | { readonly kind: 'node'; readonly node: HTMLElement };

function swatchElement(swatch: Swatch): HTMLElement {
  switch (swatch.kind) {
    case 'node': return swatch.node;
    case 'box': {
      const box = el('span', swatch.hatched === true ? 'swatch hatched' : 'swatch');
      box.style.backgroundColor = swatch.color;
      return box;
    }
    case 'line': {
      const line = el('span', 'swatch-line');
      line.style.borderTop = `2px ${swatch.dashed === true ? 'dashed' : 'solid'} ${swatch.color}`;
      return line;
    }
  }
}

function item(swatch: Swatch, label: string): HTMLElement {
  const span = el('span', 'legend-item');
  span.append(swatchElement(swatch), el('span', '', label));
  return span;
}

function group(title: string, items: readonly HTMLElement[]): HTMLElement {
  const div = el('div', 'legend-group');
  div.append(el('span', 'legend-title', title), ...items);
  return div;
}

const ROLES: readonly RoleBand['state'][] = ['LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING', 'DOWN', 'HALTED'];
const SESSIONS: readonly SessionBand['state'][] = ['connected', 'readonly', 'disconnected', 'expired', 'closed', 'paused'];
const OUTCOMES: readonly OpBar['outcome'][] = ['ok', 'fail', 'info', 'pending'];

function serverGroups(): HTMLElement[] {
  const roles = ROLES.map((r) => item({ kind: 'box', color: ROLE_COLOR[r] }, r));
  roles.splice(3, 0, item({ kind: 'box', color: LEADER_PENDING_COLOR, hatched: true }, 'LEADING, not established'));
  const marks = Object.values(SERVER_MARK_STYLE).map((style) => item({ kind: 'node', node: glyphSwatch(style.glyph, style.color) }, style.label));
  return [
    group('Server role', roles),
    group('Across lanes', [
      item({ kind: 'box', color: SPLIT_BRAIN_COLOR }, 'split brain: 2+ established leaders'),
      item({ kind: 'box', color: SPLIT_BRAIN_WEAK_COLOR }, '2+ LEADING, extra one not established'),
      item({ kind: 'line', color: HEAL_COLOR, dashed: true }, 'heal phase begins'),
      item({ kind: 'line', color: END_COLOR }, 'end of run'),
      item({ kind: 'line', color: HIGHLIGHT_COLOR, dashed: true }, 'selected violation'),
    ]),
    group('zxid', [item({ kind: 'line', color: ZXID_LOGGED_COLOR }, 'last logged'), item({ kind: 'line', color: ZXID_COMMITTED_COLOR }, 'last committed')]),
    group('Server marks', marks),
  ];
}

function clientGroups(model: Model): HTMLElement[] {
  const marks = Object.values(CLIENT_MARK_STYLE).map((style) => item({ kind: 'node', node: glyphSwatch(style.glyph, style.color) }, style.label));
  const groups = [
    group('Session', [
      ...SESSIONS.map((s) => item({ kind: 'box', color: SESSION_COLOR[s] }, s)),
      item({ kind: 'box', color: HOLD_COLOR }, 'recipe hold (lock, leadership)'),
    ]),
    group('Op outcome', [...OUTCOMES.map((o) => item({ kind: 'box', color: OUTCOME_COLOR[o] }, OUTCOME_LABEL[o])), ...marks]),
  ];
  if (model.faults.length > 0) groups.push(group('Faults', model.faults.map((f) => item({ kind: 'box', color: f.color }, f.kind))));
  return groups;
}

export function renderLegend(model: Model): HTMLElement {
  const details = el('details', 'legend');
  details.id = 'legend';
  details.open = true;
  details.append(el('summary', '', 'Legend'), ...serverGroups(), ...clientGroups(model));
  return details;
}
