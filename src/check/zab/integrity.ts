/**
 * Integrity (Zab.tla Integrity): every txn a server applied was broadcast by a primary: there is a
 * zab-proposal of that zxid, before the apply, by the server that established leadership of the zxid's
 * epoch, with the same (session, cxid, op). When the history holds neither a proposal of the zxid nor an
 * established leader of its epoch (a history that starts mid-run), the zxid is counted as undecided,
 * never guessed.
 */
import type { RunHistory, ServerEvent } from '../../history/index.ts';
import type { CheckResult, Checker } from '../types.ts';
import { describeIn, sameTxnIn, txnZxidOf, zabView } from './events.ts';
import { Findings, unknownResult } from './findings.ts';
import { ZxidIndex } from './zxid-index.ts';
import { epochOfZxid, hex } from './zxids.ts';

const NAME = 'integrity';

interface Primaries {
  /** Epoch -> the first server that established it. */
  readonly leaders: Map<number, number>;
  /** Zxid -> the index of its first proposal. */
  readonly proposals: ZxidIndex;
}

function primaries(history: RunHistory): Primaries {
  const p: Primaries = { leaders: new Map(), proposals: new ZxidIndex() };
  history.serverEvents.forEach((e, idx) => {
    if (e.event !== 'zab-serving' && e.event !== 'zab-proposal') return;
    const v = zabView(e);
    if (v?.kind === 'serving' && v.role === 'leader' && !p.leaders.has(v.epoch)) p.leaders.set(v.epoch, e.server);
    if (v?.kind === 'proposal' && !p.proposals.has(v.zxid)) p.proposals.set(v.zxid, idx);
  });
  return p;
}

/** One apply judged: properly proposed, undecidable, or what is wrong with it. */
type Judgement = 'ok' | 'unknown' | { readonly violation: string; readonly proposalIdx: number | undefined };

function appliedText(e: ServerEvent, zxid: number): string {
  return `server ${e.server} applied ${hex(zxid)} (${describeIn(e)})`;
}

/** The apply `e` of `zxid` at event index `idx`. */
function judge(history: RunHistory, p: Primaries, e: ServerEvent, zxid: number, idx: number): Judgement {
  const epoch = epochOfZxid(zxid);
  const leader = p.leaders.get(epoch);
  const proposalIdx = p.proposals.get(zxid);
  const proposal = proposalIdx === undefined ? undefined : history.serverEvents[proposalIdx];
  if (proposalIdx === undefined || proposal === undefined) {
    if (leader === undefined) return 'unknown';
    return { violation: `Integrity: ${appliedText(e, zxid)}, never proposed by server ${leader}, the leader of epoch ${epoch}`, proposalIdx: undefined };
  }
  const by = proposal.server;
  if (leader !== undefined && by !== leader) {
    return { violation: `Integrity: ${appliedText(e, zxid)}, proposed by server ${by}, which did not establish epoch ${epoch} (server ${leader} did)`, proposalIdx };
  }
  if (proposalIdx > idx) return { violation: `Integrity: ${appliedText(e, zxid)} before server ${by} proposed it`, proposalIdx };
  if (!sameTxnIn(proposal, e)) return { violation: `Integrity: ${appliedText(e, zxid)}, but server ${by} proposed ${describeIn(proposal)}`, proposalIdx };
  return 'ok';
}

function check(history: RunHistory): CheckResult {
  const findings = new Findings(NAME);
  const p = primaries(history);
  const reported = new Set<number>();
  const checked = new ZxidIndex();
  const undecided = new ZxidIndex();
  history.serverEvents.forEach((e, idx) => {
    const z = e.event === 'zab-apply' ? txnZxidOf(e) : undefined;
    if (z === undefined) return;
    const verdict = judge(history, p, e, z, idx);
    if (verdict === 'unknown') {
      undecided.set(z, idx);
      return;
    }
    checked.set(z, idx);
    if (verdict === 'ok' || reported.has(z)) return;
    reported.add(z);
    findings.add(verdict.violation, e.atMicros, verdict.proposalIdx === undefined ? [idx] : [verdict.proposalIdx, idx]);
  });
  if (checked.size === 0) {
    return unknownResult(NAME, undecided.size === 0
      ? 'no server applied a txn (no zab-apply events)'
      : `${undecided.size} applied zxid(s), none of an epoch whose leader or proposals are in the history`);
  }
  const note = undecided.size > 0 ? `; ${undecided.size} zxid(s) of epochs with no recorded leader or proposal left undecided` : '';
  return findings.result(`${checked.size} applied zxid(s)${note}`, 'each proposed by its epoch\'s leader with the same txn');
}

export const integrityChecker: Checker = {
  name: NAME,
  description: 'Zab Integrity: every applied txn was proposed, with the same content, by the leader that established its epoch',
  check,
};
