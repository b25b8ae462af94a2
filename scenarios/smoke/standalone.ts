/**
 * smoke/standalone: one standalone ZooKeeper server and six clients doing real work for 30 virtual
 * seconds: two clients increment a counter with versioned setData (CAS), a producer and a consumer use a
 * sequential-znode queue, a member holds an ephemeral node and watches a config node that an admin keeps
 * changing. Faults: the server loses power at 4 s and restarts at 5 s (clients reconnect, sessions
 * survive); the member pauses for 15 s at 12 s, longer than its 6 s session, so its session expires.
 * Checks: the counter equals the acknowledged increments, up to those whose outcome was lost
 * (CONNECTIONLOSS); the queue is consumed in order, each item once; the expired member's ephemeral is
 * gone and it saw Expired; the watcher saw config changes.
 */
import { StandaloneCluster } from '../../src/cluster/index.ts';
import type { ZooKeeper } from '../../src/cluster/index.ts';
import { KeeperError } from '../../src/zk/protocol/index.ts';
import type { Scenario, Violation } from '../../src/scenario/index.ts';

const DURATION_MICROS = 30_000_000;

interface Tally { invoked: number; ok: number; failed: number; indeterminate: number }

function sleep(cluster: StandaloneCluster, ms: number): Promise<void> {
  return cluster.sim.sleep(ms * 1000);
}

/** Runs one operation: counts it, retries nothing itself; CONNECTIONLOSS is indeterminate, not failure. */
async function attempt<T>(tally: Tally, op: () => Promise<T>): Promise<T | KeeperError> {
  tally.invoked += 1;
  try {
    const v = await op();
    tally.ok += 1;
    return v;
  } catch (e) {
    if (!(e instanceof KeeperError)) throw e;
    if (e.codeName === 'CONNECTIONLOSS') tally.indeterminate += 1;
    else tally.failed += 1;
    return e;
  }
}

async function counterLoop(c: StandaloneCluster, zk: ZooKeeper, tally: Tally, counts: { acked: number; lost: number }): Promise<void> {
  while (c.sim.now < DURATION_MICROS - 1_000_000) {
    const read = await attempt(tally, () => zk.getData('/counter'));
    if (read instanceof KeeperError) {
      if (read.codeName === 'SESSIONEXPIRED') return;
      await sleep(c, 200);
      continue;
    }
    const value = Number(new TextDecoder().decode(read.data ?? new Uint8Array()));
    const write = await attempt(tally, () => zk.setData('/counter', String(value + 1), read.stat.version));
    if (!(write instanceof KeeperError)) counts.acked += 1;
    else if (write.codeName === 'CONNECTIONLOSS') counts.lost += 1;
    await sleep(c, 20);
  }
}

async function producer(c: StandaloneCluster, zk: ZooKeeper, tally: Tally, produced: string[]): Promise<void> {
  for (let i = 0; c.sim.now < DURATION_MICROS - 2_000_000; i++) {
    const r = await attempt(tally, () => zk.create('/queue/item-', `job ${i}`, { mode: 'PERSISTENT_SEQUENTIAL' }));
    if (typeof r === 'string') produced.push(r);
    await sleep(c, 50);
  }
}

async function consumer(c: StandaloneCluster, zk: ZooKeeper, tally: Tally, consumed: string[]): Promise<void> {
  while (c.sim.now < DURATION_MICROS - 100_000) {
    const children = await attempt(tally, () => zk.getChildren('/queue'));
    if (children instanceof KeeperError || children.length === 0) {
      await sleep(c, 100);
      continue;
    }
    const first = [...children].sort()[0] as string;
    const r = await attempt(tally, () => zk.delete(`/queue/${first}`));
    if (!(r instanceof KeeperError) || r.codeName === 'NONODE') consumed.push(`/queue/${first}`);
  }
}

export const scenario: Scenario = {
  name: 'smoke/standalone',
  description: 'a standalone server, six clients (CAS counter, queue, ephemeral member, watched config), a server crash and a session expiry',
  defaultSeed: 1,
  async run({ seed, trace }) {
    const cluster = new StandaloneCluster({ seed, server: { tickTimeMs: 2000, snapCount: 200 }, ...(trace ? { trace } : {}) });
    const tally: Tally = { invoked: 0, ok: 0, failed: 0, indeterminate: 0 };
    const counts = { acked: 0, lost: 0 };
    const produced: string[] = [];
    const consumed: string[] = [];
    const memberEvents: string[] = [];
    let configChanges = 0;
    const admin = cluster.connect('admin');
    const member = cluster.connect('member', 6_000, { defaultWatcher: (e) => memberEvents.push(e.state) });
    const workers = [cluster.connect('counter-1'), cluster.connect('counter-2'), cluster.connect('producer'), cluster.connect('consumer')];
    const setup = (async () => {
      await admin.create('/counter', '0');
      await admin.create('/queue');
      await admin.create('/config', 'v0');
      await admin.create('/members');
      await member.create('/members/m1', 'alive', { mode: 'EPHEMERAL' });
      const watchConfig = async (): Promise<void> => {
        await member.getData('/config', (event) => {
          // Session events reach every watcher too (zk-client-semantics 5.5): only data changes count.
          if (event.type !== 'NodeDataChanged') return;
          configChanges += 1;
          void watchConfig().catch(() => undefined);
        });
      };
      await watchConfig();
      await Promise.all([
        counterLoop(cluster, workers[0] as ZooKeeper, tally, counts), counterLoop(cluster, workers[1] as ZooKeeper, tally, counts),
        producer(cluster, workers[2] as ZooKeeper, tally, produced), consumer(cluster, workers[3] as ZooKeeper, tally, consumed),
        (async () => {
          for (let v = 1; cluster.sim.now < 11_000_000; v++) {
            await attempt(tally, () => admin.setData('/config', `v${v}`));
            await sleep(cluster, 1000);
          }
        })(),
      ]);
    })();
    cluster.sim.at(4_000_000, () => cluster.sim.crash(cluster.serverHost));
    cluster.sim.at(5_000_000, () => cluster.sim.restart(cluster.serverHost));
    cluster.sim.at(12_000_000, () => cluster.sim.pause(member.host, 15_000_000));
    const result = await cluster.sim.run({ untilMicros: DURATION_MICROS });
    const server = cluster.server;
    const tree = server?.inspect?.tree;
    const finalCounter = Number(new TextDecoder().decode(tree?.node('/counter')?.data ?? new Uint8Array()));
    const violations = check({ finalCounter, counts, produced, consumed, memberEvents, configChanges, memberGone: tree?.node('/members/m1') === undefined });
    void setup.catch(() => undefined);
    return {
      ok: violations.length === 0,
      virtualMs: result.nowMicros / 1000,
      events: result.events,
      messages: result.messagesDelivered,
      ops: tally,
      leaders: [],
      violations,
      coverage: { counterIncrements: counts.acked, queueItems: produced.length, configChanges, snapshots: snapshotCount(cluster) },
      traceHash: result.traceHash,
      story: [
        `server: last zxid 0x${(tree?.lastProcessedZxid ?? 0).toString(16)}, ${tree?.size ?? 0} znodes, ${snapshotCount(cluster)} snapshots; crashed at 4 s, recovered at 5 s`,
        `counter: ${finalCounter} = ${counts.acked} acknowledged CAS increments (+${counts.lost} with lost outcomes)`,
        `queue: ${produced.length} produced, ${consumed.length} consumed, in order, each once`,
        `member: session expired during its 15 s pause (events: ${memberEvents.join(' -> ')}); its ephemeral is ${tree?.node('/members/m1') === undefined ? 'gone' : 'STILL THERE'}`,
        `config watcher saw ${configChanges} changes; ops: ${tally.ok} ok, ${tally.failed} failed, ${tally.indeterminate} connection-loss`,
      ],
    };
  },
};

interface Observed {
  finalCounter: number; counts: { acked: number; lost: number }; produced: string[]; consumed: string[];
  memberEvents: string[]; configChanges: number; memberGone: boolean;
}

function check(o: Observed): Violation[] {
  const v: Violation[] = [];
  const atMs = DURATION_MICROS / 1000;
  if (o.finalCounter < o.counts.acked || o.finalCounter > o.counts.acked + o.counts.lost) {
    v.push({ checker: 'counter', message: `counter is ${o.finalCounter}, acknowledged increments ${o.counts.acked} (+${o.counts.lost} unknown)`, atMs });
  }
  const sorted = [...o.consumed].sort();
  if (sorted.join() !== o.consumed.join()) v.push({ checker: 'queue', message: 'items were consumed out of order', atMs });
  if (new Set(o.consumed).size !== o.consumed.length) v.push({ checker: 'queue', message: 'an item was consumed twice', atMs });
  if (o.consumed.some((p) => !o.produced.includes(p))) v.push({ checker: 'queue', message: 'an item was consumed that was never produced', atMs });
  if (!o.memberGone) v.push({ checker: 'ephemeral', message: 'the expired member\'s ephemeral node survived', atMs });
  if (!o.memberEvents.includes('Expired')) v.push({ checker: 'session', message: 'the paused member never saw Expired', atMs });
  if (o.configChanges === 0) v.push({ checker: 'watch', message: 'the config watcher saw no change', atMs });
  return v;
}

function snapshotCount(cluster: StandaloneCluster): number {
  return cluster.sim.disk(cluster.serverHost).list().filter((f) => f.startsWith('snapshot.')).length;
}
