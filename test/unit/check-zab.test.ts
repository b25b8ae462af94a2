// The Zab invariant checkers and the convergence/liveness checkers (src/check/zab) over hand-built
// histories: for each checker a correct history that passes, and a minimally broken one that fails naming
// that checker (two leaders in one epoch, one zxid applied as two txns, a follower skipping a txn, a TRUNC
// dropping a committed txn, an orphaned logged txn kept...). Why: these checkers judge every simulated run,
// so each must both accept what real ZooKeeper legitimately does (tentative applies during a sync, a new
// leader's uncommitted tail committed by NEWLEADER, reloads after a crash) and catch the bug it names.
// The last group replays the Zab events of a recorded run (3 servers, leader 3 crashes at 2 s).
import { describe, expect, it } from 'vitest';
import { zxid } from '../../src/base/index.ts';
import type { JsonValue } from '../../src/base/index.ts';
import type { CheckResult, Checker } from '../../src/check/index.ts';
import {
  agreementChecker, committedLogDurabilityChecker, convergenceCheckers, epochsMonotoneChecker, integrityChecker, leaderAfterHealChecker,
  leaderLogCompletenessChecker, leadershipChecker, noStuckElectionChecker, serversConvergeChecker, totalOrderChecker, zabCheckers,
} from '../../src/check/zab/index.ts';
import type { FinalServer, LifecycleEvent, RunHistory, RunMeta, ServerEvent } from '../../src/history/index.ts';

const SESSION = 0x10000000000;
const z = (epoch: number, counter: number): number => zxid(epoch, counter);

type Fields = Record<string, JsonValue>;

/** A history built event by event on a virtual clock (ms), with helpers for the usual Zab steps. */
class Run {
  private nowMicros = 0;
  readonly serverEvents: ServerEvent[] = [];
  readonly lifecycle: LifecycleEvent[] = [];
  final: FinalServer[] = [];
  meta: RunMeta = {
    scenario: 'test', seed: 1, servers: [1, 2, 3], observers: [], tickTimeMs: 500, syncLimitTicks: 5, initLimitTicks: 10,
    healMicros: 0, endMicros: 0,
  };

  at(ms: number): this {
    this.nowMicros = ms * 1000;
    return this;
  }

  emit(server: number, event: string, fields: Fields = {}): this {
    this.nowMicros += 10;
    this.serverEvents.push({ atMicros: this.nowMicros, server, event, ...fields });
    return this;
  }

  life(server: number, event: LifecycleEvent['event']): this {
    this.lifecycle.push({ atMicros: this.nowMicros, server, event });
    return this;
  }

  looking(server: number, lastLoggedZxid: number, currentEpoch: number, acceptedEpoch = currentEpoch): this {
    return this.emit(server, 'peer-state', { state: 'LOOKING', reason: 'test', currentEpoch, acceptedEpoch, lastLoggedZxid });
  }

  /** Election, discovery and an empty-DIFF sync of `followers`, then the leader and they serve `epoch`. */
  lead(leader: number, epoch: number, followers: readonly number[], sync: 'DIFF' | 'none' = 'DIFF'): this {
    this.emit(leader, 'peer-state', { state: 'LEADING', leader });
    for (const f of followers) this.emit(f, 'peer-state', { state: 'FOLLOWING', leader });
    this.emit(leader, 'zab-epoch-proposed', { epoch, quorum: [leader, ...followers] });
    for (const f of followers) this.emit(f, 'zab-epoch-accepted', { epoch, leader });
    this.emit(leader, 'zab-epoch-current', { epoch });
    for (const f of followers) {
      if (sync === 'DIFF') this.emit(f, 'zab-sync-received', { leader, mode: 'DIFF', zxid: 0 });
      this.emit(f, 'zab-epoch-current', { epoch });
    }
    this.emit(leader, 'zab-serving', { epoch, role: 'leader', leader });
    for (const f of followers) this.emit(f, 'zab-serving', { epoch, role: 'follower', leader });
    return this;
  }

  /** One txn proposed by `leader`, committed, applied by the leader and `appliers`. */
  write(leader: number, zx: number, appliers: readonly number[], cxid = zx % 1000): this {
    const txn = { session: SESSION, cxid, op: 'create' };
    this.emit(leader, 'zab-proposal', { zxid: zx, ...txn });
    this.emit(leader, 'zab-commit', { zxid: zx });
    this.emit(leader, 'zab-apply', { zxid: zx, ...txn });
    for (const s of appliers) this.emit(s, 'zab-apply', { zxid: zx, ...txn });
    return this;
  }

  apply(server: number, zx: number, cxid = zx % 1000): this {
    return this.emit(server, 'zab-apply', { zxid: zx, session: SESSION, cxid, op: 'create' });
  }

  ending(healMs: number, endMs: number, final: FinalServer[]): this {
    this.meta = { ...this.meta, healMicros: healMs * 1000, endMicros: endMs * 1000 };
    this.final = final;
    return this;
  }

  history(): RunHistory {
    return {
      meta: this.meta, ops: [], clientEvents: [], serverEvents: this.serverEvents, lifecycle: this.lifecycle, faults: [], final: this.final,
    };
  }
}

function up(server: number, state: string, lastProcessedZxid: number, digest = 'd1'): FinalServer {
  return { server, up: true, state, serving: state !== 'LOOKING', lastProcessedZxid, digest, sessions: [], ephemerals: [] };
}

function down(server: number): FinalServer {
  return { server, up: false, state: 'DOWN', serving: false, lastProcessedZxid: -1, digest: '', sessions: [], ephemerals: [] };
}

/** Three servers start empty; 1 leads epoch 1 with 2 and 3; two txns go everywhere. */
function healthy(): Run {
  const r = new Run();
  for (const s of [1, 2, 3]) r.life(s, 'start').looking(s, 0, 0);
  r.lead(1, 1, [2, 3]);
  return r.write(1, z(1, 1), [2, 3]).write(1, z(1, 2), [2, 3]);
}

function expectPass(checker: Checker, h: RunHistory): CheckResult {
  const r = checker.check(h);
  expect(r.violations, r.reason).toEqual([]);
  expect(r.verdict, r.reason).toBe('pass');
  expect(r.checker).toBe(checker.name);
  return r;
}

function expectFail(checker: Checker, h: RunHistory, message: RegExp): CheckResult {
  const r = checker.check(h);
  expect(r.verdict, r.reason).toBe('fail');
  expect(r.violations.length).toBeGreaterThan(0);
  for (const v of r.violations) {
    expect(v.checker).toBe(checker.name);
    for (const i of v.events ?? []) expect(h.serverEvents[i]).toBeDefined();
  }
  expect(r.violations[0]?.message).toMatch(message);
  return r;
}

describe('the exports', () => {
  it('lists every Zab invariant and every convergence checker once, with distinct names', () => {
    const names = [...zabCheckers, ...convergenceCheckers].map((c) => c.name);
    expect(new Set(names).size).toBe(10);
    expect(zabCheckers).toContain(totalOrderChecker);
    expect(convergenceCheckers).toContain(serversConvergeChecker);
  });

  it('passes every Zab invariant on a healthy run', () => {
    const h = healthy().history();
    for (const c of zabCheckers.filter((x) => x !== committedLogDurabilityChecker)) expectPass(c, h);
    expect(committedLogDurabilityChecker.check(h).verdict).toBe('unknown');
  });
});

describe('leadership', () => {
  it('passes one leader per epoch across a re-election', () => {
    const r = healthy().looking(1, z(1, 2), 1).looking(2, z(1, 2), 1).looking(3, z(1, 2), 1).lead(2, 2, [1, 3]);
    expect(expectPass(leadershipChecker, r.history()).reason).toMatch(/^2 established epoch/);
  });

  it('fails two servers establishing epoch 2', () => {
    const r = healthy().looking(2, z(1, 2), 1).lead(2, 2, [3]).looking(1, z(1, 2), 1).emit(1, 'zab-serving', { epoch: 2, role: 'leader', leader: 1 });
    const res = expectFail(leadershipChecker, r.history(), /Leadership2: servers 2 .* and 1 .* both established leadership of epoch 2/);
    expect(res.violations[0]?.events).toHaveLength(2);
  });

  it('fails a follower serving epoch 1 under a server that did not establish it', () => {
    const r = healthy().emit(3, 'zab-serving', { epoch: 1, role: 'follower', leader: 2 });
    expectFail(leadershipChecker, r.history(), /Leadership1: server 3 serves epoch 1 under leader 2, but server 1 established/);
  });

  it('is unknown when nobody established leadership', () => {
    expect(leadershipChecker.check(new Run().looking(1, 0, 0).history()).verdict).toBe('unknown');
  });
});

describe('agreement', () => {
  it('passes when a log-read copy lacks the cxid (-1 matches any)', () => {
    const r = healthy().apply(3, z(1, 2), -1);
    expectPass(agreementChecker, r.history());
  });

  it('fails one zxid applied with different cxids', () => {
    const r = healthy().emit(1, 'zab-proposal', { zxid: z(1, 3), session: SESSION, cxid: 7, op: 'create' })
      .emit(1, 'zab-commit', { zxid: z(1, 3) }).apply(1, z(1, 3), 7).apply(2, z(1, 3), 7).apply(3, z(1, 3), 8);
    const res = expectFail(agreementChecker, r.history(), /Agreement: zxid 0x100000003 applied as .*cxid 7 create on server 1 but as .*cxid 8 create on server 3/);
    expect(res.violations).toHaveLength(1);
  });
});

describe('integrity', () => {
  it('passes applies proposed by the epoch leader', () => {
    expect(expectPass(integrityChecker, healthy().history()).reason).toMatch(/^2 applied zxid/);
  });

  it('fails a txn applied that the epoch 1 leader never proposed', () => {
    const r = healthy().apply(2, z(1, 3)).apply(3, z(1, 3));
    expectFail(integrityChecker, r.history(), /Integrity: server 2 applied 0x100000003 .*never proposed by server 1, the leader of epoch 1/);
  });

  it('fails an apply whose content differs from the proposal', () => {
    const r = healthy().emit(1, 'zab-proposal', { zxid: z(1, 3), session: SESSION, cxid: 3, op: 'create' }).apply(2, z(1, 3), 3);
    r.emit(2, 'zab-apply', { zxid: z(1, 4), session: SESSION, cxid: 4, op: 'delete' });
    r.emit(1, 'zab-proposal', { zxid: z(1, 4), session: SESSION, cxid: 4, op: 'create' });
    expectFail(integrityChecker, r.history(), /Integrity: server 2 applied 0x100000004 .* before server 1 proposed it/);
  });

  it('leaves undecided the zxids of an epoch whose leader and proposals are not in the history', () => {
    const r = new Run().apply(2, z(4, 1)).apply(3, z(4, 1));
    expect(integrityChecker.check(r.history()).verdict).toBe('unknown');
    const mixed = healthy().apply(2, z(0x7, 1));
    expect(expectPass(integrityChecker, mixed.history()).reason).toMatch(/1 zxid\(s\) of epochs with no recorded leader or proposal left undecided/);
  });
});

describe('total-order', () => {
  it('passes a crash, a restart from disk and a DIFF catch-up', () => {
    const r = healthy().life(3, 'crash').write(1, z(1, 3), [2]).life(3, 'restart').looking(3, z(1, 1), 1);
    r.emit(3, 'peer-state', { state: 'FOLLOWING', leader: 1 }).emit(3, 'zab-sync-received', { leader: 1, mode: 'DIFF', zxid: z(1, 3) });
    r.apply(3, z(1, 2)).apply(3, z(1, 3)).emit(3, 'zab-serving', { epoch: 1, role: 'follower', leader: 1 });
    expect(expectPass(totalOrderChecker, r.history()).reason).toMatch(/3 server/);
  });

  it('passes a new leader whose uncommitted tail everyone logged (committed by NEWLEADER, never applied)', () => {
    const r = healthy().emit(1, 'zab-proposal', { zxid: z(1, 3), session: SESSION, cxid: 3, op: 'create' });
    r.looking(2, z(1, 3), 1).looking(3, z(1, 3), 1).lead(2, 2, [3]).write(2, z(2, 1), [3]);
    expectPass(totalOrderChecker, r.history());
  });

  it('passes a tentative sync from a leader that never established, dropped at the reload', () => {
    const r = healthy().looking(2, z(1, 2), 1).looking(3, z(1, 1), 1).emit(2, 'peer-state', { state: 'LEADING', leader: 2 });
    r.emit(3, 'zab-sync-received', { leader: 2, mode: 'DIFF', zxid: z(1, 2) }).apply(3, z(1, 2));
    r.emit(1, 'zab-proposal', { zxid: z(1, 9), session: SESSION, cxid: 9, op: 'create' }).apply(3, z(1, 9)); // 2 held an orphan
    r.looking(3, z(1, 1), 1).looking(2, z(1, 2), 1).lead(2, 2, [3]).apply(3, z(1, 2)).write(2, z(2, 1), [3]);
    expectPass(totalOrderChecker, r.history());
  });

  it('passes an orphan truncated away by TRUNC', () => {
    const r = healthy().looking(2, z(1, 2), 1).emit(3, 'zab-proposal', { zxid: z(1, 3), session: SESSION, cxid: 3, op: 'create' });
    r.looking(3, z(1, 3), 1).lead(2, 2, [3], 'none');
    r.emit(3, 'log-truncated', { zxid: z(1, 2), fromZxid: z(1, 3) }).write(2, z(2, 1), [3]);
    expectPass(totalOrderChecker, r.history());
  });

  it('fails a follower that skips a committed txn', () => {
    const r = healthy().emit(1, 'zab-proposal', { zxid: z(1, 3), session: SESSION, cxid: 3, op: 'create' })
      .emit(1, 'zab-commit', { zxid: z(1, 3) }).apply(1, z(1, 3)).apply(2, z(1, 3)).write(1, z(1, 4), [2, 3]);
    const res = expectFail(totalOrderChecker, r.history(), /LocalPrimaryOrder\/PrefixConsistency: server 3 applied 0x100000004 after 0x100000002, skipping committed 0x100000003/);
    expect(res.violations).toHaveLength(1);
  });

  it('fails a skip across epochs as GlobalPrimaryOrder', () => {
    const r = healthy().looking(1, z(1, 2), 1).looking(2, z(1, 2), 1).looking(3, z(1, 1), 1).lead(1, 2, [2, 3], 'none').write(1, z(2, 1), [2, 3]);
    expectFail(totalOrderChecker, r.history(), /GlobalPrimaryOrder\/PrefixConsistency: server 3 applied 0x200000001 after 0x100000001, skipping committed 0x100000002/);
  });

  it('fails an orphaned logged txn kept under the next epoch', () => {
    const r = healthy().emit(1, 'zab-proposal', { zxid: z(1, 3), session: SESSION, cxid: 3, op: 'create' });
    r.looking(1, z(1, 3), 1).looking(2, z(1, 2), 1).looking(3, z(1, 2), 1).lead(2, 2, [3]).write(2, z(2, 1), [3]);
    r.emit(1, 'peer-state', { state: 'FOLLOWING', leader: 2 }).emit(1, 'zab-sync-received', { leader: 2, mode: 'DIFF', zxid: z(2, 1) });
    r.apply(1, z(2, 1));
    expectFail(totalOrderChecker, r.history(), /ProcessConsistency\/PrefixConsistency: server 1 applied committed 0x200000001 on top of 0x100000003, which was never committed/);
  });

  it('fails a zxid applied twice in one segment', () => {
    const r = healthy().apply(2, z(1, 2));
    expectFail(totalOrderChecker, r.history(), /TotalOrder: server 2 applied 0x100000002 after 0x100000002/);
  });
});

describe('leader-log-completeness', () => {
  it('passes a leader whose log holds every committed zxid', () => {
    const r = healthy().looking(2, z(1, 2), 1).looking(3, z(1, 2), 1).lead(2, 2, [3]);
    expectPass(leaderLogCompletenessChecker, r.history());
  });

  it('fails a leader established without a committed txn', () => {
    const r = healthy().looking(3, z(1, 1), 1).lead(3, 2, [2]);
    const res = expectFail(leaderLogCompletenessChecker, r.history(),
      /LeaderLogCompleteness\/PrimaryIntegrity: server 3 established epoch 2 with lastLoggedZxid 0x100000001, but 0x100000002 was already committed/);
    expect(res.violations[0]?.events).toHaveLength(3);
  });
});

describe('committed-log-durability', () => {
  it('passes a TRUNC that drops only an uncommitted txn', () => {
    const r = healthy().looking(3, z(1, 3), 1).lead(2, 2, [3], 'none').emit(3, 'log-truncated', { zxid: z(1, 2), fromZxid: z(1, 3) });
    expect(expectPass(committedLogDurabilityChecker, r.history()).reason).toMatch(/^1 log truncation/);
  });

  it('fails a TRUNC that drops a committed txn', () => {
    const r = healthy().looking(3, z(1, 2), 1).lead(2, 2, [3], 'none').emit(3, 'log-truncated', { zxid: z(1, 1), fromZxid: z(1, 2) });
    expectFail(committedLogDurabilityChecker, r.history(),
      /CommittedLogDurability: server 3 truncated its log from 0x100000002 to 0x100000001, dropping committed 0x100000002/);
  });
});

describe('epochs-monotone', () => {
  it('passes epochs that only grow', () => {
    const r = healthy().looking(2, z(1, 2), 1, 1).lead(2, 2, [3]);
    expectPass(epochsMonotoneChecker, r.history());
  });

  it('fails acceptedEpoch below currentEpoch', () => {
    const r = healthy().looking(2, z(1, 2), 2, 1);
    expectFail(epochsMonotoneChecker, r.history(), /server 2 is LOOKING with acceptedEpoch 1 < currentEpoch 2/);
  });

  it('fails an accepted epoch that goes down after a restart', () => {
    const r = healthy().life(3, 'crash').life(3, 'restart').looking(3, z(1, 2), 0, 0);
    expectFail(epochsMonotoneChecker, r.history(), /server 3's accepted epoch went down from 1 to 0/);
  });
});

describe('leader-after-heal', () => {
  const bound = (10 + 2) * 500 + 1000; // ms: (initLimit + 2) ticks + 1 s

  it('passes a leader established soon after the heal', () => {
    const r = healthy().at(5000).looking(2, z(1, 2), 1).looking(3, z(1, 2), 1).at(6000).lead(2, 2, [3]).ending(5000, 20_000, []);
    expect(expectPass(leaderAfterHealChecker, r.history()).reason).toMatch(/server 2 established epoch 2/);
  });

  it('passes a leader from before the heal that is still leading', () => {
    const r = healthy().ending(5000, 20_000, [up(1, 'LEADING', z(1, 2)), up(2, 'FOLLOWING', z(1, 2)), up(3, 'FOLLOWING', z(1, 2))]);
    expect(expectPass(leaderAfterHealChecker, r.history()).reason).toMatch(/served through the heal phase/);
  });

  it('fails when the only leader stepped down and no new one came within the bound', () => {
    const r = healthy().at(4000).emit(1, 'zab-step-down', { role: 'leader', reason: 'test' }).looking(1, z(1, 2), 1)
      .at(5000 + bound + 1).lead(2, 2, [3]).ending(5000, 20_000, []);
    expectFail(leaderAfterHealChecker, r.history(), /no leader established within 7000 ms of the heal at 5000 ms: the first, server 2 of epoch 2/);
  });

  it('is unknown without a heal phase', () => {
    expect(leaderAfterHealChecker.check(healthy().ending(0, 0, []).history()).verdict).toBe('unknown');
  });
});

describe('servers-converge', () => {
  it('passes serving servers at one zxid and digest, ignoring a down one', () => {
    const r = healthy().ending(1000, 20_000, [up(1, 'LEADING', z(1, 2)), up(2, 'FOLLOWING', z(1, 2)), down(3)]);
    expectPass(serversConvergeChecker, r.history());
  });

  it('fails a serving server with another digest, naming the servers', () => {
    const r = healthy().ending(1000, 20_000, [up(1, 'LEADING', z(1, 2)), up(2, 'FOLLOWING', z(1, 2)), up(3, 'FOLLOWING', z(1, 2), 'd2')]);
    expectFail(serversConvergeChecker, r.history(), /server\(s\) 1,2 at 0x100000002 digest d1; server\(s\) 3 at 0x100000002 digest d2/);
  });

  it('fails no voter serving after a long heal phase, and is unknown below a quorum', () => {
    const none = healthy().ending(1000, 20_000, [up(1, 'LOOKING', z(1, 2)), down(2), down(3)]);
    expectFail(serversConvergeChecker, none.history(), /no voter is serving at the end of a heal phase of 19000 ms/);
    const minority = healthy().ending(1000, 20_000, [up(1, 'FOLLOWING', z(1, 2)), down(2), down(3)]);
    expect(serversConvergeChecker.check(minority.history()).verdict).toBe('unknown');
  });
});

describe('no-stuck-election', () => {
  it('passes when every up server left LOOKING, and a down one is not judged', () => {
    const r = healthy().ending(1000, 20_000, [up(1, 'LEADING', z(1, 2)), up(2, 'FOLLOWING', z(1, 2)), down(3)]);
    expect(expectPass(noStuckElectionChecker, r.history()).reason).toMatch(/^2 server/);
  });

  it('fails a server LOOKING since long before the end', () => {
    const r = healthy().at(3000).looking(3, z(1, 2), 1).ending(1000, 20_000, [up(1, 'LEADING', z(1, 2)), up(2, 'FOLLOWING', z(1, 2)), up(3, 'LOOKING', z(1, 2))]);
    expectFail(noStuckElectionChecker, r.history(), /server 3 is still LOOKING at the end, since 3000\.01 ms/);
  });

  it('does not judge a server that went LOOKING just before the end, nor a short heal phase', () => {
    const r = healthy().at(19_000).looking(3, z(1, 2), 1).ending(1000, 20_000, [up(1, 'LEADING', z(1, 2)), up(3, 'LOOKING', z(1, 2))]);
    expect(expectPass(noStuckElectionChecker, r.history()).reason).toMatch(/1 went LOOKING within the last/);
    expect(noStuckElectionChecker.check(healthy().ending(1000, 2000, []).history()).verdict).toBe('unknown');
  });
});

/** The Zab events of a recorded run: 3 servers, 3 leads epoch 1, seven txns, 3 crashes at 2 s, 2 leads epoch 2. */
const SAMPLE: readonly (readonly [number, number, string, Fields])[] = [
  [0, 1, 'peer-state', { state: 'LOOKING', reason: 'started', currentEpoch: 0, acceptedEpoch: 0, lastLoggedZxid: 0x0 }],
  [0, 2, 'peer-state', { state: 'LOOKING', reason: 'started', currentEpoch: 0, acceptedEpoch: 0, lastLoggedZxid: 0x0 }],
  [0, 3, 'peer-state', { state: 'LOOKING', reason: 'started', currentEpoch: 0, acceptedEpoch: 0, lastLoggedZxid: 0x0 }],
  [201298, 3, 'peer-state', { state: 'LEADING', leader: 3, round: 1, peerEpoch: 0, via: 'quorum' }],
  [201318, 1, 'peer-state', { state: 'FOLLOWING', leader: 3, round: 1, peerEpoch: 0, via: 'quorum' }],
  [201348, 2, 'peer-state', { state: 'FOLLOWING', leader: 3, round: 1, peerEpoch: 0, via: 'quorum' }],
  [202871, 3, 'zab-epoch-proposed', { epoch: 1, quorum: [3, 1] }],
  [204615, 2, 'zab-epoch-accepted', { epoch: 1, leader: 3 }],
  [204905, 3, 'zab-sync-planned', { learner: 2, mode: 'DIFF', zxid: 0x0, peerZxid: 0x0, reason: 'in-sync', txns: 0 }],
  [205373, 2, 'zab-sync-received', { leader: 3, mode: 'DIFF', zxid: 0x0 }],
  [205796, 1, 'zab-epoch-accepted', { epoch: 1, leader: 3 }],
  [206031, 3, 'zab-sync-planned', { learner: 1, mode: 'DIFF', zxid: 0x0, peerZxid: 0x0, reason: 'in-sync', txns: 0 }],
  [206284, 2, 'zab-epoch-current', { epoch: 1 }],
  [206407, 1, 'zab-sync-received', { leader: 3, mode: 'DIFF', zxid: 0x0 }],
  [206622, 3, 'zab-epoch-current', { epoch: 1 }],
  [206674, 3, 'zab-serving', { epoch: 1, role: 'leader', leader: 3 }],
  [207110, 2, 'zab-serving', { epoch: 1, role: 'follower', leader: 3 }],
  [207183, 1, 'zab-epoch-current', { epoch: 1 }],
  [207756, 1, 'zab-serving', { epoch: 1, role: 'follower', leader: 3 }],
  [317356, 3, 'zab-proposal', { zxid: 0x100000001, session: 0x30000ce0000, cxid: 0, op: 'createSession' }],
  [319111, 3, 'zab-commit', { zxid: 0x100000001 }],
  [319111, 3, 'zab-apply', { zxid: 0x100000001, session: 0x30000ce0000, cxid: 0, op: 'createSession' }],
  [319363, 1, 'zab-apply', { zxid: 0x100000001, session: 0x30000ce0000, cxid: 0, op: 'createSession' }],
  [319384, 2, 'zab-apply', { zxid: 0x100000001, session: 0x30000ce0000, cxid: 0, op: 'createSession' }],
  [319994, 3, 'zab-proposal', { zxid: 0x100000002, session: 0x30000ce0000, cxid: 1, op: 'create' }],
  [322296, 3, 'zab-commit', { zxid: 0x100000002 }],
  [322296, 3, 'zab-apply', { zxid: 0x100000002, session: 0x30000ce0000, cxid: 1, op: 'create' }],
  [322416, 1, 'zab-apply', { zxid: 0x100000002, session: 0x30000ce0000, cxid: 1, op: 'create' }],
  [322768, 2, 'zab-apply', { zxid: 0x100000002, session: 0x30000ce0000, cxid: 1, op: 'create' }],
  [792415, 3, 'zab-proposal', { zxid: 0x100000003, session: 0x20000cf0000, cxid: 0, op: 'createSession' }],
  [794533, 3, 'zab-commit', { zxid: 0x100000003 }],
  [794533, 3, 'zab-apply', { zxid: 0x100000003, session: 0x20000cf0000, cxid: 0, op: 'createSession' }],
  [794819, 2, 'zab-apply', { zxid: 0x100000003, session: 0x20000cf0000, cxid: 0, op: 'createSession' }],
  [795014, 1, 'zab-apply', { zxid: 0x100000003, session: 0x20000cf0000, cxid: 0, op: 'createSession' }],
  [796098, 3, 'zab-proposal', { zxid: 0x100000004, session: 0x30000ce0000, cxid: 2, op: 'setData' }],
  [798598, 3, 'zab-commit', { zxid: 0x100000004 }],
  [798598, 3, 'zab-apply', { zxid: 0x100000004, session: 0x30000ce0000, cxid: 2, op: 'setData' }],
  [798786, 2, 'zab-apply', { zxid: 0x100000004, session: 0x30000ce0000, cxid: 2, op: 'setData' }],
  [798923, 1, 'zab-apply', { zxid: 0x100000004, session: 0x30000ce0000, cxid: 2, op: 'setData' }],
  [799026, 3, 'zab-proposal', { zxid: 0x100000005, session: 0x30000ce0000, cxid: 3, op: 'create' }],
  [801728, 3, 'zab-commit', { zxid: 0x100000005 }],
  [801728, 3, 'zab-apply', { zxid: 0x100000005, session: 0x30000ce0000, cxid: 3, op: 'create' }],
  [801942, 2, 'zab-apply', { zxid: 0x100000005, session: 0x30000ce0000, cxid: 3, op: 'create' }],
  [802123, 1, 'zab-apply', { zxid: 0x100000005, session: 0x30000ce0000, cxid: 3, op: 'create' }],
  [802374, 3, 'zab-proposal', { zxid: 0x100000006, session: 0x30000ce0000, cxid: 4, op: 'error' }],
  [803436, 3, 'zab-commit', { zxid: 0x100000006 }],
  [803436, 3, 'zab-apply', { zxid: 0x100000006, session: 0x30000ce0000, cxid: 4, op: 'error' }],
  [803670, 1, 'zab-apply', { zxid: 0x100000006, session: 0x30000ce0000, cxid: 4, op: 'error' }],
  [803723, 2, 'zab-apply', { zxid: 0x100000006, session: 0x30000ce0000, cxid: 4, op: 'error' }],
  [804009, 3, 'zab-proposal', { zxid: 0x100000007, session: 0x30000ce0000, cxid: 5, op: 'multi' }],
  [805446, 3, 'zab-commit', { zxid: 0x100000007 }],
  [805446, 3, 'zab-apply', { zxid: 0x100000007, session: 0x30000ce0000, cxid: 5, op: 'multi' }],
  [805686, 2, 'zab-apply', { zxid: 0x100000007, session: 0x30000ce0000, cxid: 5, op: 'multi' }],
  [805891, 1, 'zab-apply', { zxid: 0x100000007, session: 0x30000ce0000, cxid: 5, op: 'multi' }],
  [2000231, 2, 'zab-step-down', { role: 'follower', reason: 'the leader closed the connection' }],
  [2000231, 2, 'peer-state', { state: 'LOOKING', reason: 'the leader closed the connection', currentEpoch: 1, acceptedEpoch: 1, lastLoggedZxid: 0x100000007 }],
  [2000424, 1, 'zab-step-down', { role: 'follower', reason: 'the leader closed the connection' }],
  [2000424, 1, 'peer-state', { state: 'LOOKING', reason: 'the leader closed the connection', currentEpoch: 1, acceptedEpoch: 1, lastLoggedZxid: 0x100000007 }],
  [2200661, 1, 'peer-state', { state: 'FOLLOWING', leader: 2, round: 2, peerEpoch: 1, via: 'quorum' }],
  [2200859, 2, 'peer-state', { state: 'LEADING', leader: 2, round: 2, peerEpoch: 1, via: 'quorum' }],
  [2202557, 2, 'zab-epoch-proposed', { epoch: 2, quorum: [2, 1] }],
  [2205552, 1, 'zab-epoch-accepted', { epoch: 2, leader: 2 }],
  [2205702, 2, 'zab-sync-planned', { learner: 1, mode: 'DIFF', zxid: 0x100000007, peerZxid: 0x100000007, reason: 'in-sync', txns: 0 }],
  [2206029, 1, 'zab-sync-received', { leader: 2, mode: 'DIFF', zxid: 0x100000007 }],
  [2206632, 2, 'zab-epoch-current', { epoch: 2 }],
  [2206939, 1, 'zab-epoch-current', { epoch: 2 }],
  [2207401, 2, 'zab-serving', { epoch: 2, role: 'leader', leader: 2 }],
  [2207738, 1, 'zab-serving', { epoch: 2, role: 'follower', leader: 2 }],
];

function sampleHistory(): RunHistory {
  const serverEvents = SAMPLE.map(([atMicros, server, event, fields]) => ({ atMicros, server, event, ...fields }));
  const lifecycle: LifecycleEvent[] = [
    { atMicros: 0, server: 1, event: 'start' }, { atMicros: 0, server: 2, event: 'start' }, { atMicros: 0, server: 3, event: 'start' },
    { atMicros: 2_000_000, server: 3, event: 'crash' },
  ];
  const final = [up(1, 'FOLLOWING', z(1, 7), 'bf954cc851bc6297'), up(2, 'LEADING', z(1, 7), 'bf954cc851bc6297'), down(3)];
  const meta: RunMeta = {
    scenario: 'sample', seed: 3, servers: [1, 2, 3], observers: [], tickTimeMs: 500, syncLimitTicks: 5, initLimitTicks: 10,
    healMicros: 2_000_000, endMicros: 4_000_000,
  };
  return { meta, ops: [], clientEvents: [], serverEvents, lifecycle, faults: [], final };
}

describe('a recorded run (leader 3 crashes at 2 s)', () => {
  it('holds every Zab invariant', () => {
    const h = sampleHistory();
    expect(expectPass(leadershipChecker, h).reason).toMatch(/^2 established epoch\(s\) and 3 learner/);
    expect(expectPass(agreementChecker, h).reason).toMatch(/^21 applies of 7 zxids/);
    expectPass(integrityChecker, h);
    expect(expectPass(totalOrderChecker, h).reason).toMatch(/, 7 committed zxid/);
    expect(expectPass(leaderLogCompletenessChecker, h).reason).toMatch(/^2 leader establishment/);
    expectPass(epochsMonotoneChecker, h);
    expect(committedLogDurabilityChecker.check(h).verdict).toBe('unknown');
  });

  it('converges after the crash: server 2 leads epoch 2 within the bound, 1 and 2 agree', () => {
    const h = sampleHistory();
    expect(expectPass(leaderAfterHealChecker, h).reason).toMatch(/server 2 established epoch 2 207\.401 ms after the heal/);
    expect(expectPass(serversConvergeChecker, h).reason).toMatch(/server\(s\) 1,2 at 0x100000007/);
    expect(noStuckElectionChecker.check(h).verdict).toBe('unknown'); // a 2 s heal phase is shorter than the 7 s bound
  });

  it('fails total-order when follower 1 misses 0x100000004', () => {
    const h = sampleHistory();
    const serverEvents = h.serverEvents.filter((e) => !(e.server === 1 && e.event === 'zab-apply' && e['zxid'] === z(1, 4)));
    expectFail(totalOrderChecker, { ...h, serverEvents }, /server 1 applied 0x100000005 after 0x100000003, skipping committed 0x100000004/);
  });
});
