/**
 * defineScenario: validates a spec (clear errors, never a stack trace at the user) and turns it into a
 * Scenario the command line and the tests run: one seed in, a verdict with every checker's result, the
 * coverage, the plan that ran (for replay and shrinking) and a story for people out.
 */
import { UnknownCheckerError, checkersNamed } from '../check/index.ts';
import type { Violation } from '../check/index.ts';
import { FaultScheduleError, FAULT_KINDS, validateSchedule } from '../faults/index.ts';
import { workloads } from '../workload/index.ts';
import { runSpec } from './runner.ts';
import type { ScenarioSpec } from './spec.ts';
import type { Scenario, ScenarioOutcome } from './types.ts';

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

function check(ok: boolean, where: string, message: string): void {
  if (!ok) throw new ScenarioError(`${where}: ${message}`);
}

const isCount = (x: unknown, min: number): boolean => Number.isSafeInteger(x) && (x as number) >= min;

function validateShape(spec: ScenarioSpec): void {
  const s = spec.ensemble;
  check(isCount(s.voters, 1) && s.voters <= 9, `${spec.name}: ensemble.voters`, 'between 1 and 9 voters');
  check(s.observers === undefined || isCount(s.observers, 0), `${spec.name}: ensemble.observers`, 'a count');
  check(s.tickTimeMs === undefined || isCount(s.tickTimeMs, 1), `${spec.name}: ensemble.tickTimeMs`, 'a positive integer of ms');
  check(s.counterBits === undefined || (isCount(s.counterBits, 2) && s.counterBits <= 32), `${spec.name}: ensemble.counterBits`, '2..32');
  check(s.snapCount === undefined || isCount(s.snapCount, 2), `${spec.name}: ensemble.snapCount`, 'at least 2');
}

function validateFaults(spec: ScenarioSpec): void {
  const f = spec.faults;
  if (f === undefined) return;
  const servers = spec.ensemble.voters + (spec.ensemble.observers ?? 0);
  if ('generate' in f) {
    for (const k of f.generate.kinds) check(FAULT_KINDS.includes(k), `${spec.name}: faults.generate.kinds`, `unknown fault "${k}" (known: ${FAULT_KINDS.join(', ')})`);
    return;
  }
  try {
    validateSchedule(f, servers, `${spec.name}: faults`);
  } catch (error) {
    if (error instanceof FaultScheduleError) throw new ScenarioError(error.message);
    throw error;
  }
}

export function validateSpec(spec: ScenarioSpec): void {
  check(/^[a-z0-9-]+\/[a-z0-9-]+$/.test(spec.name), `scenario "${spec.name}"`, 'a name is group/name in lower case');
  check(spec.description.length > 0, spec.name, 'a description is one line for `zksim list`');
  validateShape(spec);
  check(isCount(spec.chaosMs, 0) && isCount(spec.healMs, 0) && spec.chaosMs + spec.healMs > 0, `${spec.name}: chaosMs/healMs`, 'non-negative integers of ms, not both 0');
  check(spec.seeds.length > 0 && spec.seeds.every((s) => isCount(s, 0)), `${spec.name}: seeds`, 'at least one non-negative integer seed');
  for (const w of spec.workloads) check(w.name in workloads, `${spec.name}: workload "${w.name}"`, `unknown (known: ${Object.keys(workloads).join(', ')})`);
  validateFaults(spec);
  try {
    checkersNamed(spec.checkers);
    const expected = spec.expect;
    if (expected !== undefined && expected !== 'pass') checkersNamed([expected.fail]);
  } catch (error) {
    if (error instanceof UnknownCheckerError) throw new ScenarioError(`${spec.name}: ${error.message}`);
    throw error;
  }
}

export function defineScenario(spec: ScenarioSpec): Scenario & { readonly spec: ScenarioSpec } {
  validateSpec(spec);
  return {
    name: spec.name, description: spec.description, defaultSeed: spec.seeds[0] ?? 1, seeds: spec.seeds,
    servers: spec.ensemble.voters + (spec.ensemble.observers ?? 0),
    expect: spec.expect ?? 'pass', spec,
    async run({ seed, trace, plan }): Promise<ScenarioOutcome> {
      const out = await runSpec(spec, seed, { ...(trace === undefined ? {} : { trace }), ...(plan === undefined ? {} : { plan }) });
      const violations: Violation[] = out.results.flatMap((r) => r.violations);
      for (const n of out.history.clientEvents) {
        if (n.kind === 'note' && n.name === 'workload-error') violations.push({ checker: 'workload', message: `${n.client}: ${JSON.stringify(n.detail)}`, atMs: n.atMicros / 1000 });
      }
      for (const m of out.missedMarks) violations.push({ checker: 'coverage', message: `required mark "${m}" never hit: the run did not exercise what it is for`, atMs: out.history.meta.endMicros / 1000 });
      const h = out.history;
      const leaders = h.serverEvents.filter((e) => e.event === 'zab-serving' && e['role'] === 'leader')
        .map((e) => ({ epoch: e['epoch'] as number, sid: e.server, atMs: e.atMicros / 1000 }));
      const ops = { invoked: h.ops.length, ok: 0, failed: 0, indeterminate: 0 };
      for (const op of h.ops) {
        if (op.outcome === 'ok') ops.ok += 1;
        else if (op.outcome === 'fail') ops.failed += 1;
        else ops.indeterminate += 1;
      }
      return {
        ok: violations.length === 0, virtualMs: h.meta.endMicros / 1000, events: out.events, messages: out.messages, ops, leaders,
        violations, coverage: out.coverage, traceHash: out.traceHash, plan: out.plan, checks: out.results, history: h, context: out.context,
        story: [
          ...(out.swarmLine === undefined ? [] : [out.swarmLine]),
          ...[...out.faultsFired, ...leaders.map((l) => ({ atMs: l.atMs, line: `server ${l.sid} leads epoch ${l.epoch}` }))]
            .sort((a, b) => a.atMs - b.atMs).map((x) => `${x.atMs.toFixed(1)} ms: ${x.line}`),
          `clients: ${ops.invoked} operations, ${ops.ok} ok, ${ops.failed} failed, ${ops.indeterminate} indeterminate`,
          ...out.results.map((r) => `check ${r.checker}: ${r.verdict}, ${r.reason}`),
        ],
      };
    },
  };
}
