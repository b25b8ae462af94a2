/** Virtual times (microseconds) and zxids as text. */
import { precisionFixed } from 'd3';

function trimmed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** 1234 -> '1.234 ms', 2500000 -> '2.5 s', 12 -> '12 µs'. */
export function formatMicros(micros: number): string {
  const abs = Math.abs(micros);
  if (abs < 1000) return `${trimmed(micros, 1)} µs`;
  if (abs < 1e6) return `${trimmed(micros / 1000, 3)} ms`;
  return `${trimmed(micros / 1e6, 6)} s`;
}

/** '1.2 ms → 3.4 ms (2.2 ms)'. */
export function formatSpan(fromMicros: number, toMicros: number): string {
  return `${formatMicros(fromMicros)} → ${formatMicros(toMicros)} (${formatMicros(toMicros - fromMicros)})`;
}

/** 0x100000003 for epoch 1, counter 3. */
export function formatZxid(zxid: number): string {
  return zxid < 0 ? `${zxid}` : `0x${zxid.toString(16)}`;
}

/** A tick formatter for a visible window: seconds, milliseconds or microseconds, with just enough decimals. */
export function tickFormatter(spanMicros: number, stepMicros: number): (micros: number) => string {
  const [unit, suffix] = spanMicros >= 2e6 ? [1e6, 's'] : spanMicros >= 2e3 ? [1e3, 'ms'] : [1, 'µs'];
  const decimals = Math.min(6, precisionFixed(Math.max(stepMicros / unit, 1e-6)));
  return (micros) => `${(micros / unit).toFixed(decimals)} ${suffix}`;
}

/** '1 mark', '3 marks'. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
