/** Every colour the page uses, by what it means (the legend reads the same tables). */
import { schemeDark2, schemeSet1, schemeTableau10 } from 'd3';
import type { ClientMark, OpBar, RoleBand, ServerMarkKind, SessionBand } from '../types.ts';
import type { Glyph } from './glyphs.ts';

export const ROLE_COLOR: Readonly<Record<RoleBand['state'], string>> = {
  LOOKING: '#f2cf5b', FOLLOWING: '#9fc5ea', LEADING: '#1b58b8', OBSERVING: '#a9d8b4', DOWN: '#cfcfcf', HALTED: '#333333',
};
export const ROLE_TEXT_COLOR: Readonly<Record<RoleBand['state'], string>> = {
  LOOKING: '#5a4500', FOLLOWING: '#17406b', LEADING: '#ffffff', OBSERVING: '#1f5130', DOWN: '#555555', HALTED: '#ffffff',
};
/** A LEADING band not yet established: this colour under hatching in ROLE_COLOR.LEADING. */
export const LEADER_PENDING_COLOR = '#b9cff0';

export const SESSION_COLOR: Readonly<Record<SessionBand['state'], string>> = {
  connected: '#9cc2e6', readonly: '#c9dff0', disconnected: '#f5d9a0', expired: '#e79a9a', closed: '#9e9e9e', paused: '#cbb5e3',
};

export const OUTCOME_COLOR: Readonly<Record<OpBar['outcome'], string>> = {
  ok: '#3f9d4b', fail: '#c8323c', info: '#f2a516', pending: '#a0a0a0',
};
export const OUTCOME_LABEL: Readonly<Record<OpBar['outcome'], string>> = {
  ok: 'ok', fail: 'failed (error code)', info: 'indeterminate', pending: 'pending',
};

export interface GlyphStyle { readonly glyph: Glyph; readonly color: string; readonly label: string }

export const SERVER_MARK_STYLE: Readonly<Record<ServerMarkKind, GlyphStyle>> = {
  'crash': { glyph: 'cross', color: '#d32f2f', label: 'crash' },
  'restart': { glyph: 'tri-up', color: '#2e7d32', label: 'restart' },
  'pause': { glyph: 'square', color: '#8e44ad', label: 'pause' },
  'resume': { glyph: 'tri-right', color: '#8e44ad', label: 'resume' },
  'halted': { glyph: 'square', color: '#111111', label: 'halted' },
  'sync-DIFF': { glyph: 'circle', color: '#1e88e5', label: 'sync DIFF' },
  'sync-TRUNC': { glyph: 'circle', color: '#ef6c00', label: 'sync TRUNC' },
  'sync-SNAP': { glyph: 'circle', color: '#00897b', label: 'sync SNAP' },
  'snapshot': { glyph: 'diamond', color: '#7a7a7a', label: 'snapshot' },
  'session-expired': { glyph: 'tri-down', color: '#8d6e63', label: 'session expired' },
  'step-down': { glyph: 'tri-down', color: '#c2185b', label: 'step-down' },
  'truncated': { glyph: 'diamond', color: '#ef6c00', label: 'log truncated' },
};

export const CLIENT_MARK_STYLE: Readonly<Record<ClientMark['kind'], GlyphStyle>> = {
  watch: { glyph: 'diamond', color: '#00838f', label: 'watch event' },
  note: { glyph: 'circle', color: '#6a1b9a', label: 'note' },
};

/** A recipe's hold (a lock, a leadership). */
export const HOLD_COLOR = '#00796b';

export const ZXID_LOGGED_COLOR = '#666666';
export const ZXID_COMMITTED_COLOR = '#1b58b8';
export const HIGHLIGHT_COLOR = '#e6007e';
export const SPLIT_BRAIN_COLOR = '#e00000';
/** More than one LEADING band, but at most one of them established. */
export const SPLIT_BRAIN_WEAK_COLOR = '#ff9800';
export const HEAL_COLOR = '#2e7d32';
export const END_COLOR = '#444444';

const FAULT_COLOR: Readonly<Record<string, string>> = {
  partition: '#7b5ea7', clog: '#b07aa1', disk: '#9c755f', clock: '#4e79a7', crash: '#d32f2f',
  pause: '#8e44ad', reset: '#f28e2b', heal: '#2e7d32',
};

const CATEGORICAL: readonly string[] = [...schemeTableau10, ...schemeDark2, ...schemeSet1];

function categorical(index: number): string {
  return CATEGORICAL[index % CATEGORICAL.length] ?? '#777777';
}

/** One colour per fault kind: the known kinds keep theirs, others take categorical colours in order. */
export function faultColors(kinds: readonly string[]): Map<string, string> {
  const colors = new Map<string, string>();
  let next = 0;
  for (const kind of kinds) colors.set(kind, FAULT_COLOR[kind] ?? categorical(next++));
  return colors;
}

/** One colour per message kind, in the order given. */
export function messageColors(kinds: readonly string[]): Map<string, string> {
  return new Map(kinds.map((kind, i) => [kind, categorical(i)]));
}
