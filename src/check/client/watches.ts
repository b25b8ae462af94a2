/**
 * Watches (zk-client-semantics.md 5; simulators.md 14.1, 14.3): one-shot and ordered. A read that left a
 * watch at reply zxid z is triggered by the first write after z that fires it (by the tree model:
 * setData/delete/create of the node for data and exist watches; child create/delete or delete of the
 * node for child watches), at zxid w. The client must get a matching event before any of its replies
 * with zxid >= w, unless its session ended first; a reconnect in between does not excuse it (setWatches
 * re-arms the watch with the client's last zxid, which is < w), except for an exist watch whose node was
 * deleted again before the server could look. With no such reply, a watch still unanswered at the end
 * while connected, triggered by a write acknowledged 10 s before the end, is lost. And a client never
 * gets an event no armed watch accounts for (registrations of one path and kind merge, ZooKeeper keeps a
 * set). Notifications carry zxid -1, so the trigger is inferred from the path and the order.
 */
import type { RunHistory } from '../../history/index.ts';
import type { Checker, CheckResult } from '../types.ts';
import { changeIndexOf, firstAfter } from './change-index.ts';
import type { ChangeIndex } from './change-index.ts';
import { atMs, endMicros, hex, indexOf, opLabel } from './ops.ts';
import type { Change } from './tree-model.ts';
import { Violations, count, result } from './verdict.ts';
import { clientView, firstAnswer, firstReplyAtLeast } from './watch-view.ts';
import type { ClientView, Registration, WatchEvent } from './watch-view.ts';

const NAME = 'watches';
/** A trigger acknowledged at least this long before the end must have been delivered. */
const DELIVERY_GRACE_MICROS = 10_000_000;

export const watches: Checker = {
  name: NAME,
  description: 'a triggered watch is delivered once, before any reply at or above the triggering zxid, unless the session ended',
  check,
};

interface Tally {
  set: number;
  delivered: number;
  untriggered: number;
  excused: number;
  undecided: number;
}

function check(history: RunHistory): CheckResult {
  const v = new Violations(NAME);
  const index = indexOf(history);
  const changes = changeIndexOf(history);
  const tally: Tally = { set: 0, delivered: 0, untriggered: 0, excused: 0, undecided: 0 };
  let oneShotSkipped = 0;
  for (const [client, ops] of index.byClient) {
    const events = index.eventsByClient.get(client) ?? [];
    if (!ops.some((o) => o.watch === true) && !events.some((e) => e.kind === 'watch')) continue;
    const c = clientView(ops, events);
    for (const reg of c.registrations) judge(history, changes, c, reg, tally, v);
    if (ops.some((o) => o.op === 'other')) oneShotSkipped++;
    else oneShot(client, c, v);
  }
  const events = history.clientEvents.filter((e) => e.kind === 'watch').length;
  if (tally.set === 0 && events === 0) return result(v, '', 'no watches set');
  const skipped = oneShotSkipped === 0 ? '' : `; one-shot not judged for ${count(oneShotSkipped)} clients with other (e.g. addWatch) ops`;
  return result(v, `${count(tally.set)} watches set: ${count(tally.delivered)} delivered in order, ${count(tally.untriggered)} not triggered, ${count(tally.excused)} excused (session ended, disconnected, raced), ${count(tally.undecided)} undecided; ${count(events)} events${skipped}`);
}

function judge(history: RunHistory, changes: ChangeIndex, c: ClientView, reg: Registration, tally: Tally, v: Violations): void {
  tally.set++;
  const trigger = triggerOf(changes, reg);
  if (trigger === 'none') {
    tally.untriggered++;
    return;
  }
  if (trigger === 'undecided') {
    tally.undecided++;
    return;
  }
  const w = trigger.zxid;
  const due = firstReplyAtLeast(c, reg.seq, w);
  const event = firstAnswer(c, reg.path, reg.kind, reg.seq);
  if (event !== undefined && (due === undefined || event.seq < due.completeSeq)) {
    tally.delivered++;
    return;
  }
  if (c.endSeq !== undefined && c.endSeq > reg.seq && (due === undefined || c.endSeq < due.completeSeq)) {
    tally.excused++;
    return;
  }
  const what = `${reg.kind} watch of ${opLabel(reg.op)} (triggered at ${hex(w)} by ${trigger.op >= 0 ? `#${trigger.op}` : 'a session close'})`;
  if (due === undefined) {
    lostAtEnd(history, c, trigger, what, reg, tally, v);
    return;
  }
  const broke = c.breaks.some((s) => s > reg.seq && s < due.completeSeq);
  if (broke && reg.kind === 'exist' && deletedAgain(changes, reg.path, w, due.zxid ?? w)) {
    tally.excused++;
    return;
  }
  const late = event === undefined ? 'never delivered' : `delivered only at seq ${event.seq}`;
  v.add(`${what} ${late}, yet ${opLabel(due)} was answered at ${hex(due.zxid ?? w)} >= ${hex(w)} first`, atMs(due), [reg.op.id, due.id, ...(trigger.op >= 0 ? [trigger.op] : [])]);
}

/** No reply at or above the trigger: the event is owed by the end if the client stayed connected. */
function lostAtEnd(history: RunHistory, c: ClientView, trigger: Change, what: string, reg: Registration, tally: Tally, v: Violations): void {
  const event = firstAnswer(c, reg.path, reg.kind, reg.seq);
  if (event !== undefined) {
    tally.delivered++;
    return;
  }
  if (!c.connectedAtEnd) {
    tally.excused++;
    return;
  }
  const writer = trigger.op >= 0 ? history.ops[trigger.op] : undefined;
  const end = endMicros(history);
  if (writer === undefined || writer.completeMicros < 0 || end - writer.completeMicros < DELIVERY_GRACE_MICROS) {
    tally.undecided++;
    return;
  }
  v.add(`${what} was never delivered although ${reg.op.client} stayed connected to the end (lost watch)`, end / 1000, [reg.op.id, writer.id]);
}

/** The first change after the watch's zxid that fires it; undecided when an assumed write may come first. */
function triggerOf(changes: ChangeIndex, reg: Registration): Change | 'none' | 'undecided' {
  const own = changes.onPath(reg.path);
  const candidates: { list: readonly Change[]; i: number }[] = [];
  if (reg.kind === 'child') {
    const kids = changes.underParent(reg.path);
    candidates.push({ list: kids, i: firstAfter(kids, reg.zxid) });
    const deletes = own.filter((ch) => ch.kind === 'delete');
    candidates.push({ list: deletes, i: firstAfter(deletes, reg.zxid) });
  } else {
    candidates.push({ list: own, i: firstAfter(own, reg.zxid) });
  }
  let first: Change | undefined;
  for (const { list, i } of candidates) {
    const ch = list[i];
    if (ch !== undefined && (first === undefined || ch.zxid < first.zxid)) first = ch;
  }
  if (first === undefined) return 'none';
  for (const { list, i } of candidates) {
    for (let j = i; j < list.length && j < i + 8; j++) {
      const ch = list[j];
      if (ch !== undefined && !ch.exact && ch.lo < first.zxid) return 'undecided';
    }
  }
  return first;
}

/** True when the node was deleted again after w, no later than zxid `upTo`. */
function deletedAgain(changes: ChangeIndex, path: string, w: number, upTo: number): boolean {
  const own = changes.onPath(path);
  for (let i = firstAfter(own, w); i < own.length; i++) {
    const ch = own[i];
    if (ch === undefined || ch.zxid > upTo) return false;
    if (ch.kind === 'delete') return true;
  }
  return false;
}

/**
 * One-shot: in seq order, a registration arms the (path, data|child) watch, an event needs one armed
 * and disarms what it fires (NodeDeleted both), and a session end disarms everything.
 */
function oneShot(client: string, c: ClientView, v: Violations): void {
  const armed = new Map<string, { data: boolean; child: boolean }>();
  const regs = c.registrations;
  let r = 0;
  for (const e of c.watchEvents) {
    for (; r < regs.length && (regs[r]?.seq ?? Infinity) < e.seq; r++) {
      const reg = regs[r];
      if (reg === undefined) continue;
      if (c.endSeq !== undefined && reg.seq > c.endSeq) continue;
      const a = armed.get(reg.path) ?? { data: false, child: false };
      if (reg.kind === 'child') a.child = true;
      else a.data = true;
      armed.set(reg.path, a);
    }
    if (c.endSeq !== undefined && e.seq > c.endSeq) break;
    fire(client, armed, e, v);
  }
}

function fire(client: string, armed: Map<string, { data: boolean; child: boolean }>, e: WatchEvent, v: Violations): void {
  const a = armed.get(e.path) ?? { data: false, child: false };
  let ok: boolean;
  switch (e.type) {
    case 'NodeDataChanged': case 'NodeCreated':
      ok = a.data;
      a.data = false;
      break;
    case 'NodeDeleted':
      ok = a.data || a.child;
      a.data = false;
      a.child = false;
      break;
    case 'NodeChildrenChanged':
      ok = a.child;
      a.child = false;
      break;
    case 'DataWatchRemoved':
      ok = true;
      a.data = false;
      break;
    case 'ChildWatchRemoved':
      ok = true;
      a.child = false;
      break;
    case 'PersistentWatchRemoved':
      ok = true;
      break;
  }
  armed.set(e.path, a);
  if (!ok) v.add(`${client} got ${e.type} on ${e.path} (seq ${e.seq}) with no watch armed there: watches are one-shot`, e.atMicros / 1000);
}

