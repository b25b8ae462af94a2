/**
 * The fault lanes' spans from the schedule's records (`schedule:<kind>`, which name hosts and carry the
 * schedule index): a partition or clog lasts its duration (cut short by the heal), a disk fault its
 * duration (default 5 s; corruption and torn tails are points), clock drift until the heal, the rest are
 * points. Host names map to lanes: zkN is server:N, anything else a client.
 */
import type { JsonValue } from '../base/index.ts';
import type { FaultRecord, RunHistory } from '../history/index.ts';
import type { ReportInput } from './input.ts';
import { recordOf } from './text.ts';
import type { FaultSpan } from './types.ts';

const DISK_DEFAULT_MS = 5_000;
const POINT_DISKS = new Set(['torn-tail', 'corrupt-log', 'corrupt-snapshot']);
const SKIPPED = new Set(['heal', 'crash-at-step armed', 'pause-at-note armed', 'partition skipped']);

type Detail = Readonly<Record<string, JsonValue>>;

function laneOfName(name: JsonValue): string | undefined {
  if (typeof name === 'number') return `server:${name}`;
  if (typeof name !== 'string') return undefined;
  const m = /^zk(\d+)$/.exec(name);
  return m === null ? `client:${name}` : `server:${m[1] ?? ''}`;
}

function lanes(v: JsonValue | undefined): string[] {
  return Array.isArray(v) ? v.map(laneOfName).filter((x): x is string => x !== undefined) : [];
}

function names(v: JsonValue | undefined): string {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' || typeof x === 'number' ? String(x) : '?')).join(',') : '';
}

/** A field for people: strings and numbers as themselves, anything else as JSON. */
function show(v: JsonValue | undefined): string {
  return typeof v === 'string' || typeof v === 'number' ? `${v}` : JSON.stringify(v ?? null);
}

function endOf(atMicros: number, ms: JsonValue | undefined, capMicros: number): number {
  return typeof ms === 'number' ? Math.min(capMicros, atMicros + ms * 1000) : atMicros;
}

function span(f: FaultRecord, d: Detail, planned: Detail | undefined, capMicros: number): FaultSpan | undefined {
  const kind = f.kind.slice('schedule:'.length);
  const at = f.atMicros;
  switch (kind) {
    case 'partition': {
      const text = `${show(d['pattern'])}: ${names(d['from'])} ${d['oneWay'] === true ? '->' : '<->'} ${names(d['to'])} cut for ${show(d['durationMs'])} ms`;
      return { fromMicros: at, toMicros: endOf(at, d['durationMs'], capMicros), kind, text, from: lanes(d['from']), to: lanes(d['to']) };
    }
    case 'clog':
      return { fromMicros: at, toMicros: endOf(at, d['durationMs'], capMicros), kind, text: `clog ${names(d['hosts']) || 'nobody'}: +${show(d['extraMs'])} ms for ${show(d['durationMs'])} ms`, from: lanes(d['hosts']) };
    case 'disk': {
      const disk = typeof d['disk'] === 'string' ? d['disk'] : '?';
      const ms = POINT_DISKS.has(disk) ? undefined : planned?.['durationMs'] ?? DISK_DEFAULT_MS;
      return { fromMicros: at, toMicros: endOf(at, ms, capMicros), kind, text: `disk ${disk} on server(s) ${names(d['servers'])}`, from: lanes(d['servers']) };
    }
    case 'clock': {
      const jump = d['clock'] === 'jump';
      const text = jump ? `clock jump ${show(d['deltaMs'])} ms on ${names(d['hosts'])}` : `clock drift ${show(d['driftPpm'])} ppm on ${names(d['hosts'])}`;
      return { fromMicros: at, toMicros: jump ? at : capMicros, kind, text, from: lanes(d['hosts']) };
    }
    case 'pause':
      return { fromMicros: at, toMicros: endOf(at, d['durationMs'], capMicros), kind, text: `pause ${names(d['hosts'])} for ${show(d['durationMs'])} ms`, from: lanes(d['hosts']) };
    default:
      return { fromMicros: at, toMicros: at, kind, text: `${kind} ${JSON.stringify(d)}`, from: lanes(d['servers'] ?? d['hosts']) };
  }
}

export function faultSpans(h: RunHistory, plan: ReportInput['faultPlan']): FaultSpan[] {
  const cap = h.meta.healMicros > 0 ? h.meta.healMicros : h.meta.endMicros;
  const out: FaultSpan[] = [];
  for (const f of h.faults) {
    if (!f.kind.startsWith('schedule:') || SKIPPED.has(f.kind.slice('schedule:'.length))) continue;
    const d = recordOf(f.detail);
    if (d === undefined) continue;
    const index = typeof d['index'] === 'number' ? d['index'] : -1;
    const planned = plan[index] as Detail | undefined;
    const s = span(f, d, planned, cap);
    if (s !== undefined) out.push(s);
  }
  return out;
}
