/**
 * Split-brain windows: the times when more than one server's role was LEADING. `established` says at
 * least two of those leaders were established (the dangerous case); otherwise at most one was.
 */
import type { ServerLane } from '../types.ts';

export interface SplitBrainWindow {
  readonly fromMicros: number;
  readonly toMicros: number;
  readonly leaders: readonly string[];
  readonly established: boolean;
}

interface Edge { readonly atMicros: number; readonly delta: 1 | -1; readonly name: string; readonly established: boolean }

function leadingEdges(servers: readonly ServerLane[]): Edge[] {
  const edges: Edge[] = [];
  for (const server of servers) {
    for (const band of server.bands) {
      if (band.state !== 'LEADING' || band.toMicros <= band.fromMicros) continue;
      const established = band.established ?? true;
      edges.push({ atMicros: band.fromMicros, delta: 1, name: server.name, established });
      edges.push({ atMicros: band.toMicros, delta: -1, name: server.name, established });
    }
  }
  // Ends before starts at the same instant: back-to-back bands are not an overlap.
  return edges.sort((a, b) => a.atMicros - b.atMicros || a.delta - b.delta);
}

export function splitBrainWindows(servers: readonly ServerLane[]): SplitBrainWindow[] {
  const windows: SplitBrainWindow[] = [];
  const active = new Map<string, { count: number; established: number }>();
  let openedMicros = 0;
  const snapshot = (): { names: string[]; established: boolean } => {
    const names = [...active.keys()].sort();
    const establishedCount = [...active.values()].filter((a) => a.established > 0).length;
    return { names, established: establishedCount >= 2 };
  };
  for (const edge of leadingEdges(servers)) {
    const before = snapshot();
    if (before.names.length >= 2 && edge.atMicros > openedMicros) {
      windows.push({ fromMicros: openedMicros, toMicros: edge.atMicros, leaders: before.names, established: before.established });
    }
    const entry = active.get(edge.name) ?? { count: 0, established: 0 };
    entry.count += edge.delta;
    entry.established += edge.established ? edge.delta : 0;
    if (entry.count <= 0) active.delete(edge.name);
    else active.set(edge.name, entry);
    openedMicros = edge.atMicros;
  }
  return mergeAdjacent(windows);
}

function mergeAdjacent(windows: readonly SplitBrainWindow[]): SplitBrainWindow[] {
  const merged: SplitBrainWindow[] = [];
  for (const w of windows) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.toMicros === w.fromMicros && last.established === w.established
      && last.leaders.join() === w.leaders.join()) {
      merged[merged.length - 1] = { ...last, toMicros: w.toMicros };
    } else {
      merged.push(w);
    }
  }
  return merged;
}
