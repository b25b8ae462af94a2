/**
 * A standalone ZooKeeper server (ZooKeeperServer with Prep -> Sync -> Final processors) as a step
 * machine. On start it recovers from its disk; then it accepts client connections, runs the handshake
 * (a new session is a createSession txn; a reconnect checks the password and revalidates), prepares every
 * write into a txn in ZooKeeper's check order, logs and fsyncs (group commit) before applying and
 * answering, expires silent sessions at tick boundaries, and reaps empty containers and expired TTL nodes.
 * A failed log write or fsync halts it, as ZooKeeper exits on an unrecoverable disk error.
 */
import { assert, zxid as makeZxid } from '../../base/index.ts';
import type { ConnId, DiskOpId, HostId, Zxid } from '../../base/index.ts';
import type { ClientRequest, ConnectRequest, Id, Request, Txn, TxnOp, WireMessage } from '../protocol/index.ts';
import { prepDeleteContainer, prepWrite } from '../prep/index.ts';
import { firstSessionId, sessionPassword } from '../session/index.ts';
import { readAllFiles } from '../io.ts';
import type { ZkActor, ZkEnv, ZkInput } from '../io.ts';
import { negotiateTimeoutMs } from './config.ts';
import type { ServerConfig } from './config.ts';
import { finishEntry } from './final-stage.ts';
import { WRITES, answerAuth, requestBytes } from './intake.ts';
import { Pipeline } from './pipeline.ts';
import { ServerState } from './server-state.ts';
import type { ServerTag, Work } from './server-state.ts';
import type { ServerStorage } from './storage-port.ts';


export class StandaloneServer implements ZkActor<WireMessage, ServerTag, never> {
  private state: ServerState | undefined;
  private pipeline: Pipeline<Work> | undefined;
  private nextSessionId = 0;
  private logFile: string | undefined;
  /** Log files appended to since their last fsync (a roll leaves the old one here until the next fsync). */
  private unsyncedLogs: string[] = [];
  private txnsInLog = 0;
  private randRoll = 0;
  private halted: string | undefined;

  constructor(
    private readonly env: ZkEnv<WireMessage, ServerTag>,
    private readonly config: ServerConfig,
    private readonly storage: ServerStorage,
  ) {}

  /** For tests and checkers: the live state (undefined before recovery or after a halt). */
  get inspect(): ServerState | undefined {
    return this.state;
  }

  get haltReason(): string | undefined {
    return this.halted;
  }

  step(input: ZkInput<WireMessage, ServerTag, never>): void {
    if (input.kind === 'start') return this.start();
    const s = this.state;
    if (s === undefined) {
      if (input.kind === 'accepted') this.env.close(input.conn);
      return;
    }
    switch (input.kind) {
      case 'accepted':
        s.conns.set(input.conn, { conn: input.conn, peer: input.peer, sessionId: 0, handshake: 'none', authIds: [this.ipId(input.peer)] });
        return;
      case 'message':
        return this.onMessage(s, input.conn, input.msg);
      case 'closed':
        return this.onClosed(s, input.conn);
      case 'timer':
        return input.tag === 'tick' ? this.onTick(s) : this.onReap(s);
      case 'disk':
        return this.onDisk(input.op, input.outcome, input.opKind, input.file);
      case 'connected':
      case 'call':
        return;
    }
  }

  // ---- lifecycle ----

  private start(): void {
    const recovered = this.storage.recover(readAllFiles(this.env.disk));
    if ('problem' in recovered) return this.halt(`cannot load the database: ${recovered.problem}`);
    for (const cut of recovered.cuts) this.env.disk.truncate(cut.file, cut.validBytes);
    const tree = recovered.tree;
    const s = new ServerState(this.env, this.config, tree, tree.lastProcessedZxid);
    const nowMicros = this.env.now();
    for (const [id, timeoutMs] of recovered.sessions) s.tracker.add(id, timeoutMs, nowMicros);
    this.state = s;
    this.pipeline = new Pipeline<Work>({
      append: (txn) => this.appendToLog(txn),
      fsync: () => this.fsyncLog(),
      finish: (entry) => finishEntry(s, entry),
    }, this.config.maxBatch);
    this.nextSessionId = firstSessionId(this.config.serverId, Math.floor(nowMicros / 1000));
    this.randRoll = this.env.rng.int(0, Math.max(0, Math.floor(this.config.snapCount / 2) - 1));
    this.env.emit({ event: 'recovered', zxid: tree.lastProcessedZxid, nodes: tree.size, sessions: recovered.sessions.size });
    this.armTick();
    this.env.setTimer(this.config.containerCheckIntervalMs * 1000, 'reap');
  }

  private halt(reason: string): void {
    this.halted = reason;
    this.env.emit({ event: 'halted', reason });
    const s = this.state;
    this.state = undefined;
    this.pipeline = undefined;
    for (const conn of s?.conns.keys() ?? []) this.env.close(conn);
  }

  // ---- the log ----

  private appendToLog(txn: Txn): void {
    if (this.logFile === undefined) this.logFile = this.storage.logFileName(txn.zxid);
    this.env.disk.append(this.logFile, this.storage.encodeLogRecord(txn));
    if (!this.unsyncedLogs.includes(this.logFile)) this.unsyncedLogs.push(this.logFile);
    this.txnsInLog += 1;
    if (this.txnsInLog > Math.floor(this.config.snapCount / 2) + this.randRoll) this.rollAndSnapshot();
  }

  /** SyncRequestProcessor: roll the log (the next txn opens a new file) and write a snapshot. */
  private rollAndSnapshot(): void {
    const s = this.state;
    if (s === undefined) return;
    this.txnsInLog = 0;
    this.randRoll = this.env.rng.int(0, Math.max(0, Math.floor(this.config.snapCount / 2) - 1));
    this.logFile = undefined;
    const sessions = new Map(s.tracker.ids().map((id) => [id, s.tracker.get(id)?.timeoutMs ?? 0]));
    // Named after what it holds (the applied state), never after a txn only appended: a name ahead of its
    // content was ZOOKEEPER-2355.
    const applied = s.tree.lastProcessedZxid;
    const name = this.storage.snapshotFileName(applied);
    if (this.env.disk.sizeBytes(name) !== undefined) this.env.disk.truncate(name, 0);
    this.env.disk.write(name, 0, this.storage.encodeSnapshot({ tree: s.tree, sessions, zxid: applied }));
    this.env.disk.fsync(name);
    this.env.emit({ event: 'snapshot', file: name });
  }

  /**
   * FileTxnLog.commit: fsync every log file with unsynced appends. Disk operations complete in order, so
   * the last fsync's completion means all of them are durable; the pipeline waits for that one.
   */
  private fsyncLog(): DiskOpId {
    assert(this.unsyncedLogs.length > 0, 'an fsync follows an append');
    let last: DiskOpId | undefined;
    for (const file of this.unsyncedLogs) last = this.env.disk.fsync(file);
    this.unsyncedLogs = [];
    return last as DiskOpId;
  }

  private onDisk(op: DiskOpId, outcome: string, opKind: string, file: string): void {
    const isLog = file.startsWith('log.');
    if (outcome !== 'ok' && isLog) return this.halt(`${opKind} of ${file} failed: ${outcome}`);
    if (outcome !== 'ok') this.env.emit({ event: 'snapshotFailed', file, outcome });
    if (opKind === 'fsync') this.pipeline?.fsyncDone(op);
  }

  // ---- connections ----

  private onMessage(s: ServerState, conn: ConnId, msg: WireMessage): void {
    const state = s.conns.get(conn);
    if (state === undefined) return;
    if (msg.type === 'connect') return this.onConnect(s, conn, msg);
    if (msg.type !== 'request' || state.handshake !== 'done') return s.drop(conn);
    this.onRequest(s, conn, msg);
  }

  private onConnect(s: ServerState, conn: ConnId, req: ConnectRequest): void {
    const state = s.conns.get(conn);
    if (state === undefined || state.handshake !== 'none') return s.drop(conn);
    if (req.lastZxidSeen > s.tree.lastProcessedZxid) {
      this.env.emit({ event: 'refusedClient', lastZxidSeen: req.lastZxidSeen, ours: s.tree.lastProcessedZxid });
      return s.drop(conn);
    }
    const timeoutMs = negotiateTimeoutMs(this.config, req.timeoutMs);
    if (req.sessionId === 0) return this.createSession(s, conn, timeoutMs);
    const valid = req.passwd === sessionPassword(req.sessionId) && s.tracker.touch(req.sessionId, this.env.now());
    if (!valid) {
      s.send(conn, { type: 'connected', timeoutMs: 0, sessionId: req.sessionId, passwd: req.passwd, readOnly: false });
      return s.drop(conn);
    }
    const previous = s.sessionConn.get(req.sessionId);
    if (previous !== undefined && previous !== conn) s.drop(previous);
    state.sessionId = req.sessionId;
    state.handshake = 'done';
    s.sessionConn.set(req.sessionId, conn);
    s.send(conn, { type: 'connected', timeoutMs, sessionId: req.sessionId, passwd: req.passwd, readOnly: false });
  }

  private createSession(s: ServerState, conn: ConnId, timeoutMs: number): void {
    const sessionId = this.nextSessionId++;
    const state = s.conns.get(conn);
    assert(state !== undefined, 'a session is created for a known connection');
    state.sessionId = sessionId;
    state.handshake = 'pending';
    s.tracker.add(sessionId, timeoutMs, this.env.now());
    this.submitTxn(s, sessionId, { type: 'createSession', timeoutMs }, { kind: 'connect', conn, sessionId, timeoutMs });
  }

  private onClosed(s: ServerState, conn: ConnId): void {
    s.forget(conn);
  }

  // ---- requests ----

  private onRequest(s: ServerState, conn: ConnId, msg: Request): void {
    const state = s.conns.get(conn);
    assert(state !== undefined, 'requests come on known connections');
    const request = msg.request;
    if (requestBytes(request) > this.config.juteMaxBufferBytes) return s.drop(conn);
    if (request.op === 'auth') return answerAuth(s, conn, request.scheme, request.auth);
    const sessionOk = s.tracker.touch(state.sessionId, this.env.now());
    const work: Work = { kind: 'request', conn, sessionId: state.sessionId, xid: msg.xid, request, sessionOk };
    if (!WRITES.has(request.op)) {
      this.pipeline?.submit({ txn: undefined, request: work });
      return;
    }
    const zxid = this.nextZxid(s);
    const op = this.prepare(s, state.sessionId, state.authIds, request, sessionOk, zxid);
    this.pipeline?.submit({ txn: this.txn(state.sessionId, zxid, op), request: work });
  }

  private prepare(s: ServerState, sessionId: number, authIds: readonly Id[], request: ClientRequest, sessionOk: boolean, zxid: Zxid): TxnOp {
    if (request.op === 'closeSession') {
      if (!sessionOk) return { type: 'error', code: 'SESSIONEXPIRED' };
      s.tracker.setClosing(sessionId);
      return { type: 'closeSession' };
    }
    if (request.op !== 'create' && request.op !== 'delete' && request.op !== 'setData' && request.op !== 'setACL' &&
      request.op !== 'check' && request.op !== 'multi') return { type: 'error', code: 'UNIMPLEMENTED' };
    const ctx = {
      sessionId, authIds, extendedTypesEnabled: this.config.extendedTypesEnabled,
      ...(sessionOk ? {} : { sessionProblem: 'SESSIONEXPIRED' as const }),
    };
    return prepWrite(s.pending, request, ctx, zxid);
  }

  private submitTxn(s: ServerState, sessionId: number, op: TxnOp, work: Work): void {
    const zxid = this.nextZxid(s);
    this.pipeline?.submit({ txn: this.txn(sessionId, zxid, op), request: work });
  }

  private txn(sessionId: number, zxid: Zxid, op: TxnOp): Txn {
    return { sessionId, zxid, timeMs: Math.floor(this.env.wallMicros() / 1000), op };
  }

  private nextZxid(s: ServerState): Zxid {
    s.lastPreparedZxid = makeZxid(0, s.lastPreparedZxid + 1);
    return s.lastPreparedZxid;
  }

  // ---- timers ----

  private armTick(): void {
    const tick = this.config.tickTimeMs * 1000;
    const now = this.env.now();
    this.env.setTimer((Math.floor(now / tick) + 1) * tick - now, 'tick');
  }

  /** Sessions whose bucket is due expire: each by a closeSession txn, as the leader's tracker submits. */
  private onTick(s: ServerState): void {
    for (const sessionId of s.tracker.due(this.env.now())) {
      s.tracker.setClosing(sessionId);
      this.env.emit({ event: 'sessionExpired', session: sessionId });
      this.submitTxn(s, sessionId, { type: 'closeSession' }, { kind: 'expire', sessionId });
    }
    this.armTick();
  }

  /** ContainerManager: empty containers that once had a child, and TTL nodes idle past their TTL. */
  private onReap(s: ServerState): void {
    const nowMs = Math.floor(this.env.wallMicros() / 1000);
    const candidates = s.tree.containers().filter((p) => {
      const n = s.tree.node(p);
      return n !== undefined && n.children.size === 0 && n.cversion > 0;
    });
    for (const p of s.tree.ttlNodes()) {
      const n = s.tree.node(p);
      if (n !== undefined && n.kind.kind === 'ttl' && n.children.size === 0 && nowMs - n.mtimeMs > n.kind.ttlMs) candidates.push(p);
    }
    for (const path of candidates) {
      const zxid = this.nextZxid(s);
      this.pipeline?.submit({ txn: this.txn(0, zxid, prepDeleteContainer(s.pending, path, zxid)), request: { kind: 'reap', path } });
    }
    this.env.setTimer(this.config.containerCheckIntervalMs * 1000, 'reap');
  }

  private ipId(peer: HostId): { scheme: string; id: string } {
    return { scheme: 'ip', id: this.config.addressOf(peer) };
  }
}
