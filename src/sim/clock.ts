/**
 * A host's own clock, as a piecewise-linear function of kernel time. Two readings, as on a real machine:
 * - monotonic (ZooKeeper's `Time.currentElapsedTime`, what timers and timeouts use): drifts, never jumps;
 * - wall (ZooKeeper's `Time.currentWallTime`, what ctime/mtime use): monotonic plus an offset that
 *   skew and jumps (an NTP step) change.
 * Drift is in parts per million: +100 ppm runs 100 us fast per virtual second.
 */
import { assert, fail } from '../base/index.ts';

export const DRIFT_PPM_LIMIT = 500_000;

export class HostClock {
  /** Kernel time at which the current linear segment starts. */
  private anchorKernelMicros = 0;
  /** Monotonic reading at the anchor. */
  private anchorLocalMicros = 0;
  private driftPpm = 0;
  private wallOffsetMicros = 0;

  /** Monotonic local time at kernel time `kernelMicros` (never earlier than the anchor). */
  monotonicAt(kernelMicros: number): number {
    const elapsed = kernelMicros - this.anchorKernelMicros;
    assert(elapsed >= 0, 'a host clock is read at or after its last change');
    return this.anchorLocalMicros + elapsed + Math.floor((elapsed * this.driftPpm) / 1_000_000);
  }

  wallAt(kernelMicros: number): number {
    return this.monotonicAt(kernelMicros) + this.wallOffsetMicros;
  }

  get drift(): number {
    return this.driftPpm;
  }

  get wallOffset(): number {
    return this.wallOffsetMicros;
  }

  /** Changes the drift from `nowKernelMicros` on; the clock stays continuous. */
  setDrift(nowKernelMicros: number, driftPpm: number): void {
    if (!(Number.isInteger(driftPpm) && Math.abs(driftPpm) <= DRIFT_PPM_LIMIT)) fail(`clock drift must be an integer within +-${DRIFT_PPM_LIMIT} ppm, got ${driftPpm}`);
    this.anchorLocalMicros = this.monotonicAt(nowKernelMicros);
    this.anchorKernelMicros = nowKernelMicros;
    this.driftPpm = driftPpm;
  }

  /** Steps the wall clock by `deltaMicros` (either sign); the monotonic clock is untouched. */
  jumpWall(deltaMicros: number): void {
    if (!Number.isSafeInteger(deltaMicros)) fail(`a clock jump is an integer of microseconds, got ${deltaMicros}`);
    this.wallOffsetMicros += deltaMicros;
  }

  /**
   * The earliest kernel time >= `nowKernelMicros` at which the monotonic clock has advanced by at least
   * `delayLocalMicros` from its reading now. Timers use it, and are rescheduled when the drift changes.
   */
  kernelTimeAfter(nowKernelMicros: number, delayLocalMicros: number): number {
    assert(delayLocalMicros >= 0, 'a timer delay is non-negative');
    const target = this.monotonicAt(nowKernelMicros) + delayLocalMicros;
    return this.kernelTimeWhenMonotonicReaches(nowKernelMicros, target);
  }

  /** The earliest kernel time >= `nowKernelMicros` at which the monotonic clock reads >= `targetLocal`. */
  kernelTimeWhenMonotonicReaches(nowKernelMicros: number, targetLocal: number): number {
    const rate = 1 + this.driftPpm / 1_000_000;
    const base = this.anchorKernelMicros;
    let t = Math.max(nowKernelMicros, base + Math.ceil((targetLocal - this.anchorLocalMicros) / rate));
    // Rounding in floor/ceil can be off by a microsecond either way; settle it exactly.
    while (this.monotonicAt(t) < targetLocal) t += 1;
    while (t > nowKernelMicros && this.monotonicAt(t - 1) >= targetLocal) t -= 1;
    assert(this.monotonicAt(t) >= targetLocal, 'timer fires once the local clock has reached its deadline');
    return t;
  }
}
