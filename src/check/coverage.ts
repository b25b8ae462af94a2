/**
 * Coverage marks: how often each interesting path ran in a recorded run (each sync mode, step-downs,
 * session expiry, zxid rollover, read-only mode, snapshot loads, crashes...). A scenario can require
 * marks ("sometimes" properties, TigerBeetle's marks), so a test that exercises nothing fails.
 */
import type { RunHistory } from '../history/index.ts';

export type Coverage = Record<string, number>;

/** Every mark a run can hit, so a report can show the ones missed too. */
export const MARKS = [
  'election', 'leader-established', 'sync-diff', 'sync-trunc', 'sync-snap', 'step-down', 'learner-lost',
  'session-expired', 'session-closed', 'zxid-rollover', 'read-only', 'snapshot-loaded', 'snapshot-taken',
  'log-truncated', 'server-crash', 'server-restart', 'pause', 'halted', 'fault', 'partition',
  'op-ok', 'op-failed', 'op-indeterminate', 'watch-event', 'client-reconnect', 'client-expired',
] as const;

export type Mark = (typeof MARKS)[number];

function serverMark(event: Record<string, unknown>): Mark | undefined {
  switch (event['event']) {
    case 'zab-epoch-proposed': return 'election';
    case 'zab-serving': return event['role'] === 'leader' ? 'leader-established' : undefined;
    case 'zab-sync-planned': return event['mode'] === 'DIFF' ? 'sync-diff' : event['mode'] === 'TRUNC' ? 'sync-trunc' : 'sync-snap';
    case 'zab-step-down': return typeof event['reason'] === 'string' && event['reason'].includes('rolled over') ? 'zxid-rollover' : 'step-down';
    case 'zab-learner-lost': return 'learner-lost';
    case 'sessionExpired': return 'session-expired';
    case 'sessionClosed': return 'session-closed';
    case 'read-only-serving': return 'read-only';
    case 'snapshot-loaded': return 'snapshot-loaded';
    case 'snapshot-taken': return 'snapshot-taken';
    case 'log-truncated': return 'log-truncated';
    case 'halted': return 'halted';
    default: return undefined;
  }
}

export function coverageOf(h: RunHistory): Coverage {
  const c: Coverage = {};
  const hit = (mark: Mark, n = 1): void => {
    c[mark] = (c[mark] ?? 0) + n;
  };
  for (const e of h.serverEvents) {
    const mark = serverMark(e);
    if (mark !== undefined) hit(mark);
  }
  for (const l of h.lifecycle) {
    if (l.event === 'crash') hit('server-crash');
    else if (l.event === 'restart') hit('server-restart');
    else if (l.event === 'pause') hit('pause');
  }
  for (const f of h.faults) {
    if (f.kind.startsWith('schedule:')) hit('fault');
    if (f.kind === 'partition') hit('partition');
  }
  for (const op of h.ops) hit(op.outcome === 'ok' ? 'op-ok' : op.outcome === 'fail' ? 'op-failed' : 'op-indeterminate');
  const connects = new Map<string, number>();
  for (const ev of h.clientEvents) {
    if (ev.kind === 'watch') hit('watch-event');
    if (ev.kind === 'session' && ev.state === 'expired') hit('client-expired');
    if (ev.kind === 'session' && ev.state === 'connected') connects.set(ev.client, (connects.get(ev.client) ?? 0) + 1);
  }
  for (const n of connects.values()) if (n > 1) hit('client-reconnect', n - 1);
  return c;
}

/** The required marks a run missed. */
export function missingMarks(coverage: Coverage, required: readonly string[]): string[] {
  return required.filter((m) => (coverage[m] ?? 0) === 0);
}
