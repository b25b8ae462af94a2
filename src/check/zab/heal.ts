/**
 * The heal phase of a run (RunMeta.healMicros to endMicros: faults are off) and how long a healthy
 * ensemble may take to have a leader again: (initLimit + 2) ticks for discovery and sync, plus 1 s for
 * the election's finalize waits and notification rounds.
 */
import { MICROS_PER_MS, MICROS_PER_SECOND } from '../../base/index.ts';
import type { RunMeta } from '../../history/index.ts';

const ELECTION_SLACK_MICROS = MICROS_PER_SECOND;

export function healPhaseMicros(meta: RunMeta): number {
  return Math.max(0, meta.endMicros - meta.healMicros);
}

export function leaderBoundMicros(meta: RunMeta): number {
  return (meta.initLimitTicks + 2) * meta.tickTimeMs * MICROS_PER_MS + ELECTION_SLACK_MICROS;
}

/** Voter ids (meta.servers without the observers). */
export function votersOf(meta: RunMeta): number[] {
  const observers = new Set(meta.observers);
  return meta.servers.filter((s) => !observers.has(s));
}
