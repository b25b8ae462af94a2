// The simulated disk's plain behaviours, driven through a Simulation by an actor that runs injected calls
// inside its steps: completions arrive one at a time in issue order after their modelled latency (an
// fsync is never instant), failNext/setIoErrorChance make operations complete with EIO and change
// nothing, a full disk fails growing changes with ENOSPC, slowFsync delays fsyncs issued while it lasts,
// corruption flips one byte of synced content that survives a crash (but not newer data in the cache),
// and a zero-length write changes nothing. ZooKeeper's durability rests on
// "ACK only after fsync completed", so a disk that completed early, out of order, or let a failed
// operation take effect would make the simulator accept broken protocols.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/index.ts';
import type { Actor, DiskOpKind, DiskOptions, DiskOutcome, Env, HostInput } from '../../src/sim/index.ts';
import type { DiskOpId, HostId } from '../../src/base/index.ts';

type Call = (env: Env<never, string>) => void;

interface Completion {
  readonly at: number;
  readonly op: DiskOpId;
  readonly kind: DiskOpKind;
  readonly file: string;
  readonly outcome: DiskOutcome;
}

interface Issued {
  readonly at: number;
  readonly op: DiskOpId;
  readonly kind: DiskOpKind;
}

interface Harness {
  readonly sim: Simulation<never, string, Call>;
  readonly host: HostId;
  readonly done: Completion[];
  readonly issued: Issued[];
  /** Runs `call` inside the host's step at kernel time `at`. */
  callAt(at: number, call: Call): void;
  /** Issues disk operations from inside a step at `at`, logging each op id. */
  issueAt(at: number, ops: (disk: Env<never, string>['disk']) => [DiskOpKind, DiskOpId][]): void;
  /** Reads the page cache through the actor's env, at the current time, from a step. */
  read(file: string): Promise<Uint8Array | undefined>;
}

const CONSTANT: Partial<DiskOptions> = {
  writeLatency: { kind: 'constant', micros: 10 },
  fsyncLatency: { kind: 'constant', micros: 1_000 },
  metadataLatency: { kind: 'constant', micros: 50 },
};

function harness(disk: Partial<DiskOptions> = CONSTANT, seed = 3): Harness {
  const sim = new Simulation<never, string, Call>({ seed, disk });
  const done: Completion[] = [];
  const issued: Issued[] = [];
  const host = sim.addHost('h', (env): Actor<never, string, Call> => ({
    step(input: HostInput<never, string, Call>): void {
      if (input.kind === 'call') input.call(env);
      if (input.kind === 'disk') done.push({ at: sim.now, op: input.op, kind: input.opKind, file: input.file, outcome: input.outcome });
    },
  }));
  sim.start(host);
  const callAt = (at: number, call: Call): void => sim.at(at, () => sim.inject(host, call));
  return {
    sim, host, done, issued, callAt,
    issueAt(at, ops) {
      callAt(at, (env) => {
        for (const [kind, op] of ops(env.disk)) issued.push({ at: sim.now, op, kind });
      });
    },
    async read(file) {
      let bytes: Uint8Array | undefined;
      sim.inject(host, (env) => {
        bytes = env.disk.read(file);
      });
      await sim.run({ untilMicros: sim.now });
      return bytes;
    },
  };
}

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

describe('disk completions', () => {
  it('complete one at a time in issue order, each after its constant latency', async () => {
    const h = harness();
    h.issueAt(100, (d) => [
      ['append', d.append('f', bytes(1, 2))],
      ['fsync', d.fsync('f')],
      ['write', d.write('g', 4, bytes(3))],
      ['rename', d.rename('g', 'h')],
      ['truncate', d.truncate('h', 1)],
      ['delete', d.delete('h')],
      ['fsync', d.fsync('nope')],
    ]);
    await h.sim.run();
    expect(h.done.map((c) => [c.at, c.kind, c.file, c.outcome])).toEqual([
      [110, 'append', 'f', 'ok'],
      [1_110, 'fsync', 'f', 'ok'], // waits for the write ahead of it, then takes 1000
      [1_120, 'write', 'g', 'ok'],
      [1_170, 'rename', 'g', 'ok'],
      [1_180, 'truncate', 'h', 'ok'],
      [1_230, 'delete', 'h', 'ok'],
      [2_230, 'fsync', 'nope', 'ENOENT'],
    ]);
    expect(h.done.map((c) => c.op)).toEqual(h.issued.map((i) => i.op));
  });

  it('complete in issue order with random latencies, every fsync taking at least the minimum fsync latency', async () => {
    const h = harness({}, 11); // default uniform latencies: fsync 500..3000
    for (let round = 0; round < 20; round++) {
      const f = `f${round}`;
      const g = `g${round}`;
      h.issueAt(round * 1_500, (d) => [
        ['append', d.append(f, bytes(round))],
        ['fsync', d.fsync(f)],
        ['write', d.write(f, 2, bytes(1, 2))],
        ['fsync', d.fsync(f)],
        ['truncate', d.truncate(f, 1)],
        ['rename', d.rename(f, g)],
        ['fsync', d.fsync(g)],
        ['delete', d.delete(g)],
      ]);
    }
    await h.sim.run();
    expect(h.done.map((c) => c.op)).toEqual(h.issued.map((i) => i.op));
    expect(h.done.filter((c) => c.outcome !== 'ok')).toEqual([]);
    let previous = 0;
    h.done.forEach((c, i) => {
      const issue = h.issued[i] as Issued;
      expect(c.at).toBeGreaterThanOrEqual(previous);
      previous = c.at;
      // Serialized: an op completes at least its own minimum latency after the previous one completed.
      if (c.kind === 'fsync') expect(c.at - Math.max(issue.at, h.done[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(500);
      else expect(c.at).toBeGreaterThan(issue.at);
    });
  });

  it('delays fsyncs issued while slowFsync lasts by exactly the extra, and nothing else', async () => {
    const h = harness();
    h.sim.at(0, () => h.sim.disk(h.host).slowFsync(5_000, 10_000));
    h.issueAt(50, (d) => [['append', d.append('f', bytes(1))]]);
    h.issueAt(100, (d) => [['fsync', d.fsync('f')]]);
    h.issueAt(7_000, (d) => [['append', d.append('f', bytes(2))]]); // queued behind the slow fsync
    h.issueAt(8_000, (d) => [['fsync', d.fsync('f')]]); // still inside the window
    h.issueAt(20_000, (d) => [['fsync', d.fsync('f')]]); // after it
    await h.sim.run();
    expect(h.done.map((c) => [c.at, c.kind])).toEqual([
      [60, 'append'],
      [6_100, 'fsync'],
      [7_010, 'append'],
      [14_000, 'fsync'], // 8000 + 1000 + 5000
      [21_000, 'fsync'],
    ]);
  });
});

describe('zero-length writes', () => {
  it('change nothing, even past the end of the file (as pwrite of 0 bytes)', async () => {
    const h = harness();
    h.callAt(0, (env) => {
      env.disk.append('f', bytes(1, 2, 3));
      env.disk.write('f', 10, new Uint8Array(0));
      env.disk.append('f', new Uint8Array(0));
      env.disk.fsync('f');
    });
    await h.sim.run();
    expect(h.done.map((c) => c.outcome)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(await h.read('f')).toEqual(bytes(1, 2, 3));
    expect(h.sim.disk(h.host).durableContent('f')).toEqual(bytes(1, 2, 3));
  });
});

describe('disk I/O errors', () => {
  it('failNext(n) fails exactly the next n operations with EIO, and they change nothing', async () => {
    const h = harness();
    h.callAt(0, (env) => {
      env.disk.append('f', bytes(1, 2, 3));
      env.disk.fsync('f');
    });
    h.sim.at(2_000, () => h.sim.disk(h.host).failNext(7));
    h.callAt(2_000, (env) => {
      env.disk.append('new', bytes(9)); // would create a file
      env.disk.write('f', 0, bytes(7, 7, 7, 7));
      env.disk.append('f', bytes(8));
      env.disk.truncate('f', 0);
      env.disk.rename('f', 'g');
      env.disk.delete('f');
      env.disk.fsync('f');
      env.disk.fsync('f'); // the eighth: succeeds
    });
    await h.sim.run();
    expect(h.done.map((c) => `${c.kind}:${c.file}:${c.outcome}`)).toEqual([
      'append:f:ok', 'fsync:f:ok',
      'append:new:EIO', 'write:f:EIO', 'append:f:EIO', 'truncate:f:EIO', 'rename:f:EIO', 'delete:f:EIO', 'fsync:f:EIO',
      'fsync:f:ok',
    ]);
    const disk = h.sim.disk(h.host);
    expect(disk.list()).toEqual(['f']);
    expect(await h.read('f')).toEqual(bytes(1, 2, 3));
    expect(disk.durableContent('f')).toEqual(bytes(1, 2, 3));
    expect(disk.durableContent('new')).toBeUndefined();
    expect(disk.durableContent('g')).toBeUndefined();
  });

  it('a failed append breaks the file\'s appends until a crash, so a later record never lands after a lost one', async () => {
    const h = harness();
    h.sim.at(0, () => h.sim.disk(h.host).failNext(1));
    h.callAt(0, (env) => {
      env.disk.append('log', bytes(1)); // fails
      env.disk.append('log', bytes(2)); // must not land as the first record
      env.disk.append('other', bytes(3));
      env.disk.fsync('other');
    });
    await h.sim.run();
    expect(h.done.map((c) => `${c.kind}:${c.file}:${c.outcome}`)).toEqual(['append:log:EIO', 'append:log:EIO', 'append:other:ok', 'fsync:other:ok']);
    expect(await h.read('log')).toBeUndefined();
    h.sim.crash(h.host);
    h.sim.restart(h.host);
    h.callAt(h.sim.now, (env) => { env.disk.append('log', bytes(4)); });
    await h.sim.run();
    expect(h.done.at(-1)?.outcome).toBe('ok');
    expect(await h.read('log')).toEqual(bytes(4));
  });

  it('a failed fsync makes nothing durable; a later successful one does', async () => {
    const h = harness();
    const durable: (Uint8Array | undefined)[] = [];
    h.callAt(0, (env) => {
      env.disk.append('f', bytes(1));
      env.disk.fsync('f');
    });
    h.callAt(2_000, (env) => env.disk.append('f', bytes(2)));
    h.sim.at(2_100, () => h.sim.disk(h.host).failNext(1));
    h.callAt(2_100, (env) => env.disk.fsync('f')); // EIO at 3100
    h.sim.at(3_200, () => durable.push(h.sim.disk(h.host).durableContent('f')));
    h.callAt(3_200, (env) => env.disk.fsync('f')); // ok at 4200
    await h.sim.run();
    expect(h.done.map((c) => `${c.at} ${c.kind} ${c.outcome}`)).toEqual([
      '10 append ok', '1010 fsync ok', '2010 append ok', '3100 fsync EIO', '4200 fsync ok',
    ]);
    expect(durable).toEqual([bytes(1)]);
    expect(h.sim.disk(h.host).durableContent('f')).toEqual(bytes(1, 2));
  });

  it('setIoErrorChance(1) fails every operation until set back to 0', async () => {
    const h = harness();
    h.sim.at(0, () => h.sim.disk(h.host).setIoErrorChance(1));
    h.callAt(0, (env) => {
      env.disk.append('f', bytes(1));
      env.disk.append('g', bytes(2));
    });
    h.sim.at(100, () => h.sim.disk(h.host).setIoErrorChance(0));
    h.callAt(100, (env) => {
      env.disk.append('h', bytes(3));
      env.disk.fsync('h');
    });
    await h.sim.run();
    expect(h.done.map((c) => `${c.kind} ${c.outcome}`)).toEqual(['append EIO', 'append EIO', 'append ok', 'fsync ok']);
    expect(h.sim.disk(h.host).durableContent('h')).toEqual(bytes(3));
    expect(h.sim.disk(h.host).list()).toEqual(['h']);
  });

  it('setIoErrorChance(p) fails some operations and the failed ones have no effect', async () => {
    const h = harness(CONSTANT, 5);
    h.sim.at(0, () => h.sim.disk(h.host).setIoErrorChance(0.5));
    const appended: number[] = [];
    const ops = new Map<DiskOpId, number>();
    h.callAt(0, (env) => {
      for (let i = 1; i <= 40; i++) ops.set(env.disk.write('f', i - 1, bytes(i)), i);
    });
    h.sim.at(10_000, () => h.sim.disk(h.host).setIoErrorChance(0));
    h.callAt(10_000, (env) => env.disk.fsync('f'));
    await h.sim.run();
    for (const c of h.done) if (c.kind === 'write' && c.outcome === 'ok') appended.push(ops.get(c.op) ?? -1);
    const failures = h.done.filter((c) => c.outcome === 'EIO').length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
    expect(appended.length + failures).toBe(40);
    const expected = new Uint8Array(Math.max(...appended));
    for (const i of appended) expected[i - 1] = i;
    expect(await h.read('f')).toEqual(expected);
    expect(h.sim.disk(h.host).durableContent('f')).toEqual(expected);
  });
});

describe('a full disk', () => {
  it('fails changes that would grow past the capacity with ENOSPC, counting every file; others succeed', async () => {
    const h = harness();
    h.sim.at(0, () => h.sim.disk(h.host).setCapacityBytes(10));
    h.callAt(0, (env) => {
      env.disk.append('a', bytes(1, 1, 1, 1, 1, 1)); // 6 used
      env.disk.append('b', bytes(2, 2, 2, 2, 2)); // 11 > 10: ENOSPC, b not created
      env.disk.append('b', bytes(2)); // would fit, but b's appends broke: ENOSPC again
      env.disk.append('c', bytes(2, 2, 2, 2)); // exactly 10
      env.disk.append('a', bytes(3)); // ENOSPC
      env.disk.write('a', 0, bytes(4, 4)); // overwrite in place: ok
      env.disk.truncate('c', 5); // grows by 1: ENOSPC
      env.disk.truncate('c', 1); // shrinks: ok, 7 used
      env.disk.write('a', 8, bytes(5)); // grows a to 9: 3 more, exactly 10
      env.disk.fsync('a');
      env.disk.fsync('c');
    });
    await h.sim.run();
    expect(h.done.map((c) => `${c.kind}:${c.file}:${c.outcome}`)).toEqual([
      'append:a:ok', 'append:b:ENOSPC', 'append:b:ENOSPC', 'append:c:ok', 'append:a:ENOSPC', 'write:a:ok',
      'truncate:c:ENOSPC', 'truncate:c:ok', 'write:a:ok', 'fsync:a:ok', 'fsync:c:ok',
    ]);
    const disk = h.sim.disk(h.host);
    expect(disk.usedBytes()).toBe(10);
    expect(disk.durableContent('a')).toEqual(bytes(4, 4, 1, 1, 1, 1, 0, 0, 5));
    expect(disk.durableContent('c')).toEqual(bytes(2));
  });
});

describe('corruption', () => {
  it('flips one byte of synced content inside the range, which a crash keeps', async () => {
    const h = harness();
    const content = bytes(10, 11, 12, 13, 14, 15, 16, 17);
    h.callAt(0, (env) => {
      env.disk.append('f', content);
      env.disk.append('g', content);
      env.disk.fsync('f');
      env.disk.fsync('g');
    });
    await h.sim.run();
    const disk = h.sim.disk(h.host);
    const at = disk.corrupt('f', 2, 3);
    expect(at).toBeGreaterThanOrEqual(2);
    expect(at).toBeLessThan(5);
    const after = disk.durableContent('f') as Uint8Array;
    const changed = [...after.keys()].filter((i) => after[i] !== content[i]);
    expect(changed).toEqual([at]);
    expect(await h.read('f')).toEqual(after);
    expect(disk.durableContent('g')).toEqual(content);
    h.sim.crash(h.host);
    h.sim.start(h.host);
    expect(await h.read('f')).toEqual(after);
    expect(await h.read('g')).toEqual(content);
  });

  it('leaves bytes the cache holds from newer unsynced writes alone, so a later fsync makes reads durable', async () => {
    const h = harness();
    h.callAt(0, (env) => {
      env.disk.append('f', bytes(5));
      env.disk.fsync('f');
    });
    h.callAt(2_000, (env) => env.disk.write('f', 0, bytes(1))); // newer data over the synced byte
    await h.sim.run();
    const disk = h.sim.disk(h.host);
    expect(disk.corrupt('f', 0, 1)).toBe(0);
    expect(disk.durableContent('f')).not.toEqual(bytes(5));
    expect(await h.read('f')).toEqual(bytes(1)); // the dirty page in memory is not the damaged sector
    h.callAt(h.sim.now, (env) => env.disk.fsync('f'));
    await h.sim.run();
    expect(disk.durableContent('f')).toEqual(bytes(1));
    expect(await h.read('f')).toEqual(bytes(1));
  });

  it('refuses ranges outside the synced content, and files with nothing synced', async () => {
    const h = harness();
    h.callAt(0, (env) => {
      env.disk.append('f', bytes(1, 2, 3, 4));
      env.disk.fsync('f');
      env.disk.append('f', bytes(5, 6)); // unsynced: not corruptible
      env.disk.append('u', bytes(1)); // created, never synced
    });
    await h.sim.run();
    const disk = h.sim.disk(h.host);
    expect(() => disk.corrupt('f', 3, 2)).toThrow(/synced bytes/);
    expect(() => disk.corrupt('f', 0, 0)).toThrow(/synced bytes/);
    expect(() => disk.corrupt('u', 0, 1)).toThrow(/synced bytes/);
    expect(() => disk.corrupt('missing', 0, 1)).toThrow(/no durable content/);
    expect(disk.durableContent('f')).toEqual(bytes(1, 2, 3, 4));
  });
});
