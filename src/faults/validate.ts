/**
 * Checks that untrusted JSON (a scenario file, a counterexample) is a fault schedule, with errors that say
 * where and what to fix: `faults[2].kind: unknown fault "explode" (known: partition, ...)`.
 */
import { FAULT_KINDS } from './types.ts';
import type { FaultEvent, FaultSchedule } from './types.ts';

export class FaultScheduleError extends Error {
  override readonly name = 'FaultScheduleError';
}

const PATTERNS = ['isolate', 'halves', 'majority-minority', 'bridge', 'one-way'];
const ROLES = ['leader', 'follower', 'observer', 'any', 'all', 'minority', 'leader-minority', 'quorum-minus-one', 'clients-of-leader'];
const DISK = ['torn-tail', 'corrupt-log', 'corrupt-snapshot', 'slow-fsync', 'full', 'io-error'];
const CLOCK = ['jump', 'drift'];
const STEPS = ['zab-epoch-accepted', 'zab-sync-received', 'snapshot-loaded', 'log-truncated', 'zab-epoch-current', 'zab-serving'];

type Field = 'ms' | 'ms?' | 'int' | 'int?' | 'chance?' | 'text' | 'target' | 'target?' | readonly string[];

const SHAPES: Record<FaultEvent['kind'], Readonly<Record<string, Field>>> = {
  partition: { atMs: 'ms', pattern: PATTERNS, target: 'target?', durationMs: 'ms' },
  flapping: { atMs: 'ms', pattern: PATTERNS, target: 'target?', periodMs: 'ms', durationMs: 'ms' },
  crash: { atMs: 'ms', target: 'target', restartAfterMs: 'ms?' },
  'crash-at-step': { atMs: 'ms', step: STEPS, target: 'target?', restartAfterMs: 'ms?' },
  'power-loss': { atMs: 'ms', restartAfterMs: 'ms' },
  pause: { atMs: 'ms', target: 'target', durationMs: 'ms' },
  'pause-at-note': { atMs: 'ms', note: 'text', durationMs: 'ms' },
  clock: { atMs: 'ms', target: 'target', clock: CLOCK, deltaMs: 'int?', driftPpm: 'int?' },
  disk: { atMs: 'ms', target: 'target', disk: DISK, durationMs: 'ms?', extraMs: 'ms?', chance: 'chance?' },
  clog: { atMs: 'ms', target: 'target', extraMs: 'ms', durationMs: 'ms' },
  reset: { atMs: 'ms', target: 'target' },
};

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function checkTarget(where: string, t: unknown, servers: number): void {
  if (!isRecord(t)) throw new FaultScheduleError(`${where}: a target is an object like {"role": "leader"} or {"server": 2}`);
  const keys = Object.keys(t);
  if (keys.length !== 1) throw new FaultScheduleError(`${where}: a target has exactly one of "server", "role", "clientsOf", "client"`);
  if ('client' in t) {
    if (typeof t['client'] !== 'string' || t['client'] === '') throw new FaultScheduleError(`${where}.client: a client's name`);
    return;
  }
  const sid = t['server'] ?? t['clientsOf'];
  if (sid !== undefined) {
    if (!Number.isSafeInteger(sid) || (sid as number) < 1 || (sid as number) > servers) {
      throw new FaultScheduleError(`${where}: server ${JSON.stringify(sid)} is not one of 1..${servers}`);
    }
    return;
  }
  if (!ROLES.includes(t['role'] as string)) {
    throw new FaultScheduleError(`${where}.role: unknown role ${JSON.stringify(t['role'])} (known: ${ROLES.join(', ')})`);
  }
}

function checkField(where: string, field: Field, value: unknown, servers: number): void {
  const optional = typeof field === 'string' && field.endsWith('?');
  if (value === undefined) {
    if (optional) return;
    throw new FaultScheduleError(`${where}: missing`);
  }
  if (typeof field !== 'string') {
    if (!field.includes(value as string)) throw new FaultScheduleError(`${where}: ${JSON.stringify(value)} is not one of ${field.join(', ')}`);
    return;
  }
  const base = field.replace('?', '');
  if (base === 'target') return checkTarget(where, value, servers);
  if (base === 'text') {
    if (typeof value !== 'string' || value === '') throw new FaultScheduleError(`${where}: a non-empty string`);
    return;
  }
  if (base === 'chance') {
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new FaultScheduleError(`${where}: a chance is a number in [0, 1]`);
    return;
  }
  if (!Number.isSafeInteger(value)) throw new FaultScheduleError(`${where}: ${JSON.stringify(value)} is not an integer`);
  if (base === 'ms' && (value as number) < 0) throw new FaultScheduleError(`${where}: ${value as number} ms is negative`);
}

function checkEvent(where: string, e: unknown, servers: number): FaultEvent {
  if (!isRecord(e)) throw new FaultScheduleError(`${where}: a fault is an object with a "kind"`);
  const kind = e['kind'];
  if (!FAULT_KINDS.includes(kind as FaultEvent['kind'])) {
    throw new FaultScheduleError(`${where}.kind: unknown fault ${JSON.stringify(kind)} (known: ${FAULT_KINDS.join(', ')})`);
  }
  const shape = SHAPES[kind as FaultEvent['kind']];
  for (const key of Object.keys(e)) {
    if (key !== 'kind' && !(key in shape)) throw new FaultScheduleError(`${where}.${key}: not a field of a ${kind as string} fault (fields: ${Object.keys(shape).join(', ')})`);
  }
  for (const [key, field] of Object.entries(shape)) checkField(`${where}.${key}`, field, e[key], servers);
  return e as unknown as FaultEvent;
}

/** The schedule, or a FaultScheduleError naming the first problem. `servers` bounds server ids. */
export function validateSchedule(json: unknown, servers: number, where = 'faults'): FaultSchedule {
  if (!Array.isArray(json)) throw new FaultScheduleError(`${where}: a fault schedule is a list of faults`);
  return json.map((e, i) => checkEvent(`${where}[${i}]`, e, servers));
}
