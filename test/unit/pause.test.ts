// Pausing a host (sim.pause): a GC-like stop. Checks that a paused host takes no step at all until the
// pause ends (step times are read from the kernel clock, sim.now, inside the steps), that every input
// that arrived meanwhile (timer, injected call, network message, disk completion) is handed over right
// when the pause ends and in arrival order, that other hosts keep running, that a stale resume of an
// earlier pause cannot end a later one, and that a crash during a pause throws the queued inputs away.
// Pauses model the stop-the-world stalls that make ZooKeeper sessions expire and leaders lose quorum,
// so a host that leaked a step during a pause, or reordered/lost what queued up, would hide such bugs.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/index.ts';
import type { Actor, Env, HostInput } from '../../src/sim/index.ts';
import type { ConnId, HostId } from '../../src/base/index.ts';

type Call = (env: Env<string, string>) => void;
type Input = HostInput<string, string, Call>;

interface StepRecord {
  readonly at: number;
  readonly incarnation: number;
  readonly what: string;
}

/** Names an input so that expected sequences read plainly. */
function describeInput(input: Input): string {
  switch (input.kind) {
    case 'start':
      return 'start';
    case 'timer':
      return `timer:${input.tag}`;
    case 'accepted':
      return 'accepted';
    case 'connected':
      return 'connected';
    case 'message':
      return `message:${input.msg}`;
    case 'closed':
      return `closed:${input.reason}`;
    case 'disk':
      return `disk:${input.opKind}:${input.file}:${input.outcome}`;
    case 'call':
      return 'call';
  }
}

/**
 * A host whose actor logs every step (with the kernel's time) and runs injected calls inside its step.
 * `onInput` lets a test react to inputs (set timers, send) from inside the step.
 */
function addRecordingHost(
  sim: Simulation<string, string, Call>,
  name: string,
  log: StepRecord[],
  onInput: (env: Env<string, string>, input: Input) => void = () => undefined,
): HostId {
  return sim.addHost(name, (env): Actor<string, string, Call> => ({
    step(input: Input): void {
      log.push({ at: sim.now, incarnation: env.incarnation, what: describeInput(input) });
      if (input.kind === 'call') input.call(env);
      onInput(env, input);
    },
  }));
}

function newSim(): Simulation<string, string, Call> {
  return new Simulation<string, string, Call>({
    seed: 7,
    network: { latency: { kind: 'constant', micros: 100 } },
    disk: {
      writeLatency: { kind: 'constant', micros: 50 },
      fsyncLatency: { kind: 'constant', micros: 1_000 },
      metadataLatency: { kind: 'constant', micros: 50 },
    },
  });
}

/** A call that logs itself with a label (the step already logged 'call'; this says which one). */
function labelled(log: StepRecord[], sim: Simulation<string, string, Call>, label: string, then?: Call): Call {
  return (env) => {
    log.push({ at: sim.now, incarnation: env.incarnation, what: `ran:${label}` });
    then?.(env);
  };
}

describe('pause', () => {
  it('processes nothing while paused, then every queued input in arrival order when the pause ends', async () => {
    const sim = newSim();
    const aLog: StepRecord[] = [];
    const bLog: StepRecord[] = [];
    let bConn: ConnId | undefined;
    const a = addRecordingHost(sim, 'a', aLog, (env, input) => {
      if (input.kind === 'start') env.setTimer(1_000, 'a-timer');
    });
    const b = addRecordingHost(sim, 'b', bLog, (env, input) => {
      if (input.kind === 'start') {
        env.connect(a);
        env.setTimer(250, 'b-tick');
      }
      if (input.kind === 'connected') bConn = input.conn;
      if (input.kind === 'timer' && sim.now < 3_000) env.setTimer(250, 'b-tick');
    });
    const send = (text: string): Call => (env) => {
      if (bConn === undefined) throw new Error('b is not connected yet');
      env.send(bConn, text);
    };
    sim.start(a);
    sim.start(b);

    // Before the pause: a write (done at 450) and an fsync (done at 1450, during the pause).
    sim.at(400, () => sim.inject(a, (env) => {
      env.disk.append('f', new Uint8Array([1, 2, 3]));
      env.disk.fsync('f');
    }));
    sim.at(500, () => sim.pause(a, 2_000));
    // While paused: timer at 1000, call at 1200, message at 1400, fsync completion at 1450,
    // call at 1600, message at 1800.
    sim.at(1_200, () => sim.inject(a, labelled(aLog, sim, 'first')));
    sim.at(1_300, () => sim.inject(b, send('hello')));
    sim.at(1_600, () => sim.inject(a, labelled(aLog, sim, 'second', (env) => env.setTimer(100, 'after'))));
    sim.at(1_700, () => sim.inject(b, send('again')));
    const during: { paused: boolean; inbox: number }[] = [];
    sim.at(1_900, () => {
      const s = sim.status(a);
      during.push({ paused: s.paused, inbox: s.inboxSize });
    });
    await sim.run({ untilMicros: 4_000 });

    expect(during).toEqual([{ paused: true, inbox: 6 }]);
    // Not a single step of a inside the pause.
    expect(aLog.filter((s) => s.at >= 500 && s.at < 2_500)).toEqual([]);
    expect(aLog.map((s) => `${s.at} ${s.what}`)).toEqual([
      '0 start',
      '100 accepted',
      '400 call',
      '450 disk:append:f:ok',
      // The pause ends at 2500: everything that queued up, in the order it arrived.
      '2500 timer:a-timer',
      '2500 call',
      '2500 ran:first',
      '2500 message:hello',
      '2500 disk:fsync:f:ok',
      '2500 call',
      '2500 ran:second',
      '2500 message:again',
      // A timer set while draining the queue counts from the resume time.
      '2600 timer:after',
    ]);
    // b kept running throughout: its ticks and its calls happened on time during a's pause.
    const bDuring = bLog.filter((s) => s.at > 500 && s.at < 2_500).map((s) => `${s.at} ${s.what}`);
    expect(bDuring).toEqual([
      '750 timer:b-tick', '1000 timer:b-tick', '1250 timer:b-tick', '1300 call',
      '1500 timer:b-tick', '1700 call', '1750 timer:b-tick', '2000 timer:b-tick', '2250 timer:b-tick',
    ]);
    expect(sim.status(a)).toMatchObject({ paused: false, inboxSize: 0, up: true });
  });

  it('does nothing to a host that is not paused, and an earlier pause\'s end cannot end a later pause', async () => {
    const sim = newSim();
    const log: StepRecord[] = [];
    const a = addRecordingHost(sim, 'a', log);
    sim.start(a);
    sim.at(100, () => sim.pause(a, 1_000)); // would end at 1100
    sim.at(200, () => sim.inject(a, labelled(log, sim, 'one')));
    sim.at(300, () => sim.resume(a)); // ended early by hand
    sim.at(600, () => sim.pause(a, 2_000)); // ends at 2600; the stale end at 1100 must not end it
    sim.at(1_000, () => sim.inject(a, labelled(log, sim, 'two')));
    sim.at(1_150, () => sim.inject(a, labelled(log, sim, 'three')));
    await sim.run();
    expect(log.map((s) => `${s.at} ${s.what}`)).toEqual([
      '0 start',
      '300 call', '300 ran:one',
      '2600 call', '2600 ran:two', '2600 call', '2600 ran:three',
    ]);
  });

  it('drops what queued up during a pause when the host crashes, and the restarted host is not paused', async () => {
    const sim = newSim();
    const log: StepRecord[] = [];
    const a = addRecordingHost(sim, 'a', log, (env, input) => {
      if (input.kind === 'start' && env.incarnation === 1) env.setTimer(1_000, 'old-timer');
    });
    sim.start(a);
    sim.at(300, () => sim.inject(a, (env) => {
      env.disk.append('f', new Uint8Array([9, 8, 7]));
      env.disk.fsync('f'); // completes at 1350, while paused
    }));
    sim.at(500, () => sim.pause(a, 2_000)); // would end at 2500
    sim.at(800, () => sim.inject(a, labelled(log, sim, 'queued')));
    const inboxBeforeCrash: number[] = [];
    sim.at(1_490, () => inboxBeforeCrash.push(sim.status(a).inboxSize));
    sim.at(1_500, () => sim.crash(a));
    sim.at(1_600, () => sim.start(a));
    sim.at(1_700, () => sim.inject(a, labelled(log, sim, 'fresh')));
    await sim.run();

    // call (800), timer (1000), fsync completion (1350) were queued, then thrown away by the crash.
    expect(inboxBeforeCrash).toEqual([3]);
    expect(log.map((s) => `${s.at} #${s.incarnation} ${s.what}`)).toEqual([
      '0 #1 start',
      '300 #1 call',
      '350 #1 disk:append:f:ok',
      '1600 #2 start',
      '1700 #2 call',
      '1700 #2 ran:fresh',
    ]);
    expect(sim.status(a)).toMatchObject({ up: true, paused: false, inboxSize: 0, incarnation: 2 });
    // The disk is not the CPU: the fsync did complete during the pause, only its notification was lost.
    expect(sim.disk(a).durableContent('f')).toEqual(new Uint8Array([9, 8, 7]));
  });

  it('refuses to pause a host that is down or already paused, or for no time', async () => {
    const sim = newSim();
    const log: StepRecord[] = [];
    const a = addRecordingHost(sim, 'a', log);
    expect(() => sim.pause(a, 100)).toThrow(/up and running/);
    sim.start(a);
    expect(() => sim.pause(a, 0)).toThrow(/positive/);
    sim.pause(a, 100);
    expect(() => sim.pause(a, 100)).toThrow(/up and running/);
    await sim.run();
    expect(sim.status(a).paused).toBe(false);
  });
});
