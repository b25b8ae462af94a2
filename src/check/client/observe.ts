/**
 * Holding one recorded answer against the tree model. A write's answer (its code, created name, returned
 * Stat) must be what the model's DataTree would answer at the write's zxid, and when it is the write is
 * applied; a read's answer must be the model's state at its reply zxid. A mismatch comes with a score (how
 * far the model is from explaining it; the replay only assumes an indeterminate write that brings it
 * strictly closer) and the paths whose writes could explain it.
 */
import { parentOf } from '../../zk/protocol/index.ts';
import type { OpRecord, StatLite, SubResult } from '../../history/index.ts';
import { hex, opLabel } from './ops.ts';
import { MODEL_CODES, unmodeled } from './tree-model.ts';
import type { ModelCode, NodeState, Step, TreeModel } from './tree-model.ts';

export interface Mismatch {
  readonly message: string;
  readonly score: number;
  readonly paths: readonly string[];
}

const EXISTENCE = 1000;
const VERSIONING = 100;

/** The DataTree steps of a write op; undefined for ops that are not modeled writes. */
export function stepsOf(op: OpRecord): readonly Step[] | undefined {
  switch (op.op) {
    case 'create':
      return [{ kind: 'create', path: op.path, data: op.data ?? null, ephemeral: op.ephemeral === true, sequential: op.sequential === true }];
    case 'delete': return [{ kind: 'delete', path: op.path, version: op.version ?? -1 }];
    case 'setData': return [{ kind: 'setData', path: op.path, data: op.data ?? null, version: op.version ?? -1 }];
    case 'setACL': return [{ kind: 'setACL', path: op.path }];
    case 'multi':
      return (op.subOps ?? []).map((s): Step => {
        switch (s.op) {
          case 'create': return { kind: 'create', path: s.path, data: s.data ?? null, ephemeral: s.ephemeral === true, sequential: s.sequential === true };
          case 'delete': return { kind: 'delete', path: s.path, version: s.version ?? -1 };
          case 'setData': return { kind: 'setData', path: s.path, data: s.data ?? null, version: s.version ?? -1 };
          case 'check': return { kind: 'check', path: s.path, version: s.version ?? -1 };
        }
      });
    case 'getData': case 'exists': case 'getChildren': case 'sync': case 'getACL': case 'other':
      return undefined;
  }
}

/** Paths a step depends on: its node, and the parent for creates (existence, sequential counter). */
export function stepPaths(step: Step): string[] {
  return step.kind === 'create' ? [step.path, parentOf(step.path)] : [step.path];
}

/** True when any step touches the /zookeeper subtree, which the model does not judge. */
export function touchesUnmodeled(steps: readonly Step[]): boolean {
  return steps.some((s) => unmodeled(s.path) || (s.kind === 'create' && unmodeled(parentOf(s.path))));
}

/**
 * Holds an answered write (txn zxid `zxid`) against the model. When consistent, a successful write is
 * applied and undefined returned; otherwise everything tried is rolled back and the mismatch returned.
 */
export function attemptWrite(model: TreeModel, op: OpRecord, steps: readonly Step[], zxid: number, session: number): Mismatch | undefined {
  const code = op.outcome === 'ok' ? 'OK' : op.code ?? '';
  if (!MODEL_CODES.has(code)) return undefined;
  const mark = model.mark();
  const at = { zxid, lo: zxid, upper: zxid };
  if (op.op === 'multi' && code !== 'OK') return attemptFailedMulti(model, op, steps, code, mark, at);
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (step === undefined) continue;
    const ev = model.evaluate(step);
    const want = op.op === 'multi' ? 'OK' : code;
    if (!codeAgrees(step, want, ev.code)) {
      model.rollback(mark);
      const which = op.op === 'multi' ? ` (sub-op ${i}: ${step.kind} ${step.path})` : '';
      return { message: `${opLabel(op)} answered ${code}${which} but the model at ${hex(zxid)} says ${ev.code}: ${describe(model, ev.path)}`, score: codeScore(model, step, want, ev.code), paths: stepPaths(step) };
    }
    if (ev.code !== 'OK' || op.outcome !== 'ok') continue;
    const sub = op.op === 'multi' ? op.subResults?.[i] : undefined;
    const named = op.op === 'multi' ? subPath(sub) : op.createdPath;
    if (step.kind === 'create' && named !== undefined && named !== ev.path) {
      model.rollback(mark);
      return { message: `${opLabel(op)} created ${named} but the model at ${hex(zxid)} names it ${ev.path}`, score: 50 + suffixGap(named, ev.path), paths: stepPaths(step) };
    }
    model.apply(step, ev, at, op.id, session);
    const stat = op.op === 'multi' ? subStat(sub) : op.stat;
    const diff = stat === undefined ? undefined : statMismatch(model, ev.path, stat);
    if (diff !== undefined) {
      model.rollback(mark);
      return { message: `${opLabel(op)} returned a Stat of ${ev.path} that differs from the model: ${diff.text}`, score: diff.score, paths: [ev.path] };
    }
    model.refine(ev.path, stat, undefined);
  }
  return undefined;
}

function attemptFailedMulti(model: TreeModel, op: OpRecord, steps: readonly Step[], code: string, mark: number, at: { zxid: number; lo: number; upper: number }): Mismatch | undefined {
  const culprit = op.subResults?.findIndex((r) => !r.ok && r.code !== 'OK' && r.code !== 'RUNTIMEINCONSISTENCY') ?? -1;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (step === undefined) continue;
    const ev = model.evaluate(step);
    if (ev.code === 'OK' && i !== culprit) {
      model.apply(step, ev, at, op.id, 0);
      continue;
    }
    model.rollback(mark);
    if (ev.code === code && (culprit < 0 || culprit === i)) return undefined;
    return { message: `${opLabel(op)} failed ${code}${culprit >= 0 ? ` at sub-op ${culprit}` : ''} but the model at ${hex(at.zxid)} fails sub-op ${i} (${step.kind} ${step.path}) with ${ev.code}: ${describe(model, ev.path)}`, score: codeScore(model, step, code, ev.code), paths: stepPaths(step) };
  }
  model.rollback(mark);
  return { message: `${opLabel(op)} failed ${code} but every sub-op succeeds in the model at ${hex(at.zxid)}`, score: EXISTENCE, paths: steps.flatMap(stepPaths) };
}

/** setACL's BADVERSION is about the ACL version, which the model does not keep: only existence counts. */
function codeAgrees(step: Step, want: string, got: ModelCode): boolean {
  if (step.kind === 'setACL' && want === 'BADVERSION') return got === 'OK';
  return want === got;
}

function codeScore(model: TreeModel, step: Step, want: string, got: ModelCode): number {
  if (want === 'NONODE' || got === 'NONODE' || want === 'NODEEXISTS' || got === 'NODEEXISTS') return EXISTENCE;
  if (want === 'NOCHILDRENFOREPHEMERALS' || got === 'NOCHILDRENFOREPHEMERALS') return EXISTENCE / 2;
  if (want === 'NOTEMPTY' || got === 'NOTEMPTY') return VERSIONING + Math.min(model.children(step.path).size, 50);
  const node = model.get(step.path);
  const asked = 'version' in step ? step.version : -1;
  return VERSIONING + (node === undefined ? 50 : Math.min(Math.abs(asked - node.version), 50));
}

function subPath(r: SubResult | undefined): string | undefined {
  return r !== undefined && r.ok ? r.path : undefined;
}

function subStat(r: SubResult | undefined): StatLite | undefined {
  return r !== undefined && r.ok ? r.stat : undefined;
}

function suffixGap(a: string, b: string): number {
  const x = Number(a.slice(-10));
  const y = Number(b.slice(-10));
  return Number.isFinite(x) && Number.isFinite(y) ? Math.min(Math.abs(x - y), 40) : 40;
}

/** Holds an answered read against the model's current state (the state at its reply zxid). */
export function attemptRead(model: TreeModel, op: OpRecord): Mismatch | undefined {
  if (unmodeled(op.path)) return undefined;
  const node = model.get(op.path);
  const paths = [op.path];
  if (op.outcome === 'fail') {
    if (op.code !== 'NONODE' || node === undefined) return undefined;
    return { message: `${opLabel(op)} read NONODE but the model has ${describe(model, op.path)}`, score: EXISTENCE, paths };
  }
  if (node === undefined) return { message: `${opLabel(op)} read ${op.path} present but the model has it absent`, score: EXISTENCE, paths };
  let score = 0;
  const texts: string[] = [];
  if (op.op === 'getChildren' && op.children !== undefined) {
    const gap = childrenGap(model.children(op.path), op.children);
    if (gap !== undefined) {
      score += 10 + gap.size;
      texts.push(gap.text);
    }
  }
  if (op.op === 'getData' && op.value !== undefined && node.mzxid !== undefined && op.value !== node.data) {
    score += 1;
    texts.push(`value ${JSON.stringify(op.value)} vs model ${JSON.stringify(node.data)}`);
  }
  const diff = op.stat === undefined ? undefined : statMismatch(model, op.path, op.stat);
  if (diff !== undefined) {
    score += diff.score;
    texts.push(diff.text);
  }
  if (score > 0) return { message: `${opLabel(op)} read ${op.path} unlike the model: ${texts.join('; ')}`, score, paths };
  model.refine(op.path, op.stat, op.op === 'getData' ? op.value : undefined);
  return undefined;
}

/** The names equal the set (the fast path: sorted names need no allocation). */
function sameNames(model: ReadonlySet<string>, seen: readonly string[]): boolean {
  if (seen.length !== model.size) return false;
  let prev: string | undefined;
  for (const n of seen) {
    if (!model.has(n)) return false;
    if (prev !== undefined && n <= prev) return seen.every((x) => model.has(x)) && new Set(seen).size === seen.length;
    prev = n;
  }
  return true;
}

function childrenGap(model: ReadonlySet<string>, seen: readonly string[]): { size: number; text: string } | undefined {
  if (sameNames(model, seen)) return undefined;
  const seenSet = new Set(seen);
  const extra = seen.filter((n) => !model.has(n));
  const missing = [...model].filter((n) => !seenSet.has(n)).sort();
  if (extra.length === 0 && missing.length === 0) return undefined;
  const list = (xs: string[]): string => xs.slice(0, 5).join(', ') + (xs.length > 5 ? ` (+${xs.length - 5})` : '');
  const parts = [extra.length > 0 ? `children not in the model: ${list(extra)}` : '', missing.length > 0 ? `model children not seen: ${list(missing)}` : ''];
  return { size: extra.length + missing.length, text: parts.filter((p) => p !== '').join('; ') };
}

/** Differences between a returned Stat and the model's node (unknown model zxids are not compared). */
export function statMismatch(model: TreeModel, path: string, stat: StatLite): { score: number; text: string } | undefined {
  const node = model.get(path);
  if (node === undefined) return { score: EXISTENCE, text: 'the model has no such node' };
  const kids = model.children(path).size;
  const cversion = node.creates * 2 - kids;
  const owner = node.czxid === undefined ? stat.ephemeralOwner : node.owner;
  if (stat.version === node.version && (node.mzxid === undefined || stat.mzxid === node.mzxid) && (node.czxid === undefined || stat.czxid === node.czxid) &&
    (node.pzxid === undefined || stat.pzxid === node.pzxid) && stat.ephemeralOwner === owner && stat.numChildren === kids && stat.cversion === cversion) {
    return undefined;
  }
  const diffs: string[] = [];
  let score = 0;
  const rows: readonly [string, number, number | undefined, number, boolean][] = [
    ['version', stat.version, node.version, 2 * gap(stat.version, node.version), false],
    ['mzxid', stat.mzxid, node.mzxid, 1, true],
    ['czxid', stat.czxid, node.czxid, 5, true],
    ['pzxid', stat.pzxid, node.pzxid, 1, true],
    ['ephemeralOwner', stat.ephemeralOwner, owner, 5, true],
    ['numChildren', stat.numChildren, kids, gap(stat.numChildren, kids), false],
    ['cversion', stat.cversion, cversion, gap(stat.cversion, cversion), false],
  ];
  for (const [name, seen, want, weight, asZxid] of rows) {
    if (want === undefined || seen === want) continue;
    diffs.push(`${name} ${asZxid ? hex(seen) : seen} vs model ${asZxid ? hex(want) : want}`);
    score += weight;
  }
  return { score, text: diffs.join(', ') };
}

function gap(a: number, b: number): number {
  return Math.max(1, Math.min(Math.abs(a - b), 20));
}

/** The model's node in a few words, for messages. */
export function describe(model: TreeModel, path: string): string {
  const node: NodeState | undefined = model.get(path);
  if (node === undefined) return `${path} absent`;
  const z = (x: number | undefined): string => (x === undefined ? '?' : hex(x));
  const owner = node.owner === 0 ? '' : ` ephemeral of ${hex(node.owner)}`;
  return `${path} version ${node.version} czxid ${z(node.czxid)} mzxid ${z(node.mzxid)} children ${model.children(path).size}${owner}`;
}
