/**
 * Records a run as a RunHistory (src/history): every client request from invocation to completion with
 * what the server answered, every watch and session event a client handed its application, notes from
 * workloads and recipes, and (from the kernel's lifecycle records) server events, host lifecycle and
 * faults. One counter orders the client records, so same-microsecond order survives.
 */
import { assert } from '../base/index.ts';
import type { HostId, JsonValue } from '../base/index.ts';
import type {
  ClientEvent, FaultRecord, LifecycleEvent, OpName, OpRecord, ServerEvent, StatLite, SubOp, SubResult,
} from '../history/index.ts';
import type { TraceRecord } from '../sim/index.ts';
import type { AppRequest, CallResult, WatchedEvent } from '../zk/client/index.ts';
import { createModeOfFlag, isEphemeralMode, isSequentialMode } from '../zk/protocol/index.ts';
import type { ClientResponse, MultiOp, MultiResult, Stat } from '../zk/protocol/index.ts';

/** Codes after which a request may or may not have taken effect. */
const INDETERMINATE = new Set(['CONNECTIONLOSS', 'SESSIONEXPIRED', 'OPERATIONTIMEOUT']);
const decoder = new TextDecoder();

export type OpFinisher = (result: CallResult, session: number) => void;

export class HistoryRecorder {
  readonly ops: OpRecord[] = [];
  readonly clientEvents: ClientEvent[] = [];
  readonly serverEvents: ServerEvent[] = [];
  readonly lifecycle: LifecycleEvent[] = [];
  readonly faults: FaultRecord[] = [];
  private seq = 0;
  /** Called after each note is recorded (fault triggers that wait for a workload's note). */
  onNote: ((client: string, name: string) => void) | undefined;

  constructor(private readonly now: () => number, private readonly serverOfHost: (host: HostId) => number | undefined) {}

  /** Records the invocation; the returned function records the completion (exactly once). */
  invoke(client: string, request: AppRequest): OpFinisher {
    const record: OpRecord = {
      id: this.ops.length, client, op: opName(request), path: 'path' in request ? request.path : '',
      ...requestFields(request), invokeMicros: this.now(), invokeSeq: this.seq++,
      completeMicros: -1, completeSeq: -1, outcome: 'pending',
    };
    this.ops.push(record);
    return (result, session) => {
      assert(record.outcome === 'pending', 'an operation completes once');
      record.completeMicros = this.now();
      record.completeSeq = this.seq++;
      record.session = session;
      if (result.zxid !== undefined) record.zxid = result.zxid;
      if (result.ok) {
        record.outcome = 'ok';
        responseFields(record, result.response);
      } else {
        record.outcome = INDETERMINATE.has(result.code) ? 'info' : 'fail';
        record.code = result.code;
        if (result.response?.op === 'multi') record.subResults = result.response.results.map(subResult);
      }
    };
  }

  /** A watch or session event as the client's application receives it. */
  clientEvent(client: string, event: WatchedEvent, session: number, server: number | undefined): void {
    const base = { atMicros: this.now(), seq: this.seq++, client };
    if (event.type !== 'None') {
      this.clientEvents.push({ ...base, kind: 'watch', type: event.type, path: event.path ?? '', zxid: event.zxid });
      return;
    }
    const state = SESSION_STATES[event.state];
    this.clientEvents.push({ ...base, kind: 'session', state, session, ...(server === undefined || state !== 'connected' && state !== 'readonly' ? {} : { server }) });
  }

  note(client: string, name: string, detail: JsonValue): void {
    this.clientEvents.push({ kind: 'note', atMicros: this.now(), seq: this.seq++, client, name, detail });
    this.onNote?.(client, name);
  }

  /** The kernel's host, fault and emit records (Simulation.attachLifecycle). */
  onRecord(record: TraceRecord): void {
    if (record.type === 'emit') {
      if (this.serverOfHost(record.host) === undefined) return; // client hosts trace their own events
      const data = record.data as Record<string, JsonValue> | null;
      if (data === null || typeof data !== 'object' || typeof data['server'] !== 'number' || typeof data['event'] !== 'string') return;
      this.serverEvents.push({ ...data, atMicros: record.atMicros, server: data['server'], event: data['event'] });
    } else if (record.type === 'host') {
      const server = this.serverOfHost(record.host);
      if (server !== undefined) this.lifecycle.push({ atMicros: record.atMicros, server, event: record.event });
    } else if (record.type === 'fault') {
      this.faults.push({ atMicros: record.atMicros, kind: record.fault, detail: record.detail });
    }
  }
}

const SESSION_STATES = {
  SyncConnected: 'connected', ConnectedReadOnly: 'readonly', Disconnected: 'disconnected', Expired: 'expired',
  Closed: 'closed', AuthFailed: 'authfailed',
} as const;

function opName(request: AppRequest): OpName {
  switch (request.op) {
    case 'create': case 'delete': case 'setData': case 'getData': case 'exists': case 'getChildren':
    case 'sync': case 'multi': case 'getACL': case 'setACL':
      return request.op;
    case 'check': case 'getEphemerals': case 'getAllChildrenNumber': case 'multiRead': case 'whoAmI':
    case 'addWatch':
      return 'other';
  }
}

function text(data: Uint8Array | null): string | null {
  return data === null ? null : decoder.decode(data);
}

function requestFields(request: AppRequest): Partial<OpRecord> {
  switch (request.op) {
    case 'create': {
      const mode = createModeOfFlag(request.flags) ?? 'PERSISTENT';
      return { data: text(request.data), ephemeral: isEphemeralMode(mode), sequential: isSequentialMode(mode) };
    }
    case 'setData': return { data: text(request.data), version: request.version };
    case 'delete': return { version: request.version };
    case 'getData': case 'exists': case 'getChildren': return { watch: request.watch };
    case 'multi': return { subOps: request.ops.map(subOp) };
    case 'addWatch': case 'check': case 'getACL': case 'getAllChildrenNumber': case 'getEphemerals':
    case 'multiRead': case 'setACL': case 'sync': case 'whoAmI':
      return {};
  }
}

function subOp(op: MultiOp): SubOp {
  switch (op.op) {
    case 'create': {
      const mode = createModeOfFlag(op.flags) ?? 'PERSISTENT';
      return { op: 'create', path: op.path, data: text(op.data), ephemeral: isEphemeralMode(mode), sequential: isSequentialMode(mode) };
    }
    case 'delete': return { op: 'delete', path: op.path, version: op.version };
    case 'setData': return { op: 'setData', path: op.path, data: text(op.data), version: op.version };
    case 'check': return { op: 'check', path: op.path, version: op.version };
  }
}

export function statLite(s: Stat): StatLite {
  return {
    czxid: s.czxid, mzxid: s.mzxid, pzxid: s.pzxid, version: s.version, cversion: s.cversion,
    ephemeralOwner: s.ephemeralOwner, numChildren: s.numChildren, dataLength: s.dataLength,
  };
}

function subResult(r: MultiResult): SubResult {
  switch (r.op) {
    case 'create': return r.stat === undefined ? { ok: true, path: r.path } : { ok: true, path: r.path, stat: statLite(r.stat) };
    case 'setData': return { ok: true, stat: statLite(r.stat) };
    case 'delete': case 'check': return { ok: true };
    case 'error': return { ok: false, code: r.code };
  }
}

function responseFields(record: OpRecord, response: ClientResponse): void {
  switch (response.op) {
    case 'create':
      record.createdPath = response.path;
      if (response.stat !== undefined) record.stat = statLite(response.stat);
      return;
    case 'setData': case 'setACL': case 'exists': case 'getACL':
      record.stat = statLite(response.stat);
      return;
    case 'getData':
      record.value = text(response.data);
      record.stat = statLite(response.stat);
      return;
    case 'getChildren':
      record.children = [...response.children].sort();
      if (response.stat !== undefined) record.stat = statLite(response.stat);
      return;
    case 'multi':
      record.subResults = response.results.map(subResult);
      return;
    case 'multiRead': case 'sync': case 'getEphemerals': case 'getAllChildrenNumber': case 'whoAmI': case 'empty':
      return;
  }
}
