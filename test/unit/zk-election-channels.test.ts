// The election transport's rules (QuorumCnxManager in 3.8.0), driven by hand through a fake port: the
// connection between two servers is always the one the larger id opened; a send queue holds one
// notification per destination, the newest; an opened connection starts with the queued notification or
// else re-sends the last one sent; a newer connection from a server replaces the old one.
import { describe, expect, it } from 'vitest';
import type { ConnId } from '../../src/base/index.ts';
import { ElectionChannels, NOTIFICATION_VERSION } from '../../src/zk/election/index.ts';
import type { ElectionWire, Notification } from '../../src/zk/election/index.ts';

const vote = (leader: number, round = 1): Notification =>
  ({ state: 'LOOKING', leader, zxid: 0, electionEpoch: round, peerEpoch: 0, version: NOTIFICATION_VERSION });

function fixture(myId: number) {
  let next = 1;
  const log: string[] = [];
  const opened: { conn: ConnId; to: number }[] = [];
  const ch = new ElectionChannels(myId, {
    connect: (to) => {
      const conn = next++ as ConnId;
      opened.push({ conn, to });
      log.push(`connect ${to} -> c${conn}`);
      return conn;
    },
    send: (conn, msg: ElectionWire) => log.push(`send c${conn} ${msg.type === 'election-hello' ? `hello ${msg.sid}` : `vote ${msg.notification.leader}`}`),
    close: (conn) => log.push(`close c${conn}`),
  });
  return { ch, log, opened };
}

describe('election channels', () => {
  it('the larger id keeps the connection it opened; the queue holds only the newest notification', () => {
    const { ch, log } = fixture(3);
    ch.send(1, vote(3));
    ch.send(1, vote(2)); // replaces the unsent vote for 3
    ch.onConnected(1 as ConnId);
    expect(log).toEqual(['connect 1 -> c1', 'send c1 hello 3', 'send c1 vote 2']);
    ch.send(1, vote(1));
    expect(log.at(-1)).toBe('send c1 vote 1');
  });

  it('the smaller id announces itself and drops its connection; the larger one connects back and gets the queued vote', () => {
    const small = fixture(1);
    small.ch.send(3, vote(1));
    small.ch.onConnected(1 as ConnId);
    expect(small.log).toEqual(['connect 3 -> c1', 'send c1 hello 1', 'close c1']);
    // Server 3 accepts it, reads the hello, drops it and connects back.
    const big = fixture(3);
    big.ch.onAccepted(100 as ConnId);
    expect(big.ch.onMessage(100 as ConnId, { type: 'election-hello', sid: 1 })).toBeUndefined();
    expect(big.log).toEqual(['close c100', 'connect 1 -> c1']);
    // Back on server 1: the connection from 3 is accepted and the queued vote goes out on it.
    small.ch.onAccepted(200 as ConnId);
    small.ch.onMessage(200 as ConnId, { type: 'election-hello', sid: 3 });
    expect(small.log.slice(3)).toEqual(['send c200 vote 1']);
    expect(small.ch.onMessage(200 as ConnId, { type: 'election-vote', notification: vote(3) })).toEqual({ from: 3, notification: vote(3) });
  });

  it('a new connection re-sends the last notification when nothing is queued', () => {
    const { ch, log } = fixture(2);
    ch.send(1, vote(2));
    ch.onConnected(1 as ConnId);
    ch.onClosed(1 as ConnId); // reset
    ch.send(1, vote(2, 2));
    ch.onClosed(2 as ConnId); // the reconnect fails before connecting
    ch.onAccepted(9 as ConnId);
    ch.onMessage(9 as ConnId, { type: 'election-hello', sid: 1 }); // smaller id: dropped, we connect back
    ch.onConnected(3 as ConnId);
    // The queued round-2 vote went out on c3 (the failed c2 kept it queued); nothing is lost or doubled.
    expect(log).toEqual([
      'connect 1 -> c1', 'send c1 hello 2', 'send c1 vote 2', 'connect 1 -> c2',
      'close c9', 'connect 1 -> c3', 'send c3 hello 2', 'send c3 vote 2',
    ]);
    // A larger server's connection resets and it connects again: the last vote sent to it goes again.
    ch.onAccepted(11 as ConnId);
    ch.onMessage(11 as ConnId, { type: 'election-hello', sid: 5 });
    ch.send(5, vote(2, 4));
    ch.onClosed(11 as ConnId);
    ch.onAccepted(12 as ConnId);
    ch.onMessage(12 as ConnId, { type: 'election-hello', sid: 5 });
    expect(log.slice(-2)).toEqual(['send c11 vote 2', 'send c12 vote 2']);
  });

  it('a newer connection from the same larger server replaces the old one', () => {
    const { ch, log } = fixture(1);
    ch.onAccepted(5 as ConnId);
    ch.onMessage(5 as ConnId, { type: 'election-hello', sid: 2 });
    ch.send(2, vote(1));
    ch.onAccepted(6 as ConnId);
    ch.onMessage(6 as ConnId, { type: 'election-hello', sid: 2 });
    expect(log).toEqual(['send c5 vote 1', 'close c5', 'send c6 vote 1']);
    expect(ch.onMessage(5 as ConnId, { type: 'election-vote', notification: vote(9) })).toBeUndefined();
  });
});
