/**
 * Applies a fault schedule to an ensemble on the kernel: each event fires at its time, resolves its
 * target then, and arms whatever undoes it (a partition heals after its duration, a crashed server
 * restarts). `heal()` ends every fault at the start of the heal phase. Each firing is recorded (kind,
 * resolved servers and hosts) so a report and a reader of the history can see what happened to whom.
 */
import type { HostId, JsonValue } from '../base/index.ts';
import { MICROS_PER_MS } from '../base/index.ts';
import type { Ensemble } from '../cluster/index.ts';
import type { PartitionId, Rng } from '../sim/index.ts';
import { applyDisk, healDisks } from './disk-faults.ts';
import { partitionSides } from './partitions.ts';
import { resolveHosts, resolveServers } from './targets.ts';
import type { TargetWorld } from './targets.ts';
import type { FaultEvent, FaultSchedule, PartitionPattern, SyncStep, Target } from './types.ts';

const ms = (x: number): number => x * MICROS_PER_MS;

interface StepTrigger {
  readonly step: SyncStep;
  readonly servers: readonly number[] | undefined;
  readonly restartAfterMs: number | undefined;
  readonly index: number;
}

export class FaultInjector {
  private readonly world: TargetWorld;
  private readonly partitions = new Set<PartitionId>();
  private readonly triggers: StepTrigger[] = [];
  private readonly notePauses: { readonly note: string; readonly durationMs: number; readonly index: number }[] = [];
  private healed = false;
  /** Faults fired, for the run's story: `12.0 s: crash leader -> server 3`. */
  readonly fired: { readonly atMicros: number; readonly index: number; readonly kind: string; readonly detail: JsonValue }[] = [];

  constructor(private readonly e: Ensemble, rng: Rng, voters: readonly number[], private readonly schedule: FaultSchedule) {
    this.world = { e, rng, voters };
  }

  /** Arms every event of the schedule (call before running). */
  arm(): void {
    this.schedule.forEach((event, index) => this.e.sim.at(ms(event.atMs), () => this.fire(event, index)));
  }

  /** A server event (from the run's lifecycle sink): fires crash-at-step triggers. */
  onServerEvent(server: number, event: string): void {
    if (this.healed || this.triggers.length === 0) return;
    const i = this.triggers.findIndex((t) => t.step === event && (t.servers === undefined || t.servers.includes(server)));
    if (i < 0) return;
    const [t] = this.triggers.splice(i, 1);
    if (t === undefined) return;
    // Right after the step: after the event that emitted it, before anything else happens.
    this.e.sim.at(this.e.sim.now, () => this.crash([server], t.restartAfterMs, t.index, `after ${event}`));
  }

  /** A workload's note (from the recorder): fires pause-at-note triggers on the client that wrote it. */
  onNote(client: string, name: string): void {
    if (this.healed || this.notePauses.length === 0) return;
    const i = this.notePauses.findIndex((p) => p.note === name);
    if (i < 0) return;
    const [p] = this.notePauses.splice(i, 1);
    if (p === undefined) return;
    this.e.sim.at(this.e.sim.now, () => this.pause({ client }, p.durationMs, p.index));
  }

  /** The heal phase: partitions healed, clogs ended, crashed and halted servers restarted, disks and clocks back to normal. */
  heal(): void {
    this.healed = true;
    this.triggers.length = 0;
    this.notePauses.length = 0;
    for (const id of this.partitions) this.e.sim.network.heal(id);
    this.partitions.clear();
    this.e.sim.network.unclogAll();
    healDisks(this.e);
    for (const sid of this.e.ids) {
      const host = this.e.hostOf(sid);
      this.e.sim.setClockDrift(host, 0);
      if (this.e.peer(sid)?.haltReason !== undefined) this.restartHalted(sid);
      if (!this.e.sim.status(host).up) this.e.restart(sid);
    }
    for (const host of this.e.sim.hostIds()) if (this.e.sim.status(host).paused) this.e.sim.resume(host);
    this.note(-1, 'heal', {});
  }

  /**
   * A server that halted on a disk error is a process that gave up; the heal phase is its supervisor
   * restarting it (after the disks were mended), as systemd's Restart=on-failure would.
   */
  private restartHalted(sid: number): void {
    this.note(-1, 'restart halted', { server: sid });
    this.e.crash(sid);
  }

  private note(index: number, kind: string, detail: Record<string, JsonValue>): void {
    const record = { atMicros: this.e.sim.now, index, kind, detail };
    this.fired.push(record);
    this.e.recorder?.faults.push({ atMicros: record.atMicros, kind: `schedule:${kind}`, detail: { index, ...detail } });
  }

  private fire(event: FaultEvent, index: number): void {
    if (this.healed) return;
    switch (event.kind) {
      case 'partition': return this.partition(event.pattern, event.target, event.durationMs, index);
      case 'flapping': return this.flap(event, index, 0);
      case 'crash': return this.crash(this.servers(event.target), event.restartAfterMs, index, 'crash');
      case 'crash-at-step': {
        const servers = event.target === undefined ? undefined : this.servers(event.target);
        this.triggers.push({ step: event.step, servers, restartAfterMs: event.restartAfterMs, index });
        return this.note(index, 'crash-at-step armed', { step: event.step, servers: servers ?? 'any' });
      }
      case 'power-loss': return this.crash([...this.e.ids], event.restartAfterMs, index, 'power-loss');
      case 'pause': return this.pause(event.target, event.durationMs, index);
      case 'pause-at-note': {
        this.notePauses.push({ note: event.note, durationMs: event.durationMs, index });
        return this.note(index, 'pause-at-note armed', { note: event.note });
      }
      case 'clock': return this.clock(event, index);
      case 'disk': return this.disk(event, index);
      case 'clog': return this.clog(event.target, event.extraMs, event.durationMs, index);
      case 'reset': return this.reset(event.target, index);
    }
  }

  private servers(target: Target): number[] {
    return resolveServers(this.world, target);
  }

  private partition(pattern: PartitionPattern, target: Target | undefined, durationMs: number, index: number): void {
    const sides = partitionSides(this.world, pattern, target);
    if (sides === undefined) return this.note(index, 'partition skipped', { pattern, why: 'no such hosts now' });
    const id = this.e.sim.network.partition(sides.from, sides.to, sides.oneWay);
    this.partitions.add(id);
    this.note(index, 'partition', { pattern, from: this.names(sides.from), to: this.names(sides.to), oneWay: sides.oneWay, durationMs });
    this.e.sim.at(this.e.sim.now + ms(durationMs), () => {
      if (!this.partitions.delete(id)) return;
      this.e.sim.network.heal(id);
    });
  }

  private flap(event: FaultEvent & { kind: 'flapping' }, index: number, elapsedMs: number): void {
    if (this.healed || elapsedMs >= event.durationMs) return;
    const cutMs = Math.max(1, Math.floor(event.periodMs / 2));
    this.partition(event.pattern, event.target, cutMs, index);
    this.e.sim.at(this.e.sim.now + ms(event.periodMs), () => this.flap(event, index, elapsedMs + event.periodMs));
  }

  private crash(servers: readonly number[], restartAfterMs: number | undefined, index: number, why: string): void {
    const up = servers.filter((sid) => this.e.sim.status(this.e.hostOf(sid)).up);
    this.note(index, 'crash', { servers: up, why, restartAfterMs: restartAfterMs ?? null });
    for (const sid of up) this.e.crash(sid);
    if (restartAfterMs === undefined) return;
    this.e.sim.at(this.e.sim.now + ms(restartAfterMs), () => {
      for (const sid of up) if (!this.e.sim.status(this.e.hostOf(sid)).up) this.e.restart(sid);
    });
  }

  private pause(target: Target, durationMs: number, index: number): void {
    const hosts = resolveHosts(this.world, target).filter((h) => {
      const s = this.e.sim.status(h);
      return s.up && !s.paused;
    });
    this.note(index, 'pause', { hosts: this.names(hosts), durationMs });
    for (const h of hosts) this.e.sim.pause(h, ms(durationMs));
  }

  private clock(event: FaultEvent & { kind: 'clock' }, index: number): void {
    const hosts = resolveHosts(this.world, event.target);
    this.note(index, 'clock', { hosts: this.names(hosts), clock: event.clock, deltaMs: event.deltaMs ?? null, driftPpm: event.driftPpm ?? null });
    for (const h of hosts) {
      if (event.clock === 'jump') this.e.sim.jumpClock(h, ms(event.deltaMs ?? 0));
      else this.e.sim.setClockDrift(h, event.driftPpm ?? 0);
    }
  }

  private disk(event: FaultEvent & { kind: 'disk' }, index: number): void {
    const servers = this.servers(event.target);
    const done = applyDisk(this.e, servers, event);
    this.note(index, 'disk', { servers, disk: event.disk, applied: done });
  }

  private clog(target: Target, extraMs: number, durationMs: number, index: number): void {
    const hosts = resolveHosts(this.world, target);
    const all = this.e.sim.hostIds();
    this.note(index, 'clog', { hosts: this.names(hosts), extraMs, durationMs });
    if (hosts.length === 0) return;
    const extra = { kind: 'uniform', minMicros: ms(extraMs) / 2, maxMicros: ms(extraMs) } as const;
    this.e.sim.network.clog(hosts, all, extra, this.e.sim.now + ms(durationMs));
  }

  private reset(target: Target, index: number): void {
    const hosts = resolveHosts(this.world, target);
    this.note(index, 'reset', { hosts: this.names(hosts) });
    for (const h of hosts) {
      for (const conn of this.e.sim.network.openConnections(h)) this.e.sim.network.reset(conn);
    }
  }

  private names(hosts: readonly HostId[]): string[] {
    return hosts.map((h) => this.e.sim.status(h).name);
  }
}
