/**
 * One lane per server from its recorded events: role bands (a peer-state opens one; crash, halt and
 * restart close it; the epoch is filled in when discovery names it; a leader's band splits where it
 * became established), marks (lifecycle, sync modes, snapshots, expiries, step-downs, truncations) and
 * the last logged (ACKed, as the leader saw it) and last committed (applied) zxid over time.
 */
import type { LifecycleEvent, RunHistory, ServerEvent } from '../history/index.ts';
import { hexZxid, num, str } from './text.ts';
import type { RoleBand, ServerLane, ServerMark, ServerMarkKind, ZxidPoint } from './types.ts';

type BandState = RoleBand['state'];

interface Open {
  state: BandState;
  fromMicros: number;
  epoch: number;
  established: boolean;
}

class LaneBuilder {
  readonly bands: RoleBand[] = [];
  readonly marks: ServerMark[] = [];
  readonly zxids: ZxidPoint[] = [];
  private open: Open | undefined;
  private logged = 0;
  private committed = 0;

  constructor(readonly server: number) {}

  begin(atMicros: number, state: BandState, epoch = -1, established = false): void {
    this.close(atMicros);
    this.open = { state, fromMicros: atMicros, epoch, established };
  }

  close(atMicros: number): void {
    const o = this.open;
    this.open = undefined;
    if (o === undefined || atMicros <= o.fromMicros) return;
    this.bands.push({ fromMicros: o.fromMicros, toMicros: atMicros, state: o.state, epoch: o.epoch, ...(o.state === 'LEADING' ? { established: o.established } : {}) });
  }

  epochKnown(epoch: number): void {
    if (this.open !== undefined && this.open.state !== 'LOOKING') this.open.epoch = epoch;
  }

  established(atMicros: number, epoch: number): void {
    if (this.open?.state !== 'LEADING' || this.open.established) return this.epochKnown(epoch);
    this.begin(atMicros, 'LEADING', epoch, true);
  }

  mark(atMicros: number, kind: ServerMarkKind, text: string, event?: number): void {
    this.marks.push({ atMicros, kind, text, ...(event === undefined ? {} : { event }) });
  }

  zxid(atMicros: number, logged: number | undefined, committed: number | undefined): void {
    const l = logged ?? this.logged;
    const c = committed ?? this.committed;
    if (l === this.logged && c === this.committed) return;
    this.logged = l;
    this.committed = c;
    const last = this.zxids[this.zxids.length - 1];
    if (last !== undefined && last.atMicros === atMicros) this.zxids[this.zxids.length - 1] = { atMicros, logged: l, committed: c };
    else this.zxids.push({ atMicros, logged: l, committed: c });
  }
}

function onLifecycle(b: LaneBuilder, e: LifecycleEvent): void {
  switch (e.event) {
    case 'start': return b.begin(e.atMicros, 'LOOKING');
    case 'restart':
      b.mark(e.atMicros, 'restart', `server ${e.server} restarted`);
      return b.begin(e.atMicros, 'LOOKING');
    case 'crash':
      b.mark(e.atMicros, 'crash', `server ${e.server} crashed`);
      return b.begin(e.atMicros, 'DOWN');
    case 'pause': return b.mark(e.atMicros, 'pause', `server ${e.server} paused`);
    case 'resume': return b.mark(e.atMicros, 'resume', `server ${e.server} resumed`);
  }
}

const ROLE_STATES = new Set<string>(['LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING']);

function describeEvent(e: ServerEvent): string {
  const { server, event } = e;
  const fields = Object.entries(e).filter(([k]) => k !== 'atMicros' && k !== 'server' && k !== 'event').map(([k, v]) => `${k}=${/zxid/i.test(k) && typeof v === 'number' ? hexZxid(v) : JSON.stringify(v)}`);
  return `server ${server}: ${event} ${fields.join(' ')}`.trim();
}

function onServerEvent(b: LaneBuilder, e: ServerEvent, index: number, all: ReadonlyMap<number, LaneBuilder>): void {
  const text = (): string => describeEvent(e);
  switch (e.event) {
    case 'peer-state': {
      const state = str(e['state']);
      if (ROLE_STATES.has(state)) b.begin(e.atMicros, state as BandState);
      if (state === 'LOOKING') b.zxid(e.atMicros, num(e['lastLoggedZxid']), undefined);
      return;
    }
    case 'halted':
      b.mark(e.atMicros, 'halted', text(), index);
      return b.begin(e.atMicros, 'HALTED');
    case 'zab-epoch-proposed':
    case 'zab-epoch-accepted':
    case 'zab-epoch-current':
      return b.epochKnown(num(e['epoch']) ?? -1);
    case 'zab-serving':
      if (e['role'] === 'leader') return b.established(e.atMicros, num(e['epoch']) ?? -1);
      return b.epochKnown(num(e['epoch']) ?? -1);
    case 'zab-sync-received': {
      const mode = str(e['mode']);
      if (mode === 'DIFF' || mode === 'TRUNC' || mode === 'SNAP') b.mark(e.atMicros, `sync-${mode}`, text(), index);
      return;
    }
    case 'snapshot-taken': return b.mark(e.atMicros, 'snapshot', text(), index);
    case 'sessionExpired': return b.mark(e.atMicros, 'session-expired', text(), index);
    case 'zab-step-down': return b.mark(e.atMicros, 'step-down', text(), index);
    case 'log-truncated':
      b.mark(e.atMicros, 'truncated', text(), index);
      return b.zxid(e.atMicros, num(e['zxid']), undefined);
    case 'zab-apply': return b.zxid(e.atMicros, undefined, num(e['zxid']));
    case 'zab-ack': {
      const from = all.get(num(e['from']) ?? -1);
      return from?.zxid(e.atMicros, num(e['zxid']), undefined);
    }
    default:
  }
}

export function serverLanes(h: RunHistory): ServerLane[] {
  const observers = new Set(h.meta.observers);
  const builders = new Map(h.meta.servers.map((s) => [s, new LaneBuilder(s)]));
  // Lifecycle and server events merged by time (lifecycle first at equal times: a restart precedes its LOOKING).
  let li = 0;
  h.serverEvents.forEach((e, index) => {
    for (; li < h.lifecycle.length && (h.lifecycle[li]?.atMicros ?? Infinity) <= e.atMicros; li += 1) {
      const l = h.lifecycle[li];
      const lb = l === undefined ? undefined : builders.get(l.server);
      if (l !== undefined && lb !== undefined) onLifecycle(lb, l);
    }
    const b = builders.get(e.server);
    if (b !== undefined) onServerEvent(b, e, index, builders);
  });
  for (; li < h.lifecycle.length; li += 1) {
    const l = h.lifecycle[li];
    const lb = l === undefined ? undefined : builders.get(l.server);
    if (l !== undefined && lb !== undefined) onLifecycle(lb, l);
  }
  return h.meta.servers.map((server) => {
    const b = builders.get(server) ?? new LaneBuilder(server);
    b.close(h.meta.endMicros);
    const observer = observers.has(server);
    return {
      id: `server:${server}`, server, name: observer ? `zk${server} (observer)` : `zk${server}`, observer,
      bands: b.bands, marks: b.marks, zxids: b.zxids,
    };
  });
}
