// Runs a conformance Sequence against zksim's standalone server and produces its Recording, in exactly
// the form the real driver (../real/driver.ts) produces against Apache ZooKeeper, so the two compare
// byte for byte (format and normalisation: ../sequence.ts).
//
// The server is zksim's StandaloneServer configured as SERVER_PROFILE, on a simulation kernel with a
// constant network latency and disk; each session of the sequence is a raw wire client (no client
// library, like the real driver's raw requests) on a host of its own. The virtual clock only moves when
// the driver runs the kernel, so a step is: send, run until the answer is in, then one round trip on
// every open session (as the real driver does) so that every notification the step caused has arrived.
// A fresh server starts at zxid 0, so the baseline is 0 and no chroot is needed: every sequence sees
// the whole tree, as on the real driver's fresh servers.
import type { HostId } from '../../../src/base/index.ts';
import { Simulation } from '../../../src/sim/index.ts';
import { AUTH_XID, ERROR_CODES } from '../../../src/zk/protocol/index.ts';
import type {
  Acl as ZkAcl,
  ClientRequest,
  ClientResponse,
  ErrorName,
  MultiOp as ZkMultiOp,
  MultiReadResult as ZkMultiReadResult,
  MultiResult as ZkMultiResult,
  Reply,
  ServerMessage,
  Stat,
  WatcherType,
  WireMessage,
} from '../../../src/zk/protocol/index.ts';
import { StandaloneServer, serverConfig, zkStorage } from '../../../src/zk/server/index.ts';
import type { ServerConfig } from '../../../src/zk/server/index.ts';
import { digestId } from '../../../src/zk/tree/index.ts';
import { RawZkClient } from '../../support/raw-zk-client.ts';
import type { RawCall } from '../../support/raw-zk-client.ts';
import {
  CREATE_MODES,
  DEFAULT_SESSION_TIMEOUT_MS,
  Normaliser,
  SERVER_PROFILE,
  describeOp,
  multiOutcome,
  sortCloseEvents,
  sortedIds,
  sortedNames,
  validateSequence,
} from '../sequence.ts';
import type {
  Acl,
  CreateOp,
  MultiOp,
  MultiResult,
  NormalStat,
  OkValue,
  Outcome,
  RecordedEvent,
  Recording,
  Sequence,
  Step,
  StepRecord,
  WatcherTypeName,
} from '../sequence.ts';

export class SimHarnessError extends Error {}

/** The server configuration SERVER_PROFILE describes. */
export function profileConfig(): ServerConfig {
  return serverConfig({
    serverId: 1,
    tickTimeMs: SERVER_PROFILE.tickTimeMs,
    minSessionTimeoutMs: SERVER_PROFILE.minSessionTimeoutMs,
    maxSessionTimeoutMs: SERVER_PROFILE.maxSessionTimeoutMs,
    extendedTypesEnabled: SERVER_PROFILE.extendedTypesEnabled,
    containerCheckIntervalMs: SERVER_PROFILE.containerCheckIntervalMs,
    superDigest: digestId(`${SERVER_PROFILE.superUser}:${SERVER_PROFILE.superPassword}`),
  });
}

const NETWORK_LATENCY_MICROS = 100;
const FSYNC_MICROS = 500;
/** How long the driver lets the kernel run, in virtual time, for one answer before calling it lost. */
const ANSWER_DEADLINE_MICROS = 5_000_000;
const RUN_SLICE_MICROS = 200;

const WATCHER_TYPE_OF: Readonly<Record<WatcherTypeName, WatcherType>> = {
  CHILDREN: 'Children', DATA: 'Data', ANY: 'Any', PERSISTENT: 'Persistent', PERSISTENT_RECURSIVE: 'PersistentRecursive',
};

type SimEvent =
  | { readonly kind: 'notification'; readonly type: string; readonly state: string; readonly path: string; readonly zxid: number }
  | { readonly kind: 'state'; readonly state: 'SyncConnected' | 'Closed' | 'AuthFailed' | 'Disconnected'; readonly timeoutMs?: number };

interface Answer {
  readonly reply: Reply;
  /** How many events of the session had arrived before this reply. */
  readonly eventsBefore: number;
}

/** One session of the sequence: a raw client host and what it has seen, in arrival order. */
class SimSession {
  readonly events: SimEvent[] = [];
  readonly answers = new Map<number, Answer>();
  sessionId = 0;
  open = false;
  closing = false;
  private seenMessages = 0;
  private seenCloses = 0;
  private nextXid = 1;

  constructor(
    readonly host: HostId,
    readonly client: RawZkClient,
  ) {}

  xid(): number {
    return this.nextXid++;
  }

  /** Moves what the raw client received since the last call into events and answers. */
  absorb(): void {
    const received = this.client.received;
    for (; this.seenMessages < received.length; this.seenMessages++) this.take((received[this.seenMessages] as { msg: ServerMessage }).msg);
    for (; this.seenCloses < this.client.closed.length; this.seenCloses++) this.onClosed();
  }

  private take(msg: ServerMessage): void {
    switch (msg.type) {
      case 'connected':
        if (msg.timeoutMs === 0) throw new SimHarnessError('the server refused a new session');
        this.sessionId = msg.sessionId;
        this.open = true;
        this.events.push({ kind: 'state', state: 'SyncConnected', timeoutMs: msg.timeoutMs });
        return;
      case 'notification':
        this.events.push({ kind: 'notification', type: msg.event.type, state: msg.event.state, path: msg.event.path, zxid: msg.zxid });
        return;
      case 'reply':
        this.answers.set(msg.xid, { reply: msg, eventsBefore: this.events.length });
        if (msg.xid === AUTH_XID && msg.err === 'AUTHFAILED') {
          this.events.push({ kind: 'state', state: 'AuthFailed' });
          this.open = false;
        }
        return;
    }
  }

  private onClosed(): void {
    const wasOpen = this.open;
    this.open = false;
    if (this.closing) {
      this.events.push({ kind: 'state', state: 'Closed' });
      this.closing = false;
    } else if (wasOpen) {
      this.events.push({ kind: 'state', state: 'Disconnected' });
    }
  }
}

/** Runs one sequence on a fresh simulated server; `seed` picks the kernel's streams (not the outcome). */
export async function runSimSequence(seq: Sequence, seed = 1): Promise<Recording> {
  const problems = validateSequence(seq);
  if (problems.length > 0) throw new SimHarnessError(`${seq.name}: ${problems.join('; ')}`);
  return new SimRun(seq, seed).execute();
}

class SimRun {
  private readonly sim: Simulation<WireMessage, string, RawCall>;
  private readonly serverHost: HostId;
  private readonly sessions: SimSession[] = [];
  private readonly cursors: number[] = [];
  private readonly norm = new Normaliser(0n);

  constructor(
    private readonly seq: Sequence,
    seed: number,
  ) {
    this.sim = new Simulation<WireMessage, string, RawCall>({
      seed, maxHosts: 16,
      network: { latency: { kind: 'constant', micros: NETWORK_LATENCY_MICROS } },
      disk: { fsyncLatency: { kind: 'constant', micros: FSYNC_MICROS }, writeLatency: { kind: 'constant', micros: 10 } },
    });
    const config = profileConfig();
    this.serverHost = this.sim.addHost('zk1', (env) => new StandaloneServer(env, config, zkStorage));
    this.sim.start(this.serverHost);
  }

  async execute(): Promise<Recording> {
    await this.runUntil(() => this.sim.now >= 10_000, 'server start');
    const steps: StepRecord[] = [];
    for (const [i, step] of this.seq.steps.entries()) {
      const session = await this.sessionFor(step.session);
      const { result, answer } = await this.perform(session, step);
      for (const s of this.sessions) if (s.open) await this.roundTrip(s);
      const arrived = this.collectEvents(step.session, answer.eventsBefore);
      steps.push({
        step: i,
        session: step.session,
        call: describeOp(step),
        result,
        ...(step.op !== 'addAuth' ? { zxid: this.norm.zxid(BigInt(answer.reply.zxid)) } : {}),
        events: step.op === 'close' ? sortCloseEvents(arrived) : arrived,
      });
    }
    return { name: this.seq.name, description: this.seq.description, steps };
  }

  private async runUntil(done: () => boolean, what: string): Promise<void> {
    const deadline = this.sim.now + ANSWER_DEADLINE_MICROS;
    for (;;) {
      for (const s of this.sessions) s.absorb();
      if (done()) return;
      if (this.sim.now >= deadline) throw new SimHarnessError(`${this.seq.name}: ${what}: no answer within ${ANSWER_DEADLINE_MICROS} us of virtual time`);
      await this.sim.run({ untilMicros: this.sim.now + RUN_SLICE_MICROS });
    }
  }

  private async sessionFor(index: number): Promise<SimSession> {
    const existing = this.sessions[index];
    if (existing !== undefined) return existing;
    let client: RawZkClient | undefined;
    const host = this.sim.addHost(`s${index}`, (env) => {
      client = new RawZkClient(env, this.serverHost, () => this.sim.now);
      return client;
    });
    this.sim.start(host);
    if (client === undefined) throw new SimHarnessError('the client host did not start');
    const session = new SimSession(host, client);
    this.sessions[index] = session;
    this.cursors[index] = 0;
    const timeoutMs = this.seq.sessions?.[index]?.timeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
    this.sim.inject(host, { kind: 'connect', timeoutMs });
    await this.runUntil(() => session.open, `session ${index} connect`);
    this.norm.addSession(BigInt(session.sessionId), index);
    return session;
  }

  private async ask(session: SimSession, request: ClientRequest, xid = session.xid()): Promise<Answer> {
    this.sim.inject(session.host, { kind: 'request', request, xid });
    await this.runUntil(() => session.answers.has(xid), `${request.op} (xid ${xid})`);
    const answer = session.answers.get(xid) as Answer;
    session.answers.delete(xid);
    return answer;
  }

  private async roundTrip(s: SimSession): Promise<void> {
    const { reply } = await this.ask(s, { op: 'exists', path: '/', watch: false });
    if (reply.err !== 'OK') throw new SimHarnessError(`round trip failed: ${reply.err}`);
  }

  private async perform(session: SimSession, step: Step): Promise<{ result: Outcome; answer: Answer }> {
    if (step.op === 'addAuth') {
      const answer = await this.ask(session, { op: 'auth', scheme: step.scheme, auth: step.auth }, AUTH_XID);
      return { result: answer.reply.err === 'OK' ? { ok: {} } : failure(answer.reply.err), answer };
    }
    if (step.op === 'close') {
      session.closing = true;
      const answer = await this.ask(session, { op: 'closeSession' });
      await this.runUntil(() => !session.open, 'close: the server closing the connection');
      return { result: answer.reply.err === 'OK' ? { ok: {} } : failure(answer.reply.err), answer };
    }
    const answer = await this.ask(session, toRequest(step));
    return { result: this.outcome(step, answer.reply), answer };
  }

  private outcome(step: Exclude<Step, { op: 'addAuth' | 'close' }>, reply: Reply): Outcome {
    const response = reply.response;
    if (step.op === 'multi' || step.op === 'multiRead') {
      if (reply.err !== 'OK' || response === undefined) return failure(reply.err);
      if (response.op === 'multi') return multiOutcome(response.results.map((r) => this.multiResult(r)), 'multi');
      if (response.op === 'multiRead') return multiOutcome(response.results.map((r) => this.multiReadResult(r)), 'multiRead');
      throw new SimHarnessError(`${step.op} answered with a ${response.op} response`);
    }
    if (reply.err !== 'OK') return failure(reply.err);
    return { ok: this.okValue(step, response) };
  }

  private okValue(step: Exclude<Step, { op: 'addAuth' | 'close' | 'multi' | 'multiRead' }>, r: ClientResponse | undefined): OkValue {
    const want = (op: ClientResponse['op']): never => {
      throw new SimHarnessError(`${step.op} answered with ${r === undefined ? 'no response' : `a ${r.op} response`}, not ${op}`);
    };
    switch (step.op) {
      case 'create':
        if (r?.op !== 'create') return want('create');
        return r.stat === undefined ? { path: r.path } : { path: r.path, stat: this.stat(r.stat) };
      case 'delete':
      case 'addWatch':
      case 'removeWatches':
        return r === undefined || r.op === 'empty' ? {} : want('empty');
      case 'exists':
      case 'setData':
      case 'setACL':
        return r !== undefined && 'stat' in r && r.stat !== undefined && r.op !== 'create' ? { stat: this.stat(r.stat) } : want(step.op);
      case 'getData':
        return r?.op === 'getData' ? { data: text(r.data), stat: this.stat(r.stat) } : want('getData');
      case 'getChildren': {
        if (r?.op !== 'getChildren') return want('getChildren');
        const children = sortedNames(r.children);
        if (step.withStat !== (r.stat !== undefined)) throw new SimHarnessError(`getChildren withStat=${step.withStat} answered ${r.stat === undefined ? 'without' : 'with'} a Stat`);
        return r.stat === undefined ? { children } : { children, stat: this.stat(r.stat) };
      }
      case 'getACL':
        return r?.op === 'getACL' ? { acl: r.acl.map(aclOut), stat: this.stat(r.stat) } : want('getACL');
      case 'sync':
        return r?.op === 'sync' ? { path: r.path } : want('sync');
      case 'getEphemerals':
        return r?.op === 'getEphemerals' ? { ephemerals: sortedNames(r.paths) } : want('getEphemerals');
      case 'getAllChildrenNumber':
        return r?.op === 'getAllChildrenNumber' ? { count: r.count } : want('getAllChildrenNumber');
      case 'whoAmI':
        return r?.op === 'whoAmI' ? { ids: sortedIds(r.ids.map((id) => ({ scheme: id.scheme, user: id.id }))) } : want('whoAmI');
    }
  }

  private multiResult(r: ZkMultiResult): MultiResult {
    switch (r.op) {
      case 'create':
        return r.stat === undefined ? { op: 'create', path: r.path } : { op: 'create', path: r.path, stat: this.stat(r.stat) };
      case 'delete':
        return { op: 'delete' };
      case 'setData':
        return { op: 'setData', stat: this.stat(r.stat) };
      case 'check':
        return { op: 'check' };
      case 'error':
        return { error: r.code, code: ERROR_CODES[r.code] };
    }
  }

  private multiReadResult(r: ZkMultiReadResult): MultiResult {
    switch (r.op) {
      case 'getData':
        return { op: 'getData', data: text(r.data), stat: this.stat(r.stat) };
      case 'getChildren':
        return { op: 'getChildren', children: sortedNames(r.children) };
      case 'error':
        return { error: r.code, code: ERROR_CODES[r.code] };
    }
  }

  private stat(s: Stat): NormalStat {
    return this.norm.stat({
      czxid: BigInt(s.czxid), mzxid: BigInt(s.mzxid), ctime: BigInt(s.ctime), mtime: BigInt(s.mtime),
      version: s.version, cversion: s.cversion, aversion: s.aversion, ephemeralOwner: BigInt(s.ephemeralOwner),
      dataLength: s.dataLength, numChildren: s.numChildren, pzxid: BigInt(s.pzxid),
    });
  }

  private collectEvents(acting: number, eventsBefore: number): RecordedEvent[] {
    const out: RecordedEvent[] = [];
    for (const [index, s] of this.sessions.entries()) {
      const from = this.cursors[index] ?? 0;
      const fresh = s.events.slice(from);
      this.cursors[index] = s.events.length;
      fresh.forEach((e, k) => {
        const flag = index === acting && from + k < eventsBefore ? { beforeReply: true as const } : {};
        if (e.kind === 'state') {
          if (e.state === 'Disconnected') throw new SimHarnessError(`session ${index} lost its connection`);
          out.push({ session: index, state: e.state, ...(e.timeoutMs !== undefined ? { timeoutMs: e.timeoutMs } : {}), ...flag });
          return;
        }
        out.push({
          session: index,
          event: e.type,
          path: e.path,
          ...(e.zxid > 0 ? { zxid: this.norm.zxid(BigInt(e.zxid)) } : {}),
          ...(e.state !== 'SyncConnected' ? { keeperState: e.state } : {}),
          ...flag,
        });
      });
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------
// Sequence ops -> zksim wire requests (sent as written: no client-side checks)

function toRequest(step: Exclude<Step, { op: 'addAuth' | 'close' }>): ClientRequest {
  switch (step.op) {
    case 'create':
      return createRequest(step);
    case 'delete':
    case 'setData':
      return multiOp(step);
    case 'exists':
    case 'getData':
      return { op: step.op, path: step.path, watch: step.watch };
    case 'getChildren':
      return { op: 'getChildren', path: step.path, watch: step.watch, withStat: step.withStat };
    case 'getACL':
      return { op: 'getACL', path: step.path };
    case 'setACL':
      return { op: 'setACL', path: step.path, acl: step.acl.map(aclIn), version: step.version };
    case 'sync':
      return { op: 'sync', path: step.path };
    case 'multi':
      return { op: 'multi', ops: step.ops.map(multiOp) };
    case 'multiRead':
      return { op: 'multiRead', ops: step.ops.map((o) => ({ op: o.op, path: o.path })) };
    case 'getEphemerals':
      return { op: 'getEphemerals', prefix: step.prefix };
    case 'getAllChildrenNumber':
      return { op: 'getAllChildrenNumber', path: step.path };
    case 'addWatch':
      return { op: 'addWatch', path: step.path, mode: step.mode };
    case 'removeWatches':
      return { op: 'removeWatches', path: step.path, watcherType: WATCHER_TYPE_OF[step.type], all: step.check !== true };
    case 'whoAmI':
      return { op: 'whoAmI' };
  }
}

/**
 * The opcode the real driver picks: createTTL for a TTL mode or an explicit ttl, createContainer for
 * CONTAINER, create2 when asked; those three answer with the Stat, plain create with the path only.
 */
function createRequest(op: CreateOp): ClientRequest {
  const ttlOpcode = op.mode === 'PERSISTENT_WITH_TTL' || op.mode === 'PERSISTENT_SEQUENTIAL_WITH_TTL' || op.ttl !== undefined;
  const withStat = ttlOpcode || op.mode === 'CONTAINER' || op.withStat === true;
  return {
    op: 'create', path: op.path, data: bytes(op.data), acl: op.acl.map(aclIn), flags: op.flags ?? CREATE_MODES[op.mode],
    ...(ttlOpcode ? { ttlMs: op.ttl ?? 0 } : {}),
    withStat,
  };
}

function multiOp(op: MultiOp): ZkMultiOp {
  switch (op.op) {
    case 'create':
      return createRequest(op) as ZkMultiOp;
    case 'delete':
      return { op: 'delete', path: op.path, version: op.version };
    case 'setData':
      return { op: 'setData', path: op.path, data: bytes(op.data), version: op.version };
    case 'check':
      return { op: 'check', path: op.path, version: op.version };
  }
}

function aclIn(a: Acl): ZkAcl {
  return { perms: a.perms, id: { scheme: a.scheme, id: a.id } };
}

function aclOut(a: ZkAcl): Acl {
  return { perms: a.perms, scheme: a.id.scheme, id: a.id.id };
}

function failure(err: ErrorName): Outcome {
  return { error: err, code: ERROR_CODES[err] };
}

function bytes(d: string | null): Uint8Array | null {
  return d === null ? null : new TextEncoder().encode(d);
}

function text(b: Uint8Array | null): string | null {
  return b === null ? null : new TextDecoder().decode(b);
}
