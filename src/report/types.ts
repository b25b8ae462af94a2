/**
 * What a report page draws: one run, already reduced to lanes and marks on one time axis (virtual
 * microseconds). build.ts makes it from recorded data (RunHistory, checker results, the trace's message
 * records); the page's script (browser/) reads it from a JSON script tag and draws it with d3. Everything
 * here is plain JSON. Text fields are shown as text (never as markup), whatever they hold.
 */

export interface ReportHeader {
  readonly scenario: string;
  readonly seed: number;
  /** The git commit the run was made with ('unknown' outside a checkout). */
  readonly commit: string;
  readonly verdict: 'pass' | 'fail';
  readonly virtualMs: number;
  /** The command that replays the run. */
  readonly replay: string;
  /** Knob name to value (tickTime, initLimit, snapCount, latency...). */
  readonly knobs: Readonly<Record<string, string | number>>;
  /** Fault kinds the schedule holds (for swarm runs, the ones drawn). */
  readonly faultKinds: readonly string[];
  /** Coverage marks hit, with counts. */
  readonly marksHit: readonly { readonly mark: string; readonly count: number }[];
  /** Marks the scenario required and the run did not hit. */
  readonly marksMissed: readonly string[];
  /** Every checker's verdict and one-line reason. */
  readonly checks: readonly { readonly checker: string; readonly verdict: 'pass' | 'fail' | 'unknown'; readonly reason: string }[];
}

/** A span of a server's role: LOOKING / FOLLOWING / LEADING / OBSERVING, or DOWN / HALTED / PAUSED. */
export interface RoleBand {
  readonly fromMicros: number;
  readonly toMicros: number;
  readonly state: 'LOOKING' | 'FOLLOWING' | 'LEADING' | 'OBSERVING' | 'DOWN' | 'HALTED';
  /** The epoch it led or followed in (-1 when none). */
  readonly epoch: number;
  /** LEADING: true once established (NEWLEADER acked by a quorum); false for a leader still in discovery/sync. */
  readonly established?: boolean;
}

export type ServerMarkKind =
  | 'crash' | 'restart' | 'pause' | 'resume' | 'halted' | 'sync-DIFF' | 'sync-TRUNC' | 'sync-SNAP'
  | 'snapshot' | 'session-expired' | 'step-down' | 'truncated';

export interface ServerMark {
  readonly atMicros: number;
  readonly kind: ServerMarkKind;
  /** The event's describe() text, for the tooltip. */
  readonly text: string;
  /** Index into RunHistory.serverEvents when the mark comes from one (for violation highlights). */
  readonly event?: number;
}

/** The server's last logged and last committed zxid, each time one changes (a step function). */
export interface ZxidPoint {
  readonly atMicros: number;
  readonly logged: number;
  readonly committed: number;
}

export interface ServerLane {
  /** 'server:1'. */
  readonly id: string;
  readonly server: number;
  /** 'zk1' (observers: 'zk4 (observer)'). */
  readonly name: string;
  readonly observer: boolean;
  readonly bands: readonly RoleBand[];
  readonly marks: readonly ServerMark[];
  readonly zxids: readonly ZxidPoint[];
}

/** A fault drawn on the fault lanes: a span (partition, clog, disk, clock) or a point (reset, crash). */
export interface FaultSpan {
  readonly fromMicros: number;
  /** Equal to fromMicros for a point fault. */
  readonly toMicros: number;
  /** partition | clog | disk | clock | crash | pause | reset | heal ... */
  readonly kind: string;
  /** One line: what was cut or broken, between which hosts. */
  readonly text: string;
  /** For partitions: the cut links, as lane ids on both sides. */
  readonly from?: readonly string[];
  readonly to?: readonly string[];
}

/**
 * A client session's connection state over time. A 'paused' band (the client's host was paused, session
 * 0) overlaps the band it interrupts and comes after the others, so it is drawn on top.
 */
export interface SessionBand {
  readonly fromMicros: number;
  readonly toMicros: number;
  readonly state: 'connected' | 'readonly' | 'disconnected' | 'expired' | 'closed' | 'paused';
  /** The server it was connected to (connected/readonly). */
  readonly server?: number;
  readonly session: number;
}

/** outcome 'ok' | 'fail' | 'info' | 'pending'; code for fail/info (NONODE, CONNECTIONLOSS...). */
export interface OpBar {
  /** RunHistory.ops index. */
  readonly id: number;
  readonly fromMicros: number;
  /** The end of the run for a pending op. */
  readonly toMicros: number;
  readonly outcome: 'ok' | 'fail' | 'info' | 'pending';
  readonly code?: string;
  /** 'setData /reg/k1 = "7" v3 -> ok 0x100000004'. */
  readonly text: string;
}

export interface ClientMark {
  readonly atMicros: number;
  readonly kind: 'watch' | 'note';
  readonly text: string;
}

/** What a recipe says it held, from its notes: a lock from lock-acquired to lock-released/lost, a leadership. */
export interface HoldSpan {
  readonly fromMicros: number;
  /** The end of the run when never released. */
  readonly toMicros: number;
  /** 'lock l (token 0x100000007)', 'leader of /latch'. */
  readonly text: string;
}

export interface ClientLane {
  /** 'client:locker1'. */
  readonly id: string;
  readonly name: string;
  readonly sessions: readonly SessionBand[];
  readonly ops: readonly OpBar[];
  readonly marks: readonly ClientMark[];
  /** What the client's recipe believed it held, and when (drawn as a bar of its own). */
  readonly holds: readonly HoldSpan[];
}

/** One message, from its send to its delivery (an arrow between lanes). */
export interface MessageArrow {
  readonly sendMicros: number;
  /** -1 when never delivered (lost to a crash, reset or the end of the run). */
  readonly deliverMicros: number;
  readonly from: string;
  readonly to: string;
  /** The message type (PROPOSAL, ACK, vote, getData request...): what the filter offers. */
  readonly kind: string;
  readonly text: string;
}

export interface ReportViolation {
  readonly checker: string;
  readonly message: string;
  readonly atMicros: number;
  /** Op ids involved (OpBar.id). */
  readonly ops: readonly number[];
  /** Server event indices involved (ServerMark.event). */
  readonly events: readonly number[];
  /** The window to zoom to when the violation is clicked. */
  readonly fromMicros: number;
  readonly toMicros: number;
  /** Lanes involved (to highlight). */
  readonly lanes: readonly string[];
}

export interface ReportData {
  readonly header: ReportHeader;
  readonly endMicros: number;
  /** When the heal phase began (-1 for a run without one). */
  readonly healMicros: number;
  readonly servers: readonly ServerLane[];
  readonly faults: readonly FaultSpan[];
  readonly clients: readonly ClientLane[];
  readonly messages: readonly MessageArrow[];
  /** Messages in the run beyond those kept (the page says so). */
  readonly messagesDropped: number;
  readonly violations: readonly ReportViolation[];
}
