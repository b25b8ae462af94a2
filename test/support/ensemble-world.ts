/**
 * A whole ensemble on the seeded kernel for scenario-level tests: the Ensemble cluster, every server
 * event recorded with its virtual time, and client writers whose acknowledged writes are remembered, so
 * that a test can assert from the recorded run (who led when, which epochs, what was committed where)
 * and from the servers' final trees.
 */
import type { JsonValue } from '../../src/base/index.ts';
import { Ensemble } from '../../src/cluster/index.ts';
import type { EnsembleOptions, ZooKeeper } from '../../src/cluster/index.ts';
import type { TraceRecord } from '../../src/sim/index.ts';
import { KeeperError } from '../../src/zk/protocol/index.ts';

export const MS = 1_000;
export const S = 1_000_000;
export const LATENCY = { kind: 'uniform', minMicros: 100, maxMicros: 500 } as const;

export interface ServerEvent {
  readonly atMicros: number;
  readonly server: number;
  readonly event: string;
  readonly [key: string]: JsonValue | undefined;
}

export interface Outcome {
  readonly path: string;
  readonly invokedMicros: number;
  readonly doneMicros: number;
  /** 'OK' or the KeeperError code name. */
  readonly result: string;
  readonly server: number | undefined;
}

export class EnsembleWorld {
  readonly e: Ensemble;
  readonly events: ServerEvent[] = [];
  readonly outcomes: Outcome[] = [];

  constructor(options: Omit<EnsembleOptions, 'trace'>) {
    const trace = (r: TraceRecord): void => {
      if (r.type !== 'emit') return;
      const d = r.data as Record<string, JsonValue>;
      if (typeof d['server'] === 'number' && typeof d['event'] === 'string') {
        this.events.push({ atMicros: r.atMicros, ...(d as { server: number; event: string }) });
      }
    };
    this.e = new Ensemble({ network: { latency: LATENCY }, zab: { tickTimeMs: 500, initLimitTicks: 10, syncLimitTicks: 5 }, ...options, trace });
  }

  at(atMicros: number, fn: () => void): void {
    this.e.sim.at(atMicros, fn);
  }

  async run(untilMicros: number): Promise<string> {
    return (await this.e.sim.run({ untilMicros })).traceHash;
  }

  /** Events of one kind, optionally of one server. */
  of(event: string, server?: number): ServerEvent[] {
    return this.events.filter((x) => x.event === event && (server === undefined || x.server === server));
  }

  /** (epoch, leader, time) for every leader that started serving, in order. */
  reigns(): { readonly epoch: number; readonly leader: number; readonly atMicros: number }[] {
    return this.of('zab-serving').filter((x) => x['role'] === 'leader')
      .map((x) => ({ epoch: x['epoch'] as number, leader: x.server, atMicros: x.atMicros }));
  }

  /** A client that creates `count` znodes `<prefix>-<i>` one after another, `gapMicros` apart. */
  writer(zk: ZooKeeper, prefix: string, count: number, gapMicros: number): void {
    void (async () => {
      for (let i = 0; i < count; i++) {
        const path = `${prefix}-${i}`;
        const invokedMicros = this.e.sim.now;
        let result = 'OK';
        try {
          await zk.create(path, null);
        } catch (err) {
          if (!(err instanceof KeeperError)) throw err;
          result = err.codeName;
        }
        const server = this.serverOf(zk);
        this.outcomes.push({ path, invokedMicros, doneMicros: this.e.sim.now, result, server });
        await this.e.sim.sleep(gapMicros);
      }
    })();
  }

  acked(): string[] {
    return this.outcomes.filter((o) => o.result === 'OK').map((o) => o.path);
  }

  /** The up servers holding none of `paths`' missing: a map server -> paths it lacks. */
  missing(paths: readonly string[]): Map<number, string[]> {
    const out = new Map<number, string[]>();
    for (const sid of this.e.ids) {
      const db = this.e.peer(sid)?.database;
      if (db === undefined) continue;
      const lacks = paths.filter((p) => db.tree.node(p) === undefined);
      if (lacks.length > 0) out.set(sid, lacks);
    }
    return out;
  }

  /** (zxid, digest) of every up server, to compare states. */
  states(): Map<number, string> {
    const out = new Map<number, string>();
    for (const sid of this.e.ids) {
      const db = this.e.peer(sid)?.database;
      if (db !== undefined) out.set(sid, `0x${db.lastProcessedZxid.toString(16)} ${db.tree.digest()}`);
    }
    return out;
  }

  private serverOf(zk: ZooKeeper): number | undefined {
    const client = this.e.client(zk.host);
    const host = client?.server;
    return host === undefined ? undefined : this.e.sidOf(host);
  }
}
