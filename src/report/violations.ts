/**
 * Violations as the page lists them: each with the window to zoom to (the operations and events it names,
 * or a second around its time) and the lanes involved.
 */
import type { RunHistory } from '../history/index.ts';
import type { ReportViolationInput } from './input.ts';
import type { ReportViolation } from './types.ts';

const AROUND_MICROS = 1_000_000;

export function reportViolations(h: RunHistory, violations: readonly ReportViolationInput[]): ReportViolation[] {
  return violations.map((v) => {
    const atMicros = Math.round(v.atMs * 1000);
    let from = atMicros;
    let to = atMicros;
    const lanes = new Set<string>();
    for (const id of v.ops ?? []) {
      const op = h.ops[id];
      if (op === undefined) continue;
      from = Math.min(from, op.invokeMicros);
      to = Math.max(to, op.completeMicros < 0 ? h.meta.endMicros : op.completeMicros);
      lanes.add(`client:${op.client}`);
    }
    for (const i of v.events ?? []) {
      const e = h.serverEvents[i];
      if (e === undefined) continue;
      from = Math.min(from, e.atMicros);
      to = Math.max(to, e.atMicros);
      lanes.add(`server:${e.server}`);
    }
    for (const c of v.clients ?? []) lanes.add(`client:${c}`);
    if (v.window !== undefined) {
      from = Math.min(from, Math.round(v.window.fromMs * 1000));
      to = Math.max(to, Math.round(v.window.toMs * 1000));
    }
    const pad = Math.max((to - from) / 10, from === to ? AROUND_MICROS : 0);
    return {
      checker: v.checker, message: v.message, atMicros, ops: [...(v.ops ?? [])], events: [...(v.events ?? [])],
      fromMicros: Math.max(0, from - pad), toMicros: Math.min(h.meta.endMicros, to + pad), lanes: [...lanes],
    };
  });
}
