/**
 * The simulation: one kernel, one seed, hosts with their actors, clocks and disks, one network, one
 * trace. This is what the cluster layer (and tests, benchmarks, the demo) drive. Actors only ever see
 * their `Env`; everything else here is the harness's side: lifecycle, faults, injection, running.
 *
 * Invariants: an actor acts only during its own step, steps never nest, and a crashed incarnation can
 * never act again (its timers, disk completions and connections are void).
 */
import { assert, fail } from '../base/index.ts';
import type { ConnId, DiskOpId, HostId, Micros, TimerId } from '../base/index.ts';
import type { Actor, ActorFactory, DiskApi, Env, HostInput } from './actor.ts';
import { HostClock } from './clock.ts';
import { Disk } from './disk.ts';
import type { DiskCompletion, DiskOptions } from './disk.ts';
import { Host, Timer } from './host.ts';
import type { HostStatus } from './host.ts';
import { Kernel } from './kernel.ts';
import type { Deferred, RunOptions, RunResult } from './kernel.ts';
import { Network } from './network.ts';
import type { NetworkOptions } from './network.ts';
import { Rng } from './rng.ts';
import { Tracer } from './trace.ts';
import type { JsonValue, TraceOptions, TraceSink } from './trace.ts';

export interface SimulationOptions<M> {
  readonly seed: number;
  /** A bound on hosts (servers plus clients); sizes the partition matrix. */
  readonly maxHosts?: number;
  readonly network?: Partial<NetworkOptions>;
  readonly disk?: Partial<DiskOptions>;
  readonly trace?: TraceOptions<M>;
}

export interface HostOptions {
  readonly disk?: Partial<DiskOptions>;
  /** Initial wall-clock skew of this host. */
  readonly clockOffsetMicros?: number;
  readonly clockDriftPpm?: number;
}

export interface SimRunResult extends RunResult {
  readonly traceHash: string;
  readonly messagesSent: number;
  readonly messagesDelivered: number;
}

/** Thrown when an actor's step throws: says which host, which input and when. */
export class ActorError extends Error {
  override readonly name = 'ActorError';
}

export class Simulation<M, T = string, X = never> {
  readonly kernel = new Kernel();
  readonly rng: Rng;
  readonly tracer: Tracer<M>;
  readonly network: Network<M>;
  readonly seed: number;
  private readonly hosts: Host<M, T, X>[] = [];
  private readonly diskDefaults: Partial<DiskOptions>;
  private stepping: Host<M, T, X> | undefined;
  private nextTimerId = 1;

  constructor(options: SimulationOptions<M>) {
    this.seed = options.seed;
    this.rng = Rng.root(options.seed);
    this.tracer = new Tracer<M>(options.trace ?? {});
    this.diskDefaults = options.disk ?? {};
    const hostsPort = {
      isUp: (id: HostId) => this.host(id).up,
      input: (id: HostId, input: HostInput<M, never, never>) => this.input(this.host(id), input),
    };
    this.network = new Network<M>(this.kernel, this.rng.fork('net'), this.tracer, hostsPort,
      options.maxHosts ?? 64, options.network ?? {});
  }

  get now(): Micros {
    return this.kernel.now;
  }

  attachTrace(sink: TraceSink | undefined): void {
    this.tracer.attach(sink);
  }

  /** Host, fault and emit records only (what a recorded history keeps); cheaper than a full trace. */
  attachLifecycle(sink: TraceSink | undefined): void {
    this.tracer.attachLifecycle(sink);
  }

  addHost(name: string, factory: ActorFactory<M, T, X>, options: HostOptions = {}): HostId {
    const id = this.hosts.length as HostId;
    if (id >= this.network.maxHosts) fail(`more than maxHosts=${this.network.maxHosts} hosts`);
    const clock = new HostClock();
    if (options.clockDriftPpm !== undefined) clock.setDrift(this.kernel.now, options.clockDriftPpm);
    if (options.clockOffsetMicros !== undefined) clock.jumpWall(options.clockOffsetMicros);
    const onComplete = (c: DiskCompletion): void => this.input(this.host(id), { kind: 'disk', ...c });
    const disk = new Disk(id, this.kernel, this.rng.fork(`disk-${id}`), this.tracer, onComplete,
      { ...this.diskDefaults, ...options.disk });
    this.hosts.push(new Host(id, name, factory, clock, disk));
    return id;
  }

  hostIds(): HostId[] {
    return this.hosts.map((h) => h.id);
  }

  status(id: HostId): HostStatus {
    const h = this.host(id);
    return {
      id, name: h.name, up: h.up, paused: h.paused, incarnation: h.incarnation,
      pendingTimers: h.timers.size, inboxSize: h.inbox.length,
    };
  }

  disk(id: HostId): Disk {
    return this.host(id).disk;
  }

  clock(id: HostId): HostClock {
    return this.host(id).clock;
  }

  // ---- lifecycle ----

  /** Boots a fresh actor on a host that is down (first start, or restart after a crash). */
  start(id: HostId): void {
    const h = this.host(id);
    if (h.up) fail(`host ${h.name} is already up`);
    h.incarnation += 1;
    h.up = true;
    h.paused = false;
    this.tracer.host(this.kernel.now, id, h.incarnation === 1 ? 'start' : 'restart', h.incarnation);
    h.actor = h.factory(this.makeEnv(h));
    this.network.hostStarted();
    this.input(h, { kind: 'start' });
  }

  restart(id: HostId): void {
    this.start(id);
  }

  /** Power loss: memory, timers and queued inputs gone, connections reset, unsynced disk data lost. */
  crash(id: HostId): void {
    const h = this.host(id);
    if (!h.up) fail(`host ${h.name} is not up, it cannot crash`);
    assert(this.stepping === undefined, 'a host crashes between steps, not during one');
    h.up = false;
    h.paused = false;
    h.actor = undefined;
    h.inbox = [];
    h.timers.clear();
    this.tracer.host(this.kernel.now, id, 'crash', h.incarnation);
    this.network.hostCrashed(id);
    h.disk.crash();
  }

  /** A GC-like stop for `durationMicros`: nothing is processed, inputs queue up and arrive after. */
  pause(id: HostId, durationMicros: number): void {
    const h = this.host(id);
    if (!(h.up && !h.paused)) fail(`host ${h.name} must be up and running to pause`);
    assert(Number.isSafeInteger(durationMicros) && durationMicros > 0, 'a pause lasts a positive integer of micros');
    h.paused = true;
    const gen = ++h.pauseGen;
    const incarnation = h.incarnation;
    this.tracer.host(this.kernel.now, id, 'pause', h.incarnation);
    this.kernel.call(this.kernel.now + durationMicros, () => {
      if (h.paused && h.pauseGen === gen && h.incarnation === incarnation) this.resume(id);
    });
  }

  resume(id: HostId): void {
    const h = this.host(id);
    if (!(h.up && h.paused)) fail(`host ${h.name} is not paused`);
    h.paused = false;
    this.tracer.host(this.kernel.now, id, 'resume', h.incarnation);
    const queued = h.inbox;
    h.inbox = [];
    for (let i = 0; i < queued.length; i++) {
      const input = queued[i] as HostInput<M, T, X>;
      if (!h.up) return;
      if (h.paused) {
        // Paused again during the handover: what is left waits, ahead of anything newer.
        h.inbox = [...queued.slice(i), ...h.inbox];
        return;
      }
      // The connection may have been closed by the actor since the input arrived: check again.
      if (input.kind === 'message' || input.kind === 'accepted' || input.kind === 'connected') {
        if (!this.network.admit(h.id, input.conn, input.kind)) continue;
      }
      this.step(h, input);
    }
  }

  // ---- clocks ----

  setClockDrift(id: HostId, driftPpm: number): void {
    const h = this.host(id);
    h.clock.setDrift(this.kernel.now, driftPpm);
    this.tracer.fault(this.kernel.now, 'clock-drift', { host: id, driftPpm });
    for (const timer of h.timers.values()) this.scheduleTimer(h, timer);
  }

  jumpClock(id: HostId, deltaMicros: number): void {
    this.host(id).clock.jumpWall(deltaMicros);
    this.tracer.fault(this.kernel.now, 'clock-jump', { host: id, deltaMicros });
  }

  // ---- driving ----

  /** Hands `call` to the host's actor as an input, in an event at the current time. */
  inject(id: HostId, call: X): void {
    const h = this.host(id);
    this.kernel.call(this.kernel.now, () => this.input(h, { kind: 'call', call }));
  }

  /** Runs `fn` at virtual time `atMicros` (fault schedules, harness steps). */
  at(atMicros: number, fn: () => void): void {
    this.kernel.call(atMicros, fn);
  }

  deferred<V>(): Deferred<V> {
    return this.kernel.deferred<V>();
  }

  sleep(delayMicros: number): Promise<void> {
    return this.kernel.sleep(delayMicros);
  }

  async run(options: RunOptions = {}): Promise<SimRunResult> {
    const result = await this.kernel.run(options);
    return {
      ...result,
      traceHash: this.tracer.hash(),
      messagesSent: this.network.messagesSent,
      messagesDelivered: this.network.messagesDelivered,
    };
  }

  // ---- internals ----

  timerFired(timer: Timer<T>, gen: number): void {
    if (gen !== timer.gen) return;
    const h = this.host(timer.host);
    if (h.timers.get(timer.id) !== timer) return;
    h.timers.delete(timer.id);
    this.tracer.timer(this.kernel.now, h.id, timer.id);
    this.input(h, { kind: 'timer', timer: timer.id, tag: timer.tag });
  }

  private input(h: Host<M, T, X>, input: HostInput<M, T, X>): void {
    if (!h.up) return;
    if (h.paused) {
      h.inbox.push(input);
      return;
    }
    this.step(h, input);
  }

  private step(h: Host<M, T, X>, input: HostInput<M, T, X>): void {
    if (this.stepping !== undefined) fail(`steps never nest (host ${h.name} inside ${this.stepping?.name})`);
    // Seeing `closed` finishes the end; one the actor already closed itself is not reported.
    if (input.kind === 'closed' && !this.network.admit(h.id, input.conn, 'closed')) return;
    const actor = h.actor as Actor<M, T, X>;
    this.stepping = h;
    try {
      actor.step(input);
    } catch (error) {
      const what = error instanceof Error ? error.message : String(error);
      throw new ActorError(`host ${h.name} failed on a '${input.kind}' input at ${this.kernel.now} us: ${what}`,
        { cause: error });
    } finally {
      this.stepping = undefined;
    }
  }

  private scheduleTimer(h: Host<M, T, X>, timer: Timer<T>): void {
    timer.gen += 1;
    const at = h.clock.kernelTimeWhenMonotonicReaches(this.kernel.now, timer.deadlineLocalMicros);
    this.kernel.at(at, timer, timer.gen);
  }

  private host(id: HostId): Host<M, T, X> {
    const h = this.hosts[id];
    if (h === undefined) fail(`no host ${id}`);
    return h;
  }

  private makeEnv(h: Host<M, T, X>): Env<M, T> {
    const incarnation = h.incarnation;
    const live = (): void => {
      if (!(this.stepping === h && h.incarnation === incarnation && h.up)) fail(`host ${h.name} (incarnation ${incarnation}) acted outside its own step`);
    };
    const disk = h.disk;
    const diskApi: DiskApi = {
      read: (f) => disk.read(f),
      sizeBytes: (f) => disk.sizeBytes(f),
      list: () => disk.list(),
      append: (f, b): DiskOpId => (live(), disk.append(f, b)),
      write: (f, o, b): DiskOpId => (live(), disk.write(f, o, b)),
      truncate: (f, n): DiskOpId => (live(), disk.truncate(f, n)),
      fsync: (f): DiskOpId => (live(), disk.fsync(f)),
      rename: (a, b): DiskOpId => (live(), disk.rename(a, b)),
      delete: (f): DiskOpId => (live(), disk.delete(f)),
    };
    return {
      host: h.id,
      incarnation,
      rng: this.rng.fork(`host-${h.id}#${incarnation}`),
      now: () => h.clock.monotonicAt(this.kernel.now),
      wallMicros: () => h.clock.wallAt(this.kernel.now),
      setTimer: (delayMicros: number, tag: T): TimerId => {
        live();
        const id = this.nextTimerId++ as TimerId;
        const timer = new Timer<T>(this, h.id, id, tag, h.clock.monotonicAt(this.kernel.now) + delayMicros);
        h.timers.set(id, timer);
        this.scheduleTimer(h, timer);
        return id;
      },
      cancelTimer: (timer: TimerId) => {
        live();
        h.timers.delete(timer);
      },
      connect: (peer: HostId): ConnId => (live(), this.network.connect(h.id, peer)),
      send: (conn: ConnId, msg: M) => {
        live();
        this.network.send(h.id, conn, msg);
      },
      close: (conn: ConnId) => {
        live();
        this.network.close(h.id, conn);
      },
      disk: diskApi,
      emit: (data: JsonValue) => {
        live();
        this.tracer.emit(this.kernel.now, h.id, data);
      },
    };
  }
}
