// Sessions and nodes over their life: timeout negotiation at the exact bounds, the zxids session opens
// and closes consume, close with and without ephemerals across a tree, data near jute.maxbuffer, and the
// quota nodes the server maintains itself (zk-client-semantics.md 1.2, 1.3, 1.6, 3.17, 6.2, 6.4).
import type { SequenceGroup } from '../sequence.ts';
import { On, create, sessions } from './dsl.ts';

const [a, b, c, d] = sessions();
const [e, f, g, h] = [new On(4), new On(5), new On(6), new On(7)];

/** Just under the server's request limit (jute.maxbuffer 1,048,575 bytes for the whole setData frame). */
const NEAR_MAX = 1_048_000;

export const lifecycleGroup: SequenceGroup = {
  group: 'lifecycle',
  title: 'Sessions, close, data size and quota nodes over their life',
  sequences: [
    {
      name: 'lifecycle/timeout-exact-bounds',
      description: 'requested timeouts at and around the bounds 4000 and 40000 ms: kept inside, clamped outside, never rounded to ticks',
      sessions: [
        { timeoutMs: 2000 },
        { timeoutMs: 3999 },
        { timeoutMs: 4000 },
        { timeoutMs: 4001 },
        { timeoutMs: 39999 },
        { timeoutMs: 40000 },
        { timeoutMs: 40001 },
        { timeoutMs: 1_000_000 },
      ],
      steps: [
        a.exists('/x'),
        b.exists('/x'),
        c.exists('/x'),
        d.exists('/x'),
        e.exists('/x'),
        f.exists('/x'),
        g.exists('/x'),
        h.exists('/x'),
      ],
    },
    {
      name: 'lifecycle/session-open-close-zxids',
      description: 'each session open and each close consumes one zxid, also for a session whose only step is its close',
      steps: [
        a.create('/a', { withStat: true }),
        b.sync('/a'),
        a.create('/b', { withStat: true }),
        c.close(),
        a.create('/c', { withStat: true }),
        b.close(),
        a.create('/d', { withStat: true }),
      ],
    },
    {
      name: 'lifecycle/close-without-ephemerals',
      description: 'closing a session that owns no ephemerals changes no node and notifies nobody',
      steps: [
        a.create('/p'),
        b.create('/p/c'),
        b.getData('/p/c', true),
        a.getChildren('/p', true),
        a.exists('/p/c', true),
        b.addWatch('/p', 'PERSISTENT_RECURSIVE'),
        b.close(),
        a.getChildren2('/p'),
        a.getData('/p/c'),
      ],
    },
    {
      name: 'lifecycle/close-ephemerals-across-tree',
      description: 'a close deletes ephemerals under several parents at several depths in one txn: each parent\'s pzxid, cversion, numChildren',
      steps: [
        a.create('/x'),
        a.create('/x/y'),
        a.create('/z'),
        b.create('/x/e1', { mode: 'EPHEMERAL' }),
        b.create('/x/y/e2', { mode: 'EPHEMERAL', data: 'two' }),
        b.create('/z/e3-', { mode: 'EPHEMERAL_SEQUENTIAL' }),
        b.multi(create('/e4', { mode: 'EPHEMERAL' }), create('/x/y/e5', { mode: 'EPHEMERAL' })),
        a.getAllChildrenNumber('/x'),
        c.getEphemerals('/'),
        b.getEphemerals('/'),
        b.close(),
        a.getChildren2('/x'),
        a.getChildren2('/x/y'),
        a.getChildren2('/z'),
        a.exists('/e4'),
        a.getAllChildrenNumber('/x'),
        c.getEphemerals('/'),
      ],
    },
    {
      name: 'lifecycle/data-near-max-buffer',
      description: 'a setData just under jute.maxbuffer (1,048,000 bytes) is accepted and reported by its Stat; smaller data replaces it',
      steps: [
        a.create('/big'),
        a.setData('/big', 'x'.repeat(NEAR_MAX)),
        b.exists('/big'),
        a.setData('/big', 'small'),
        b.getData('/big'),
      ],
    },
    {
      name: 'lifecycle/quota-stats-node',
      description: 'quota nodes under /zookeeper/quota: the server rewrites zookeeper_stats on each change below the quota path, silently and unenforced',
      steps: [
        a.create('/a', { data: 'xy' }),
        a.create('/a/b', { data: 'z' }),
        a.create('/zookeeper/quota/a'),
        a.create('/zookeeper/quota/a/zookeeper_limits', { data: 'count=2,bytes=10' }),
        a.create('/zookeeper/quota/a/zookeeper_stats', { data: 'count=0,bytes=0' }),
        a.getData('/zookeeper/quota/a/zookeeper_stats'),
        b.getData('/zookeeper/quota/a/zookeeper_stats', true),
        a.create('/a/c', { data: 'www' }),
        a.create('/a/c/d', { data: '12345678901' }),
        a.getData('/zookeeper/quota/a/zookeeper_stats'),
        a.setData('/a', 'x'),
        a.delete('/a/b'),
        a.create('/ab', { data: 'not under /a' }),
        a.getData('/zookeeper/quota/a/zookeeper_stats'),
        a.setData('/zookeeper/quota/a/zookeeper_stats', 'count=0,bytes=0'),
        a.create('/a/e'),
        a.getData('/zookeeper/quota/a/zookeeper_stats'),
        a.getData('/zookeeper/quota/a/zookeeper_limits'),
      ],
    },
  ],
};
