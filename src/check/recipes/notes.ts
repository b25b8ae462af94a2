/**
 * Reading recipe notes out of a RunHistory: the 'note' client events with a given name, their detail
 * fields read with type checks (a note whose fields are not what its recipe writes is skipped and
 * counted, never guessed at), and the helpers the recipe checkers share for times and zxids.
 */
import { formatMicros, formatZxid } from '../../base/index.ts';
import type { JsonValue, Zxid } from '../../base/index.ts';
import type { ClientEvent, RunHistory } from '../../history/index.ts';

export type Note = Extract<ClientEvent, { readonly kind: 'note' }>;
type Detail = { readonly [k: string]: JsonValue };

/** Notes named one of `names`, in record order. */
export function notesNamed(history: RunHistory, names: readonly string[]): Note[] {
  return history.clientEvents.filter((e): e is Note => e.kind === 'note' && names.includes(e.name));
}

function detailOf(note: Note): Detail | undefined {
  const d = note.detail;
  return d !== null && typeof d === 'object' && !Array.isArray(d) ? (d as Detail) : undefined;
}

export function stringField(note: Note, key: string): string | undefined {
  const v = detailOf(note)?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function numberField(note: Note, key: string): number | undefined {
  const v = detailOf(note)?.[key];
  return typeof v === 'number' ? v : undefined;
}

export function booleanField(note: Note, key: string): boolean | undefined {
  const v = detailOf(note)?.[key];
  return typeof v === 'boolean' ? v : undefined;
}

/** `12.345678s` */
export function at(micros: number): string {
  return formatMicros(micros);
}

/** A token (a zxid) as ZooKeeper prints it: `0x100000003`. */
export function token(t: number): string {
  return formatZxid(t as Zxid);
}

export function ms(micros: number): number {
  return micros / 1_000;
}

/** Whether [a0, a1) and [b0, b1) share an instant. */
export function overlap(a0: number, a1: number, b0: number, b1: number): boolean {
  return a0 < b1 && b0 < a1;
}

/** Groups items by a key, in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}
