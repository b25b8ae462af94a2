/**
 * The replay every model-based client checker shares: answered writes, answered reads and closeSession
 * txns (from server events) are put in zxid order (a write before the reads at its zxid) and held one
 * after the other against the tree model; the order is read off the zxids, never searched. When an
 * observation cannot be explained, the replay may assume that indeterminate writes of the paths involved
 * happened just before it (each at most once, and only if its zxid could be that low), greedily taking
 * the one that brings the model strictly closer; what stays unexplained is a violation, after which a
 * successful write is forced into the model so that one bad answer does not poison the rest.
 * Computed once per history.
 */
import type { OpRecord, RunHistory } from '../../history/index.ts';
import { Candidates } from './candidates.ts';
import type { Candidate } from './candidates.ts';
import { attemptRead, attemptWrite, stepsOf, touchesUnmodeled } from './observe.ts';
import type { Mismatch } from './observe.ts';
import { atMs, indexOf, isRead, replyZxid, txnZxid } from './ops.ts';
import { TreeModel } from './tree-model.ts';
import type { Change, Step } from './tree-model.ts';
import { Violations } from './verdict.ts';

export const WRITES_CHECKER = 'writes-linearizable';
export const READS_CHECKER = 'reads-sequentially-consistent';
export const MULTI_CHECKER = 'multi-atomic';

export interface ModelRun {
  readonly model: TreeModel;
  /** Every change applied, in zxid order. */
  readonly changes: readonly Change[];
  readonly writeViolations: Violations;
  readonly readViolations: Violations;
  /** The write violations that concern a multi (all-or-nothing, results). */
  readonly multiViolations: Violations;
  readonly writesHeld: number;
  readonly readsHeld: number;
  readonly indeterminate: number;
  readonly assumedOps: number;
  readonly assumedCloses: number;
  /** closeSession zxid per session, from zab-apply events. */
  readonly closes: ReadonlyMap<number, number>;
  readonly hasServerEvents: boolean;
}

type Obs =
  | { readonly t: 'write'; readonly zxid: number; readonly seq: number; readonly op: OpRecord; readonly steps: readonly Step[]; readonly session: number }
  | { readonly t: 'read'; readonly zxid: number; readonly seq: number; readonly op: OpRecord }
  | { readonly t: 'close'; readonly zxid: number; readonly seq: number; readonly session: number };

/** How many indeterminate writes one observation may assume. */
const MAX_ROUNDS = 8;

const runs = new WeakMap<RunHistory, ModelRun>();

export function modelOf(history: RunHistory): ModelRun {
  const cached = runs.get(history);
  if (cached !== undefined) return cached;
  const run = replay(history);
  runs.set(history, run);
  return run;
}

/** closeSession zxid per session from zab-apply events (the first server to apply it says when). */
export function closeZxids(history: RunHistory): Map<number, number> {
  const closes = new Map<number, number>();
  for (const e of history.serverEvents) {
    if (e.event !== 'zab-apply' || e['op'] !== 'closeSession') continue;
    const session = e['session'];
    const zxid = e['zxid'];
    if (typeof session === 'number' && typeof zxid === 'number' && !closes.has(session)) closes.set(session, zxid);
  }
  return closes;
}

function replay(history: RunHistory): ModelRun {
  const hasServerEvents = history.serverEvents.some((e) => e.event === 'zab-apply');
  const closes = closeZxids(history);
  const model = new TreeModel();
  const candidates = new Candidates(history, !hasServerEvents);
  const writeViolations = new Violations(WRITES_CHECKER);
  const readViolations = new Violations(READS_CHECKER);
  const multiViolations = new Violations(MULTI_CHECKER);
  const obs = observations(history, closes);
  let writesHeld = 0;
  let readsHeld = 0;
  for (const o of obs) {
    switch (o.t) {
      case 'close':
        model.closeSession(o.session, { zxid: o.zxid, lo: o.zxid, upper: o.zxid });
        break;
      case 'write': {
        writesHeld++;
        const mm = attempt(model, o);
        if (mm !== undefined && !explain(model, candidates, o, mm)) {
          writeViolations.add(mm.message, atMs(o.op), [o.op.id]);
          if (o.op.op === 'multi') multiViolations.add(mm.message, atMs(o.op), [o.op.id]);
          if (o.op.outcome === 'ok') force(model, o.op, o.steps, o.zxid, o.session);
        }
        break;
      }
      case 'read': {
        readsHeld++;
        const mm = attempt(model, o);
        if (mm !== undefined && !explain(model, candidates, o, mm)) readViolations.add(mm.message, atMs(o.op), [o.op.id]);
        break;
      }
    }
    model.settle();
  }
  return {
    model, changes: model.changes, writeViolations, readViolations, multiViolations, writesHeld, readsHeld, indeterminate: candidates.total,
    assumedOps: candidates.assumedOps, assumedCloses: candidates.assumedCloses, closes, hasServerEvents,
  };
}

function observations(history: RunHistory, closes: ReadonlyMap<number, number>): Obs[] {
  const sessionOf = indexOf(history).sessionOf;
  const out: Obs[] = [];
  for (const op of indexOf(history).completed) {
    const w = txnZxid(op);
    if (w !== undefined) {
      const steps = stepsOf(op);
      if (steps === undefined || touchesUnmodeled(steps)) continue;
      const session = op.session !== undefined && op.session !== 0 ? op.session : sessionOf.get(op.client) ?? 0;
      out.push({ t: 'write', zxid: w, seq: op.completeSeq, op, steps, session });
      continue;
    }
    const r = replyZxid(op);
    if (r !== undefined && isRead(op.op) && (op.outcome === 'ok' || op.code === 'NONODE')) out.push({ t: 'read', zxid: r, seq: op.completeSeq, op });
  }
  for (const [session, zxid] of closes) out.push({ t: 'close', zxid, seq: -1, session });
  const cmp = (a: Obs, b: Obs): number => a.zxid - b.zxid || rank(a) - rank(b) || a.seq - b.seq;
  for (let i = 1; i < out.length; i++) {
    const a = out[i - 1];
    const b = out[i];
    if (a !== undefined && b !== undefined && cmp(a, b) > 0) {
      out.sort(cmp);
      break;
    }
  }
  return out;
}

type HeldObs = Exclude<Obs, { readonly t: 'close' }>;

/** Holds a write or a read against the model (applying the write when consistent). */
function attempt(model: TreeModel, o: HeldObs): Mismatch | undefined {
  return o.t === 'write' ? attemptWrite(model, o.op, o.steps, o.zxid, o.session) : attemptRead(model, o.op);
}

function rank(o: Obs): number {
  return o.t === 'read' ? 1 : 0;
}

/**
 * Tries to explain a mismatch by assuming indeterminate writes happened before the observation at `zxid`:
 * each round tries the candidates and keeps one that explains it, else the one that brings the score
 * strictly down. True (with the observation applied) when explained; else the model is left unchanged.
 */
function explain(model: TreeModel, candidates: Candidates, o: HeldObs, first: Mismatch): boolean {
  const zxid = o.zxid;
  const start = model.mark();
  const taken: Candidate[] = [];
  let current = first;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let best: { readonly cand: Candidate; readonly mm: Mismatch } | undefined;
    for (const cand of candidates.near(model, current.paths, zxid)) {
      if (taken.includes(cand)) continue;
      const mark = model.mark();
      if (!assume(model, cand, zxid)) {
        model.rollback(mark);
        continue;
      }
      const mm = attempt(model, o);
      if (mm === undefined) {
        for (const c of [...taken, cand]) candidates.use(c, model, zxid);
        return true;
      }
      if (mm.score < current.score && (best === undefined || mm.score < best.mm.score)) best = { cand, mm };
      model.rollback(mark);
    }
    if (best === undefined) break;
    assume(model, best.cand, zxid);
    taken.push(best.cand);
    current = best.mm;
  }
  model.rollback(start);
  return false;
}

/** Applies a candidate at an unknown zxid below `upper`; false if it would have failed (no effect). */
function assume(model: TreeModel, cand: Candidate, upper: number): boolean {
  if (cand.kind === 'close') return model.closeSession(cand.session, { zxid: undefined, lo: -1, upper }) > 0;
  if (cand.kind === 'rename') {
    const step = cand.in.steps[0];
    if (step?.kind !== 'create') return false;
    return model.rename(cand.from, cand.to, step.ephemeral ? cand.in.session : 0, step.data, cand.in.op.id);
  }
  const at = { zxid: undefined, lo: cand.lo, upper };
  for (const step of cand.steps) {
    const ev = model.evaluate(step);
    if (ev.code !== 'OK') return false;
    model.apply(step, ev, at, cand.op.id, cand.session);
  }
  return true;
}

/** Makes the model hold what a successful write reported, names and versions included. */
function force(model: TreeModel, op: OpRecord, steps: readonly Step[], zxid: number, session: number): void {
  steps.forEach((step, i) => {
    const sub = op.op === 'multi' ? op.subResults?.[i] : undefined;
    const subOk = sub !== undefined && sub.ok ? sub : undefined;
    const named = op.op === 'multi' ? subOk?.path : op.createdPath;
    const stat = op.op === 'multi' ? subOk?.stat : op.stat;
    const path = step.kind === 'create' && named !== undefined ? named : model.evaluate(step).path;
    model.force(step, path, zxid, op.id, session, stat?.version);
  });
}
