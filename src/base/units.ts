/**
 * Branded ids and units. A brand makes the type checker refuse to mix a HostId with a ConnId, or
 * microseconds with milliseconds; at run time they are plain numbers, so they cost nothing.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Integer microseconds of virtual time. Never a float, never accumulated from floats. */
export type Micros = Brand<number, 'Micros'>;
export type HostId = Brand<number, 'HostId'>;
export type ConnId = Brand<number, 'ConnId'>;
export type TimerId = Brand<number, 'TimerId'>;
export type DiskOpId = Brand<number, 'DiskOpId'>;

export const MICROS_PER_MS = 1_000;
export const MICROS_PER_SECOND = 1_000_000;

export function micros(n: number): Micros {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`virtual time must be a non-negative integer of microseconds, got ${n}`);
  }
  return n as Micros;
}

export function msToMicros(ms: number): Micros {
  return micros(Math.round(ms * MICROS_PER_MS));
}

export function microsToMs(t: number): number {
  return t / MICROS_PER_MS;
}

/** Formats virtual time for people: `12.345678s`. */
export function formatMicros(t: number): string {
  const seconds = Math.floor(t / MICROS_PER_SECOND);
  const rest = String(t % MICROS_PER_SECOND).padStart(6, '0');
  return `${seconds}.${rest}s`;
}

/** Plain JSON data: what traces, scenario results and fault schedules are made of. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [k: string]: JsonValue };
