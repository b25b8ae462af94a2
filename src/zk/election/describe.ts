/**
 * Stable one-line printers for notifications, votes and election events: the text of golden transcripts,
 * logs and report tooltips. Changing a format changes every golden file, so change them on purpose.
 */
import { assertNever } from '../../base/index.ts';
import type { ServerId } from '../zab/index.ts';
import type { ElectionEvent, EstablishedCount, IgnoreReason } from './events.ts';
import type { ElectionDecision, Notification, Proposal, Vote } from './types.ts';
import { NO_VOTE } from './types.ts';

function hex(n: number): string {
  return n < 0 ? `${n}` : `0x${n.toString(16)}`;
}

/** `vote(3, zxid=0x100000002, epoch=1)`, or `vote(none)` for an observer's Long.MIN_VALUE proposal. */
export function describeProposal(p: Proposal): string {
  if (p.leader === NO_VOTE) return 'vote(none)';
  return `vote(${p.leader}, zxid=${hex(p.zxid)}, epoch=${p.peerEpoch})`;
}

/** `vote(3, zxid=0x0, epoch=0) round 1`. */
export function describeVote(v: Vote): string {
  return `${describeProposal(v)} round ${v.electionEpoch}`;
}

/** `LOOKING vote(3, zxid=0x0, epoch=0) round 1` (the version is printed only when it is not 2). */
export function describeNotification(n: Notification): string {
  const version = n.version === 2 ? '' : ` v${n.version}`;
  return `${n.state} ${describeVote(n)}${version}`;
}

const ids = (list: readonly ServerId[]): string => (list.length === 0 ? '{}' : `{${list.join(',')}}`);

function ms(micros: number): string {
  return `${micros / 1000}ms`;
}

const IGNORED: Record<IgnoreReason, string> = {
  'older-round': 'older round',
  'leader-not-a-voter': 'it proposes a server that is not a voter',
  'from-observer': 'the sender is OBSERVING',
  'no-database': 'our last zxid is -1',
  'sender-no-database': 'its zxid is -1',
  'not-better-while-finalizing': 'not better than ours, the finalize wait restarts',
  'not-looking': 'neither side is LOOKING',
};

function describeCount(c: EstablishedCount): string {
  if (!c.quorum) return `${ids(c.supporters)} no quorum`;
  return c.leaderChecked ? `${ids(c.supporters)} quorum` : `${ids(c.supporters)} quorum but checkLeader fails`;
}

export function describeDecision(d: ElectionDecision): string {
  return `${d.state} leader ${d.leader}, ${describeVote(d.vote)} (via ${d.via}, supporters ${ids(d.supporters)})`;
}

/** One event as a line, without the server's id (the caller prefixes it). */
export function describeEvent(e: ElectionEvent): string {
  switch (e.event) {
    case 'election-started':
      return `LOOKING: round ${e.round}, proposes ${describeProposal(e.proposal)}`;
    case 'vote-sent':
      return `sends ${describeNotification(e.notification)} to ${e.to.join(' ')} [${e.why}]`;
    case 'proposal-changed':
      return e.why === 'newer-round'
        ? `joins round ${e.round} (from ${e.from}), proposes ${describeProposal(e.proposal)}`
        : `adopts ${describeProposal(e.proposal)} (from ${e.from})`;
    case 'notification-ignored':
      return `ignores ${describeNotification(e.notification)} from ${e.from}: ${IGNORED[e.why]}`;
    case 'established-vote-counted':
      return `counts ${describeNotification(e.notification)} from ${e.from}: ` +
        `this round ${e.thisRound === null ? '-' : describeCount(e.thisRound)}, ` +
        `any round ${describeCount(e.anyRound)}`;
    case 'quorum-reached':
      return `quorum ${ids(e.supporters)} for ${describeProposal(e.proposal)} in round ${e.round}: ` +
        'finalize wait';
    case 'finalize-interrupted':
      return `finalize wait interrupted by a better vote from ${e.from}: ${describeNotification(e.notification)}`;
    case 'notification-timeout':
      return `no notification for ${ms(e.waitedMicros)}: re-sent, next wait ${ms(e.nextWaitMicros)}`;
    case 'vote-won':
      return `decides ${e.state}, leader ${e.leader}, ${describeVote(e.vote)} ` +
        `(via ${e.via}, supporters ${ids(e.supporters)})`;
    default:
      return assertNever(e, 'election event');
  }
}
