/**
 * Disk faults on servers' simulated disks: a torn tail at the next crash, a flipped byte in the newest
 * txn log or snapshot (synced bytes only), slow fsync, a full disk, I/O errors. `healDisks` undoes the
 * lasting ones at the heal phase.
 */
import { MICROS_PER_MS } from '../base/index.ts';
import type { Ensemble } from '../cluster/index.ts';
import type { Disk } from '../sim/index.ts';
import type { FaultEvent } from './types.ts';

const DEFAULT_DURATION_MS = 5_000;

function newest(disk: Disk, prefix: string): string | undefined {
  const files = disk.list().filter((f) => f.startsWith(prefix) && (disk.sizeBytes(f) ?? 0) > 0);
  return files.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)).at(-1);
}

/** Flips a byte in the synced part of the newest file named `prefix*`; false if there is none. */
function corruptNewest(disk: Disk, prefix: string, skipBytes: number): boolean {
  const file = newest(disk, prefix);
  if (file === undefined) return false;
  const synced = disk.durableContent(file)?.length ?? 0;
  if (synced <= skipBytes + 1) return false;
  disk.corrupt(file, skipBytes, synced - skipBytes);
  return true;
}

/** Applies a disk fault to each server's disk; returns how many disks it changed. */
export function applyDisk(e: Ensemble, servers: readonly number[], event: FaultEvent & { kind: 'disk' }): number {
  const until = e.sim.now + (event.durationMs ?? DEFAULT_DURATION_MS) * MICROS_PER_MS;
  let applied = 0;
  for (const sid of servers) {
    const disk = e.sim.disk(e.hostOf(sid));
    switch (event.disk) {
      case 'torn-tail': disk.tornTailOnCrash = true; break;
      case 'corrupt-log': if (!corruptNewest(disk, 'log.', 16)) continue; break;
      case 'corrupt-snapshot': if (!corruptNewest(disk, 'snapshot.', 16)) continue; break;
      case 'slow-fsync': disk.slowFsync((event.extraMs ?? 200) * MICROS_PER_MS, until); break;
      case 'full': {
        disk.setCapacityBytes(disk.usedBytes());
        e.sim.at(until, () => disk.setCapacityBytes(Number.POSITIVE_INFINITY));
        break;
      }
      case 'io-error': {
        disk.setIoErrorChance(event.chance ?? 0.05);
        e.sim.at(until, () => disk.setIoErrorChance(0));
        break;
      }
    }
    applied += 1;
  }
  return applied;
}

export function healDisks(e: Ensemble): void {
  for (const sid of e.ids) {
    const disk = e.sim.disk(e.hostOf(sid));
    disk.setCapacityBytes(Number.POSITIVE_INFINITY);
    disk.setIoErrorChance(0);
    disk.slowFsync(0, e.sim.now);
  }
}
