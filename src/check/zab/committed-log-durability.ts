/**
 * Committed log durability (mixed_v1.tla CommittedLogDurability): a TRUNC never removes a committed txn.
 * A log-truncated on a server, from fromZxid back to zxid, drops the zxids in (zxid, fromZxid]; none of
 * them may be known committed (committed-log.ts: committed by a leader, applied in broadcast, applied in
 * a sync from an established leader, or in an established leader's initial history) before the event.
 */
import type { RunHistory } from '../../history/index.ts';
import type { CheckResult, Checker } from '../types.ts';
import { committedLog, upperBound } from './committed-log.ts';
import type { CommittedLog } from './committed-log.ts';
import { zabView } from './events.ts';
import { Findings, unknownResult } from './findings.ts';
import { hex } from './zxids.ts';

const NAME = 'committed-log-durability';

interface Dropped {
  readonly first: number;
  readonly firstIdx: number;
  readonly count: number;
}

/** The committed zxids in (zxid, fromZxid] known committed before event `idx`. */
function droppedCommitted(log: CommittedLog, zxid: number, fromZxid: number, idx: number): Dropped | undefined {
  let found: Dropped | undefined;
  for (let i = upperBound(log.sequence, zxid); i < log.sequence.length; i++) {
    const z = log.sequence[i];
    if (z === undefined || z > fromZxid) break;
    const at = log.committedAt.get(z);
    if (at === undefined || at >= idx) continue;
    found = found === undefined ? { first: z, firstIdx: at, count: 1 } : { ...found, count: found.count + 1 };
  }
  return found;
}

function check(history: RunHistory): CheckResult {
  const findings = new Findings(NAME);
  let log: CommittedLog | undefined;
  let truncations = 0;
  history.serverEvents.forEach((e, idx) => {
    const v = e.event === 'log-truncated' ? zabView(e) : undefined;
    if (v?.kind !== 'log-truncated') return;
    truncations += 1;
    log ??= committedLog(history);
    const dropped = droppedCommitted(log, v.zxid, v.fromZxid, idx);
    if (dropped === undefined) return;
    const more = dropped.count > 1 ? ` and ${dropped.count - 1} more committed zxid(s)` : '';
    findings.add(
      `CommittedLogDurability: server ${e.server} truncated its log from ${hex(v.fromZxid)} to ${hex(v.zxid)}, dropping committed ${hex(dropped.first)}${more}`,
      e.atMicros, [dropped.firstIdx, idx],
    );
  });
  if (truncations === 0) return unknownResult(NAME, 'no server truncated its log (no log-truncated events)');
  return findings.result(`${truncations} log truncation(s)`, 'none dropped a committed zxid');
}

export const committedLogDurabilityChecker: Checker = {
  name: NAME,
  description: 'CommittedLogDurability: a TRUNC sync never drops a txn that was already committed',
  check,
};
