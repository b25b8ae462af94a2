// Crash consistency of the simulated disk, as properties over random programs. An actor issues a random
// program of file operations (append, write at an offset, truncate, fsync, rename, delete) on a few files
// from its timer steps; the host loses power at a random moment and restarts. A reference model in the
// test, fed only by the completions the actor receives, tracks what must be durable: a file's data as of
// its last *completed* fsync (the changes issued before that fsync call), and the namespace changes
// (create, rename, delete) whose operation completed. After the restart every file must hold exactly
// that; with the torn-tail fault armed, its synced bytes plus a prefix of its unsynced changes in issue
// order (the last write kept may be cut short). Along the way the model also checks that completions
// arrive in issue order with the predicted outcomes, that reads see the page cache, and (in runs with
// random I/O errors) that an operation failing with EIO has no effect. A second property corrupts synced
// bytes and checks that exactly one byte, inside the given range, changes and nothing else does.
// ZooKeeper's log and snapshots are only as safe as this model of fsync, so the disk must not keep more
// (unsynced data, uncompleted renames) nor less than a real one would after power loss.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/index.ts';
import type { Actor, DiskApi, DiskOutcome, Env, HostInput } from '../../src/sim/index.ts';
import type { DiskOpId, HostId } from '../../src/base/index.ts';
import { checkProperty } from '../support/property.ts';

const FILES = ['a', 'b', 'c'] as const;

type Op =
  | { readonly kind: 'append'; readonly file: string; readonly data: Uint8Array }
  | { readonly kind: 'write'; readonly file: string; readonly offset: number; readonly data: Uint8Array }
  | { readonly kind: 'truncate'; readonly file: string; readonly length: number }
  | { readonly kind: 'fsync'; readonly file: string }
  | { readonly kind: 'rename'; readonly file: string; readonly to: string }
  | { readonly kind: 'delete'; readonly file: string };

type Change =
  | { readonly kind: 'write'; readonly offset: number; readonly data: Uint8Array }
  | { readonly kind: 'truncate'; readonly length: number };

// ---- the reference model ----

function applyChange(bytes: number[], change: Change): void {
  if (change.kind === 'truncate') {
    if (change.length < bytes.length) bytes.length = change.length;
    while (bytes.length < change.length) bytes.push(0);
    return;
  }
  while (bytes.length < change.offset) bytes.push(0);
  change.data.forEach((b, i) => {
    bytes[change.offset + i] = b;
  });
}

function replay(changes: readonly Change[], base: readonly number[] = []): number[] {
  const bytes = [...base];
  for (const change of changes) applyChange(bytes, change);
  return bytes;
}

/** A file's identity (an inode): its data changes in issue order, and how many of them are durable. */
class ModelFile {
  readonly changes: Change[] = [];
  durableCount = 0;

  content(): number[] {
    return replay(this.changes);
  }

  durableContent(): number[] {
    return replay(this.changes.slice(0, this.durableCount));
  }
}

class DiskModel {
  /** What reads see: every issued, non-failed change applied. */
  readonly cache = new Map<string, ModelFile>();
  /** What survives power loss: namespace changes whose operation completed. */
  readonly durable = new Map<string, ModelFile>();

  /** The outcome the disk must report when no fault is armed. */
  predict(op: Op): DiskOutcome {
    if (op.kind === 'append' || op.kind === 'write') return 'ok';
    return this.cache.has(op.file) ? 'ok' : 'ENOENT';
  }

  /**
   * Applies `op` as issued with `outcome`. Ops are applied in issue order; `completed` says whether the
   * disk acknowledged it (only then do fsyncs and namespace changes become durable).
   */
  apply(op: Op, outcome: DiskOutcome, completed: boolean): void {
    if (outcome !== 'ok') return;
    switch (op.kind) {
      case 'append':
      case 'write': {
        let file = this.cache.get(op.file);
        const created = file === undefined;
        if (file === undefined) {
          file = new ModelFile();
          this.cache.set(op.file, file);
        }
        const offset = op.kind === 'append' ? file.content().length : op.offset;
        file.changes.push({ kind: 'write', offset, data: op.data });
        if (created && completed) this.durable.set(op.file, file);
        return;
      }
      case 'truncate':
        this.must(op.file).changes.push({ kind: 'truncate', length: op.length });
        return;
      case 'fsync': {
        const file = this.must(op.file);
        // Every change issued before the fsync, i.e. every change applied so far.
        if (completed) file.durableCount = file.changes.length;
        return;
      }
      case 'rename': {
        const file = this.must(op.file);
        this.cache.delete(op.file);
        this.cache.set(op.to, file);
        if (completed) {
          this.durable.delete(op.file);
          this.durable.set(op.to, file);
        }
        return;
      }
      case 'delete':
        this.must(op.file);
        this.cache.delete(op.file);
        if (completed) this.durable.delete(op.file);
        return;
    }
  }

  private must(name: string): ModelFile {
    const file = this.cache.get(name);
    if (file === undefined) throw new Error(`model: ${name} should exist for an ok outcome`);
    return file;
  }
}

/** Every content a file may have after a torn-tail crash: synced bytes plus a prefix of `unsynced`. */
function tornCandidates(base: readonly number[], unsynced: readonly Change[]): Set<string> {
  const out = new Set<string>();
  let bytes = [...base];
  for (const change of unsynced) {
    out.add(bytes.join(','));
    if (change.kind === 'write') {
      for (let k = 1; k < change.data.length; k++) {
        out.add(replay([{ kind: 'write', offset: change.offset, data: change.data.subarray(0, k) }], bytes).join(','));
      }
    }
    bytes = replay([change], bytes);
  }
  out.add(bytes.join(','));
  return out;
}

// ---- the program and the actor that runs it ----

interface Batch {
  readonly gap: number;
  readonly ops: readonly Op[];
}

function issue(disk: DiskApi, op: Op): DiskOpId {
  switch (op.kind) {
    case 'append': return disk.append(op.file, op.data);
    case 'write': return disk.write(op.file, op.offset, op.data);
    case 'truncate': return disk.truncate(op.file, op.length);
    case 'fsync': return disk.fsync(op.file);
    case 'rename': return disk.rename(op.file, op.to);
    case 'delete': return disk.delete(op.file);
  }
}

const arbFile = fc.constantFrom(...FILES);
const arbData = fc.uint8Array({ min: 1, max: 255, minLength: 1, maxLength: 6 });
const arbOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('append' as const), file: arbFile, data: arbData }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('write' as const), file: arbFile, offset: fc.integer({ min: 0, max: 14 }), data: arbData }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), file: arbFile, length: fc.integer({ min: 0, max: 14 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('fsync' as const), file: arbFile }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), file: arbFile, to: arbFile }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), file: arbFile }) },
);
const arbBatch: fc.Arbitrary<Batch> = fc.record({
  gap: fc.integer({ min: 0, max: 2_500 }),
  ops: fc.array(arbOp, { minLength: 1, maxLength: 3 }),
});

type Input = HostInput<never, number, never>;

interface RunStats {
  runs: number;
  crashesLosingData: number;
  tornPartial: number;
  eio: number;
}

const stats: RunStats = { runs: 0, crashesLosingData: 0, tornPartial: 0, eio: 0 };

const bytesOf = (u: Uint8Array | undefined): number[] | undefined => (u === undefined ? undefined : [...u]);

async function crashRun(seed: number, program: readonly Batch[], crashAt: number, torn: boolean, ioErrorChance: number): Promise<void> {
  const sim = new Simulation<never, number, never>({ seed });
  const model = new DiskModel();
  const pending: { readonly id: DiskOpId; readonly op: Op }[] = [];
  let host = 0 as HostId;
  let afterRestart: { readonly names: string[]; readonly contents: Map<string, number[] | undefined> } | undefined;

  const checkDurable = (): void => {
    const disk = sim.disk(host);
    for (const name of FILES) {
      expect(bytesOf(disk.durableContent(name)), `durable ${name} at ${sim.now}`).toEqual(model.durable.get(name)?.durableContent());
    }
  };
  const checkCache = (env: Env<never, number>): void => {
    expect(env.disk.list()).toEqual([...model.cache.keys()].sort());
    for (const name of FILES) expect(bytesOf(env.disk.read(name)), `cache ${name} at ${sim.now}`).toEqual(model.cache.get(name)?.content());
  };

  const factory = (env: Env<never, number>): Actor<never, number, never> => ({
    step(input: Input): void {
      if (env.incarnation > 1) {
        if (input.kind !== 'start') throw new Error(`the restarted host got an unexpected ${input.kind} input`);
        const names = env.disk.list();
        afterRestart = { names, contents: new Map(names.map((n) => [n, bytesOf(env.disk.read(n))])) };
        return;
      }
      switch (input.kind) {
        case 'start':
          if (program.length > 0) env.setTimer((program[0] as Batch).gap, 0);
          return;
        case 'timer': {
          const index = input.tag;
          for (const op of (program[index] as Batch).ops) pending.push({ id: issue(env.disk, op), op });
          const next = program[index + 1];
          if (next !== undefined) env.setTimer(next.gap, index + 1);
          return;
        }
        case 'disk': {
          const head = pending.shift();
          if (head === undefined) throw new Error(`completion of op ${input.op} that was never issued`);
          // In issue order, for the operation issued, with the outcome the model predicts.
          expect([input.op, input.opKind, input.file]).toEqual([head.id, head.op.kind, head.op.file]);
          const predicted = model.predict(head.op);
          if (input.outcome === 'EIO' && ioErrorChance > 0) stats.eio += 1;
          else expect(input.outcome).toBe(predicted);
          model.apply(head.op, input.outcome, true);
          checkDurable();
          if (pending.length === 0) checkCache(env);
          return;
        }
        case 'accepted':
        case 'connected':
        case 'message':
        case 'closed':
        case 'call':
          throw new Error(`unexpected ${input.kind} input`);
      }
    },
  });
  host = sim.addHost('h', factory);
  const disk = sim.disk(host);
  disk.tornTailOnCrash = torn;
  disk.setIoErrorChance(ioErrorChance);

  let expected: Map<string, { readonly synced: number[]; readonly unsynced: readonly Change[] }> | undefined;
  sim.start(host);
  sim.at(crashAt, () => {
    // Ops still in flight never completed: their data changes are unsynced, their namespace changes void.
    if (ioErrorChance === 0) for (const { op } of pending) model.apply(op, model.predict(op), false);
    expected = new Map([...model.durable].map(([name, file]) => [name, {
      synced: file.durableContent(),
      unsynced: file.changes.slice(file.durableCount),
    }]));
    if ([...model.durable.values()].some((f) => f.durableCount < f.changes.length)) stats.crashesLosingData += 1;
    sim.crash(host);
    sim.start(host);
  });
  await sim.run();
  stats.runs += 1;

  if (expected === undefined || afterRestart === undefined) throw new Error('the crash and restart happened');
  const found = afterRestart;
  expect(found.names).toEqual([...expected.keys()].sort());
  for (const [name, { synced, unsynced }] of expected) {
    const actual = found.contents.get(name) ?? [];
    expect(bytesOf(disk.durableContent(name)), `after restart, ${name} is what is durable`).toEqual(actual);
    if (!torn) {
      expect(actual, `${name} holds exactly its synced bytes`).toEqual(synced);
      continue;
    }
    const candidates = tornCandidates(synced, unsynced);
    if (!candidates.has(actual.join(','))) {
      throw new Error(`${name} holds [${actual.join(',')}], not its synced [${synced.join(',')}] plus a prefix of ` +
        `its unsynced changes ${JSON.stringify(unsynced.map((c) => (c.kind === 'write' ? { at: c.offset, data: [...c.data] } : c)))}`);
    }
    if (actual.join(',') !== synced.join(',')) stats.tornPartial += 1;
  }
}

describe('disk crash consistency', () => {
  it('after power loss every file holds its durable content (plus a prefix of unsynced writes when the tail tears)', async () => {
    const property = fc.asyncProperty(
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.array(arbBatch, { minLength: 1, maxLength: 12 }),
      fc.integer({ min: 0, max: 10_000 }),
      fc.boolean(),
      fc.constantFrom(0, 0.25),
      async (seed, program, crashPerTenThousand, torn, ioErrorChance) => {
        const span = program.reduce((sum, b) => sum + b.gap, 0) + 4_000;
        const crashAt = Math.floor((crashPerTenThousand * span) / 10_000);
        // Torn-tail runs need every in-flight op's outcome predictable, so they have no random I/O errors.
        await crashRun(seed, program, crashAt, torn, torn ? 0 : ioErrorChance);
      });
    await checkProperty(property, { numRuns: 120, file: import.meta.url });
    // The property exercised what it claims to: crashes that lost unsynced data, tails torn mid-way, EIOs.
    expect(stats.crashesLosingData).toBeGreaterThan(stats.runs / 5);
    expect(stats.tornPartial).toBeGreaterThan(3);
    expect(stats.eio).toBeGreaterThan(3);
  });
});

// ---- corruption ----

/** Which bytes of `synced` the cache still shows after `unsynced`: true where a byte is still synced. */
function stillSynced(syncedLength: number, unsynced: readonly Change[]): boolean[] {
  const flags = new Array<boolean>(syncedLength).fill(true);
  for (const change of unsynced) {
    if (change.kind === 'truncate') {
      if (change.length < flags.length) flags.length = change.length;
      while (flags.length < change.length) flags.push(false);
    } else {
      while (flags.length < change.offset) flags.push(false);
      for (let i = 0; i < change.data.length; i++) flags[change.offset + i] = false;
    }
  }
  return flags;
}

const arbChange: fc.Arbitrary<Change> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('write' as const), offset: fc.integer({ min: 0, max: 14 }), data: arbData }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), length: fc.integer({ min: 0, max: 14 }) }) },
);

describe('disk corruption', () => {
  it('flips exactly one byte inside the range of synced content and leaves everything else alone', async () => {
    const property = fc.asyncProperty(
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.uint8Array({ minLength: 1, maxLength: 12 }),
      fc.uint8Array({ minLength: 1, maxLength: 12 }),
      fc.array(arbChange, { maxLength: 4 }),
      fc.nat(), fc.nat(),
      async (seed, synced, other, unsynced, offsetSeed, lengthSeed) => {
        type Call = (env: Env<never, never>) => void;
        const sim = new Simulation<never, never, Call>({ seed });
        const reads = new Map<string, Uint8Array | undefined>();
        const h = sim.addHost('h', (env): Actor<never, never, Call> => ({
          step(input: HostInput<never, never, Call>): void {
            if (input.kind === 'call') input.call(env);
            if (input.kind === 'disk') expect(input.outcome).toBe('ok');
          },
        }));
        const call = async (fn: Call): Promise<void> => {
          sim.inject(h, fn);
          await sim.run();
        };
        const readAll = async (): Promise<Map<string, Uint8Array | undefined>> => {
          await call((env) => {
            for (const name of ['f', 'g']) reads.set(name, env.disk.read(name));
          });
          return new Map(reads);
        };
        sim.start(h);
        await call((env) => {
          env.disk.append('f', synced);
          env.disk.fsync('f');
          env.disk.append('g', other);
          env.disk.fsync('g');
          for (const c of unsynced) {
            if (c.kind === 'write') env.disk.write('f', c.offset, c.data);
            else env.disk.truncate('f', c.length);
          }
        });
        const disk = sim.disk(h);
        const cacheBefore = await readAll();
        const offset = offsetSeed % synced.length;
        const length = 1 + (lengthSeed % (synced.length - offset));

        const at = disk.corrupt('f', offset, length);

        expect(at).toBeGreaterThanOrEqual(offset);
        expect(at).toBeLessThan(offset + length);
        const durable = disk.durableContent('f') as Uint8Array;
        expect(durable.length).toBe(synced.length);
        const changed = [...durable.keys()].filter((i) => durable[i] !== synced[i]);
        expect(changed).toEqual([at]);
        const flip = (durable[at] as number) ^ (synced[at] as number);
        expect(disk.durableContent('g')).toEqual(other);
        // The page cache: g untouched; f differs at most at `at`, and there only if the cache still shows
        // the synced byte (an unsynced write or truncate over it is newer data, not the damaged sector).
        const cacheAfter = await readAll();
        expect(cacheAfter.get('g')).toEqual(cacheBefore.get('g'));
        const before = cacheBefore.get('f') as Uint8Array;
        const expectedCache = before.slice();
        if (stillSynced(synced.length, unsynced)[at] === true) expectedCache[at] = (before[at] as number) ^ flip;
        expect(cacheAfter.get('f')).toEqual(expectedCache);

        // A completed fsync makes what reads see durable: the damaged synced bytes plus the newer changes.
        await call((env) => {
          env.disk.fsync('f');
        });
        const expectedDurable = new Uint8Array(replay(unsynced, [...durable]));
        expect(disk.durableContent('f')).toEqual(expectedDurable);
        expect((await readAll()).get('f')).toEqual(expectedDurable);
        sim.crash(h);
        sim.start(h);
        const recovered = await readAll();
        expect(recovered.get('f')).toEqual(expectedDurable);
        expect(recovered.get('g')).toEqual(other);
      });
    await checkProperty(property, { numRuns: 150, file: import.meta.url });
  });
});
