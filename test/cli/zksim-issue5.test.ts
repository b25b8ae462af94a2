// The fault-scenario commands as a user meets them: sweep (workers, replay lines, JSON), shrink and
// replay (a counterexample file written whole, run again to the same failure), list --checkers, and bad
// input (a bad seed range, a bad shard, a malformed or missing counterexample, a counterexample with an
// unknown fault) exiting 2 with a message that says what to fix and no stack trace.
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

function tmp(name: string, content?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zksim-cli-'));
  const file = path.join(dir, name);
  if (content !== undefined) fs.writeFileSync(file, content);
  return file;
}

describe('zksim sweep', () => {
  it('runs a seed range on two worker threads and reports each seed in JSON', () => {
    const r = zksim('sweep', 'election/fresh', '--seeds', '1..4', '--workers', '2', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ scenario: 'election/fresh', seeds: 4, workers: 2, failed: 0, failures: [] });
  });

  it('lists failing seeds with the command that replays each, and exits 1', () => {
    const r = zksim('sweep', 'recipes/lock-pause-unfenced', '--seeds', '1..2', '--workers', '1');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/2 failed/);
    expect(r.stdout).toMatch(/replay: zksim run recipes\/lock-pause-unfenced --seed 1/);
  });
});

describe('zksim shrink and replay', () => {
  it('shrinks a failing seed to a counterexample file that replay runs to the same failure', () => {
    const out = tmp('cx.json');
    const r = zksim('shrink', 'recipes/lock-pause-unfenced', '--seed', '1', '--max-runs', '12', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/replay: zksim replay /);
    const cx = JSON.parse(fs.readFileSync(out, 'utf8')) as { zksim: string; checker: string; plan: { faults: unknown[] } };
    expect(cx).toMatchObject({ zksim: 'counterexample', checker: 'lock-mutual-exclusion' });
    expect(fs.readdirSync(path.dirname(out))).toEqual(['cx.json']);
    const again = zksim('replay', out, '--json');
    expect(again.code).toBe(1);
    const summary = JSON.parse(again.stdout) as { violations: { checker: string }[]; replay: string };
    expect(summary.violations.map((v) => v.checker)).toContain('lock-mutual-exclusion');
    expect(summary.replay).toBe(`zksim replay ${out}`);
  }, 120_000);

  it('says there is nothing to shrink for a passing seed', () => {
    const r = zksim('shrink', 'election/fresh', '--seed', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a defineScenario scenario/);
  });
});

describe('zksim list --checkers', () => {
  it('names every checker with a line on each', () => {
    const r = zksim('list', '--checkers');
    expect(r.code).toBe(0);
    for (const name of ['writes-linearizable', 'leadership', 'servers-converge', 'lock-mutual-exclusion']) expect(r.stdout).toMatch(new RegExp(`^${name}\\s+\\S`, 'm'));
  });
});

describe('bad input exits 2 with a message that says what to fix', () => {
  const badCx = JSON.stringify({ zksim: 'counterexample', scenario: 'election/leader-crash', seed: 1, plan: { faults: [{ kind: 'explode', atMs: 1 }], workloads: [] } });
  it.each([
    [['sweep', 'swarm/swarm', '--seeds', '10..2'], /range must go up/],
    [['sweep', 'swarm/swarm', '--seeds', 'abc'], /--seeds takes a range A\.\.B/],
    [['sweep', 'swarm/swarm', '--seeds', '1..3', '--shard', '3/2'], /--shard takes I\/N/],
    [['sweep', 'no/such', '--seeds', '1..2'], /unknown scenario "no\/such"/],
    [['shrink', 'swarm/swarm'], /shrink needs --seed N/],
    [['shrink', 'swarm/swarm', '--seed', 'x'], /--seed must be a non-negative integer/],
    [['replay', '/nonexistent/cx.json'], /cannot read \/nonexistent\/cx.json/],
    [['replay', tmp('bad.json', '{not json')], /is not JSON/],
    [['replay', tmp('other.json', '{"a":1}')], /not a zksim counterexample/],
    [['replay', tmp('fault.json', badCx)], /plan\.faults\[0\]\.kind: unknown fault "explode"/],
  ])('%j', (args, message) => {
    const r = zksim(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
