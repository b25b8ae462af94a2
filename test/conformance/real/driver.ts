// Runs a conformance Sequence against a real ZooKeeper server and produces its Recording (the format and
// the normalisation are in ../sequence.ts).
//
// Isolation. Most sequences run on one shared server, each under its own root: the harness's control
// session (authenticated as the super user) creates `/conformance-<n>`, the sequence's paths are
// prefixed with it on the way out and stripped from paths on the way back (a client-side chroot, exactly
// what a chrooted ZooKeeper client does), and afterwards the harness closes the sequence's sessions and
// deletes that subtree. The sequence then sees what a fresh server would show: a parent with no history
// (so sequential names start at 0), and zxids relative to the baseline taken right after the root was
// created, so the first session gets zxid 1 as on a fresh server. Nothing else writes while a sequence
// runs (the control session is idle, every session is closed before the next sequence starts, nothing
// is left for the container reaper), so zxid offsets are exact.
// A sequence gets a fresh server of its own when a chroot could change what it observes:
//  - it names `/` itself or anything under `/zookeeper` (the real root's Stat, its children, the
//    built-in nodes), or a path the server must judge as written (relative, empty, `//`, `.`/`..`);
//  - it creates CONTAINER or TTL nodes, or sends raw create flags (the reaper deletes such nodes on its
//    own schedule);
//  - it authenticates with a scheme other than digest (a failed auth kills the connection and leaves a
//    session behind to expire later).
// Starting a server costs about 0.4 s and stopping it 0.3 s here, so the shared server keeps the corpus
// fast while the fresh ones keep the global cases faithful. `isolation: 'fresh'` forces a fresh server
// for every sequence: recording the corpus both ways and comparing is the proof that the chroot is
// invisible (`npm run conformance:record -- --isolation fresh --verify`).
import {
  ADD_WATCH_MODES,
  CREATE_MODES,
  DEFAULT_SESSION_TIMEOUT_MS,
  EVENT_TYPES,
  KEEPER_STATES,
  Normaliser,
  SERVER_PROFILE,
  WATCHER_TYPES,
  describeOp,
  multiOutcome,
  errorName,
  sortCloseEvents,
  sortedIds,
  sortedNames,
  validateSequence,
} from '../sequence.ts';
import type {
  CreateOp,
  MultiOp,
  MultiReadOp,
  MultiResult,
  OkValue,
  Op,
  Outcome,
  RecordedEvent,
  Recording,
  Sequence,
  Step,
  StepRecord,
} from '../sequence.ts';
import { OPCODES, Writer } from './jute.ts';
import type { Reader } from './jute.ts';
import { startServer } from './server.ts';
import type { RealServer } from './server.ts';
import { RealSession } from './session.ts';
import type { RawReply } from './session.ts';

export class HarnessError extends Error {}

export type Isolation = 'auto' | 'fresh';

// ---------------------------------------------------------------------------------------------------
// Which sequences need a fresh server

function chrootSafe(path: string): boolean {
  if (!path.startsWith('/') || path === '/' || /^\/zookeeper(\/|$)/.test(path)) return false;
  const inner = path.endsWith('/') ? path.slice(1, -1) : path.slice(1);
  // eslint-disable-next-line no-control-regex
  return inner.split('/').every((c) => c !== '' && c !== '.' && c !== '..' && !/[\u0000-\u001f\u007f-\u009f]/.test(c));
}

function pathsOf(step: Step | MultiOp | MultiReadOp): string[] {
  if (step.op === 'multi' || step.op === 'multiRead') return step.ops.flatMap(pathsOf);
  if (step.op === 'getEphemerals') return [step.prefix];
  if (step.op === 'addAuth' || step.op === 'whoAmI' || step.op === 'close') return [];
  return [step.path];
}

function reapable(op: Step | MultiOp): boolean {
  if (op.op === 'multi') return op.ops.some(reapable);
  if (op.op !== 'create') return false;
  return op.mode === 'CONTAINER' || op.mode.endsWith('_WITH_TTL') || op.ttl !== undefined || op.flags !== undefined;
}

/** Why this sequence needs a server of its own, or undefined when it can share one. */
export function needsFreshServer(seq: Sequence): string | undefined {
  for (const step of seq.steps) {
    const bad = pathsOf(step).find((p) => !chrootSafe(p));
    if (bad !== undefined) return `path ${JSON.stringify(bad)}`;
    if (reapable(step)) return 'container or TTL node';
    if (step.op === 'addAuth' && step.scheme !== 'digest') return `auth scheme ${step.scheme}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Servers

/** A shared server with its control session; sequences run on it one at a time. */
export class SharedServer {
  private counter = 0;

  private constructor(
    readonly server: RealServer,
    private readonly control: RealSession,
  ) {}

  static async start(): Promise<SharedServer> {
    const server = await startServer();
    try {
      const control = new RealSession(server.host, server.port, 30000);
      await control.connect();
      const auth = await control.addAuth('digest', `${SERVER_PROFILE.superUser}:${SERVER_PROFILE.superPassword}`);
      if (auth.header.err !== 0) throw new HarnessError(`super auth failed: ${errorName(auth.header.err)}`);
      return new SharedServer(server, control);
    } catch (e) {
      await server.stop();
      throw e;
    }
  }

  /** Creates a new root for one sequence; returns it and the zxid of its creation (the baseline). */
  async newRoot(): Promise<{ root: string; baseline: bigint }> {
    this.counter += 1;
    const root = `/conformance-${this.counter}`;
    const body = new Writer().string(root).buffer(null).acls([{ perms: 31, scheme: 'world', id: 'anyone' }]);
    const reply = await this.control.request(OPCODES.create, body.int(0).bytes());
    if (reply.header.err !== 0) throw new HarnessError(`creating ${root}: ${errorName(reply.header.err)}`);
    return { root, baseline: reply.header.zxid };
  }

  /** Deletes a subtree with the super user's rights. */
  async deleteTree(path: string): Promise<void> {
    const list = await this.control.request(OPCODES.getChildren, new Writer().string(path).bool(false).bytes());
    if (list.header.err === 0) {
      for (const child of list.body.strings() ?? []) await this.deleteTree(`${path}/${child}`);
    }
    const del = await this.control.request(OPCODES.delete, new Writer().string(path).int(-1).bytes());
    if (del.header.err !== 0 && del.header.err !== -101) {
      throw new HarnessError(`cleanup: delete ${path}: ${errorName(del.header.err)}`);
    }
  }

  async stop(): Promise<void> {
    try {
      await this.control.close();
    } finally {
      await this.server.stop();
    }
  }
}

export interface RunResult {
  readonly recording: Recording;
  readonly isolation: 'shared' | 'fresh';
  readonly reason?: string;
}

/** Runs one sequence: on the shared server when it can, else on a fresh server started for it. */
export async function runSequence(seq: Sequence, shared: SharedServer | undefined, isolation: Isolation = 'auto'): Promise<RunResult> {
  const problems = validateSequence(seq);
  if (problems.length > 0) throw new HarnessError(`${seq.name}: ${problems.join('; ')}`);
  const reason = isolation === 'fresh' ? 'forced' : needsFreshServer(seq);
  if (reason === undefined && shared !== undefined) {
    const { root, baseline } = await shared.newRoot();
    const run = new SequenceRun(seq, shared.server, root, baseline);
    try {
      return { recording: await run.execute(), isolation: 'shared' };
    } finally {
      await run.closeAll();
      await shared.deleteTree(root);
    }
  }
  const server = await startServer();
  try {
    if (server.startZxid !== 0n) throw new HarnessError(`a fresh server should start at zxid 0, not ${server.startZxid}`);
    const run = new SequenceRun(seq, server, '', server.startZxid);
    try {
      return { recording: await run.execute(), isolation: 'fresh', reason: reason ?? 'no shared server' };
    } finally {
      await run.closeAll();
    }
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------------
// One run of one sequence

class SequenceRun {
  private readonly sessions: RealSession[] = [];
  private readonly cursors: number[] = [];
  private readonly norm: Normaliser;
  private readonly startMs = BigInt(Date.now());

  constructor(
    private readonly seq: Sequence,
    private readonly server: RealServer,
    private readonly root: string,
    baseline: bigint,
  ) {
    this.norm = new Normaliser(baseline, () => [this.startMs - 1000n, BigInt(Date.now()) + 1000n]);
  }

  async execute(): Promise<Recording> {
    const steps: StepRecord[] = [];
    for (const [i, step] of this.seq.steps.entries()) {
      const session = await this.sessionFor(step.session);
      const { result, reply } = await this.perform(session, step);
      await Promise.all(this.sessions.filter((s) => s.open).map((s) => this.roundTrip(s)));
      const arrived = this.collectEvents(step.session, reply.eventsBefore);
      const events = step.op === 'close' ? sortCloseEvents(arrived) : arrived;
      const record: StepRecord = {
        step: i,
        session: step.session,
        call: describeOp(step),
        result,
        ...(step.op !== 'addAuth' ? { zxid: this.norm.zxid(reply.header.zxid) } : {}),
        events,
      };
      steps.push(record);
    }
    return { name: this.seq.name, description: this.seq.description, steps };
  }

  async closeAll(): Promise<void> {
    for (const s of this.sessions) {
      try {
        await s.close();
      } catch {
        s.abandon();
      }
    }
  }

  private async sessionFor(index: number): Promise<RealSession> {
    const existing = this.sessions[index];
    if (existing !== undefined) return existing;
    const timeoutMs = this.seq.sessions?.[index]?.timeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
    const session = new RealSession(this.server.host, this.server.port, timeoutMs);
    await session.connect();
    this.sessions[index] = session;
    this.cursors[index] = 0;
    this.norm.addSession(session.sessionId, index);
    return session;
  }

  private async roundTrip(s: RealSession): Promise<void> {
    const reply = await s.request(OPCODES.exists, new Writer().string(this.out('/')).bool(false).bytes());
    if (reply.header.err !== 0) throw new HarnessError(`round trip failed: ${errorName(reply.header.err)}`);
  }

  private collectEvents(acting: number, eventsBefore: number | undefined): RecordedEvent[] {
    const out: RecordedEvent[] = [];
    for (const [index, s] of this.sessions.entries()) {
      const from = this.cursors[index] ?? 0;
      const fresh = s.events.slice(from);
      this.cursors[index] = s.events.length;
      fresh.forEach((e, k) => {
        const before = index === acting && eventsBefore !== undefined && from + k < eventsBefore;
        const flag = before ? { beforeReply: true as const } : {};
        if (e.kind === 'state') {
          if (e.state === 'Disconnected') throw new HarnessError(`session ${index} lost its connection`);
          out.push({ session: index, state: e.state, ...(e.timeoutMs !== undefined ? { timeoutMs: e.timeoutMs } : {}), ...flag });
        } else {
          out.push({
            session: index,
            event: EVENT_TYPES[e.type] ?? `Unknown(${e.type})`,
            path: this.in(e.path),
            ...(e.zxid > 0n ? { zxid: this.norm.zxid(e.zxid) } : {}),
            ...(e.state !== 3 ? { keeperState: KEEPER_STATES[e.state] ?? `Unknown(${e.state})` } : {}),
            ...flag,
          });
        }
      });
    }
    return out;
  }

  // Paths: the sequence's view <-> the server's (chroot).
  private out(path: string): string {
    if (this.root === '') return path;
    return path === '/' ? this.root : this.root + path;
  }

  private in(path: string): string {
    if (this.root === '') return path;
    if (path === this.root) return '/';
    return path.startsWith(`${this.root}/`) ? path.slice(this.root.length) : path;
  }

  private async perform(session: RealSession, step: Step): Promise<{ result: Outcome; reply: RawReply }> {
    if (step.op === 'addAuth') {
      const reply = await session.addAuth(step.scheme, step.auth);
      return { result: reply.header.err === 0 ? { ok: {} } : failure(reply.header.err), reply };
    }
    if (step.op === 'close') {
      const reply = await session.close();
      if (reply === undefined) throw new HarnessError('close got no reply');
      return { result: reply.header.err === 0 ? { ok: {} } : failure(reply.header.err), reply };
    }
    const { type, body } = this.encode(step);
    const reply = await session.request(type, body);
    if (step.op === 'multi' || step.op === 'multiRead') return { result: this.multiReplyOutcome(reply, step.op), reply };
    if (reply.header.err !== 0) return { result: failure(reply.header.err), reply };
    return { result: { ok: this.decode(step, type, reply.body) }, reply };
  }

  private encode(step: Exclude<Op, { op: 'addAuth' | 'close' }>): { type: number; body: Buffer } {
    const w = new Writer();
    switch (step.op) {
      case 'create':
        return this.encodeCreate(w, step);
      case 'delete':
        return { type: OPCODES.delete, body: w.string(this.out(step.path)).int(step.version).bytes() };
      case 'setData':
        return { type: OPCODES.setData, body: w.string(this.out(step.path)).buffer(data(step.data)).int(step.version).bytes() };
      case 'exists':
        return { type: OPCODES.exists, body: w.string(this.out(step.path)).bool(step.watch).bytes() };
      case 'getData':
        return { type: OPCODES.getData, body: w.string(this.out(step.path)).bool(step.watch).bytes() };
      case 'getChildren':
        return {
          type: step.withStat ? OPCODES.getChildren2 : OPCODES.getChildren,
          body: w.string(this.out(step.path)).bool(step.watch).bytes(),
        };
      case 'getACL':
        return { type: OPCODES.getACL, body: w.string(this.out(step.path)).bytes() };
      case 'setACL':
        return { type: OPCODES.setACL, body: w.string(this.out(step.path)).acls(step.acl).int(step.version).bytes() };
      case 'sync':
        return { type: OPCODES.sync, body: w.string(this.out(step.path)).bytes() };
      case 'multi':
        for (const op of step.ops) {
          const sub = op.op === 'check'
            ? { type: OPCODES.check, body: new Writer().string(this.out(op.path)).int(op.version).bytes() }
            : this.encode(op);
          w.int(sub.type).bool(false).int(-1).raw(sub.body);
        }
        return { type: OPCODES.multi, body: w.int(-1).bool(true).int(-1).bytes() };
      case 'multiRead':
        for (const op of step.ops) {
          const type = op.op === 'getData' ? OPCODES.getData : OPCODES.getChildren;
          w.int(type).bool(false).int(-1).string(this.out(op.path)).bool(false);
        }
        return { type: OPCODES.multiRead, body: w.int(-1).bool(true).int(-1).bytes() };
      case 'getEphemerals':
        return { type: OPCODES.getEphemerals, body: w.string(this.root === '' ? step.prefix : this.root + step.prefix).bytes() };
      case 'getAllChildrenNumber':
        return { type: OPCODES.getAllChildrenNumber, body: w.string(this.out(step.path)).bytes() };
      case 'addWatch':
        return { type: OPCODES.addWatch, body: w.string(this.out(step.path)).int(ADD_WATCH_MODES[step.mode]).bytes() };
      case 'removeWatches':
        return {
          type: step.check === true ? OPCODES.checkWatches : OPCODES.removeWatches,
          body: w.string(this.out(step.path)).int(WATCHER_TYPES[step.type]).bytes(),
        };
      case 'whoAmI':
        return { type: OPCODES.whoAmI, body: Buffer.alloc(0) };
    }
  }

  private encodeCreate(w: Writer, op: CreateOp): { type: number; body: Buffer } {
    const ttlMode = op.mode === 'PERSISTENT_WITH_TTL' || op.mode === 'PERSISTENT_SEQUENTIAL_WITH_TTL';
    const type = ttlMode || op.ttl !== undefined
      ? OPCODES.createTTL
      : op.mode === 'CONTAINER'
        ? OPCODES.createContainer
        : op.withStat === true
          ? OPCODES.create2
          : OPCODES.create;
    w.string(this.out(op.path)).buffer(data(op.data)).acls(op.acl).int(op.flags ?? CREATE_MODES[op.mode]);
    if (type === OPCODES.createTTL) w.long(BigInt(op.ttl ?? 0));
    return { type, body: w.bytes() };
  }

  private decode(step: Exclude<Step, { op: 'addAuth' | 'close' | 'multi' | 'multiRead' }>, type: number, r: Reader): OkValue {
    switch (step.op) {
      case 'create':
        return type === OPCODES.create ? { path: this.in(r.string() ?? '') } : { path: this.in(r.string() ?? ''), stat: this.norm.stat(r.stat()) };
      case 'delete':
      case 'addWatch':
      case 'removeWatches':
        return {};
      case 'exists':
      case 'setData':
      case 'setACL':
        return { stat: this.norm.stat(r.stat()) };
      case 'getData':
        return { data: text(r.buffer()), stat: this.norm.stat(r.stat()) };
      case 'getChildren': {
        const children = sortedNames(r.strings() ?? []);
        return step.withStat ? { children, stat: this.norm.stat(r.stat()) } : { children };
      }
      case 'getACL':
        return { acl: r.acls(), stat: this.norm.stat(r.stat()) };
      case 'sync':
        return { path: this.in(r.string() ?? '') };
      case 'getEphemerals':
        return { ephemerals: sortedNames((r.strings() ?? []).map((p) => this.in(p))) };
      case 'getAllChildrenNumber':
        return { count: r.int() };
      case 'whoAmI': {
        const ids: { scheme: string; user: string }[] = [];
        const n = r.int();
        for (let i = 0; i < n; i++) ids.push({ scheme: r.string() ?? '', user: r.string() ?? '' });
        return { ids: sortedIds(ids) };
      }
    }
  }

  /**
   * A write multi that failed reports the first non-OK result as its error (what a Java client throws),
   * with every result; a multiRead never fails as a whole, its results carry their own errors.
   */
  private multiReplyOutcome(reply: RawReply, op: 'multi' | 'multiRead'): Outcome {
    if (reply.header.err !== 0) return failure(reply.header.err);
    const r = reply.body;
    const results: MultiResult[] = [];
    for (;;) {
      const type = r.int();
      const done = r.bool();
      const err = r.int();
      if (done) break;
      results.push(this.multiResult(type, err, r));
    }
    return multiOutcome(results, op);
  }

  private multiResult(type: number, headerErr: number, r: Reader): MultiResult {
    switch (type) {
      case OPCODES.create:
        return { op: 'create', path: this.in(r.string() ?? '') };
      case OPCODES.create2:
      case OPCODES.createContainer:
      case OPCODES.createTTL:
        return { op: 'create', path: this.in(r.string() ?? ''), stat: this.norm.stat(r.stat()) };
      case OPCODES.delete:
        return { op: 'delete' };
      case OPCODES.setData:
        return { op: 'setData', stat: this.norm.stat(r.stat()) };
      case OPCODES.check:
        return { op: 'check' };
      case OPCODES.getData:
        return { op: 'getData', data: text(r.buffer()), stat: this.norm.stat(r.stat()) };
      case OPCODES.getChildren:
        return { op: 'getChildren', children: sortedNames(r.strings() ?? []) };
      case OPCODES.error: {
        const code = r.int();
        return { error: errorName(code), code };
      }
      default:
        throw new HarnessError(`multi result of unknown type ${type} (header err ${headerErr})`);
    }
  }
}

function failure(code: number): Outcome {
  return { error: errorName(code), code };
}

function data(d: string | null): Buffer | null {
  return d === null ? null : Buffer.from(d, 'utf8');
}

function text(b: Buffer | null): string | null {
  return b === null ? null : b.toString('utf8');
}
