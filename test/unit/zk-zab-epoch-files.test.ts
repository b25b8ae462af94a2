// The acceptedEpoch / currentEpoch files (QuorumPeer.writeLongToFile / readLongFromFile / loadDataBase,
// 3.8.0): the exact bytes, what reading accepts and the messages it refuses with, the atomic write as disk
// steps, loadDataBase's defaults and refusals (ZOOKEEPER-1653/2354/4269, and the 3.4 updatingEpoch
// marker), and a crash at every step of a currentEpoch write on a tiny model of a disk whose data is
// volatile until fsync and whose renames are durable: every crash point leaves a directory that
// loadDataBase either accepts with the old or the new epoch, or refuses with ZooKeeper's message.
import { describe, expect, it } from 'vitest';
import { zxid } from '../../src/base/index.ts';
import {
  ACCEPTED_EPOCH_FILE, CURRENT_EPOCH_FILE, UPDATING_EPOCH_FILE, decodeEpochFile, encodeEpochFile, epochFileWrite, loadEpochs,
} from '../../src/zk/zab/index.ts';
import type { EpochFileStep } from '../../src/zk/zab/index.ts';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const ascii = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('epoch file bytes', () => {
  it('are Long.toString: decimal digits, a minus for negatives, no newline', () => {
    expect([...encodeEpochFile(5)]).toEqual([0x35]);
    expect(ascii(encodeEpochFile(0))).toBe('0');
    expect(ascii(encodeEpochFile(-1))).toBe('-1');
    expect(ascii(encodeEpochFile(2_097_151))).toBe('2097151');
  });

  it.each([
    ['5', 5], ['5\n', 5], ['5\r\n', 5], ['5\rjunk', 5], ['5\nnot a number', 5], ['+7', 7], ['007', 7], ['-1', -1], ['-0', 0],
  ])('reads %j as %d (the first line, Long.parseLong)', (content, value) => {
    expect(decodeEpochFile(text(content), CURRENT_EPOCH_FILE)).toEqual({ value });
  });

  it.each([
    ['', 'Found null in currentEpoch'],
    ['\n5', 'Found  in currentEpoch'],
    [' 5', 'Found  5 in currentEpoch'],
    ['5 ', 'Found 5  in currentEpoch'],
    ['0x5', 'Found 0x5 in currentEpoch'],
    ['5L', 'Found 5L in currentEpoch'],
    ['9223372036854775808', 'Found 9223372036854775808 in currentEpoch'],
  ])('refuses %j: "%s"', (content, error) => {
    expect(decodeEpochFile(text(content), CURRENT_EPOCH_FILE)).toEqual({ error });
  });

  it('refuses, with its own message, a long that a JavaScript number cannot hold exactly', () => {
    expect(decodeEpochFile(text('9223372036854775807'), ACCEPTED_EPOCH_FILE))
      .toEqual({ error: '9223372036854775807 in acceptedEpoch is beyond what zksim represents exactly' });
  });
});

describe('writeLongToFile as disk steps', () => {
  it('writes <name>.tmp, fsyncs it, renames it over <name>; a leftover tmp is truncated first', () => {
    expect(epochFileWrite(CURRENT_EPOCH_FILE, 3, false)).toEqual([
      { op: 'write', file: 'currentEpoch.tmp', offsetBytes: 0, bytes: text('3') },
      { op: 'fsync', file: 'currentEpoch.tmp' },
      { op: 'rename', from: 'currentEpoch.tmp', to: 'currentEpoch' },
    ]);
    expect(epochFileWrite(ACCEPTED_EPOCH_FILE, 12, true).map((s) => s.op)).toEqual(['truncate', 'write', 'fsync', 'rename']);
  });
});

function dir(files: Record<string, string>): (name: string) => Uint8Array | undefined {
  return (name) => (name in files ? text(files[name] as string) : undefined);
}

describe('QuorumPeer.loadDataBase epoch checks', () => {
  const z = zxid(2, 7);

  it('accepts consistent files and changes nothing', () => {
    expect(loadEpochs(dir({ currentEpoch: '2', acceptedEpoch: '3' }), z)).toEqual({ ok: true, currentEpoch: 2, acceptedEpoch: 3, fixups: [] });
  });

  it('creates missing files with the epoch of the last zxid ("reasonable default"), -1 for no database', () => {
    expect(loadEpochs(dir({}), z)).toEqual({
      ok: true, currentEpoch: 2, acceptedEpoch: 2,
      fixups: [{ op: 'write', file: 'currentEpoch', value: 2 }, { op: 'write', file: 'acceptedEpoch', value: 2 }],
    });
    expect(loadEpochs(dir({ currentEpoch: '1' }), zxid(1, 0))).toMatchObject({ ok: true, acceptedEpoch: 1, fixups: [{ file: 'acceptedEpoch' }] });
    expect(loadEpochs(dir({}), -1)).toMatchObject({ ok: true, currentEpoch: -1, acceptedEpoch: -1 });
  });

  it('refuses to start when the last zxid is of a newer epoch than currentEpoch and no currentEpoch.tmp exists', () => {
    expect(loadEpochs(dir({ currentEpoch: '1', acceptedEpoch: '2' }), z))
      .toEqual({ ok: false, error: `The current epoch, 1, is older than the last zxid, ${z}` });
    expect(loadEpochs(dir({ currentEpoch: '10', acceptedEpoch: '12' }), zxid(11, 1)))
      .toEqual({ ok: false, error: `The current epoch, a, is older than the last zxid, ${zxid(11, 1)}` }); // printed as hex
  });

  it('adopts currentEpoch.tmp then (ZOOKEEPER-4269), whatever value it holds, and rewrites currentEpoch', () => {
    expect(loadEpochs(dir({ currentEpoch: '1', 'currentEpoch.tmp': '2', acceptedEpoch: '2' }), z))
      .toEqual({ ok: true, currentEpoch: 2, acceptedEpoch: 2, fixups: [{ op: 'write', file: 'currentEpoch', value: 2 }] });
    expect(loadEpochs(dir({ currentEpoch: '0', 'currentEpoch.tmp': '1', acceptedEpoch: '2' }), z))
      .toMatchObject({ ok: true, currentEpoch: 1 });
    expect(loadEpochs(dir({ currentEpoch: '1', 'currentEpoch.tmp': '', acceptedEpoch: '2' }), z))
      .toEqual({ ok: false, error: 'Found null in currentEpoch.tmp' });
    // The tmp file is only consulted when needed.
    expect(loadEpochs(dir({ currentEpoch: '2', 'currentEpoch.tmp': 'junk', acceptedEpoch: '2' }), z)).toMatchObject({ ok: true, fixups: [] });
  });

  it('refuses acceptedEpoch < currentEpoch, and unreadable files', () => {
    expect(loadEpochs(dir({ currentEpoch: '11', acceptedEpoch: '10' }), z))
      .toEqual({ ok: false, error: 'The accepted epoch, a is less than the current epoch, b' });
    expect(loadEpochs(dir({ currentEpoch: 'x', acceptedEpoch: '2' }), z)).toEqual({ ok: false, error: 'Found x in currentEpoch' });
    expect(loadEpochs(dir({ currentEpoch: '2', acceptedEpoch: '' }), z)).toEqual({ ok: false, error: 'Found null in acceptedEpoch' });
    // acceptedEpoch.tmp is never read.
    expect(loadEpochs(dir({ currentEpoch: '2', acceptedEpoch: '1', 'acceptedEpoch.tmp': '3' }), z)).toMatchObject({ ok: false });
  });

  it('3.4.14 rules: the updatingEpoch marker (ZOOKEEPER-1653) sets currentEpoch to the zxid\'s epoch; no tmp rescue', () => {
    const marked = { currentEpoch: '1', acceptedEpoch: '2', [UPDATING_EPOCH_FILE]: '' };
    expect(loadEpochs(dir(marked), z, '3.4.14')).toEqual({
      ok: true, currentEpoch: 2, acceptedEpoch: 2,
      fixups: [{ op: 'write', file: 'currentEpoch', value: 2 }, { op: 'delete', file: 'updatingEpoch' }],
    });
    expect(loadEpochs(dir(marked), z)).toMatchObject({ ok: false }); // 3.8.0 never looks at the marker
    expect(loadEpochs(dir({ currentEpoch: '1', 'currentEpoch.tmp': '2', acceptedEpoch: '2' }), z, '3.4.14')).toMatchObject({ ok: false });
  });
});

/** A directory whose data is volatile until fsync, whose creates and renames are durable (sim/disk.ts's model). */
class TinyDisk {
  private readonly current = new Map<string, Uint8Array>();
  private readonly durable = new Map<string, Uint8Array>();

  constructor(files: Record<string, string>) {
    for (const [name, content] of Object.entries(files)) {
      this.current.set(name, text(content));
      this.durable.set(name, text(content));
    }
  }

  apply(step: EpochFileStep): void {
    switch (step.op) {
      case 'truncate':
        this.current.set(step.file, new Uint8Array(0));
        return;
      case 'write':
        if (!this.durable.has(step.file)) this.durable.set(step.file, new Uint8Array(0)); // the create is durable
        this.current.set(step.file, step.bytes);
        return;
      case 'fsync':
        this.durable.set(step.file, this.current.get(step.file) as Uint8Array);
        return;
      case 'rename': {
        const bytes = this.durable.get(step.from) as Uint8Array; // written and fsynced before: durable content
        this.durable.delete(step.from);
        this.durable.set(step.to, bytes);
        this.current.set(step.to, this.current.get(step.from) as Uint8Array);
        this.current.delete(step.from);
        return;
      }
      default:
        throw new Error('unknown step');
    }
  }

  /** What a restart after a power loss reads. */
  afterCrash(): (name: string) => Uint8Array | undefined {
    const files = new Map(this.durable);
    return (name) => files.get(name);
  }
}

describe('a crash at every step of a currentEpoch write', () => {
  it('leaves the old epoch, the new one, or a refusal, exactly as 3.8.0 decides', () => {
    // A learner synced to epoch 3: its log already holds (3,1) when it writes currentEpoch = 3 (the window of ZOOKEEPER-4269).
    const lastZxid = zxid(3, 1);
    const outcomes: string[] = [];
    const steps = epochFileWrite(CURRENT_EPOCH_FILE, 3, false);
    for (let crashAfter = 0; crashAfter <= steps.length; crashAfter++) {
      const disk = new TinyDisk({ currentEpoch: '2', acceptedEpoch: '3' });
      for (const step of steps.slice(0, crashAfter)) disk.apply(step);
      const load = loadEpochs(disk.afterCrash(), lastZxid);
      outcomes.push(load.ok ? `currentEpoch ${load.currentEpoch}${load.fixups.length > 0 ? ' (rewritten)' : ''}` : load.error);
    }
    expect(outcomes).toEqual([
      `The current epoch, 2, is older than the last zxid, ${lastZxid}`, // nothing written yet
      'Found null in currentEpoch.tmp', // the tmp file exists but its bytes were not synced
      'currentEpoch 3 (rewritten)', // the tmp is synced: ZOOKEEPER-4269 adopts it
      'currentEpoch 3', // renamed
    ]);
  });
});
