// Discovery's epoch rules (Leader.getEpochToPropose, Learner.registerWithLeader on LEADERINFO,
// Leader.waitForEpochAck, Leader.waitForNewLeaderAck, 3.8.0), the packets' one-line descriptions, and the
// SNAP image of a tree. The property: whatever order FOLLOWERINFOs arrive in, the epoch freezes exactly
// when the leader and a quorum of voters have reported, and it is above every accepted epoch reported
// until then, which is what makes the new epoch new for everyone in the quorum.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zxid } from '../../src/base/index.ts';
import type { Zxid } from '../../src/base/index.ts';
import { OPEN_ACL_UNSAFE } from '../../src/zk/protocol/index.ts';
import type { Txn } from '../../src/zk/protocol/index.ts';
import { DataTree } from '../../src/zk/tree/index.ts';
import {
  INITIAL_EPOCH_ACKS, INITIAL_EPOCH_PROPOSAL, PACKET_TYPE_CODES, describePacket, imageOfTree, initialNewLeaderAcks, leaderInfoPacket,
  learnerInfoPacket, learnerInfoProblem, makeQuorumVerifier, offerAcceptedEpoch, onLeaderInfo, packetZxid, recordEpochAck,
  recordNewLeaderAck, summaryOfAckEpoch, treeOfImage,
} from '../../src/zk/zab/index.ts';
import type { DiscoveryContext, EpochAcks, EpochProposal, QuorumPacket, ServerId } from '../../src/zk/zab/index.ts';
import { checkProperty } from '../support/property.ts';

const fiveWithObserver: DiscoveryContext = {
  leaderId: 5,
  verifier: makeQuorumVerifier({ kind: 'majority', voters: [1, 2, 3, 4, 5], observers: [9] }),
};

function arrive(ctx: DiscoveryContext, arrivals: readonly (readonly [ServerId, number])[]): { state: EpochProposal; answers: (number | null)[] } {
  let state = INITIAL_EPOCH_PROPOSAL;
  const answers: (number | null)[] = [];
  for (const [sid, accepted] of arrivals) {
    const step = offerAcceptedEpoch(state, sid, accepted, ctx);
    state = step.state;
    answers.push(step.epoch);
  }
  return { state, answers };
}

describe('Leader.getEpochToPropose', () => {
  it('freezes 1 + the highest accepted epoch once the leader and a quorum reported, not before', () => {
    const { state, answers } = arrive(fiveWithObserver, [[1, 3], [2, 7], [5, 4], [3, 1], [4, 9]]);
    // 1, 2 and 5 are a quorum of 5 with the leader: frozen at 1 + 7 at the leader's arrival.
    expect(answers).toEqual([null, null, 8, 8, 8]);
    expect(state).toEqual({ epoch: 8, connecting: [1, 2, 5], waiting: false });
  });

  it('a quorum without the leader does not freeze; the leader\'s own arrival does', () => {
    const { answers } = arrive(fiveWithObserver, [[1, 0], [2, 0], [3, 0], [4, 2], [5, 1]]);
    expect(answers).toEqual([null, null, null, null, 3]);
  });

  it('an observer raises the epoch but does not count towards the quorum', () => {
    const { state, answers } = arrive(fiveWithObserver, [[9, 20], [5, 1], [1, 1], [2, 1]]);
    expect(answers).toEqual([null, null, null, 21]);
    expect(state.connecting).toEqual([5, 1, 2]);
  });

  it('a repeated arrival counts once; late joiners get the frozen epoch whatever they report', () => {
    const { answers } = arrive(fiveWithObserver, [[1, 1], [1, 1], [5, 1], [1, 1], [2, 1], [3, 40]]);
    expect(answers).toEqual([null, null, null, null, 2, 2]);
    // So the late learner 3, whose acceptedEpoch is 40, will refuse LEADERINFO(2) and go back to LOOKING.
    expect(onLeaderInfo(leaderInfoPacket(2), { acceptedEpoch: 40, currentEpoch: 39, lastLoggedZxid: zxid(39, 4) }))
      .toEqual({ kind: 'refuse', message: 'Leaders epoch, 2 is less than accepted epoch, 40' });
  });

  it('frozeNow marks the one arrival at which the leader persists acceptedEpoch', () => {
    let state = INITIAL_EPOCH_PROPOSAL;
    const froze: boolean[] = [];
    for (const [sid, e] of [[5, 0], [1, 0], [2, 0], [3, 0]] as const) {
      const step = offerAcceptedEpoch(state, sid, e, fiveWithObserver);
      state = step.state;
      froze.push(step.frozeNow);
    }
    expect(froze).toEqual([false, false, true, false]);
  });

  it('property: frozen exactly when leader + quorum reported, above every epoch reported until then', async () => {
    const arrivals = fc.array(fc.tuple(fc.constantFrom(1, 2, 3, 4, 5, 9), fc.integer({ min: 0, max: 30 })), { maxLength: 12 });
    await checkProperty(fc.property(arrivals, (list) => {
      let state = INITIAL_EPOCH_PROPOSAL;
      const reported: number[] = [];
      const voters = new Set<ServerId>();
      let frozenAt: number | null = null;
      for (const [sid, accepted] of list) {
        const step = offerAcceptedEpoch(state, sid, accepted, fiveWithObserver);
        state = step.state;
        if (frozenAt === null) {
          reported.push(accepted);
          if (sid !== 9) voters.add(sid);
          const shouldFreeze = voters.has(5) && voters.size >= 3;
          expect(step.epoch !== null).toBe(shouldFreeze);
          if (step.epoch !== null) {
            frozenAt = step.epoch;
            expect(step.frozeNow).toBe(true);
            expect(step.epoch).toBe(Math.max(...reported) + 1);
          }
        } else {
          expect([step.epoch, step.frozeNow]).toEqual([frozenAt, false]);
        }
      }
    }), { numRuns: 400, file: import.meta.url });
  });
});

describe('Learner.registerWithLeader: FOLLOWERINFO, LEADERINFO, ACKEPOCH', () => {
  const learner = { acceptedEpoch: 4, currentEpoch: 3, lastLoggedZxid: zxid(3, 17) };

  it('sends its accepted epoch as a zxid with its sid and protocol version 0x10000', () => {
    const info = learnerInfoPacket('FOLLOWERINFO', 2, 4);
    expect(info).toEqual({ type: 'FOLLOWERINFO', zxid: zxid(4, 0), sid: 2, protocolVersion: 0x10000, configVersion: 0 });
    expect(learnerInfoProblem(info, 0)).toBeNull();
    expect(learnerInfoProblem({ ...info, configVersion: 0x500000000 }, 0x100000000))
      .toBe('Follower is ahead of the leader (has a later activated configuration)');
  });

  it('a newer epoch is accepted (persist it, then ACKEPOCH with the old currentEpoch and the last logged zxid)', () => {
    expect(onLeaderInfo(leaderInfoPacket(5), learner)).toEqual({
      kind: 'accept', newEpoch: 5, newLeaderZxid: zxid(5, 0), ackEpoch: { type: 'ACKEPOCH', zxid: zxid(3, 17), currentEpoch: 3 },
    });
  });

  it('the epoch it already accepted gets ACKEPOCH with -1, and the learner still syncs', () => {
    expect(onLeaderInfo(leaderInfoPacket(4), learner)).toEqual({
      kind: 'already-accepted', newEpoch: 4, newLeaderZxid: zxid(4, 0), ackEpoch: { type: 'ACKEPOCH', zxid: zxid(3, 17), currentEpoch: -1 },
    });
  });

  it('an older epoch is an error with ZooKeeper\'s message', () => {
    expect(onLeaderInfo(leaderInfoPacket(3), learner)).toEqual({ kind: 'refuse', message: 'Leaders epoch, 3 is less than accepted epoch, 4' });
  });
});

describe('Leader.waitForEpochAck', () => {
  const leaderSummary = { currentEpoch: 3, lastZxid: zxid(3, 10) };
  const ack = (state: EpochAcks, sid: ServerId, currentEpoch: number, lastZxid: number): ReturnType<typeof recordEpochAck> =>
    recordEpochAck(state, sid, { currentEpoch, lastZxid }, leaderSummary, fiveWithObserver);
  const recorded = (step: ReturnType<typeof recordEpochAck>): EpochAcks => {
    if (step.kind !== 'recorded') throw new Error(step.message);
    return step.state;
  };

  it('refuses a learner more recent than the leader (a later currentEpoch, or the same and a later zxid)', () => {
    const message = `Follower is ahead of the leader, leader summary: 3 (current epoch), ${zxid(3, 10)} (last zxid)`;
    expect(ack(INITIAL_EPOCH_ACKS, 1, 4, 0)).toEqual({ kind: 'ahead', message });
    expect(ack(INITIAL_EPOCH_ACKS, 1, 3, zxid(3, 11))).toEqual({ kind: 'ahead', message });
    expect(ack(INITIAL_EPOCH_ACKS, 1, 3, zxid(3, 10)).kind).toBe('recorded');
    expect(ack(INITIAL_EPOCH_ACKS, 1, 2, zxid(3, 99)).kind).toBe('recorded'); // epoch first: not ahead
  });

  it('counts voters with real summaries only, and finishes with the leader and a quorum', () => {
    let s = recorded(ack(INITIAL_EPOCH_ACKS, 1, -1, zxid(3, 10))); // "already accepted": not an ack
    s = recorded(ack(s, 2, 2, -1)); // no database: not an ack
    s = recorded(ack(s, 9, 3, zxid(3, 1))); // observer
    s = recorded(ack(s, 3, 3, zxid(3, 1)));
    s = recorded(ack(s, 4, 3, zxid(3, 1)));
    expect(s).toEqual({ electing: [3, 4], finished: false });
    const last = ack(s, 5, leaderSummary.currentEpoch, leaderSummary.lastZxid);
    expect(last).toEqual({ kind: 'recorded', state: { electing: [3, 4, 5], finished: true }, finished: true });
    // Once finished nothing is checked any more, not even a learner ahead of the leader.
    expect(ack(recorded(last), 1, 9, zxid(9, 9))).toMatchObject({ kind: 'recorded', finished: true });
  });

  it('reads the ACKEPOCH packet as (currentEpoch, zxid)', () => {
    expect(summaryOfAckEpoch({ type: 'ACKEPOCH', zxid: zxid(2, 5), currentEpoch: 2 })).toEqual({ currentEpoch: 2, lastZxid: zxid(2, 5) });
  });
});

describe('Leader.waitForNewLeaderAck', () => {
  it('counts voters acking the new leader zxid; another zxid is reported and ignored; the leader is not required', () => {
    const verifier = fiveWithObserver.verifier;
    let s = initialNewLeaderAcks(zxid(8, 0));
    const other = recordNewLeaderAck(s, 2, zxid(7, 0), verifier);
    expect(other).toEqual({ kind: 'other-epoch', message: 'NEWLEADER ACK from sid: 2 is from a different epoch - current 0x800000000 received 0x700000000' });
    for (const sid of [9, 1, 1, 2]) {
      const step = recordNewLeaderAck(s, sid, zxid(8, 0), verifier);
      if (step.kind !== 'recorded') throw new Error('not recorded');
      expect(step.formed).toBe(false);
      s = step.state;
    }
    expect(recordNewLeaderAck(s, 3, zxid(8, 0), verifier)).toMatchObject({ kind: 'recorded', formed: true, state: { acked: [1, 2, 3] } });
  });
});

describe('packets', () => {
  const txn: Txn = { sessionId: 0x10000000a, zxid: zxid(2, 3), timeMs: 7, op: { type: 'create', path: '/a', data: null, acl: OPEN_ACL_UNSAFE, node: { kind: 'persistent' }, parentCversion: 1 } };
  const samples: readonly [QuorumPacket, string][] = [
    [learnerInfoPacket('FOLLOWERINFO', 2, 1), 'FOLLOWERINFO sid 2 acceptedEpoch 1 v0x10000 config 0x0'],
    [learnerInfoPacket('OBSERVERINFO', 9, 0), 'OBSERVERINFO sid 9 acceptedEpoch 0 v0x10000 config 0x0'],
    [leaderInfoPacket(2), 'LEADERINFO 0x200000000 newEpoch 2 v0x10000'],
    [{ type: 'ACKEPOCH', zxid: zxid(1, 4), currentEpoch: -1 }, 'ACKEPOCH 0x100000004 currentEpoch -1'],
    [{ type: 'DIFF', zxid: zxid(1, 4) }, 'DIFF 0x100000004'],
    [{ type: 'TRUNC', zxid: zxid(1, 2) }, 'TRUNC 0x100000002'],
    [{ type: 'SNAP', zxid: zxid(1, 4), snapshot: { sessions: [{ sessionId: 1, timeoutMs: 30 }], nodes: [] } }, 'SNAP 0x100000004 (0 nodes, 1 sessions)'],
    [{ type: 'NEWLEADER', zxid: zxid(2, 0) }, 'NEWLEADER 0x200000000'],
    [{ type: 'UPTODATE' }, 'UPTODATE'],
    [{ type: 'PROPOSAL', txn }, 'PROPOSAL 0x200000003 create /a session 0x10000000a'],
    [{ type: 'COMMIT', zxid: zxid(2, 3) }, 'COMMIT 0x200000003'],
    [{ type: 'INFORM', txn }, 'INFORM 0x200000003 create /a session 0x10000000a'],
    [{ type: 'ACK', zxid: zxid(2, 3) }, 'ACK 0x200000003'],
    [{ type: 'PING', zxid: zxid(2, 3), touches: [] }, 'PING 0x200000003'],
    [{ type: 'PING', zxid: zxid(2, 3), touches: [{ sessionId: 0x20000000001, timeoutMs: 4000 }] }, 'PING 0x200000003 touches 0x20000000001:4000ms'],
    [{ type: 'REQUEST', sessionId: 0x2a, cxid: 3, request: { op: 'createSession', timeoutMs: 4000 }, authInfo: [] }, 'REQUEST session 0x2a cxid 3 createSession 4000ms'],
    [{ type: 'REQUEST', sessionId: 0x2a, cxid: 4, request: { op: 'sync', path: '/x' }, authInfo: [] }, 'REQUEST session 0x2a cxid 4 sync /x'],
    [{ type: 'REVALIDATE', sessionId: 0x2a, timeoutMs: 4000 }, 'REVALIDATE session 0x2a timeout 4000ms'],
    [{ type: 'REVALIDATE', sessionId: 0x2a, valid: false }, 'REVALIDATE session 0x2a invalid'],
    [{ type: 'SYNC' }, 'SYNC'],
  ];

  it.each(samples)('%j reads "%s"', (packet, line) => {
    expect(describePacket(packet)).toBe(line);
  });

  it('every packet type has ZooKeeper\'s code and a sample here', () => {
    expect(new Set(samples.map(([p]) => p.type))).toEqual(new Set(Object.keys(PACKET_TYPE_CODES)));
    expect(PACKET_TYPE_CODES).toMatchObject({ REQUEST: 1, PROPOSAL: 2, NEWLEADER: 10, FOLLOWERINFO: 11, SNAP: 15, ACKEPOCH: 18 });
    expect(samples.map(([p]) => packetZxid(p)).slice(0, 3)).toEqual([zxid(1, 0), zxid(0, 0), zxid(2, 0)]);
    expect([packetZxid({ type: 'UPTODATE' }), packetZxid({ type: 'SYNC' }), packetZxid(samples[9]?.[0] as QuorumPacket)]).toEqual([-1, 0, zxid(2, 3)]);
  });
});

describe('SNAP image', () => {
  it('rebuilds the same tree (digest, stats, children) and sessions', () => {
    const tree = new DataTree();
    const data = new TextEncoder().encode('v');
    const apply = (z: number, op: Txn['op']): void => void tree.apply({ sessionId: 5, zxid: z as Zxid, timeMs: z * 10, op }, []);
    apply(1, { type: 'create', path: '/a', data, acl: OPEN_ACL_UNSAFE, node: { kind: 'persistent' }, parentCversion: 1 });
    apply(2, { type: 'create', path: '/a/b', data: null, acl: OPEN_ACL_UNSAFE, node: { kind: 'ephemeral', sessionId: 5 }, parentCversion: 1 });
    apply(3, { type: 'setData', path: '/a', data, version: 1 });
    apply(4, { type: 'create', path: '/c', data, acl: OPEN_ACL_UNSAFE, node: { kind: 'container' }, parentCversion: 3 });
    const sessions = new Map([[5, 4000], [6, 6000]]);
    const image = imageOfTree(tree, sessions);
    expect(image.nodes.map((n) => n.path).slice(0, 2)).toEqual(['/', '/zookeeper']);
    const back = treeOfImage(image, 4 as Zxid);
    expect(back.tree.digest()).toBe(tree.digest());
    expect(back.tree.lastProcessedZxid).toBe(4);
    for (const path of tree.paths()) expect(back.tree.stat(path), path).toEqual(tree.stat(path));
    expect(back.tree.ephemerals(5)).toEqual(['/a/b']);
    expect(back.tree.containers()).toEqual(['/c']);
    expect([...back.sessions]).toEqual([[5, 4000], [6, 6000]]);
  });
});
