// Host lifecycle as the kernel promises it: a crash throws the actor away with its memory and timers,
// resets its connections (the peer learns), and voids its pending disk completions; a restart builds a
// fresh actor that sees only what its disk kept (synced data; names whose create completed). An actor may act only inside its own step, and an old
// incarnation can never act again. A failing step names the host, the input and the time.
import { describe, expect, it } from 'vitest';
import type { ConnId, HostId } from '../../src/base/index.ts';
import { ActorError, Simulation } from '../../src/sim/index.ts';
import type { Actor, Env, HostInput } from '../../src/sim/index.ts';

type Log = string[];

class Recorder implements Actor<string, string, string> {
  constructor(readonly env: Env<string, string>, private readonly log: Log, private readonly peer?: HostId) {}

  step(input: HostInput<string, string, string>): void {
    const at = `${this.env.host}#${this.env.incarnation}`;
    switch (input.kind) {
      case 'start':
        this.log.push(`${at} start disk=${this.env.disk.list().map((f) => `${f}:${this.env.disk.sizeBytes(f)}`).join(',')}`);
        this.env.setTimer(1_000_000, 'late');
        if (this.peer !== undefined) this.env.connect(this.peer);
        return;
      case 'call':
        if (input.call === 'write') {
          this.env.disk.append('synced', new Uint8Array([1]));
          this.env.disk.fsync('synced');
          this.env.disk.append('unsynced', new Uint8Array([2]));
        }
        if (input.call === 'throw') throw new Error('boom');
        return;
      case 'closed':
        this.log.push(`${at} closed ${input.reason}`);
        return;
      case 'timer':
        this.log.push(`${at} timer ${input.tag}`);
        return;
      case 'disk':
        this.log.push(`${at} disk ${input.opKind} ${input.file} ${input.outcome}`);
        return;
      case 'accepted':
      case 'connected':
      case 'message':
        return;
    }
  }
}

function twoHosts(): { sim: Simulation<string, string, string>; log: Log; actors: Recorder[] } {
  const sim = new Simulation<string, string, string>({ seed: 1, network: { latency: { kind: 'constant', micros: 100 } } });
  const log: Log = [];
  const actors: Recorder[] = [];
  sim.addHost('a', (env) => {
    const r = new Recorder(env, log);
    actors.push(r);
    return r;
  });
  sim.addHost('b', (env) => {
    const r = new Recorder(env, log, 0 as HostId);
    actors.push(r);
    return r;
  });
  return { sim, log, actors };
}

describe('host lifecycle', () => {
  it('crash: timers gone, peer learns of the reset, unsynced data lost; restart: fresh actor', async () => {
    const { sim, log } = twoHosts();
    sim.start(0 as HostId);
    sim.start(1 as HostId);
    sim.at(1_000, () => sim.inject(0 as HostId, 'write'));
    sim.at(50_000, () => sim.crash(0 as HostId));
    sim.at(60_000, () => sim.restart(0 as HostId));
    await sim.run({ untilMicros: 2_000_000 });
    expect(log).toContain('0#1 disk fsync synced ok');
    expect(log).toContain('1#1 closed reset');
    expect(log).not.toContain('0#1 timer late'); // the crashed incarnation's timer never fires
    // The file whose create completed survives by name, but its unsynced data is gone (as on ext4).
    expect(log).toContain('0#2 start disk=synced:1,unsynced:0');
    expect(log).toContain('0#2 timer late');
    expect(sim.status(0 as HostId)).toMatchObject({ up: true, incarnation: 2 });
  });

  it('voids disk completions pending at the crash', async () => {
    const { sim, log } = twoHosts();
    sim.start(0 as HostId);
    sim.at(1_000, () => sim.inject(0 as HostId, 'write'));
    sim.at(1_001, () => sim.crash(0 as HostId));
    sim.at(2_000, () => sim.restart(0 as HostId));
    await sim.run({ untilMicros: 100_000 });
    expect(log.filter((l) => l.includes(' disk '))).toEqual([]);
    expect(log).toContain('0#2 start disk=');
  });

  it('refuses actions outside the actor\'s own step, and from a crashed incarnation', async () => {
    const { sim, actors } = twoHosts();
    sim.start(0 as HostId);
    const first = actors[0] as Recorder;
    expect(() => first.env.setTimer(1, 'x')).toThrow(/outside its own step/);
    sim.crash(0 as HostId);
    sim.restart(0 as HostId);
    expect(() => first.env.send(1 as ConnId, 'x')).toThrow(/incarnation 1.*outside its own step/);
    await sim.run({ untilMicros: 10 });
  });

  it('names the host, the input and the time when a step throws', async () => {
    const { sim } = twoHosts();
    sim.start(0 as HostId);
    sim.at(777, () => sim.inject(0 as HostId, 'throw'));
    const failure = sim.run({ untilMicros: 1_000 });
    await expect(failure).rejects.toThrow(ActorError);
    await expect(failure).rejects.toThrow(/host a failed on a 'call' input at 777 us: boom/);
  });

  it('refuses impossible lifecycle moves', () => {
    const { sim } = twoHosts();
    expect(() => sim.crash(0 as HostId)).toThrow(/not up/);
    sim.start(0 as HostId);
    expect(() => sim.start(0 as HostId)).toThrow(/already up/);
    expect(() => sim.resume(0 as HostId)).toThrow(/not paused/);
  });
});

describe('trace hash', () => {
  it('changes with the time, the kind and every field of a record', async () => {
    const { Tracer } = await import('../../src/sim/index.ts');
    const hashOf = (f: (t: InstanceType<typeof Tracer<string>>) => void): string => {
      const t = new Tracer<string>({ hashMessage: (m) => m.length });
      f(t);
      return t.hash();
    };
    const base = hashOf((t) => t.deliver(10, 1 as ConnId, 0 as HostId, 1 as HostId, 1, 'x'));
    const variants = [
      hashOf((t) => t.deliver(11, 1 as ConnId, 0 as HostId, 1 as HostId, 1, 'x')),
      hashOf((t) => t.deliver(10, 2 as ConnId, 0 as HostId, 1 as HostId, 1, 'x')),
      hashOf((t) => t.deliver(10, 1 as ConnId, 1 as HostId, 0 as HostId, 1, 'x')),
      hashOf((t) => t.deliver(10, 1 as ConnId, 0 as HostId, 1 as HostId, 2, 'x')),
      hashOf((t) => t.send(10, 1 as ConnId, 0 as HostId, 1 as HostId, 1, 'x')),
      hashOf((t) => t.emit(10, 0 as HostId, { role: 'LEADING' })),
      hashOf((t) => t.emit(10, 0 as HostId, { role: 'FOLLOWING' })),
      hashOf((t) => t.deliver(2 ** 40, 1 as ConnId, 0 as HostId, 1 as HostId, 1, 'x')),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
    const sendA = hashOf((t) => t.send(10, 1 as ConnId, 0 as HostId, 1 as HostId, 1, 'x'));
    const sendB = hashOf((t) => t.send(10, 1 as ConnId, 0 as HostId, 1 as HostId, 1, 'xy'));
    expect(sendA).not.toBe(sendB); // message content reaches the hash through hashMessage
  });
});
