// Fast Leader Election's rules one at a time (FastLeaderElection.java and Vote.java, ZooKeeper 3.8),
// each driven directly through a fake port that records sends, timers and events: the vote order, vote
// equality, rounds, the receiver's answers, checkLeader, the finalize wait and the back-off timer, and
// the corners (zxid -1, non-voters, the observer's reply loop). A property at the end runs whole
// elections in random delivery orders and checks that everyone agrees on the best vote.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/base/index.ts';
import { zxid } from '../../src/base/index.ts';
import {
  FastLeaderElection, NOTIFICATION_VERSION, NO_VOTE, totalOrderPredicate, votesEqual,
} from '../../src/zk/election/index.ts';
import type {
  ElectionEvent, LookingInput, Notification, PeerState, Proposal, RecordedVote,
} from '../../src/zk/election/index.ts';
import { QuorumHierarchical, QuorumMaj } from '../../src/zk/zab/index.ts';
import type { QuorumVerifier, ServerId } from '../../src/zk/zab/index.ts';
import { ElectionHarness } from '../support/election-harness.ts';
import { checkProperty } from '../support/property.ts';

const FRESH: LookingInput = { currentEpoch: 0, lastLoggedZxid: 0 };

/** One election instance with a port that records everything. */
class Probe {
  now = 0;
  timer: number | undefined;
  readonly sent: { to: ServerId; n: Notification }[] = [];
  readonly events: ElectionEvent[] = [];
  readonly fle: FastLeaderElection;

  constructor(myId: ServerId, verifier: QuorumVerifier) {
    this.fle = new FastLeaderElection({
      myId,
      verifier,
      port: {
        now: () => this.now,
        send: (to, n) => this.sent.push({ to, n }),
        setTimer: (d) => { this.timer = this.now + d; },
        cancelTimer: () => { this.timer = undefined; },
        emit: (e) => this.events.push(e),
      },
    });
  }

  /** Moves to the armed timer and fires it. */
  fire(): ReturnType<FastLeaderElection['onTimer']> {
    if (this.timer === undefined) throw new Error('no timer armed');
    this.now = this.timer;
    this.timer = undefined;
    return this.fle.onTimer();
  }

  take(): { to: ServerId; n: Notification }[] {
    return this.sent.splice(0);
  }

  kinds(): string[] {
    return this.events.splice(0).map((e) => e.event);
  }
}

const note = (state: PeerState, leader: ServerId, z: number, round: number, peerEpoch: number): Notification =>
  ({ state, leader, zxid: z, electionEpoch: round, peerEpoch, version: NOTIFICATION_VERSION });
const looking = (leader: ServerId, round: number, z = 0, peerEpoch = 0): Notification => note('LOOKING', leader, z, round, peerEpoch);
const rec = (state: PeerState, leader: ServerId, z: number, round: number, peerEpoch: number, version: number): RecordedVote =>
  ({ state, leader, zxid: z, electionEpoch: round, peerEpoch, version });

describe('vote order (totalOrderPredicate)', () => {
  const one = (): number => 1;
  const p = (leader: ServerId, z: number, peerEpoch: number): Proposal => ({ leader, zxid: z, peerEpoch });

  it('compares the peer epoch first, then the zxid, then the id', () => {
    expect(totalOrderPredicate(one, p(1, zxid(1, 0), 2), p(3, zxid(1, 9), 1))).toBe(true);
    expect(totalOrderPredicate(one, p(1, zxid(1, 9), 1), p(3, zxid(1, 5), 1))).toBe(true);
    expect(totalOrderPredicate(one, p(3, zxid(1, 5), 1), p(1, zxid(1, 5), 1))).toBe(true);
    expect(totalOrderPredicate(one, p(1, zxid(1, 5), 1), p(3, zxid(1, 5), 1))).toBe(false);
    expect(totalOrderPredicate(one, p(3, zxid(1, 5), 1), p(3, zxid(1, 5), 1))).toBe(false); // not strictly better
  });

  it('a candidate of weight 0 never wins, whatever its epoch', () => {
    const weight = (id: ServerId): number => (id === 9 ? 0 : 1);
    expect(totalOrderPredicate(weight, p(9, zxid(5, 0), 5), p(1, 0, 0))).toBe(false);
    expect(totalOrderPredicate(weight, p(1, 0, 0), p(9, zxid(5, 0), 5))).toBe(false); // nor does 1 beat it: epoch
  });

  it('every real vote beats an observer\'s Long.MIN_VALUE proposal', () => {
    expect(totalOrderPredicate(one, p(1, 0, 0), p(NO_VOTE, NO_VOTE, NO_VOTE))).toBe(true);
  });
});

describe('vote equality (Vote.equals)', () => {
  it('a LOOKING vote on either side compares leader, zxid, election round and peer epoch', () => {
    expect(votesEqual(rec('LOOKING', 3, 5, 1, 1, 0), rec('FOLLOWING', 3, 5, 1, 1, 2))).toBe(true);
    expect(votesEqual(rec('LOOKING', 3, 5, 1, 1, 0), rec('LOOKING', 3, 5, 2, 1, 0))).toBe(false);
    expect(votesEqual(rec('LOOKING', 3, 5, 1, 1, 0), rec('FOLLOWING', 3, 6, 1, 1, 2))).toBe(false);
  });

  it('established votes of the same version compare the leader and the peer epoch only (ZOOKEEPER-1805)', () => {
    expect(votesEqual(rec('FOLLOWING', 3, 5, 1, 2, 2), rec('LEADING', 3, 9, 7, 2, 2))).toBe(true);
    expect(votesEqual(rec('FOLLOWING', 3, 5, 1, 2, 2), rec('LEADING', 3, 5, 1, 1, 2))).toBe(false);
  });

  it('established votes of which exactly one has a version compare the leader only', () => {
    expect(votesEqual(rec('FOLLOWING', 3, 5, 1, 2, 0), rec('LEADING', 3, 9, 7, 1, 2))).toBe(true);
    expect(votesEqual(rec('FOLLOWING', 3, 5, 1, 2, 0), rec('LEADING', 2, 5, 1, 2, 2))).toBe(false);
  });
});

describe('rounds and answers', () => {
  it('starting bumps the round, broadcasts to every voter (not to itself over the port) and arms 200 ms', () => {
    const a = new Probe(1, new QuorumMaj([1, 2, 3], [4]));
    a.fle.startLooking({ currentEpoch: 2, lastLoggedZxid: zxid(2, 7) });
    expect(a.fle.round).toBe(1);
    expect(a.take()).toEqual([2, 3].map((to) => ({ to, n: note('LOOKING', 1, zxid(2, 7), 1, 2) })));
    expect(a.timer).toBe(200_000);
    expect(a.fle.snapshot().recvset.map(([sid]) => sid)).toEqual([1]); // its own vote, via the loopback
  });

  it('a LOOKING notification of an older round is answered with our proposal and round, and not counted', () => {
    const a = new Probe(1, new QuorumMaj([1, 2, 3]));
    a.fle.startLooking(FRESH);
    a.fle.onNotification(2, looking(3, 5)); // round 5: adopt 3 and jump
    a.take();
    a.kinds();
    a.fle.onNotification(3, looking(3, 4));
    expect(a.take()).toEqual([{ to: 3, n: looking(3, 5) }]);
    expect(a.kinds()).toEqual(['vote-sent', 'notification-ignored']);
    expect(a.fle.snapshot().recvset.map(([sid]) => sid)).toEqual([1, 2]);
  });

  it('a newer round clears the votes of the old one and adopts the better of its vote and our own initial vote', () => {
    const a = new Probe(2, new QuorumMaj([1, 2, 3, 4, 5]));
    a.fle.startLooking({ currentEpoch: 1, lastLoggedZxid: zxid(1, 9) });
    a.fle.onNotification(5, looking(5, 1, zxid(1, 3), 1)); // round 1, worse than ours: counted
    expect(a.fle.snapshot().recvset.map(([sid]) => sid)).toEqual([2, 5]);
    a.fle.onNotification(1, looking(1, 3, zxid(1, 2), 1)); // round 3, worse than ours: keep our own vote
    const s = a.fle.snapshot();
    expect(s.round).toBe(3);
    expect(s.proposal).toEqual({ leader: 2, zxid: zxid(1, 9), peerEpoch: 1 });
    expect(s.recvset.map(([sid]) => sid)).toEqual([1, 2]); // 5's round-1 vote is gone
  });

  it('notifications from a server with zxid -1, or to one, are ignored (no database)', () => {
    const a = new Probe(1, new QuorumMaj([1, 2, 3]));
    a.fle.startLooking(FRESH);
    a.kinds();
    a.fle.onNotification(2, looking(2, 1, -1));
    expect(a.events.at(-1)).toMatchObject({ event: 'notification-ignored', why: 'sender-no-database' });
    const b = new Probe(1, new QuorumMaj([1, 2, 3]));
    b.fle.startLooking({ currentEpoch: 0, lastLoggedZxid: -1 });
    b.fle.onNotification(2, looking(2, 1));
    expect(b.events.at(-1)).toMatchObject({ event: 'notification-ignored', why: 'no-database' });
  });

  it('a vote for a server that is not a voter, or from an OBSERVING sender, is ignored', () => {
    const a = new Probe(1, new QuorumMaj([1, 2, 3], [4]));
    a.fle.startLooking(FRESH);
    a.fle.onNotification(2, looking(4, 1));
    expect(a.events.at(-1)).toMatchObject({ event: 'notification-ignored', why: 'leader-not-a-voter' });
    a.fle.onNotification(2, note('OBSERVING', 3, 0, 1, 0));
    expect(a.events.at(-1)).toMatchObject({ event: 'notification-ignored', why: 'from-observer' });
  });

  it('once decided, LOOKING peers get the current vote (with the epoch updateElectionVote set), others nothing', () => {
    const a = new Probe(3, new QuorumMaj([1, 2, 3]));
    a.fle.startLooking(FRESH);
    a.fle.onNotification(1, looking(3, 1));
    expect(a.fire()).toMatchObject({ leader: 3, state: 'LEADING' });
    a.fle.updateElectionVote(1);
    a.take();
    a.kinds();
    a.fle.onNotification(1, looking(1, 7));
    expect(a.take()).toEqual([{ to: 1, n: note('LEADING', 3, 0, 1, 1) }]);
    a.fle.onNotification(2, note('FOLLOWING', 3, 0, 1, 1));
    expect(a.take()).toEqual([]);
    expect(a.events.at(-1)).toMatchObject({ event: 'notification-ignored', why: 'not-looking' });
  });

  it('refuses a second startLooking during an election, a notification before the first, and a timer not armed', () => {
    const a = new Probe(1, new QuorumMaj([1, 2, 3]));
    expect(() => a.fle.onNotification(2, looking(2, 1))).toThrow(/before it started/);
    a.fle.startLooking(FRESH);
    expect(() => a.fle.startLooking(FRESH)).toThrow(/already looking/);
    a.now = 100_000;
    expect(() => a.fle.onTimer()).toThrow(/early/);
  });
});

describe('the finalize wait and the back-off', () => {
  it('a notification that does not beat the proposal restarts the 200 ms wait; silence then decides', () => {
    const a = new Probe(3, new QuorumMaj([1, 2, 3]));
    a.fle.startLooking(FRESH);
    a.fle.onNotification(1, looking(3, 1));
    expect(a.fle.snapshot().phase).toBe('finalizing');
    a.now = 150_000;
    a.fle.onNotification(2, looking(2, 1));
    expect(a.timer).toBe(350_000);
    expect(a.fle.snapshot().recvset.map(([sid]) => sid)).toEqual([1, 3]); // dropped, not counted
    expect(a.fire()).toMatchObject({ leader: 3, state: 'LEADING', via: 'quorum', supporters: [1, 3] });
    expect(a.timer).toBeUndefined();
  });

  it('the wait doubles on every timeout up to the maximum, and a notification re-arms it at its current length', () => {
    const a = new Probe(3, new QuorumMaj([1, 2, 3]));
    a.fle.startLooking(FRESH);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      const before = a.now;
      a.fire();
      expect(a.now - before).toBe(i === 0 ? 200_000 : waits[i - 1]);
      waits.push((a.timer ?? 0) - a.now);
    }
    expect(waits.map((w) => w / 1000)).toEqual([400, 800, 1600, 3200, 6400, 12_800, 25_600, 51_200, 60_000, 60_000, 60_000, 60_000]);
    expect(a.take().filter((m) => m.to === 1)).toHaveLength(13); // the first broadcast, then once per timeout
    a.now += 1000;
    a.fle.onNotification(1, looking(1, 1)); // worse than ours: counted, no quorum
    expect(a.fle.snapshot().phase).toBe('looking');
    expect((a.timer ?? 0) - a.now).toBe(60_000_000);
  });
});

describe('joining an established ensemble (checkLeader)', () => {
  it('follows only once the leader itself says LEADING', () => {
    const a = new Probe(1, new QuorumMaj([1, 2, 3]));
    a.fle.startLooking({ currentEpoch: 1, lastLoggedZxid: zxid(1, 2) });
    expect(a.fle.onNotification(2, note('FOLLOWING', 3, zxid(1, 0), 4, 1))).toBeUndefined();
    expect(a.events.at(-1)).toMatchObject({
      event: 'established-vote-counted', thisRound: null, anyRound: { supporters: [2], quorum: false },
    });
    const d = a.fle.onNotification(3, note('LEADING', 3, zxid(1, 0), 4, 1));
    expect(d).toMatchObject({ leader: 3, state: 'FOLLOWING', via: 'outofelection', supporters: [2, 3] });
    expect(a.fle.round).toBe(4);
    expect(a.fle.getCurrentVote()).toEqual({ leader: 3, zxid: zxid(1, 0), electionEpoch: 4, peerEpoch: 1 });
  });

  it('a restarted former leader is not re-elected by stale FOLLOWING votes of another round', () => {
    const a = new Probe(3, new QuorumMaj([1, 2, 3]));
    a.fle.startLooking({ currentEpoch: 1, lastLoggedZxid: zxid(1, 2) });
    expect(a.fle.onNotification(1, note('FOLLOWING', 3, zxid(1, 0), 5, 1))).toBeUndefined();
    expect(a.fle.onNotification(2, note('FOLLOWING', 3, zxid(1, 0), 5, 1))).toBeUndefined();
    expect(a.events.at(-1)).toMatchObject({ anyRound: { supporters: [1, 2], quorum: true, leaderChecked: false } });
  });

  it('but in its own round it takes them as a quorum for itself and leads (checkLeader: round matches)', () => {
    const a = new Probe(3, new QuorumMaj([1, 2, 3]));
    a.fle.startLooking({ currentEpoch: 1, lastLoggedZxid: zxid(1, 2) });
    a.fle.onNotification(1, note('FOLLOWING', 3, zxid(1, 0), 1, 1));
    const d = a.fle.onNotification(2, note('FOLLOWING', 3, zxid(1, 0), 1, 1));
    expect(d).toMatchObject({ leader: 3, state: 'LEADING', via: 'recvset', supporters: [1, 2] });
  });
});

describe('observers', () => {
  it('an observer\'s notifications are answered at once and never counted', () => {
    const v = new Probe(1, new QuorumMaj([1, 2, 3], [4]));
    v.fle.startLooking(FRESH);
    v.take();
    v.fle.onNotification(4, looking(NO_VOTE, 1, NO_VOTE, NO_VOTE));
    expect(v.take()).toEqual([{ to: 4, n: looking(1, 1) }]);
    expect(v.fle.snapshot().recvset.map(([sid]) => sid)).toEqual([1]);
  });

  it('an OBSERVING observer and a LOOKING voter answer each other for as long as the voter is LOOKING', () => {
    // WorkerReceiver: a LOOKING voter answers any non-voter at once, and a server that is not LOOKING answers
    // any LOOKING voter; so one stray notification starts an exchange that ends only when the voter decides.
    // Real 3.8 code does this too; the cluster's latency bounds its rate.
    const verifier = new QuorumMaj([1, 2, 3], [4]);
    const obs = new Probe(4, verifier);
    obs.fle.startLooking(FRESH);
    obs.fle.onNotification(2, note('FOLLOWING', 3, 0, 1, 0));
    obs.fle.onNotification(3, note('LEADING', 3, 0, 1, 0));
    expect(obs.fle.peerState).toBe('OBSERVING');
    obs.take();
    const voter = new Probe(1, verifier);
    voter.fle.startLooking(FRESH);
    voter.take();
    let toVoter = looking(NO_VOTE, 1, NO_VOTE, NO_VOTE); // the observer's last notification, still in flight
    for (let i = 0; i < 3; i++) {
      voter.fle.onNotification(4, toVoter);
      const [reply] = voter.take();
      expect(reply?.n.state).toBe('LOOKING');
      obs.fle.onNotification(1, reply?.n ?? looking(1, 1));
      const [back] = obs.take();
      expect(back?.n).toEqual(note('OBSERVING', 3, 0, 1, 0));
      toVoter = back?.n ?? toVoter;
    }
    voter.fle.onNotification(2, note('FOLLOWING', 3, 0, 1, 0));
    voter.fle.onNotification(3, note('LEADING', 3, 0, 1, 0));
    expect(voter.fle.peerState).toBe('FOLLOWING');
    voter.take();
    voter.fle.onNotification(4, toVoter);
    const [last] = voter.take();
    expect(last?.n.state).toBe('FOLLOWING');
    obs.fle.onNotification(1, last?.n ?? looking(1, 1));
    expect(obs.take()).toEqual([]); // FOLLOWING to OBSERVING: nobody is LOOKING, the exchange ends
  });
  it('LOOKING voters answer an observer with their stale current vote, which can name a dead leader', () => {
    // A LOOKING voter answers a non-voter with QuorumPeer.currentVote (the vote its last election ended
    // with) and its current round. After the leader dies, those answers agree with each other, so an
    // observer that hears them first tallies a quorum for the dead leader and "decides" to observe it;
    // Observer.observeLeader then fails to connect and the observer looks again. Faithful to 3.8's code.
    const h = new ElectionHarness(new QuorumMaj([1, 2, 3], [4]), []);
    h.startTogether([[1, FRESH], [2, FRESH], [3, FRESH], [4, FRESH]]);
    h.settle();
    expect(h.lastDecision(4)).toMatchObject({ leader: 3, state: 'OBSERVING' });
    h.crash(3);
    for (const id of [1, 2, 4]) h.lookAgain(id, FRESH);
    h.deliverAll((m) => m.from === 4 || m.to === 4);
    h.advance(200);
    expect(h.lastDecision(4)).toMatchObject({ leader: 3, state: 'OBSERVING', via: 'quorum', supporters: [1, 2] });
  });
});

describe('whole elections in random orders', () => {
  const input = fc.record({ currentEpoch: fc.integer({ min: 0, max: 3 }), counter: fc.integer({ min: 0, max: 3 }) });

  it('everyone who starts together agrees on the best vote, whatever the delivery order, and exactly one leads', async () => {
    await checkProperty(fc.property(
      fc.integer({ min: 1, max: 7 }).chain((n) => fc.tuple(fc.array(input, { minLength: n, maxLength: n }), fc.infiniteStream(fc.nat()))),
      ([inputs, picks]) => {
        const ids = inputs.map((_, i) => i + 1);
        const verifier = new QuorumMaj(ids);
        const starts = inputs.map((x): LookingInput =>
          ({ currentEpoch: x.currentEpoch, lastLoggedZxid: zxid(Math.max(0, x.currentEpoch - 1), x.counter) }));
        const h = new ElectionHarness(verifier, []);
        h.startTogether(ids.map((id, i) => [id, starts[i] ?? FRESH]));
        const order = picks[Symbol.iterator]();
        while (h.inFlightCount() > 0) h.deliverNth(order.next().value as number);
        h.settle();
        const best = ids.reduce((b, id) => {
          const x = starts[id - 1] ?? FRESH;
          const y = starts[b - 1] ?? FRESH;
          return totalOrderPredicate(() => 1, { leader: id, zxid: x.lastLoggedZxid, peerEpoch: x.currentEpoch },
            { leader: b, zxid: y.lastLoggedZxid, peerEpoch: y.currentEpoch }) ? id : b;
        }, 1);
        for (const id of ids) {
          expect(h.lastDecision(id)?.leader).toBe(best);
          expect(h.lastDecision(id)?.state).toBe(id === best ? 'LEADING' : 'FOLLOWING');
        }
        for (const { event } of h.events) {
          const json: JsonValue = event; // the type checker proves events are JSON data
          expect(JSON.parse(JSON.stringify(json))).toEqual(event);
        }
      },
    ), { numRuns: 150, file: import.meta.url });
  });

  it('a server of weight 0 is never elected, even with the best vote', () => {
    const h = new ElectionHarness(new QuorumHierarchical([[1, 2, 3]], { 3: 0 }), []);
    h.startTogether([[1, FRESH], [2, FRESH], [3, { currentEpoch: 5, lastLoggedZxid: zxid(5, 9) }]]);
    h.settle();
    for (const id of [1, 2, 3]) expect(h.lastDecision(id)?.leader).toBe(2);
  });
});
