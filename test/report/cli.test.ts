/**
 * The report commands as a user meets them: `zksim run --trace T --report A` writes the page, `zksim report
 * T B` draws the same run from the trace file alone (same data), and bad input (a missing file, a file that
 * is not a trace, an old-style scenario with nothing to draw, an unwritable path) exits 2 with a message
 * and writes nothing. Also: the page's JSON is script-safe whatever the data holds.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptSafeJson } from '../../src/report/index.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/zksim.mjs');

function zksim(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'zksim-report-'));
}

function pageData(file: string): unknown {
  const html = fs.readFileSync(file, 'utf8');
  const m = /<script type="application\/json" id="zksim-data">([\s\S]*?)<\/script>/.exec(html);
  if (m?.[1] === undefined) throw new Error(`${file} has no data script`);
  return JSON.parse(m[1]);
}

describe('zksim run --report and zksim report', () => {
  it('write one self-contained page each, the same run drawn from the run and from its trace', () => {
    const dir = tmpDir();
    const trace = path.join(dir, 't.jsonl');
    const a = path.join(dir, 'a.html');
    const b = path.join(dir, 'b.html');
    const run = zksim('run', 'recipes/lock-pause-unfenced', '--seed', '1', '--trace', trace, '--report', a);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`report written to ${a}`);
    const lastLine = fs.readFileSync(trace, 'utf8').trimEnd().split('\n').at(-1) ?? '';
    expect(JSON.parse(lastLine)).toMatchObject({ type: 'zksim-run', version: 1, replay: 'zksim run recipes/lock-pause-unfenced --seed 1' });
    const rep = zksim('report', trace, b);
    expect(rep.stderr).toBe('');
    expect(rep.code).toBe(0);
    expect(pageData(b)).toEqual(pageData(a));
    const html = fs.readFileSync(a, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|url\(/);
    expect(pageData(a)).toMatchObject({ header: { scenario: 'recipes/lock-pause-unfenced', seed: 1, verdict: 'fail' } });
  }, 120_000);

  it.each([
    ['a missing trace file', (d: string) => ['report', path.join(d, 'nope.jsonl'), path.join(d, 'x.html')], /cannot read the trace file/],
    ['a file that is not JSON lines', (d: string) => { fs.writeFileSync(path.join(d, 'bad.jsonl'), 'hello\n'); return ['report', path.join(d, 'bad.jsonl'), path.join(d, 'x.html')]; }, /line 1 is not JSON/],
    ['a trace without a run record', (d: string) => { fs.writeFileSync(path.join(d, 'old.jsonl'), '{"type":"host","atMicros":0,"host":0,"event":"start"}\n'); return ['report', path.join(d, 'old.jsonl'), path.join(d, 'x.html')]; }, /no run record/],
    ['an old-style scenario', (d: string) => ['run', 'smoke/ping-pong', '--report', path.join(d, 'x.html')], /records no history/],
    ['a report path in a missing folder', (d: string) => ['run', 'recipes/lock-pause-fenced', '--report', path.join(d, 'no', 'such', 'x.html')], /x\.html/],
  ])('%s exits 2 with a message and writes nothing', (_what, args, message) => {
    const dir = tmpDir();
    const r = zksim(...args(dir));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'x.html'))).toBe(false);
  }, 120_000);
});

describe('scriptSafeJson', () => {
  it('leaves no character that could end a script element or start markup, and parses back to the same value', () => {
    const value = { s: '</script><script>alert(1)</script>', t: '<!-- & -->', u: '\u2028\u2029' };
    const json = scriptSafeJson(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
