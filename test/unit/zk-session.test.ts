// The session tracker's expiry rule (ExpiryQueue): a touch moves the session to the next tick boundary
// strictly after now + timeout, so a silent session expires between T and T + tickTime after its last
// touch; closing sessions are not reported again; removal forgets them.
import { describe, expect, it } from 'vitest';
import { SessionTracker, firstSessionId, sessionPassword } from '../../src/zk/session/index.ts';

describe('SessionTracker', () => {
  const tick = 2_000_000;

  it('rounds expiry up to the next tick boundary strictly after now + timeout', () => {
    const t = new SessionTracker(tick);
    expect(t.bucketFor(0, 4000)).toBe(6_000_000);
    expect(t.bucketFor(1, 4000)).toBe(6_000_000);
    expect(t.bucketFor(1_999_999, 4000)).toBe(6_000_000);
    expect(t.bucketFor(2_000_000, 4000)).toBe(8_000_000);
  });

  it('reports due sessions in bucket order, moves touched ones, skips closing ones', () => {
    const t = new SessionTracker(tick);
    t.add(1, 4000, 0);
    t.add(2, 4000, 100);
    t.add(3, 10_000, 0);
    expect(t.due(5_999_999)).toEqual([]);
    expect(t.touch(2, 3_000_000)).toBe(true);
    expect(t.due(6_000_000)).toEqual([1]);
    t.setClosing(1);
    expect(t.due(6_000_000)).toEqual([]);
    expect(t.touch(1, 6_000_000)).toBe(false);
    expect(t.due(8_000_000)).toEqual([2]);
    expect(t.due(12_000_000)).toEqual([2, 3]);
    t.remove(2);
    expect(t.due(12_000_000)).toEqual([3]);
    expect(t.touch(99, 0)).toBe(false);
    expect(() => t.add(3, 1, 0)).toThrow(/already tracked/);
  });

  it('makes session ids with the server id on top and passwords any server can recompute', () => {
    const id = firstSessionId(3, 123_456);
    expect(Math.floor(id / 2 ** 40)).toBe(3);
    expect(Number.isSafeInteger(id + 65_535)).toBe(true);
    expect(sessionPassword(id)).toBe(sessionPassword(id));
    expect(sessionPassword(id)).not.toBe(sessionPassword(id + 1));
  });
});
