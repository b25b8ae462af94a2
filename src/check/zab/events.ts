/**
 * The server events the Zab checkers read, decoded from RunHistory.serverEvents into one typed union.
 * A ServerEvent is loose JSON; this is the only place that knows the field names (as emitted by
 * src/zk/server/quorum-peer.ts, peer-storage.ts and src/zk/zab/leader.ts, learner.ts). An event this
 * file does not know, or one missing a field it needs, decodes to undefined and is skipped.
 */
import type { JsonValue } from '../../base/index.ts';
import type { ServerEvent } from '../../history/index.ts';

/**
 * What identifies a txn's content across servers (the txn header the zab-* events carry). cxid -1 means
 * not known: zksim's log records do not keep the cxid, so a txn read back from a log (a DIFF sync from
 * disk, a reload) carries -1.
 */
export interface TxnId {
  readonly session: number;
  readonly cxid: number;
  readonly op: string;
}

export type ZabRole = 'leader' | 'follower' | 'observer';

export type ZabView =
  /** peer-state LOOKING: the database was (re)loaded from disk; lastLoggedZxid is its last logged txn. */
  | {
    readonly kind: 'looking'; readonly currentEpoch: number | undefined; readonly acceptedEpoch: number | undefined;
    readonly lastLoggedZxid: number | undefined;
  }
  /** peer-state LEADING / FOLLOWING / OBSERVING: the election ended. */
  | { readonly kind: 'elected'; readonly state: 'LEADING' | 'FOLLOWING' | 'OBSERVING' }
  /** The leader froze and persisted a new acceptedEpoch. */
  | { readonly kind: 'epoch-proposed'; readonly epoch: number }
  /** A learner persisted the leader's new epoch as its acceptedEpoch. */
  | { readonly kind: 'epoch-accepted'; readonly epoch: number }
  /** currentEpoch written. */
  | { readonly kind: 'epoch-current'; readonly epoch: number }
  /** role leader: a quorum acked NEWLEADER (leadership established); learners: UPTODATE arrived. */
  | { readonly kind: 'serving'; readonly epoch: number; readonly role: ZabRole; readonly leader: number }
  /** A learner got its sync mode (DIFF/TRUNC/SNAP) from `leader`. */
  | { readonly kind: 'sync-received'; readonly leader: number; readonly zxid: number }
  | { readonly kind: 'proposal'; readonly zxid: number; readonly txn: TxnId }
  | { readonly kind: 'commit'; readonly zxid: number }
  /** A committed (or, during sync, leader-sent) txn applied to the tree. */
  | { readonly kind: 'apply'; readonly zxid: number; readonly txn: TxnId }
  /** A learner installed a SNAP image at zxid. */
  | { readonly kind: 'snapshot-loaded'; readonly zxid: number }
  /** TRUNC: the log was cut from fromZxid back to zxid. */
  | { readonly kind: 'log-truncated'; readonly zxid: number; readonly fromZxid: number }
  | { readonly kind: 'step-down'; readonly role: ZabRole }
  | { readonly kind: 'halted' };

function num(v: JsonValue | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function role(v: JsonValue | undefined): ZabRole | undefined {
  return v === 'leader' || v === 'follower' || v === 'observer' ? v : undefined;
}

/** The txn a zab-apply/zab-proposal event carries. */
export function txnOf(e: ServerEvent): TxnId | undefined {
  const session = num(e['session']);
  const cxid = num(e['cxid']);
  const op = e['op'];
  if (session === undefined || cxid === undefined || typeof op !== 'string') return undefined;
  return { session, cxid, op };
}

function peerState(e: ServerEvent): ZabView | undefined {
  const state = e['state'];
  if (state === 'LOOKING') {
    return {
      kind: 'looking', currentEpoch: num(e['currentEpoch']), acceptedEpoch: num(e['acceptedEpoch']),
      lastLoggedZxid: num(e['lastLoggedZxid']),
    };
  }
  if (state === 'LEADING' || state === 'FOLLOWING' || state === 'OBSERVING') return { kind: 'elected', state };
  return undefined;
}

function epochEvent(kind: 'epoch-proposed' | 'epoch-accepted' | 'epoch-current'): (e: ServerEvent) => ZabView | undefined {
  return (e) => {
    const epoch = num(e['epoch']);
    return epoch === undefined ? undefined : { kind, epoch };
  };
}

function serving(e: ServerEvent): ZabView | undefined {
  const epoch = num(e['epoch']);
  const r = role(e['role']);
  const leader = num(e['leader']);
  if (epoch === undefined || r === undefined || leader === undefined) return undefined;
  return { kind: 'serving', epoch, role: r, leader };
}

function txnEvent(kind: 'proposal' | 'apply'): (e: ServerEvent) => ZabView | undefined {
  return (e) => {
    const zxid = num(e['zxid']);
    const txn = txnOf(e);
    return zxid === undefined || txn === undefined ? undefined : { kind, zxid, txn };
  };
}

function zxidEvent(kind: 'commit' | 'snapshot-loaded'): (e: ServerEvent) => ZabView | undefined {
  return (e) => {
    const zxid = num(e['zxid']);
    return zxid === undefined ? undefined : { kind, zxid };
  };
}

const DECODERS: ReadonlyMap<string, (e: ServerEvent) => ZabView | undefined> = new Map([
  ['peer-state', peerState],
  ['zab-epoch-proposed', epochEvent('epoch-proposed')],
  ['zab-epoch-accepted', epochEvent('epoch-accepted')],
  ['zab-epoch-current', epochEvent('epoch-current')],
  ['zab-serving', serving],
  ['zab-sync-received', (e: ServerEvent): ZabView | undefined => {
    const leader = num(e['leader']);
    const zxid = num(e['zxid']);
    return leader === undefined || zxid === undefined ? undefined : { kind: 'sync-received', leader, zxid };
  }],
  ['zab-proposal', txnEvent('proposal')],
  ['zab-commit', zxidEvent('commit')],
  ['zab-apply', txnEvent('apply')],
  ['snapshot-loaded', zxidEvent('snapshot-loaded')],
  ['log-truncated', (e: ServerEvent): ZabView | undefined => {
    const zxid = num(e['zxid']);
    const fromZxid = num(e['fromZxid']);
    return zxid === undefined || fromZxid === undefined ? undefined : { kind: 'log-truncated', zxid, fromZxid };
  }],
  ['zab-step-down', (e: ServerEvent): ZabView | undefined => {
    const r = role(e['role']);
    return r === undefined ? undefined : { kind: 'step-down', role: r };
  }],
  ['halted', (): ZabView => ({ kind: 'halted' })],
]);

/**
 * The zxid and txn of a zab-apply or zab-proposal read in place, for the loops that visit every txn of a
 * run: no object is made (zabView makes two per event).
 */
export function txnZxidOf(e: ServerEvent): number | undefined {
  const z = e['zxid'];
  return typeof z === 'number' && typeof e['session'] === 'number' && typeof e['cxid'] === 'number' && typeof e['op'] === 'string' ? z : undefined;
}

/** Two zab-apply/zab-proposal events carry the same txn, as far as both tell (an unknown cxid, -1, matches any). */
export function sameTxnIn(a: ServerEvent, b: ServerEvent): boolean {
  const ac = a['cxid'];
  const bc = b['cxid'];
  return a['session'] === b['session'] && a['op'] === b['op']
    && (ac === bc || (typeof ac === 'number' && ac < 0) || (typeof bc === 'number' && bc < 0));
}

/** The event as the Zab checkers see it, or undefined when they do not read it. */
export function zabView(e: ServerEvent): ZabView | undefined {
  const decode = DECODERS.get(e.event);
  return decode === undefined ? undefined : decode(e);
}

export function describeTxn(t: TxnId): string {
  return `session 0x${t.session.toString(16)} cxid ${t.cxid} ${t.op}`;
}

/** The txn of a zab-apply/zab-proposal event, for messages. */
export function describeIn(e: ServerEvent): string {
  const t = txnOf(e);
  return t === undefined ? '(no txn fields)' : describeTxn(t);
}
