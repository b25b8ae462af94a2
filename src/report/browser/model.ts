/**
 * The page's model of the run: ReportData indexed for drawing and hit-testing (every lane's spans sorted
 * by time, ops packed into rows, messages grouped by kind), plus what is derived once (split-brain
 * windows, the zxid scale, display names of lanes).
 */
import type {
  ClientLane, ClientMark, FaultSpan, HoldSpan, MessageArrow, OpBar, ReportData, RoleBand, ServerLane, ServerMark, SessionBand,
  ZxidPoint,
} from '../types.ts';
import { IntervalIndex } from './interval-index.ts';
import { packRows } from './packing.ts';
import { faultColors, messageColors } from './palette.ts';
import { type SplitBrainWindow, splitBrainWindows } from './split-brain.ts';
import { type ZxidScale, zxidScale } from './zxid-scale.ts';

export interface ZxidSeries {
  readonly points: readonly ZxidPoint[];
  readonly timesMicros: Float64Array;
}

export interface ServerModel {
  readonly lane: ServerLane;
  readonly bands: IntervalIndex<RoleBand>;
  readonly marks: IntervalIndex<ServerMark>;
  readonly zxids: ZxidSeries;
}

export interface ClientModel {
  readonly lane: ClientLane;
  readonly sessions: IntervalIndex<SessionBand>;
  readonly opRows: readonly IntervalIndex<OpBar>[];
  readonly marks: IntervalIndex<ClientMark>;
  readonly holds: IntervalIndex<HoldSpan>;
}

export interface FaultModel {
  readonly kind: string;
  readonly color: string;
  readonly count: number;
  readonly rows: readonly IntervalIndex<FaultSpan>[];
}

export interface MessageKindModel {
  readonly kind: string;
  readonly color: string;
  readonly messages: IntervalIndex<MessageArrow>;
}

export interface Model {
  readonly data: ReportData;
  readonly servers: readonly ServerModel[];
  readonly faults: readonly FaultModel[];
  readonly clients: readonly ClientModel[];
  readonly messageKinds: readonly MessageKindModel[];
  readonly splitBrain: readonly SplitBrainWindow[];
  readonly zxidScale: ZxidScale;
  /** Lane id or server number (as text) to the name shown. */
  readonly names: ReadonlyMap<string, string>;
  /** Fewer client op rows and thinner bars when there are many clients. */
  readonly compactClients: boolean;
}

const MAX_OP_ROWS = 4;
const MAX_FAULT_ROWS = 3;

const spanFrom = (s: { readonly fromMicros: number }): number => s.fromMicros;
const spanTo = (s: { readonly toMicros: number }): number => s.toMicros;
const pointAt = (p: { readonly atMicros: number }): number => p.atMicros;

function serverModel(lane: ServerLane): ServerModel {
  const points = [...lane.zxids].sort((a, b) => a.atMicros - b.atMicros);
  return {
    lane,
    bands: new IntervalIndex(lane.bands, spanFrom, spanTo),
    marks: new IntervalIndex(lane.marks, pointAt, pointAt),
    zxids: { points, timesMicros: Float64Array.from(points, pointAt) },
  };
}

function clientModel(lane: ClientLane, minSpanMicros: number): ClientModel {
  const rows = packRows(lane.ops, spanFrom, spanTo, MAX_OP_ROWS, minSpanMicros);
  return {
    lane,
    sessions: new IntervalIndex(lane.sessions, spanFrom, spanTo),
    opRows: (rows.length > 0 ? rows : [[]]).map((row) => new IntervalIndex(row, spanFrom, spanTo)),
    marks: new IntervalIndex(lane.marks, pointAt, pointAt),
    holds: new IntervalIndex(lane.holds, spanFrom, spanTo),
  };
}

function faultModels(faults: readonly FaultSpan[], minSpanMicros: number): FaultModel[] {
  const kinds = [...new Set(faults.map((f) => f.kind))];
  const colors = faultColors(kinds);
  return kinds.map((kind) => {
    const ofKind = faults.filter((f) => f.kind === kind);
    const rows = packRows(ofKind, spanFrom, spanTo, MAX_FAULT_ROWS, minSpanMicros);
    return {
      kind, color: colors.get(kind) ?? '#777777', count: ofKind.length,
      rows: rows.map((row) => new IntervalIndex(row, spanFrom, spanTo)),
    };
  });
}

function messageKindModels(messages: readonly MessageArrow[]): MessageKindModel[] {
  const byKind = new Map<string, MessageArrow[]>();
  for (const m of messages) {
    const list = byKind.get(m.kind);
    if (list === undefined) byKind.set(m.kind, [m]);
    else list.push(m);
  }
  const kinds = [...byKind.keys()].sort();
  const colors = messageColors(kinds);
  return kinds.map((kind) => ({
    kind, color: colors.get(kind) ?? '#777777',
    messages: new IntervalIndex(byKind.get(kind) ?? [], (m) => m.sendMicros, (m) => (m.deliverMicros < 0 ? m.sendMicros : m.deliverMicros)),
  }));
}

function laneNames(data: ReportData): Map<string, string> {
  const names = new Map<string, string>();
  for (const s of data.servers) {
    names.set(s.id, s.name);
    names.set(`${s.server}`, s.name);
  }
  for (const c of data.clients) names.set(c.id, c.name);
  return names;
}

export function buildModel(data: ReportData): Model {
  // About a pixel at full zoom: ops shorter than that still get a row of their own when rows are free.
  const minSpanMicros = Math.max(1, data.endMicros / 3000);
  return {
    data,
    servers: data.servers.map(serverModel),
    faults: faultModels(data.faults, minSpanMicros),
    clients: data.clients.map((lane) => clientModel(lane, minSpanMicros)),
    messageKinds: messageKindModels(data.messages),
    splitBrain: splitBrainWindows(data.servers),
    zxidScale: zxidScale(data.servers),
    names: laneNames(data),
    compactClients: data.clients.length > 24,
  };
}

/** The name shown for a lane id ('server:1' -> 'zk1'); the id itself when unknown. */
export function laneName(model: Model, laneId: string): string {
  return model.names.get(laneId) ?? laneId;
}

/** 'zk2' for server 2, 'server 2' when no lane has that number. */
export function serverName(model: Model, server: number): string {
  return model.names.get(`${server}`) ?? `server ${server}`;
}
