/**
 * zab/leader-crash (what `npm start` runs): a five-server ensemble (ZooKeeper's defaults: tickTime 2 s,
 * initLimit 10, syncLimit 5; 0.1-0.5 ms latency) with ten clients whose connect string lists every server.
 * Each client does 70% reads and 30% writes (creates of its own znodes) for 30 virtual seconds. The
 * leader is killed at 10 s and restarted at 18 s. Checks:
 *  - one leader per epoch, and epochs only grow (the new leader's epoch is above the dead one's);
 *  - the ensemble serves again within a second of the crash (re-election plus sync);
 *  - no acknowledged write is lost: every znode whose create was acknowledged exists on every server at
 *    the end (writes that ended in CONNECTIONLOSS may or may not have happened);
 *  - at the end every server is up, at the same zxid with the same tree digest, and the restarted old
 *    leader rejoined as a follower.
 */
import { Ensemble } from '../../src/cluster/index.ts';
import type { ZooKeeper } from '../../src/cluster/index.ts';
import type { JsonValue } from '../../src/base/index.ts';
import { KeeperError } from '../../src/zk/protocol/index.ts';
import type { Scenario, Violation } from '../../src/scenario/index.ts';

const S = 1_000_000;
const DURATION_MICROS = 30 * S;
const CRASH_MICROS = 10 * S;
const RESTART_MICROS = 18 * S;
const CLIENTS = 10;

interface Reign {
  readonly epoch: number;
  readonly sid: number;
  readonly atMs: number;
}

interface Tally { invoked: number; ok: number; failed: number; indeterminate: number }

export const scenario: Scenario = {
  name: 'zab/leader-crash',
  description: 'five servers and ten clients; the leader is killed midway and comes back; nothing acknowledged is lost',
  defaultSeed: 1,
  async run({ seed, trace }) {
    const reigns: Reign[] = [];
    const stepDowns: { readonly atMs: number; readonly line: string }[] = [];
    const e = new Ensemble({
      seed, voters: 5, network: { latency: { kind: 'uniform', minMicros: 100, maxMicros: 500 } },
      trace: (r) => {
        trace?.(r);
        if (r.type !== 'emit') return;
        const d = r.data as Record<string, JsonValue>;
        if (d['event'] === 'zab-serving' && d['role'] === 'leader') reigns.push({ epoch: d['epoch'] as number, sid: d['server'] as number, atMs: r.atMicros / 1000 });
        if (d['event'] === 'zab-step-down') {
          stepDowns.push({ atMs: r.atMicros / 1000, line: `server ${d['server'] as number} stops ${d['role'] as string}: ${d['reason'] as string}` });
        }
      },
    });
    const tally: Tally = { invoked: 0, ok: 0, failed: 0, indeterminate: 0 };
    const acked: string[] = [];
    for (let c = 1; c <= CLIENTS; c++) e.sim.at(500_000, () => void client(e, e.connect(`client${c}`, 10_000), c, tally, acked));
    let victim = 0;
    e.sim.at(CRASH_MICROS, () => {
      victim = e.establishedLeader() ?? 0;
      if (victim !== 0) e.crash(victim);
    });
    e.sim.at(RESTART_MICROS, () => {
      if (victim !== 0) e.restart(victim);
    });
    const result = await e.sim.run({ untilMicros: DURATION_MICROS });
    const violations = check(e, reigns, acked, victim);
    const afterCrash = reigns.find((r) => r.atMs > CRASH_MICROS / 1000);
    return {
      ok: violations.length === 0,
      virtualMs: DURATION_MICROS / 1000,
      events: result.events,
      messages: result.messagesDelivered,
      ops: tally,
      leaders: reigns,
      violations,
      coverage: { reigns: reigns.length, stepDowns: stepDowns.length, ackedWrites: acked.length },
      traceHash: result.traceHash,
      story: [
        ...[
          ...reigns.map((r) => ({ atMs: r.atMs, line: `server ${r.sid} leads epoch ${r.epoch}` })),
          { atMs: CRASH_MICROS / 1000, line: `leader ${victim} killed` },
          { atMs: RESTART_MICROS / 1000, line: `server ${victim} restarted` },
          ...stepDowns,
        ].sort((a, b) => a.atMs - b.atMs).map((x) => `${x.atMs.toFixed(1)} ms: ${x.line}`),
        afterCrash === undefined ? 'no leader after the crash' : `serving again ${(afterCrash.atMs - CRASH_MICROS / 1000).toFixed(1)} ms after the crash`,
        `clients: ${tally.invoked} operations, ${tally.ok} ok, ${tally.failed} failed, ${tally.indeterminate} indeterminate (connection lost); ${acked.length} acknowledged writes`,
      ],
    };
  },
};

async function client(e: Ensemble, zk: ZooKeeper, c: number, tally: Tally, acked: string[]): Promise<void> {
  let written = 0;
  for (let i = 0; e.sim.now < DURATION_MICROS - 2 * S; i++) {
    const write = i % 10 < 3;
    const path = write ? `/c${c}-${written}` : `/c${c}-${Math.max(0, written - 1)}`;
    tally.invoked += 1;
    try {
      if (write) {
        await zk.create(path, `from client ${c}`);
        acked.push(path);
        written += 1;
      } else {
        await zk.exists(path);
      }
      tally.ok += 1;
    } catch (err) {
      if (!(err instanceof KeeperError)) throw err;
      if (err.codeName === 'CONNECTIONLOSS') tally.indeterminate += 1;
      else tally.failed += 1;
      if (write && err.codeName === 'CONNECTIONLOSS') written += 1; // never reuse a name whose create may have happened
    }
    await e.sim.sleep(20_000);
  }
}

function check(e: Ensemble, reigns: readonly Reign[], acked: readonly string[], victim: number): Violation[] {
  const atMs = DURATION_MICROS / 1000;
  const violations: Violation[] = [];
  for (let i = 1; i < reigns.length; i++) {
    const [a, b] = [reigns[i - 1] as Reign, reigns[i] as Reign];
    if (b.epoch <= a.epoch) violations.push({ checker: 'epochs', message: `epoch ${b.epoch} (server ${b.sid}) after epoch ${a.epoch}`, atMs: b.atMs });
  }
  const after = reigns.find((r) => r.atMs > CRASH_MICROS / 1000);
  if (after === undefined || after.atMs - CRASH_MICROS / 1000 > 1000) {
    violations.push({ checker: 'liveness', message: 'no leader served within a second of the crash', atMs: CRASH_MICROS / 1000 + 1000 });
  }
  const states = new Set<string>();
  for (const sid of e.ids) {
    const peer = e.peer(sid);
    const db = peer?.database;
    if (db === undefined || !peer?.serving) {
      violations.push({ checker: 'liveness', message: `server ${sid} is not serving at the end`, atMs });
      continue;
    }
    states.add(`${db.lastProcessedZxid} ${db.tree.digest()}`);
    const lost = acked.filter((p) => db.tree.node(p) === undefined);
    if (lost.length > 0) violations.push({ checker: 'durability', message: `server ${sid} lacks ${lost.length} acknowledged writes, e.g. ${lost[0]}`, atMs });
  }
  if (states.size > 1) violations.push({ checker: 'agreement', message: `servers end in ${states.size} different states`, atMs });
  if (victim !== 0 && e.peer(victim)?.state !== 'FOLLOWING') violations.push({ checker: 'rejoin', message: `old leader ${victim} did not rejoin as a follower`, atMs });
  return violations;
}
