/**
 * One lane per client handle: session state bands (each session event opens one; a pause of the
 * client's host is drawn as its own band on top), operations as bars from invocation to completion, and
 * watch events and recipe notes as marks.
 */
import type { ClientEvent, FaultRecord, OpRecord, RunHistory } from '../history/index.ts';
import { hexZxid, opText, recordOf } from './text.ts';
import type { JsonRecord } from './text.ts';
import type { ClientLane, ClientMark, HoldSpan, OpBar, SessionBand } from './types.ts';

interface ClientAcc {
  readonly holds: HoldSpan[];
  /** Holds begun and not yet ended, by what is held. */
  readonly holding: Map<string, { fromMicros: number; text: string }>;
  readonly sessions: SessionBand[];
  readonly ops: OpBar[];
  readonly marks: ClientMark[];
  open: { state: SessionBand['state']; fromMicros: number; server?: number; session: number } | undefined;
}

function acc(map: Map<string, ClientAcc>, client: string): ClientAcc {
  let a = map.get(client);
  if (a === undefined) {
    a = { holds: [], holding: new Map(), sessions: [], ops: [], marks: [], open: undefined };
    map.set(client, a);
  }
  return a;
}

function closeSession(a: ClientAcc, atMicros: number): void {
  const o = a.open;
  a.open = undefined;
  if (o === undefined) return;
  a.sessions.push({ fromMicros: o.fromMicros, toMicros: atMicros, state: o.state, session: o.session, ...(o.server === undefined ? {} : { server: o.server }) });
}

function onClientEvent(a: ClientAcc, e: ClientEvent): void {
  switch (e.kind) {
    case 'session': {
      closeSession(a, e.atMicros);
      const state = e.state === 'authfailed' ? 'closed' : e.state;
      a.open = { state, fromMicros: e.atMicros, session: e.session, ...(e.server === undefined ? {} : { server: e.server }) };
      return;
    }
    case 'watch':
      a.marks.push({ atMicros: e.atMicros, kind: 'watch', text: `${e.client}: watch ${e.type} ${e.path}${e.zxid >= 0 ? ` at ${hexZxid(e.zxid)}` : ''}` });
      return;
    case 'note':
      a.marks.push({ atMicros: e.atMicros, kind: 'note', text: `${e.client}: ${e.name} ${JSON.stringify(e.detail)}` });
      return onHoldNote(a, e.atMicros, e.name, recordOf(e.detail));
  }
}

const HOLD_BEGINS: Readonly<Record<string, string>> = { 'lock-acquired': 'lock', 'leader-elected': 'latch' };
const HOLD_ENDS: Readonly<Record<string, string>> = { 'lock-released': 'lock', 'lock-lost': 'lock', 'leader-revoked': 'latch' };

/** lock-acquired .. lock-released/lock-lost and leader-elected .. leader-revoked become hold spans. */
function onHoldNote(a: ClientAcc, atMicros: number, name: string, d: JsonRecord | undefined): void {
  const begins = HOLD_BEGINS[name];
  const ends = HOLD_ENDS[name];
  if (begins === undefined && ends === undefined) return;
  const what = `${begins ?? ends ?? ''} ${JSON.stringify(d?.['lock'] ?? d?.['latch'] ?? '')}`;
  const token = typeof d?.['token'] === 'number' ? ` (token ${hexZxid(d['token'])})` : '';
  if (begins !== undefined) {
    a.holding.set(what, { fromMicros: atMicros, text: `held ${what}${token}` });
    return;
  }
  const open = a.holding.get(what);
  if (open === undefined) return;
  a.holding.delete(what);
  a.holds.push({ fromMicros: open.fromMicros, toMicros: atMicros, text: `${open.text} until ${name}` });
}

function opBar(op: OpRecord, endMicros: number): OpBar {
  return {
    id: op.id, fromMicros: op.invokeMicros, toMicros: op.completeMicros < 0 ? endMicros : op.completeMicros,
    outcome: op.outcome, ...(op.code === undefined ? {} : { code: op.code }), text: opText(op),
  };
}

/** Pauses of client hosts, from the fault records (`schedule:pause` names the hosts and the duration). */
function pauses(faults: readonly FaultRecord[], endMicros: number): { client: string; fromMicros: number; toMicros: number }[] {
  const out: { client: string; fromMicros: number; toMicros: number }[] = [];
  for (const f of faults) {
    const d = recordOf(f.detail);
    if (f.kind !== 'schedule:pause' || d === undefined) continue;
    const hosts = d['hosts'];
    const durationMs = d['durationMs'];
    if (!Array.isArray(hosts) || typeof durationMs !== 'number') continue;
    for (const h of hosts) if (typeof h === 'string') out.push({ client: h, fromMicros: f.atMicros, toMicros: Math.min(endMicros, f.atMicros + durationMs * 1000) });
  }
  return out;
}

export function clientLanes(h: RunHistory): ClientLane[] {
  const end = h.meta.endMicros;
  const map = new Map<string, ClientAcc>();
  for (const op of h.ops) acc(map, op.client).ops.push(opBar(op, end));
  for (const e of h.clientEvents) onClientEvent(acc(map, e.client), e);
  const paused = pauses(h.faults, end);
  return [...map.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([name, a]) => {
    closeSession(a, end);
    for (const open of a.holding.values()) a.holds.push({ fromMicros: open.fromMicros, toMicros: end, text: `${open.text} to the end` });
    // Pauses last, so they are drawn over the session state they interrupt.
    for (const p of paused) if (p.client === name) a.sessions.push({ fromMicros: p.fromMicros, toMicros: p.toMicros, state: 'paused', session: 0 });
    a.ops.sort((x, y) => x.fromMicros - y.fromMicros || x.id - y.id);
    return { id: `client:${name}`, name, sessions: a.sessions, ops: a.ops, marks: a.marks, holds: a.holds };
  });
}
