/**
 * Indeterminate writes (CONNECTIONLOSS, pending at the end...) that the replay may assume happened, found by
 * the paths they touch. Each has a lower bound on its zxid: every zxid a server reported to any client
 * before the write was invoked is committed, so the write's txn, if any, comes after all of them.
 * Without server events the replay may also assume that a session holding ephemerals was closed
 * (its closeSession txn is not otherwise visible).
 */
import { parentOf } from '../../zk/protocol/index.ts';
import type { OpRecord, RunHistory } from '../../history/index.ts';
import { indexOf, isIndeterminateWrite, push, replyZxid } from './ops.ts';
import { stepsOf, touchesUnmodeled } from './observe.ts';
import type { Change, Step, TreeModel } from './tree-model.ts';

export interface OpCandidate {
  readonly kind: 'op';
  readonly op: OpRecord;
  readonly steps: readonly Step[];
  readonly lo: number;
  readonly session: number;
}

export type Candidate =
  | OpCandidate
  | { readonly kind: 'close'; readonly session: number }
  /** Swap which of two indeterminate sequential creates took a counter: `out` did not, `in` did. */
  | { readonly kind: 'rename'; readonly from: string; readonly to: string; readonly out: OpCandidate; readonly in: OpCandidate };

/** An assumed sequential create: the name it took and the zxid of the observation that placed it. */
interface Placed {
  readonly cand: OpCandidate;
  readonly path: string;
  readonly upper: number;
}

/** How many candidates one attempt at explaining an observation tries, latest first. */
const TRIED_PER_ROUND = 32;
/** How far back (in invocation order) a list of candidates is scanned for unused ones. */
const SCANNED_PER_LIST = 1024;

export class Candidates {
  private readonly byPath = new Map<string, Candidate[]>();
  private readonly byParent = new Map<string, Candidate[]>();
  private readonly usedOps = new Set<number>();
  private readonly closed = new Set<number>();
  /** Assumed sequential creates by parent, for renames. */
  private readonly placed = new Map<string, Map<number, Placed>>();
  readonly total: number;

  constructor(history: RunHistory, private readonly inferCloses: boolean) {
    const indeterminate = history.ops.filter(isIndeterminateWrite);
    const lows = indeterminate.length === 0 ? (): number => -1 : lowerBounds(history);
    const sessionOf = indexOf(history).sessionOf;
    let total = 0;
    for (const op of indeterminate) {
      const steps = stepsOf(op);
      if (steps === undefined || steps.length === 0 || touchesUnmodeled(steps)) continue;
      const session = op.session !== undefined && op.session !== 0 ? op.session : sessionOf.get(op.client) ?? 0;
      const cand: OpCandidate = { kind: 'op', op, steps, lo: lows(op.invokeSeq), session };
      total++;
      for (const step of steps) {
        if (!(step.kind === 'create' && step.sequential)) push(this.byPath, step.path, cand);
        push(this.byParent, parentOf(step.path), cand);
      }
    }
    for (const list of [...this.byPath.values(), ...this.byParent.values()]) list.sort((a, b) => order(a) - order(b));
    this.total = total;
  }

  /** Candidates that could change `paths` and could have a zxid <= `zxid`, latest invocation first. */
  near(model: TreeModel, paths: readonly string[], zxid: number): Candidate[] {
    const seen = new Set<Candidate>();
    const out: Candidate[] = [];
    for (const p of paths) {
      for (const list of [this.byPath.get(p), this.byParent.get(p)]) {
        if (list !== undefined) this.collect(list, zxid, seen, out);
      }
    }
    out.sort((a, b) => order(b) - order(a));
    const tried = out.slice(0, TRIED_PER_ROUND * 2);
    if (this.inferCloses) tried.push(...this.closesNear(model, paths));
    for (const p of paths) tried.push(...this.renamesUnder(model, p, zxid));
    return tried;
  }

  /** Renames of assumed sequential creates under `parent` to another unused one's prefix. */
  private renamesUnder(model: TreeModel, parent: string, zxid: number): Candidate[] {
    const placed = this.placed.get(parent);
    const others = this.byParent.get(parent);
    if (placed === undefined || others === undefined) return [];
    const out: Candidate[] = [];
    for (const a of placed.values()) {
      const step = a.cand.steps[0];
      if (step === undefined || model.get(a.path)?.version !== 0) continue;
      const suffix = a.path.slice(step.path.length);
      for (let i = eligibleEnd(others, Math.min(zxid, a.upper)) - 1; i >= 0 && out.length < 16; i--) {
        const b = others[i];
        const bStep = b?.kind === 'op' && b.steps.length === 1 ? b.steps[0] : undefined;
        if (b?.kind !== 'op' || bStep?.kind !== 'create' || !bStep.sequential || this.usedOps.has(b.op.id)) continue;
        const to = bStep.path + suffix;
        if (to !== a.path && model.get(to) === undefined) out.push({ kind: 'rename', from: a.path, to, out: a.cand, in: b });
      }
    }
    return out;
  }

  private collect(list: readonly Candidate[], zxid: number, seen: Set<Candidate>, out: Candidate[]): void {
    let found = 0;
    const end = eligibleEnd(list, zxid);
    for (let i = end - 1; i >= 0 && found < TRIED_PER_ROUND && i >= end - SCANNED_PER_LIST; i--) {
      const c = list[i];
      if (c === undefined || c.kind !== 'op' || this.usedOps.has(c.op.id) || seen.has(c)) continue;
      seen.add(c);
      out.push(c);
      found++;
    }
  }

  /** Sessions owning an ephemeral at or under `paths` that could have been closed unseen. */
  private closesNear(model: TreeModel, paths: readonly string[]): Candidate[] {
    const owners = new Set<number>();
    for (const p of paths) {
      const node = model.get(p);
      if (node !== undefined && node.owner !== 0) owners.add(node.owner);
      let n = 0;
      for (const name of model.children(p)) {
        if (n++ >= 64) break;
        const kid = model.get(p === '/' ? `/${name}` : `${p}/${name}`);
        if (kid !== undefined && kid.owner !== 0) owners.add(kid.owner);
      }
    }
    return [...owners].filter((s) => !this.closed.has(s)).map((session): Candidate => ({ kind: 'close', session }));
  }

  /** Marks a candidate as having happened (`upper`: the zxid of the observation that needed it). */
  use(c: Candidate, model: TreeModel, upper: number): void {
    switch (c.kind) {
      case 'op': {
        this.usedOps.add(c.op.id);
        const step = c.steps.length === 1 ? c.steps[0] : undefined;
        const made = lastCreateBy(model, c.op.id);
        if (step?.kind === 'create' && step.sequential && made !== undefined) this.place({ cand: c, path: made.path, upper });
        return;
      }
      case 'close':
        this.closed.add(c.session);
        return;
      case 'rename': {
        this.usedOps.delete(c.out.op.id);
        this.usedOps.add(c.in.op.id);
        const was = this.placed.get(parentOf(c.from))?.get(c.out.op.id);
        this.placed.get(parentOf(c.from))?.delete(c.out.op.id);
        this.place({ cand: c.in, path: c.to, upper: was?.upper ?? upper });
        return;
      }
    }
  }

  private place(p: Placed): void {
    const parent = parentOf(p.path);
    let m = this.placed.get(parent);
    if (m === undefined) {
      m = new Map();
      this.placed.set(parent, m);
    }
    m.set(p.cand.op.id, p);
  }

  get assumedOps(): number {
    return this.usedOps.size;
  }

  get assumedCloses(): number {
    return this.closed.size;
  }
}

/** The create an assumed op just made (it is among the last changes). */
function lastCreateBy(model: TreeModel, op: number): Change | undefined {
  const changes = model.changes;
  for (let i = changes.length - 1; i >= 0 && i >= changes.length - 1000; i--) {
    const ch = changes[i];
    if (ch !== undefined && ch.op === op && ch.kind === 'create') return ch;
  }
  return undefined;
}

function order(c: Candidate): number {
  return c.kind === 'op' ? c.op.invokeSeq : Number.MAX_SAFE_INTEGER;
}


/** Candidates are sorted by invocation, so by lower bound: the first index whose bound reaches `zxid`. */
function eligibleEnd(list: readonly Candidate[], zxid: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = list[mid];
    if (c !== undefined && c.kind === 'op' && c.lo < zxid) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** For an invocation seq: the largest zxid any server reported in a reply completed before it. */
function lowerBounds(history: RunHistory): (invokeSeq: number) => number {
  const seqs: number[] = [];
  const maxes: number[] = [];
  let max = -1;
  for (const op of indexOf(history).completed) {
    const z = replyZxid(op);
    if (z === undefined || z <= max) continue;
    max = z;
    seqs.push(op.completeSeq);
    maxes.push(max);
  }
  return (invokeSeq) => {
    let lo = 0;
    let hi = seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((seqs[mid] ?? Infinity) < invokeSeq) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? -1 : maxes[lo - 1] ?? -1;
  };
}
