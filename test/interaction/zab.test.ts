// Hand-stepped Zab, etcd-raft style: three (real) QuorumPeers on the fake world of peer-harness.ts, where
// the test is the scheduler. It says which message is delivered when, when a disk operation completes,
// who crashes and restarts; every delivery, disk completion and peer event lands in a transcript compared
// with test/interaction/golden/zab-*.txt (ZKSIM_UPDATE_GOLDEN=1 rewrites them; review the diff). Each
// scenario shows one part of Zab as ZooKeeper 3.8 runs it (discovery, the three sync modes, broadcast with
// ACK after fsync, recovery after a leader dies, a restarted server rejoining) and says which in its
// opening comment; the assertions beside the golden pin the outcome in words, and every scenario is run
// twice to check that it is deterministic.
import { describe, expect, it } from 'vitest';
import { zxid } from '../../src/base/index.ts';
import type { Zxid } from '../../src/base/index.ts';
import { readLogFiles } from '../../src/zk/storage/index.ts';
import type { ServerId } from '../../src/zk/zab/index.ts';
import { PeerHarness } from '../support/peer-harness.ts';
import type { InFlight } from '../support/peer-harness.ts';
import { expectGolden } from './golden.ts';

// ---- helpers -------------------------------------------------------------------------------------------------

/** Starts the servers, runs the election and delivers everything until nothing is in flight. */
function establish(h: PeerHarness, ...sids: ServerId[]): void {
  h.start(...sids);
  h.elect();
  h.deliverAll();
}

/** A client connects to a server and its session is committed. */
function openSession(h: PeerHarness, name: string, sid: ServerId): void {
  h.clientConnect(name, sid);
  h.deliverAll();
}

/** A client creates a node and everything in flight is delivered. */
function write(h: PeerHarness, name: string, xid: number, path: string, data = ''): void {
  h.clientRequest(name, xid, PeerHarness.create(path, data));
  h.deliverAll();
}

function dataAt(h: PeerHarness, sid: ServerId, path: string): string | undefined {
  const node = h.peer(sid).database?.tree.node(path);
  return node === undefined ? undefined : new TextDecoder().decode(node.data ?? new Uint8Array());
}

function lastZxid(h: PeerHarness, sid: ServerId): number | undefined {
  return h.peer(sid).database?.lastProcessedZxid;
}

/** The zxids of every record in the server's log files (as reads see them, or as a crash would leave them). */
function loggedZxids(h: PeerHarness, sid: ServerId, view: 'cache' | 'durable'): number[] {
  const disk = h.disk(sid);
  return readLogFiles(view === 'cache' ? disk.files() : disk.durableFiles()).flatMap((f) => f.txns.map((t) => t.zxid));
}

function isQuorum(type: string): (m: InFlight) => boolean {
  return (m) => m.msg.type === 'quorum' && m.msg.packet.type === type;
}

function pendingFrom(h: PeerHarness, from: ServerId, type: string): number {
  return h.inFlightMessages().filter((m) => m.from === from && isQuorum(type)(m)).length;
}

function zabEvents(h: PeerHarness, event: string, sid?: ServerId): Record<string, unknown>[] {
  return h.eventsOf(event, sid);
}

const Z = (epoch: number, counter: number): Zxid => zxid(epoch, counter);

/** Runs a scenario twice: the transcripts must be byte-identical, and the first must match its golden. */
function expectDeterministicGolden(name: string, scenario: () => PeerHarness): void {
  const first = scenario().transcript();
  expect(scenario().transcript(), `${name} is not deterministic`).toBe(first);
  expectGolden(name, first);
}

// ---- the scenarios ------------------------------------------------------------------------------------------

function threeFromScratch(): PeerHarness {
  const h = new PeerHarness({ voters: 3 }, [
    'Three fresh servers (no data, both epoch files 0) elect 3, then run Zab\'s discovery and sync by hand.',
    'Discovery: each follower offers its acceptedEpoch in FOLLOWERINFO; once the leader and a quorum did',
    '(3 and 1), the leader freezes epoch 1 = 1 + the highest seen and persists acceptedEpoch before sending',
    'LEADERINFO. Server 1\'s disk completes only when the test says: it persists acceptedEpoch 1 before its',
    'ACKEPOCH exists, and at NEWLEADER it writes currentEpoch 1 before its ACK exists. Sync is an empty DIFF',
    '(in-sync: everyone is at 0x0). The leader serves once a quorum acked NEWLEADER (its own ack counts once',
    'its own currentEpoch is durable), then sends UPTODATE. Then one client write through follower 1: the',
    'session is created through Zab, then create /a is forwarded as a REQUEST, proposed, logged and acked',
    'by a quorum (the leader and 1; 2\'s late ACK changes nothing), committed, applied, answered by 1.',
  ]);
  h.start(1, 2, 3);
  h.elect();
  h.diskMode(1, 'manual');

  h.note('discovery: the epoch is frozen at the first quorum of FOLLOWERINFOs (3 itself and 1)');
  h.deliver(1, 3);
  expect(zabEvents(h, 'zab-epoch-proposed', 3)).toMatchObject([{ epoch: 1, quorum: [3, 1] }]);
  h.deliver(2, 3);
  h.deliver(3, 1);
  h.pending();
  expect(pendingFrom(h, 1, 'ACKEPOCH')).toBe(0);
  h.pendingDisk(1);
  h.completeDisk(1, 3);
  expect(pendingFrom(h, 1, 'ACKEPOCH')).toBe(1);
  expect(h.peer(1).epochs).toEqual({ acceptedEpoch: 1, currentEpoch: 0 });
  h.deliver(3, 2);

  h.note('sync: each ACKEPOCH gets an empty DIFF and NEWLEADER; the leader writes currentEpoch 1 meanwhile');
  h.deliver(1, 3);
  h.deliver(2, 3);
  h.deliver(3, 1, 2);
  h.pending();
  expect(pendingFrom(h, 1, 'ACK')).toBe(0);
  h.pendingDisk(1);
  h.completeDisk(1, 3);
  expect(pendingFrom(h, 1, 'ACK')).toBe(1);
  expect(h.peer(1).epochs).toEqual({ acceptedEpoch: 1, currentEpoch: 1 });
  h.deliver(1, 3);
  expect(h.peer(3).leaderState).toEqual({ epoch: 1, lastCommitted: Z(1, 0), established: true });
  h.deliver(3, 2, 2);
  h.deliver(2, 3);
  h.diskMode(1, 'auto');
  h.deliverAll();
  h.status();
  for (const sid of [1, 2, 3]) {
    expect(h.peer(sid).serving).toBe(true);
    expect(h.peer(sid).epochs).toEqual({ acceptedEpoch: 1, currentEpoch: 1 });
  }
  expect(zabEvents(h, 'zab-sync-planned').map((e) => [e['learner'], e['mode'], e['reason']])).toEqual([[1, 'DIFF', 'in-sync'], [2, 'DIFF', 'in-sync']]);

  h.note('a client session on follower 1 (createSession is a txn like any write)');
  openSession(h, 'c1', 1);

  h.note('create /a through follower 1, one message at a time');
  h.clientRequest('c1', 1, PeerHarness.create('/a', 'hello'));
  h.deliver('c1', 1);
  h.deliver(1, 3);
  h.deliver(3, 1);
  h.deliver(3, 2);
  h.deliver(1, 3);
  expect(zabEvents(h, 'zab-commit', 3).map((e) => e['zxid'])).toEqual([Z(1, 1), Z(1, 2)]);
  h.deliver(2, 3);
  h.deliver(3, 1);
  h.deliver(3, 2);
  h.deliver(1, 'c1');
  h.pending();
  h.status();
  expect(h.received('c1').at(-1)).toMatchObject({ type: 'reply', xid: 1, zxid: Z(1, 2), err: 'OK' });
  for (const sid of [1, 2, 3]) {
    expect(dataAt(h, sid, '/a')).toBe('hello');
    expect(lastZxid(h, sid)).toBe(Z(1, 2));
  }
  return h;
}

function leaderDies(): PeerHarness {
  const h = new PeerHarness({ voters: 3 }, [
    'Servers 1-3 run epoch 1 under leader 3 with a client on follower 1 and three committed txns (its',
    'session, /a, /b). The client\'s create /c is proposed as 0x100000004; the PROPOSAL reaches 1 (which logs',
    'it) but 3 crashes before its PROPOSAL to 2 and 1\'s ACK are delivered. Both followers see the quorum',
    'connection reset, step down and look for a leader. Election orders votes by (epoch, zxid, id): 1 has',
    'logged 0x100000004 and 2 only 0x100000003, so 1 leads although 2 has the higher id. Discovery picks',
    'epoch 2 (both accepted 1). Server 1 reloaded its database from its log when it left FOLLOWING, so its',
    'history includes 0x100000004, and 2 syncs by DIFF: that txn as PROPOSAL + COMMIT before NEWLEADER. The',
    'client\'s connection closed with 1\'s follower role; its /c is committed all the same (as in ZooKeeper).',
  ]);
  h.quietly('servers 1-3 establish epoch 1 under 3; client c1 on 1 opens a session, creates /a and /b', () => {
    establish(h, 1, 2, 3);
    openSession(h, 'c1', 1);
    write(h, 'c1', 1, '/a');
    write(h, 'c1', 2, '/b');
  });
  h.status();

  h.note('create /c is proposed; only 1 receives the PROPOSAL before 3 dies');
  h.clientRequest('c1', 3, PeerHarness.create('/c'));
  h.deliver('c1', 1);
  h.deliver(1, 3);
  h.deliver(3, 1);
  h.pending();
  h.crash(3);
  expect(h.peer(1).state).toBe('LOOKING');
  expect(h.peer(2).state).toBe('LOOKING');

  h.note('1 has the higher zxid and wins; epoch 2; 2 is synced by DIFF with the txn it missed');
  h.elect();
  expect(h.peer(1).state).toBe('LEADING');
  h.deliverAll();
  h.status();
  expect(h.peer(1).leaderState).toEqual({ epoch: 2, lastCommitted: Z(2, 0), established: true });
  for (const sid of [1, 2]) {
    expect(h.peer(sid).epochs).toEqual({ acceptedEpoch: 2, currentEpoch: 2 });
    expect(h.peer(sid).serving).toBe(true);
    expect(lastZxid(h, sid)).toBe(Z(1, 4));
    expect(dataAt(h, sid, '/c')).toBe('');
  }
  expect(zabEvents(h, 'zab-sync-planned').at(-1)).toMatchObject({ learner: 2, mode: 'DIFF', zxid: Z(1, 4), peerZxid: Z(1, 3), txns: 1 });
  return h;
}

function syncDiff(): PeerHarness {
  const h = new PeerHarness({ voters: 3 }, [
    'Follower 1 crashes after the client\'s session (0x100000001) committed; leader 3 and follower 2 commit',
    'three more creates without it. On restart, 1 votes with its last logged zxid, 0x100000001; 2 and 3',
    'answer with the votes they were elected with and 1 follows 3 at once. 1 has already accepted epoch 1,',
    'so LEADERINFO needs no disk write and the ACKEPOCH says currentEpoch -1. 1\'s zxid is inside the',
    'leader\'s committedLog, so the sync is a DIFF up to 0x100000004 followed by the three missed txns as',
    'PROPOSAL + COMMIT pairs, applied in memory as they come. At NEWLEADER 1 logs them (and fsyncs), then',
    'writes currentEpoch, then ACKs; those txns are never ACKed one by one (they were committed already).',
  ]);
  h.quietly('servers 1-3 establish epoch 1 under 3; client c1 on 3 opens a session', () => {
    establish(h, 1, 2, 3);
    openSession(h, 'c1', 3);
  });
  h.crash(1);
  h.quietly('c1 creates /a, /b and /c through 3; 3 and 2 commit them', () => {
    write(h, 'c1', 1, '/a', 'A');
    write(h, 'c1', 2, '/b', 'B');
    write(h, 'c1', 3, '/c', 'C');
  });
  h.status();

  h.note('1 restarts and learns the established leader from 2 and 3');
  h.restart(1);
  h.elect();
  h.files(1);

  h.note('discovery (the epoch is already accepted) and a DIFF with the three missed txns');
  h.deliverAll();
  h.status();
  h.files(1);
  expect(zabEvents(h, 'zab-sync-planned').at(-1)).toMatchObject({
    learner: 1, mode: 'DIFF', zxid: Z(1, 4), peerZxid: Z(1, 1), reason: 'committed-log', txns: 3,
  });
  expect(zabEvents(h, 'zab-ack', 3).filter((e) => e['from'] === 1 && Number(e['zxid']) > Z(1, 1))).toEqual([]);
  expect(h.peer(1).serving).toBe(true);
  expect(h.peer(1).epochs).toEqual({ acceptedEpoch: 1, currentEpoch: 1 });
  expect(lastZxid(h, 1)).toBe(Z(1, 4));
  expect(['/a', '/b', '/c'].map((p) => dataAt(h, 1, p))).toEqual(['A', 'B', 'C']);
  expect(loggedZxids(h, 1, 'durable')).toEqual([Z(1, 1), Z(1, 2), Z(1, 3), Z(1, 4)]);
  return h;
}

function syncTrunc(): PeerHarness {
  const h = new PeerHarness({ voters: 3 }, [
    'Leader 3 of epoch 1 proposes 0x100000003 (create /b, from a client on 3 itself), logs and fsyncs it,',
    'and counts its own ACK, but both PROPOSALs are lost (dropped) and 3 crashes: the txn is in 3\'s log and',
    'nowhere else, never committed. 1 and 2 elect 2 (same zxid, higher id) and establish epoch 2 without',
    'writing anything. 3 restarts with lastLoggedZxid 0x100000003 (its vote loses to the established',
    'leader anyway). Its ACKEPOCH reports 0x100000003, beyond the new leader\'s last committed 0x100000002:',
    'TRUNC 0x100000002 (peer-ahead). 3 cuts the record out of its log and reloads; at NEWLEADER it snapshots',
    'the state, writes currentEpoch 2 and ACKs. Afterwards /b exists nowhere and no file of 3 holds',
    '0x100000003, in the page cache or on durable storage.',
  ]);
  h.quietly('servers 1-3 establish epoch 1 under 3; client c1 on 3 opens a session and creates /a', () => {
    establish(h, 1, 2, 3);
    openSession(h, 'c1', 3);
    write(h, 'c1', 1, '/a');
  });

  h.note('3 proposes create /b; the PROPOSALs are lost and 3 dies with the txn in its log');
  h.clientRequest('c1', 2, PeerHarness.create('/b'));
  h.deliver('c1', 3);
  h.pending();
  h.drop(3, 1);
  h.drop(3, 2);
  h.files(3);
  expect(loggedZxids(h, 3, 'durable')).toEqual([Z(1, 1), Z(1, 2), Z(1, 3)]);
  h.crash(3);
  h.quietly('1 and 2 elect 2 and establish epoch 2 (no writes)', () => {
    h.elect();
    h.deliverAll();
  });
  h.status();
  expect(h.peer(2).leaderState).toEqual({ epoch: 2, lastCommitted: Z(2, 0), established: true });

  h.note('3 restarts and is told to cut its log back to 0x100000002');
  h.restart(3);
  h.elect();
  expect(h.peer(3).state).toBe('FOLLOWING');
  h.deliverAll();
  h.status();
  h.files(3);
  expect(zabEvents(h, 'zab-sync-planned').at(-1)).toMatchObject({
    learner: 3, mode: 'TRUNC', zxid: Z(1, 2), peerZxid: Z(1, 3), reason: 'peer-ahead',
  });
  expect(zabEvents(h, 'log-truncated', 3)).toMatchObject([{ zxid: Z(1, 2), droppedTxns: 1 }]);
  expect(h.peer(3).serving).toBe(true);
  expect(h.peer(3).epochs).toEqual({ acceptedEpoch: 2, currentEpoch: 2 });
  for (const sid of [1, 2, 3]) {
    expect(lastZxid(h, sid)).toBe(Z(1, 2));
    expect(dataAt(h, sid, '/a')).toBe('');
    expect(dataAt(h, sid, '/b')).toBeUndefined();
  }
  expect(loggedZxids(h, 3, 'cache')).toEqual([Z(1, 1), Z(1, 2)]);
  expect(loggedZxids(h, 3, 'durable')).toEqual([Z(1, 1), Z(1, 2)]);
  return h;
}

const SNAP_WRITES = 500;

function syncSnap(): PeerHarness {
  const h = new PeerHarness({ voters: 3, sync: { snapshotSizeFactor: -1 } }, [
    'txn-log sync is off (zookeeper.snapshotSizeFactor=-1), so a learner behind the committedLog (the last',
    '500 committed txns the leader keeps in memory) can only be synced by SNAP. Follower 1 crashes at',
    '0x100000002; leader 3 and follower 2 commit 500 more creates, so the committedLog starts at',
    '0x100000003. When 1 rejoins, its ACKEPOCH zxid 0x100000002 is below that: SNAP (no-history) with the',
    'leader\'s whole state at 0x1000001f6. 1 installs it in memory only; its disk is stepped by hand from',
    'there. At NEWLEADER it writes the snapshot (tmp, fsync, rename), deletes its old log (a history that',
    'nothing may fall back on), and writes currentEpoch; the NEWLEADER ACK exists only once the last of',
    'these completed (the disk completes operations in issue order, so the snapshot is durable first).',
  ]);
  h.quietly('servers 1-3 establish epoch 1 under 3; client c1 on 3 opens a session and creates /a', () => {
    establish(h, 1, 2, 3);
    openSession(h, 'c1', 3);
    write(h, 'c1', 1, '/a');
  });
  h.crash(1);
  h.quietly(`c1 creates ${SNAP_WRITES} nodes /n000../n499 through 3; 3 and 2 commit them`, () => {
    for (let i = 0; i < SNAP_WRITES; i++) write(h, 'c1', 2 + i, `/n${String(i).padStart(3, '0')}`);
  });
  h.status();
  const leaderZxid = Z(1, 2 + SNAP_WRITES);
  expect(h.peer(3).database?.committedLog[0]?.zxid).toBe(Z(1, 3));

  h.note('1 restarts and follows 3; from here its disk completes only when the test says');
  h.restart(1);
  h.elect();
  h.diskMode(1, 'manual');
  h.deliver(1, 3);
  h.deliver(3, 1);
  h.deliver(1, 3);
  h.deliver(3, 1);
  expect(dataAt(h, 1, '/n499')).toBe('');
  h.pendingDisk(1);

  h.note('NEWLEADER: the snapshot first, then currentEpoch, then the ACK');
  h.deliver(3, 1);
  h.pendingDisk(1);
  h.completeDisk(1, 4);
  h.files(1);
  expect(pendingFrom(h, 1, 'ACK')).toBe(0);
  h.completeDisk(1, 2);
  h.pending();
  expect(pendingFrom(h, 1, 'ACK')).toBe(0);
  h.completeDisk(1);
  h.pending();
  expect(pendingFrom(h, 1, 'ACK')).toBe(1);
  h.diskMode(1, 'auto');
  h.deliverAll();
  h.status();
  h.files(1);
  expect(zabEvents(h, 'zab-sync-planned').at(-1)).toMatchObject({
    learner: 1, mode: 'SNAP', zxid: leaderZxid, peerZxid: Z(1, 2), reason: 'no-history',
  });
  expect(h.peer(1).serving).toBe(true);
  expect(lastZxid(h, 1)).toBe(leaderZxid);
  expect(dataAt(h, 1, '/n499')).toBe('');
  const durable = [...h.disk(1).durableFiles().keys()];
  expect(durable).toEqual(['acceptedEpoch', 'currentEpoch', `snapshot.${leaderZxid.toString(16)}`]);
  return h;
}

function ackWaitsForFsync(): PeerHarness {
  const h = new PeerHarness({ voters: 3 }, [
    'Broadcast with every disk stepped by hand. A follower appends a PROPOSAL to its log and sends its ACK',
    'only once the fsync covering it completed (an appended record is only in the page cache: `*` in the',
    'file listing). The leader counts its own ACK only after its own fsync: 1\'s ACK alone is no quorum,',
    'so nothing commits until 3\'s fsync completes; then the COMMIT goes out at once. A follower applies',
    'a COMMIT even before its own fsync of that txn completed (2 here), as ZooKeeper\'s followers do; its',
    'ACK, sent when the fsync completes, comes after the commit and changes nothing.',
  ]);
  h.quietly('servers 1-3 establish epoch 1 under 3; client c1 on 1 opens a session', () => {
    establish(h, 1, 2, 3);
    openSession(h, 'c1', 1);
  });
  for (const sid of [1, 2, 3]) h.diskMode(sid, 'manual');

  h.note('create /a: 3 proposes it and appends it to its log; no ACK of its own yet');
  h.clientRequest('c1', 1, PeerHarness.create('/a'));
  h.deliver('c1', 1);
  h.deliver(1, 3);
  h.pendingDisk(3);
  expect(zabEvents(h, 'zab-ack', 3).filter((e) => e['zxid'] === Z(1, 2))).toEqual([]);

  h.note('follower 1 logs the PROPOSAL; the ACK waits for the fsync');
  h.deliver(3, 1);
  h.pendingDisk(1);
  h.completeDisk(1);
  h.files(1);
  h.pending();
  expect(pendingFrom(h, 1, 'ACK')).toBe(0);
  h.completeDisk(1);
  h.pending();
  expect(pendingFrom(h, 1, 'ACK')).toBe(1);

  h.note('1\'s ACK reaches 3: {1} is no quorum, 3\'s own ACK is not counted before its fsync');
  h.deliver(1, 3);
  expect(zabEvents(h, 'zab-commit', 3).filter((e) => e['zxid'] === Z(1, 2))).toEqual([]);
  h.deliver(3, 2);
  h.completeDisk(3);
  h.pending();
  expect(zabEvents(h, 'zab-commit', 3).filter((e) => e['zxid'] === Z(1, 2))).toEqual([]);
  h.completeDisk(3);
  expect(zabEvents(h, 'zab-commit', 3).filter((e) => e['zxid'] === Z(1, 2))).toHaveLength(1);
  h.pending();

  h.note('the COMMITs; 2 applies before its own fsync, and its late ACK changes nothing');
  h.deliver(3, 1);
  h.deliver(3, 2);
  h.deliver(1, 'c1');
  h.completeDisk(2, 2);
  h.deliver(2, 3);
  h.pending();
  expect(h.received('c1').at(-1)).toMatchObject({ type: 'reply', xid: 1, zxid: Z(1, 2), err: 'OK' });
  expect(zabEvents(h, 'zab-ack', 3).filter((e) => e['zxid'] === Z(1, 2)).map((e) => e['from'])).toEqual([1, 3]);
  for (const sid of [1, 2, 3]) expect(dataAt(h, sid, '/a')).toBe('');
  return h;
}

function restartJoins(): PeerHarness {
  const h = new PeerHarness({ voters: 3 }, [
    'The ensemble runs epoch 1 under leader 3 (a session and /a committed) when follower 1 crashes and',
    'restarts at once. Its new election starts at round 1, the round 2 and 3 were elected in. It votes for',
    'itself (zxid 0x100000002, epoch 1), but nobody else is LOOKING: 2 and 3 answer with the vote they were',
    'elected with (for 3, its epoch set to 1 once established), as FOLLOWING and LEADING. Before that, as',
    'their election connections to 1 come up again, they re-send the last notification they had sent 1',
    'before it crashed: stale LOOKING votes of round 1, which change nothing. 2\'s FOLLOWING alone is no',
    'quorum; with 3\'s LEADING it is, and 3 itself says it leads (checkLeader), so 1 follows 3 without a new',
    'round and without disturbing 2 or 3: no step-down, the epoch stays 1. 1 registers (the epoch is already',
    'accepted, so its ACKEPOCH carries currentEpoch -1), gets an empty DIFF, and serves: a client of 1',
    'creates /b through it.',
  ]);
  h.quietly('servers 1-3 establish epoch 1 under 3; client c1 on 2 opens a session and creates /a', () => {
    establish(h, 1, 2, 3);
    openSession(h, 'c1', 2);
    write(h, 'c1', 1, '/a');
  });
  const before = h.events.length;
  h.crash(1);
  h.showElectionDetail();

  h.note('1 restarts; election traffic (1 has the smaller id: it announces itself and hangs up, 2 and 3 connect back)');
  h.restart(1);
  h.deliverAll((m) => m.msg.type === 'election-hello' || m.msg.type === 'election-vote', 'deliver-all election traffic');
  h.status();
  expect(h.peer(1).lastDecision).toMatchObject({ state: 'FOLLOWING', leader: 3, via: 'recvset' });
  expect(h.peer(1).lastDecision?.vote.electionEpoch).toBe(1);

  h.note('registration and sync');
  h.deliverAll();
  h.status();
  expect(zabEvents(h, 'zab-sync-planned').at(-1)).toMatchObject({ learner: 1, mode: 'DIFF', reason: 'in-sync', txns: 0 });

  h.note('1 serves: a client of 1 creates /b');
  openSession(h, 'c2', 1);
  write(h, 'c2', 1, '/b', 'via 1');
  h.status();
  const after = h.events.slice(before);
  expect(after.filter((e) => e.sid !== 1 && e.data['event'] === 'peer-state')).toEqual([]);
  expect(after.filter((e) => e.data['event'] === 'zab-step-down' || e.data['event'] === 'zab-epoch-proposed')).toEqual([]);
  expect(h.peer(3).leaderState?.epoch).toBe(1);
  expect(h.peer(1).serving).toBe(true);
  for (const sid of [1, 2, 3]) expect(dataAt(h, sid, '/b')).toBe('via 1');
  return h;
}

describe('Zab, hand-stepped (QuorumPeer: election, discovery, sync, broadcast)', () => {
  it('three fresh servers: discovery persists each epoch before acknowledging it, an empty DIFF, a write through a follower', () => {
    expectDeterministicGolden('zab-three-from-scratch', threeFromScratch);
  });

  it('the leader dies: the follower with the highest zxid leads epoch 2 and syncs the other by DIFF', () => {
    expectDeterministicGolden('zab-leader-dies', leaderDies);
  });

  it('a follower that missed commits while down is synced by DIFF with PROPOSAL/COMMIT pairs', () => {
    expectDeterministicGolden('zab-sync-diff', syncDiff);
  });

  it('an old leader\'s uncommitted proposal is cut away by TRUNC when it rejoins, from memory and from disk', () => {
    expectDeterministicGolden('zab-sync-trunc', syncTrunc);
  });

  it('a learner behind the committedLog with txn-log sync off gets SNAP and persists it before currentEpoch and the ACK', () => {
    expectDeterministicGolden('zab-sync-snap', syncSnap);
  });

  it('ACK after fsync: no follower ACK before its fsync, no leader self-ACK before its own, COMMIT only after a quorum', () => {
    expectDeterministicGolden('zab-ack-waits-for-fsync', ackWaitsForFsync);
  });

  it('a restarted server follows the established leader from FOLLOWING/LEADING answers, syncs and serves, with no new round', () => {
    expectDeterministicGolden('zab-restart-joins', restartJoins);
  });
});
