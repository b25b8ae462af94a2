/**
 * Epoch files stay ordered (ZooKeeper's startup checks; mixed_v1.tla's epoch assertions): on every server
 * acceptedEpoch >= currentEpoch at each peer-state that reports them and whenever currentEpoch is written
 * (zab-epoch-current), and the accepted epoch never decreases: not across zab-epoch-proposed (a leader
 * persisting its new epoch), zab-epoch-accepted (a learner persisting the leader's) and peer-state
 * LOOKING, not across crashes and restarts (epoch files are written atomically and fsynced).
 */
import type { RunHistory, ServerEvent } from '../../history/index.ts';
import type { CheckResult, Checker } from '../types.ts';
import { zabView } from './events.ts';
import { Findings, unknownResult } from './findings.ts';

const NAME = 'epochs-monotone';

interface Known {
  readonly epoch: number;
  readonly idx: number;
}

class Walk {
  readonly findings = new Findings(NAME);
  readonly accepted = new Map<number, Known>();
  observations = 0;

  event(e: ServerEvent, idx: number): void {
    const v = zabView(e);
    if (v === undefined) return;
    if (v.kind === 'looking') this.looking(e, idx, v.acceptedEpoch, v.currentEpoch);
    if (v.kind === 'epoch-proposed' || v.kind === 'epoch-accepted') this.accept(e, idx, v.epoch, v.kind);
    if (v.kind === 'epoch-current') this.current(e, idx, v.epoch);
  }

  private looking(e: ServerEvent, idx: number, acceptedEpoch: number | undefined, currentEpoch: number | undefined): void {
    if (acceptedEpoch !== undefined && currentEpoch !== undefined) {
      this.observations += 1;
      if (acceptedEpoch < currentEpoch) {
        this.findings.add(`server ${e.server} is LOOKING with acceptedEpoch ${acceptedEpoch} < currentEpoch ${currentEpoch}`, e.atMicros, [idx]);
      }
    }
    if (acceptedEpoch !== undefined) this.accept(e, idx, acceptedEpoch, 'peer-state LOOKING');
  }

  private accept(e: ServerEvent, idx: number, epoch: number, how: string): void {
    this.observations += 1;
    const before = this.accepted.get(e.server);
    if (before !== undefined && epoch < before.epoch) {
      this.findings.add(`server ${e.server}'s accepted epoch went down from ${before.epoch} to ${epoch} (${how})`, e.atMicros, [before.idx, idx]);
    }
    this.accepted.set(e.server, { epoch, idx });
  }

  private current(e: ServerEvent, idx: number, epoch: number): void {
    this.observations += 1;
    const accepted = this.accepted.get(e.server);
    if (accepted === undefined || epoch <= accepted.epoch) return;
    this.findings.add(`server ${e.server} wrote currentEpoch ${epoch} above its acceptedEpoch ${accepted.epoch}`, e.atMicros, [accepted.idx, idx]);
  }
}

function check(history: RunHistory): CheckResult {
  const walk = new Walk();
  history.serverEvents.forEach((e, idx) => walk.event(e, idx));
  if (walk.observations === 0) return unknownResult(NAME, 'no server reported an epoch (no peer-state LOOKING or zab-epoch-* events)');
  return walk.findings.result(
    `${walk.observations} epoch observation(s) on ${walk.accepted.size} server(s)`, 'acceptedEpoch >= currentEpoch, accepted epochs never decrease',
  );
}

export const epochsMonotoneChecker: Checker = {
  name: NAME,
  description: 'acceptedEpoch >= currentEpoch on every server, and the accepted epoch never decreases',
  check,
};
