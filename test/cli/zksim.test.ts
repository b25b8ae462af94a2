// The command line is a contract (ARCHITECTURE.md): exit 0 when every check holds, 2 for bad input with
// a message that says what to fix and no stack trace, one JSON object with --json, the same trace hash
// for the same seed, and a trace file written whole. Run as a user would: `node bin/zksim.mjs ...`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../bin/zksim.mjs');

function zksim(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('zksim run', () => {
  it('prints the JSON summary of the contract and exits 0 when every check holds', () => {
    const r = zksim('run', 'smoke/ping-pong', '--seed', '3', '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of ['scenario', 'seed', 'ok', 'virtualMs', 'wallMs', 'events', 'messages', 'ops', 'leaders',
      'violations', 'coverage', 'traceHash']) {
      expect(summary).toHaveProperty(key);
    }
    expect(summary).toMatchObject({ scenario: 'smoke/ping-pong', seed: 3, ok: true, virtualMs: 10_000, violations: [] });
    expect(summary['traceHash']).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives the same trace hash for the same seed, another for another seed, and checks it itself', () => {
    const hash = (seed: string): unknown => (JSON.parse(zksim('run', 'smoke/ping-pong', '--seed', seed, '--json').stdout) as {
      traceHash: unknown;
    }).traceHash;
    expect(hash('5')).toBe(hash('5'));
    expect(hash('5')).not.toBe(hash('6'));
    const checked = zksim('run', 'smoke/ping-pong', '--seed', '5', '--check-determinism');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/determinism: ran twice, same trace hash/);
    expect(checked.stdout).toMatch(/verdict: ok/);
  });

  it('writes the trace as JSON lines, whole, with no temporary file left behind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zksim-trace-'));
    const file = path.join(dir, 'run.jsonl');
    const r = zksim('run', 'smoke/ping-pong', '--seed', '2', '--trace', file);
    expect(r.code).toBe(0);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const types = new Set(lines.map((l) => (JSON.parse(l) as { type: string }).type));
    expect([...types].sort()).toEqual(['conn', 'deliver', 'disk', 'emit', 'fault', 'host', 'send', 'timer']);
    expect(fs.readdirSync(dir)).toEqual(['run.jsonl']);
  });

  it.each([
    [['run', 'smoke/ping-pong', '--seed', 'abc'], /--seed must be a non-negative integer, got "abc"/],
    [['run', 'smoke/ping-pong', '--seed', '-4'], /--seed must be a non-negative integer, got "-4"/],
    [['run', 'smoke/ping-pong', '--seed', '1e3'], /--seed must be a non-negative integer, got "1e3"/],
    [['run', 'no/such-scenario'], /unknown scenario "no\/such-scenario".*zksim list/],
    [['run', 'smoke/ping-pong', '--trace', '/no/such/folder/t.jsonl'], /cannot write .*does not exist/],
    [['frobnicate'], /unknown command/],
    [['run', 'smoke/ping-pong', '--no-such-flag'], /unknown option/],
  ])('rejects bad input %j with exit 2 and a message, no stack trace', (args, message) => {
    const r = zksim(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe('');
  });
});

describe('zksim list and bench', () => {
  it('lists the scenarios with a description', () => {
    const r = zksim('list');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^smoke\/ping-pong\s+\S.+/m);
  });

  it('prints one benchmark object with --json', () => {
    const r = zksim('bench', '--quick', '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { kernel: Record<string, number>; node: string; commit: string; date: string };
    expect(result.kernel['eventsPerSec']).toBeGreaterThan(0);
    expect(result.kernel['ceilingEventsPerSec']).toBeGreaterThan(0);
    expect(result.kernel['ratioToCeiling']).toBeGreaterThan(0);
    expect(result.kernel['asyncEventsPerSec']).toBeGreaterThan(0);
    expect(result.kernel['microsPerAwait']).toBeGreaterThan(0);
    expect(result.node).toBe(process.version);
    expect(Number.isNaN(Date.parse(result.date))).toBe(false);
  });
});
