// Hand-stepped Fast Leader Election, etcd-raft style: the test is the scheduler. It says which
// notification is delivered when and how far the clock moves; every delivery, timer and election event
// lands in a transcript compared with test/interaction/golden/<name>.txt (ZKSIM_UPDATE_GOLDEN=1 rewrites
// them; review the diff). Each scenario checks one rule of FastLeaderElection.java (ZooKeeper 3.8) and says
// which in its opening comment; the assertions beside the golden pin the outcome in words.
import { describe, expect, it } from 'vitest';
import { zxid } from '../../src/base/index.ts';
import type { LookingInput } from '../../src/zk/election/index.ts';
import { QuorumHierarchical, QuorumMaj } from '../../src/zk/zab/index.ts';
import type { ServerId } from '../../src/zk/zab/index.ts';
import { ElectionHarness } from '../support/election-harness.ts';
import { expectGolden } from './golden.ts';

const FRESH: LookingInput = { currentEpoch: 0, lastLoggedZxid: 0 };
const at = (currentEpoch: number, counter: number, zxidEpoch = currentEpoch): LookingInput =>
  ({ currentEpoch, lastLoggedZxid: zxid(zxidEpoch, counter) });
const all = (ids: readonly ServerId[], input: LookingInput): [ServerId, LookingInput][] => ids.map((id) => [id, input]);

function expectOutcome(h: ElectionHarness, leader: ServerId, ids: readonly ServerId[]): void {
  for (const id of ids) {
    const d = h.lastDecision(id);
    expect(d?.leader, `server ${id}'s leader`).toBe(leader);
    expect(d?.state, `server ${id}'s state`).toBe(id === leader ? 'LEADING' : h.verifier.isObserver(id) ? 'OBSERVING' : 'FOLLOWING');
  }
}

describe('Fast Leader Election, hand-stepped', () => {
  it('three servers from scratch: equal epochs and zxids, so the highest id wins', () => {
    const h = new ElectionHarness(new QuorumMaj([1, 2, 3]), [
      'A fresh ensemble: every server has currentEpoch 0 and zxid 0x0, so totalOrderPredicate falls back to',
      'the server id and server 3 wins. Each server adopts a better vote as it arrives and re-broadcasts;',
      'once a quorum of this round\'s votes equals its proposal it waits finalizeWait (200 ms) for anything',
      'better (server 1 sees a quorum for 2, then 3\'s vote interrupts the wait) and then decides. A',
      'server\'s notification to itself is counted at once (QuorumCnxManager.toSend\'s loopback), which is',
      'why "quorum" can follow a broadcast directly.',
    ]);
    h.startTogether(all([1, 2, 3], FRESH));
    h.deliverAll();
    h.status();
    h.advance(200);
    h.status();
    expectOutcome(h, 3, [1, 2, 3]);
    expectGolden('three-from-scratch', h.transcript());
  });

  it('a higher zxid beats a higher id', () => {
    const h = new ElectionHarness(new QuorumMaj([1, 2, 3]), [
      'All three servers are in epoch 1, but server 1 logged two more txns (0x100000005) than 2 and 3',
      '(0x100000003). totalOrderPredicate compares the zxid before the id, so 1 wins: the leader must hold',
      'every txn a quorum may have acknowledged.',
    ]);
    h.startTogether([[1, at(1, 5)], [2, at(1, 3)], [3, at(1, 3)]]);
    h.deliverAll();
    h.advance(200);
    expectOutcome(h, 1, [1, 2, 3]);
    expectGolden('higher-zxid-wins', h.transcript());
  });

  it('a higher peer epoch beats a higher zxid and a higher id', () => {
    const h = new ElectionHarness(new QuorumMaj([1, 2, 3]), [
      'Server 2 took part in establishing epoch 2 (its currentEpoch file says 2) but has logged nothing in',
      'it yet: its last zxid is 0x100000003. Servers 1 and 3 are still at currentEpoch 1 with longer logs of',
      'epoch 1 (0x100000007 and 0x100000005), txns that epoch 2 may have truncated. The vote order compares',
      'the peer epoch (the persisted currentEpoch, not the zxid\'s epoch bits) first, so 2 wins.',
    ]);
    h.startTogether([[1, at(1, 7)], [2, at(2, 3, 1)], [3, at(1, 5)]]);
    h.deliverAll();
    h.advance(200);
    expectOutcome(h, 2, [1, 2, 3]);
    expectGolden('higher-epoch-wins', h.transcript());
  });

  it('election after the leader dies: the survivor with the later zxid wins, and a dead leader is never followed', () => {
    const h = new ElectionHarness(new QuorumMaj([1, 2, 3]), [
      'Server 3 led epoch 1 and dies. Server 1 notices first and starts round 2 while 2 still follows 3:',
      '2 answers with its FOLLOWING vote for 3, which 1 counts but cannot act on, because checkLeader wants',
      'a LEADING notification from 3 itself (ZOOKEEPER-975). Then 2 gives up on 3 too; it has logged more',
      '(0x100000006 against 0x100000005), so both settle on 2 in round 2.',
    ]);
    h.quietly('elect 3 in round 1 and establish epoch 1', () => {
      h.startTogether(all([1, 2, 3], FRESH));
      h.settle();
      for (const id of [1, 2, 3]) h.establishEpoch(id, 1);
    });
    h.status();
    h.crash(3);
    h.lookAgain(1, at(1, 5));
    h.deliver(1, 2);
    h.deliver(2, 1);
    h.status();
    h.lookAgain(2, at(1, 6));
    h.deliverAll();
    h.advance(200);
    expectOutcome(h, 2, [1, 2]);
    expect(h.lastDecision(2)?.vote).toEqual({ leader: 2, zxid: zxid(1, 6), electionEpoch: 2, peerEpoch: 1 });
    expectGolden('leader-dies', h.transcript());
  });

  it('a restarted server joins the established leader in the same round, without a new election', () => {
    const h = new ElectionHarness(new QuorumMaj([1, 2, 3]), [
      'Servers 1-3 elected 3 in round 1 and established epoch 1 (updateElectionVote rewrote their current',
      'votes to epoch 1). Server 1 restarts: a new process, so its logical clock starts again and its first',
      'round is 1, the same as the ensemble\'s. 2 and 3 answer its LOOKING notification with the vote they',
      'were elected with (FOLLOWING and LEADING). These count in recvset (this round): between such votes',
      'only the leader id matters, and 3 says it is LEADING, so {2,3} is enough and 1 follows 3 at once.',
    ]);
    h.quietly('elect 3 in round 1 and establish epoch 1', () => {
      h.startTogether(all([1, 2, 3], FRESH));
      h.settle();
      for (const id of [1, 2, 3]) h.establishEpoch(id, 1);
    });
    h.crash(1);
    h.start(1, at(1, 3));
    h.deliver(1, 2);
    h.deliver(1, 3);
    h.deliver(2, 1);
    h.deliver(3, 1);
    h.status();
    expectOutcome(h, 3, [1]);
    expect(h.lastDecision(1)?.via).toBe('recvset');
    expectGolden('restart-joins-same-round', h.transcript());
  });

  it('a restarted server joins the established leader of a later round through outofelection', () => {
    const h = new ElectionHarness(new QuorumMaj([1, 2, 3]), [
      'As before, but the ensemble has been through two elections (3 won round 1, lost its quorum, won',
      'round 2) and established epoch 2. Restarted server 1 is in round 1, so the FOLLOWING/LEADING answers',
      '(round 2) only go to outofelection. A quorum there agreeing on 3, with 3 saying LEADING, makes 1 jump',
      'its logical clock to round 2 and follow 3. Until 3\'s own answer arrives, 1 waits.',
    ]);
    h.quietly('elect 3 in round 1, then again in round 2, and establish epoch 2', () => {
      h.startTogether(all([1, 2, 3], FRESH));
      h.settle();
      for (const id of [1, 2, 3]) h.lookAgain(id, at(1, 4));
      h.settle();
      for (const id of [1, 2, 3]) h.establishEpoch(id, 2);
    });
    h.status();
    h.crash(1);
    h.start(1, at(2, 1));
    h.deliver(1, 2);
    h.deliver(1, 3);
    h.deliver(2, 1);
    h.status();
    h.deliver(3, 1);
    h.status();
    expectOutcome(h, 3, [1]);
    expect(h.lastDecision(1)?.via).toBe('outofelection');
    expect(h.election(1).round).toBe(2);
    expectGolden('restart-joins-later-round', h.transcript());
  });

  it('finalize wait: a better vote within 200 ms changes the outcome', () => {
    const h = new ElectionHarness(new QuorumMaj([1, 2, 3]), [
      'Servers 1 and 2 start; 3 is down. They agree on 2, a quorum, and begin the 200 ms finalize wait.',
      'At 100 ms server 3 comes up. Its vote (higher id) beats 2 inside the wait, which interrupts it: both',
      'adopt 3, and 3 leads. (The next test lets the wait expire first.) What 1 and 2 had queued for 3 while',
      'it was down (their newest notification each) reaches it first and changes nothing.',
    ]);
    h.startTogether(all([1, 2], FRESH));
    h.deliverAll();
    h.advance(100);
    h.start(3, FRESH);
    h.deliverAll();
    h.status();
    h.advance(200);
    expectOutcome(h, 3, [1, 2, 3]);
    expectGolden('finalize-wait-interrupted', h.transcript());
  });

  it('finalize wait: once it expires, a better server that comes up later follows the leader', () => {
    const h = new ElectionHarness(new QuorumMaj([1, 2, 3]), [
      'As before, but server 3 comes up at 250 ms, after the finalize wait of 1 and 2 ended: 2 leads and 1',
      'follows. 3 would have won, but they are no longer LOOKING; they answer its LOOKING notification',
      'with their current vote, and 3 follows 2 (same round, recvset, 2 says LEADING).',
    ]);
    h.startTogether(all([1, 2], FRESH));
    h.deliverAll();
    h.advance(250);
    h.start(3, FRESH);
    h.deliverAll();
    h.status();
    expectOutcome(h, 2, [1, 2, 3]);
    expectGolden('finalize-wait-expired', h.transcript());
  });

  it('back-off: with nobody answering, the wait doubles from 200 ms to 60 s, re-sending each time', () => {
    const h = new ElectionHarness(new QuorumMaj([1, 2, 3]), [
      'Server 3 is alone (1 and 2 are down): every poll of its queue times out, so it re-sends its vote and',
      'doubles the wait: 200, 400, 800 ms ... up to maxNotificationInterval, 60 s. When 2 comes up at 180 s,',
      '3\'s newest notification, queued for 2, reaches it. 2\'s own vote (lower id) reaches 3 but changes',
      'nothing: 3 counts it and waits again, for the current 60 s, not 200 ms (the interval never shrinks',
      'within an election). 2 adopts 3\'s vote, tells 3, and the two form a quorum.',
    ]);
    h.start(3, FRESH);
    h.advance(180_000);
    h.status();
    h.start(2, FRESH);
    h.deliver(2, 3);
    h.status();
    h.deliverAll();
    h.advance(200);
    expectOutcome(h, 3, [2, 3]);
    const timeouts = h.events.flatMap((e) => (e.event.event === 'notification-timeout' ? [e.atMicros / 1000] : []));
    expect(timeouts).toEqual([200, 600, 1400, 3000, 6200, 12_600, 25_400, 51_000, 102_200, 162_200]);
    expectGolden('back-off', h.transcript());
  });

  it('five voters and an observer: the observer is never counted, and learns the leader from established peers', () => {
    const h = new ElectionHarness(new QuorumMaj([1, 2, 3, 4, 5], [6]), [
      'Voters 1-5 and observer 6; voters 1 and 2 are down. 3, 4 and 5 are a quorum of the five voters',
      '(the observer does not count, so 3 of 6 members suffice). The observer proposes nothing (Long.MIN_VALUE),',
      'sends only to voters, and they answer it at once with their current vote without queueing its',
      'notification. While they are LOOKING their answers carry QuorumPeer.currentVote, which an election',
      'only sets when it ends, so here each voter\'s own initial vote: 6 adopts the best and re-sends on',
      'every change (hence the burst of answers), but such votes never form a quorum. Once the voters are',
      'FOLLOWING/LEADING, their answers to 6\'s next timeout do (5\'s LEADING one passes checkLeader),',
      'and 6 becomes OBSERVING.',
    ]);
    h.startTogether(all([3, 4, 5, 6], FRESH));
    h.deliverAll();
    h.status();
    h.advance(200);
    h.status();
    h.deliverAll();
    h.status();
    expectOutcome(h, 5, [3, 4, 5, 6]);
    expectGolden('observer', h.transcript());
  });

  it('hierarchical quorum: a server of weight 0 is never leader, and follows the one the others elect', () => {
    const h = new ElectionHarness(new QuorumHierarchical([[1, 2], [3, 4], [5, 6]], { 6: 0 }), [
      'Three groups of two; server 6 weighs 0, so group 3 weighs 1 (server 5 alone carries it). A quorum is',
      'a weighted majority in 2 of the 3 groups: with 3 and 4 down, {1,2,5} is one (groups 1 and 3), while',
      '{1,5,6} is not (group 1 needs both 1 and 2). Server 6 has the highest id, but totalOrderPredicate',
      'never prefers a server of weight 0: 1, 2 and 5 elect 5. Server 6 keeps its own vote (5 is not better',
      'by the vote order), so it stays LOOKING until its next timeout re-sends and the answers from',
      'FOLLOWING/LEADING peers lead it to 5.',
    ]);
    h.startTogether(all([1, 2, 5, 6], FRESH));
    h.deliverAll();
    h.advance(200);
    h.status();
    h.deliverAll();
    h.status();
    expectOutcome(h, 5, [1, 2, 5, 6]);
    expectGolden('hierarchical-weight-zero', h.transcript());
  });
});
