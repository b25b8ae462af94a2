// The kernel's contract: events fire in (time, seq) order and never in the past; run() stops at
// untilMicros (advancing the clock to it), on quiescence, or on stop(); hitting maxEvents is a clear
// error, not a hang; and promises settled inside events let async code run to its next await before the
// next event fires, so interleavings of async workloads are a pure function of the schedule.
import { describe, expect, it } from 'vitest';
import { EventLimitError, Kernel } from '../../src/sim/index.ts';

describe('Kernel', () => {
  it('fires events by time, ties in scheduling order, and moves the clock', async () => {
    const k = new Kernel();
    const log: string[] = [];
    k.call(30, () => log.push(`c@${k.now}`));
    k.call(10, () => log.push(`a@${k.now}`));
    k.call(10, () => {
      log.push(`b@${k.now}`);
      k.call(k.now, () => log.push(`b2@${k.now}`));
    });
    const r = await k.run();
    expect(log).toEqual(['a@10', 'b@10', 'b2@10', 'c@30']);
    expect(r).toMatchObject({ reason: 'quiescent', events: 4, nowMicros: 30 });
  });

  it('stops before events later than untilMicros and advances the clock to it', async () => {
    const k = new Kernel();
    const log: number[] = [];
    for (const t of [5, 15, 25]) k.call(t, () => log.push(t));
    expect(await k.run({ untilMicros: 20 })).toMatchObject({ reason: 'until', events: 2, nowMicros: 20 });
    expect(log).toEqual([5, 15]);
    expect(await k.run()).toMatchObject({ reason: 'quiescent', events: 1, nowMicros: 25 });
  });

  it('refuses to schedule in the past or at a fractional time', async () => {
    const k = new Kernel();
    k.call(10, () => undefined);
    await k.run();
    expect(() => k.call(5, () => undefined)).toThrow(/past/);
    expect(() => k.call(10.5, () => undefined)).toThrow(/integer/);
  });

  it('turns a livelock into a clear error at maxEvents', async () => {
    const k = new Kernel();
    const tick = (): void => k.call(k.now + 1, tick);
    tick();
    await expect(k.run({ maxEvents: 1000 })).rejects.toThrow(EventLimitError);
    await expect(k.run({ maxEvents: 10 })).rejects.toThrow(/limit of 10 events.*livelock/);
  });

  it('stops after the event that asked for it', async () => {
    const k = new Kernel();
    k.call(1, () => k.stop('found it'));
    k.call(2, () => undefined);
    expect(await k.run()).toMatchObject({ reason: 'stopped', stopMessage: 'found it', nowMicros: 1, events: 1 });
    expect(k.pending).toBe(1);
  });

  it('lets async code run to its next await before the next event', async () => {
    const k = new Kernel();
    const log: string[] = [];
    const worker = async (name: string, delays: number[]): Promise<void> => {
      for (const d of delays) {
        await k.sleep(d);
        log.push(`${name}@${k.now}`);
        await Promise.resolve();
        await new Promise<void>((resolve) => resolve());
        log.push(`${name}+@${k.now}`);
      }
    };
    const a = worker('a', [10, 10, 5]);
    const b = worker('b', [5, 15, 5]);
    k.call(20, () => log.push('event@20'));
    await k.run();
    await Promise.all([a, b]);
    // Each continuation ran fully (both log lines at the same virtual time) before the next event. At
    // time 20 three events fire in scheduling order: the plain event (scheduled first, at setup), b's
    // sleep (scheduled at 5), a's sleep (scheduled at 10); at 25, b's sleep was scheduled before a's.
    expect(log).toEqual([
      'b@5', 'b+@5', 'a@10', 'a+@10', 'event@20', 'b@20', 'b+@20', 'a@20', 'a+@20', 'b@25', 'b+@25', 'a@25', 'a+@25',
    ]);
  });

  it('settles rejections inside events too', async () => {
    const k = new Kernel();
    const d = k.deferred<number>();
    k.call(3, () => d.reject(new Error('lost')));
    const caught = d.promise.catch((e: unknown) => `${(e as Error).message}@${k.now}`);
    k.call(4, () => undefined);
    await k.run({ untilMicros: 3 });
    expect(await caught).toBe('lost@3');
  });
});
