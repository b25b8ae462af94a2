// Nothing the user asked to be written is lost or half-written: the atomic writer shows the target only
// after commit, and an abort leaves neither the target nor a temporary file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicFileWriter } from '../../src/cli/index.ts';

describe('AtomicFileWriter', () => {
  it('makes the file appear only on commit, complete', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zksim-atomic-'));
    const target = path.join(dir, 'out.jsonl');
    const w = new AtomicFileWriter(target);
    for (let i = 0; i < 10_000; i++) w.write(`{"line":${i}}\n`);
    expect(fs.existsSync(target)).toBe(false);
    w.commit();
    w.abort();
    expect(fs.readFileSync(target, 'utf8').split('\n')).toHaveLength(10_001);
    expect(fs.readdirSync(dir)).toEqual(['out.jsonl']);
  });

  it('leaves nothing behind on abort, and keeps an older file untouched', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zksim-atomic-'));
    const target = path.join(dir, 'out.jsonl');
    fs.writeFileSync(target, 'old\n');
    const w = new AtomicFileWriter(target);
    w.write('x'.repeat(200_000));
    w.abort();
    expect(fs.readFileSync(target, 'utf8')).toBe('old\n');
    expect(fs.readdirSync(dir)).toEqual(['out.jsonl']);
  });
});
