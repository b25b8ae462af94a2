// A hand-stepped world for Fast Leader Election, in the style of etcd-raft's InteractionEnv: N election
// instances, one fake clock that moves only when the test says so, and a list of notifications in
// flight that are delivered only when the test says which (one link at a time, or all pending in the
// order they were sent). Every command, delivery, timer and election event is appended to a text
// transcript that the interaction tests compare with a golden file.
//
// The network is QuorumCnxManager reduced to what the election sees. A notification is pending until the
// test delivers or drops it. One sent to a server that is down waits in the sender's queue for that
// server, which holds only the newest (SEND_CAPACITY = 1, a newer notification replaces an unsent one),
// and becomes pending when the server comes up, before anything the server sends itself. A crash loses
// the notifications pending to the crashed server and everything it had queued for others. There is no
// latency: time passes only through `advance`, which fires due timers in (time, server id) order.
import {
  FastLeaderElection, describeEvent, describeNotification, describeProposal, describeVote,
} from '../../src/zk/election/index.ts';
import type {
  ElectionDecision, ElectionEvent, LookingInput, Notification,
} from '../../src/zk/election/index.ts';
import type { QuorumVerifier, ServerId } from '../../src/zk/zab/index.ts';

export type InFlight = { readonly from: ServerId; readonly to: ServerId; readonly notification: Notification };

type Node = {
  readonly id: ServerId;
  election: FastLeaderElection;
  up: boolean;
  timerDueMicros: number | undefined;
  decisions: ElectionDecision[];
};

const MAX_STEPS = 10_000;

export class ElectionHarness {
  nowMicros = 0;
  /** Every event any server emitted, in order (for assertions beside the transcript). */
  readonly events: { readonly id: ServerId; readonly atMicros: number; readonly event: ElectionEvent }[] = [];
  private readonly lines: string[] = [];
  private readonly inFlight: InFlight[] = [];
  /** Per server that is down: the newest notification each sender has queued for it. */
  private readonly held = new Map<ServerId, Map<ServerId, Notification>>();
  private readonly nodes = new Map<ServerId, Node>();
  private quietDepth = 0;

  /** `about` is the test's opening comment: what it shows and why, one line per entry. */
  constructor(readonly verifier: QuorumVerifier, about: readonly string[]) {
    for (const line of about) this.lines.push(`# ${line}`.trimEnd());
    this.lines.push(`ensemble: ${verifier.describe()}`);
  }

  // ---- commands ---------------------------------------------------------------------------------------

  /** A comment in the transcript, to say what the next commands are for. */
  note(text: string): void {
    this.lines.push('', `# ${text}`);
  }

  /** Runs `body` without writing its steps to the transcript (setup that is not the point of the test). */
  quietly(summary: string, body: () => void): void {
    this.command(`${summary} (steps not shown)`);
    this.quietDepth++;
    try {
      body();
    } finally {
      this.quietDepth--;
    }
  }

  /** The server (re)starts its process and calls lookForLeader: a fresh election object, round 0 -> 1. */
  start(id: ServerId, input: LookingInput): void {
    const existing = this.nodes.get(id);
    if (existing !== undefined && existing.up) throw new Error(`server ${id} is already up`);
    this.command(`start ${id} (currentEpoch ${input.currentEpoch}, lastLoggedZxid ${hex(input.lastLoggedZxid)})`);
    const node: Node = { id, election: this.newElection(id), up: true, timerDueMicros: undefined, decisions: [] };
    this.nodes.set(id, node);
    this.release(id);
    node.election.startLooking(input);
  }

  /**
   * Several servers start at the same instant: every process is up before any calls lookForLeader, so
   * that their first notifications reach one another. Servers start in the order given.
   */
  startTogether(inputs: readonly (readonly [ServerId, LookingInput])[]): void {
    const text = inputs.map(([id, i]) => `${id} (currentEpoch ${i.currentEpoch}, lastLoggedZxid ${hex(i.lastLoggedZxid)})`);
    this.command(`start ${text.join(', ')}`);
    for (const [id] of inputs) {
      const existing = this.nodes.get(id);
      if (existing !== undefined && existing.up) throw new Error(`server ${id} is already up`);
      this.nodes.set(id, { id, election: this.newElection(id), up: true, timerDueMicros: undefined, decisions: [] });
    }
    for (const [id] of inputs) this.release(id);
    for (const [id, input] of inputs) this.upNode(id).election.startLooking(input);
  }

  /** The server's peer left FOLLOWING/LEADING and calls lookForLeader again on the same object. */
  lookAgain(id: ServerId, input: LookingInput): void {
    this.command(`look again ${id} (currentEpoch ${input.currentEpoch}, lastLoggedZxid ${hex(input.lastLoggedZxid)})`);
    this.upNode(id).election.startLooking(input);
  }

  /** QuorumPeer.updateElectionVote after sync: the current vote carries the new epoch. */
  establishEpoch(id: ServerId, newEpoch: number): void {
    this.command(`epoch ${newEpoch} established on ${id} (updateElectionVote)`);
    this.upNode(id).election.updateElectionVote(newEpoch);
  }

  /** The server's process dies: its timer, its state and every notification pending to it are lost. */
  crash(id: ServerId): void {
    const node = this.upNode(id);
    node.up = false;
    node.timerDueMicros = undefined;
    const lost = this.removeInFlight((m) => m.to === id);
    for (const queued of this.held.values()) queued.delete(id);
    this.command(`crash ${id}${lost.length > 0 ? ` (${lost.length} pending to it lost)` : ''}`);
  }

  /** Delivers the oldest pending notification from `from` to `to`. */
  deliver(from: ServerId, to: ServerId): void {
    const i = this.inFlight.findIndex((m) => m.from === from && m.to === to);
    if (i < 0) throw new Error(`no notification pending from ${from} to ${to}`);
    this.command(`deliver ${from}->${to}`);
    this.deliverAt(i);
  }

  /** Delivers the k-th pending notification (k modulo their number): for random delivery orders. */
  deliverNth(k: number): void {
    if (this.inFlight.length === 0) throw new Error('nothing is pending');
    const i = k % this.inFlight.length;
    const m = this.inFlight[i];
    if (m !== undefined) this.command(`deliver ${m.from}->${m.to} (pending #${i})`);
    this.deliverAt(i);
  }

  /** Drops the oldest pending notification from `from` to `to`. */
  drop(from: ServerId, to: ServerId): void {
    const i = this.inFlight.findIndex((m) => m.from === from && m.to === to);
    if (i < 0) throw new Error(`no notification pending from ${from} to ${to}`);
    const [m] = this.inFlight.splice(i, 1);
    if (m !== undefined) this.command(`drop ${from}->${to} ${describeNotification(m.notification)}`);
  }

  /**
   * Delivers pending notifications, oldest first, including those sent meanwhile, until none is left
   * (or only those `filter` rejects). Time does not move.
   */
  deliverAll(filter: (m: InFlight) => boolean = () => true, label = 'deliver-all'): void {
    this.command(label);
    for (let steps = 0; ; steps++) {
      if (steps >= MAX_STEPS) throw new Error(`deliver-all did not settle within ${MAX_STEPS} deliveries`);
      const i = this.inFlight.findIndex(filter);
      if (i < 0) return;
      this.deliverAt(i);
    }
  }

  /** Delivers everything pending to and from the given servers only. */
  deliverAmong(ids: readonly ServerId[]): void {
    this.deliverAll((m) => ids.includes(m.from) && ids.includes(m.to), `deliver-all among ${ids.join(' ')}`);
  }

  /** Moves the clock forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.nowMicros + ms * 1000;
    this.command(`advance ${ms}ms`);
    for (let next = this.nextTimer(); next !== undefined && (next.timerDueMicros ?? 0) <= target; next = this.nextTimer()) {
      this.fire(next);
    }
    this.nowMicros = target;
  }

  /** Moves the clock to the next timer that falls due and fires it (and any other due at the same time). */
  advanceToNextTimer(): void {
    const next = this.nextTimer();
    if (next?.timerDueMicros === undefined) throw new Error('no timer is armed');
    this.command(`advance to the next timer (+${(next.timerDueMicros - this.nowMicros) / 1000}ms)`);
    const due = next.timerDueMicros;
    for (let n = this.nextTimer(); n?.timerDueMicros === due; n = this.nextTimer()) this.fire(n);
  }

  /** Delivers everything, then fires timers, until every server that is up has decided. */
  settle(): void {
    for (let steps = 0; !this.allDecided(); steps++) {
      if (steps >= MAX_STEPS) throw new Error(`settle did not finish within ${MAX_STEPS} steps`);
      this.deliverAll();
      if (!this.allDecided()) this.advanceToNextTimer();
    }
  }

  /** Prints what is in flight. */
  pending(): void {
    this.command('pending');
    if (this.inFlight.length === 0) this.out('  (nothing)');
    for (const m of this.inFlight) this.out(`  ${m.from}->${m.to} ${describeNotification(m.notification)}`);
  }

  /** Prints each server's state, round, proposal or current vote, and pending timer. */
  status(): void {
    this.command('status');
    for (const node of [...this.nodes.values()].sort((a, b) => a.id - b.id)) this.out(`  ${this.statusLine(node)}`);
  }

  // ---- queries for assertions ---------------------------------------------------------------------------

  election(id: ServerId): FastLeaderElection {
    return this.upNode(id).election;
  }

  lastDecision(id: ServerId): ElectionDecision | undefined {
    return this.upNode(id).decisions.at(-1);
  }

  inFlightCount(): number {
    return this.inFlight.length;
  }

  transcript(): string {
    return `${this.lines.join('\n')}\n`;
  }

  // ---- internals ----------------------------------------------------------------------------------------

  private newElection(id: ServerId): FastLeaderElection {
    return new FastLeaderElection({
      myId: id,
      verifier: this.verifier,
      port: {
        now: () => this.nowMicros,
        send: (to, notification) => {
          if (this.nodes.get(to)?.up === true) {
            this.inFlight.push({ from: id, to, notification });
          } else {
            const queued = this.held.get(to) ?? new Map<ServerId, Notification>();
            queued.set(id, notification);
            this.held.set(to, queued);
          }
        },
        setTimer: (delayMicros) => {
          this.upNode(id).timerDueMicros = this.nowMicros + delayMicros;
        },
        cancelTimer: () => {
          this.upNode(id).timerDueMicros = undefined;
        },
        emit: (event) => {
          this.events.push({ id, atMicros: this.nowMicros, event });
          this.out(`    ${id}: ${describeEvent(event)}`);
        },
      },
    });
  }

  /** A server came up: what others had queued for it becomes pending, in sender id order. */
  private release(id: ServerId): void {
    const queued = this.held.get(id);
    this.held.delete(id);
    if (queued === undefined || queued.size === 0) return;
    const senders = [...queued.keys()].sort((a, b) => a - b);
    for (const from of senders) {
      const notification = queued.get(from);
      if (notification !== undefined) this.inFlight.push({ from, to: id, notification });
    }
    this.out(`  queued for ${id} while it was down, now pending: ${senders.map((f) => `${f}->${id}`).join(' ')}`);
  }

  private deliverAt(i: number): void {
    const [m] = this.inFlight.splice(i, 1);
    if (m === undefined) return;
    this.out(`  ${m.from}->${m.to} ${describeNotification(m.notification)}`);
    const node = this.upNode(m.to);
    this.record(node, node.election.onNotification(m.from, m.notification));
  }

  private fire(node: Node): void {
    const due = node.timerDueMicros;
    if (due === undefined) return;
    this.nowMicros = due;
    node.timerDueMicros = undefined;
    this.out(`  @${ms(due)} timer ${node.id}`);
    this.record(node, node.election.onTimer());
  }

  private record(node: Node, decision: ElectionDecision | undefined): void {
    if (decision !== undefined) node.decisions.push(decision);
  }

  private nextTimer(): Node | undefined {
    let best: Node | undefined;
    for (const node of this.nodes.values()) {
      if (!node.up || node.timerDueMicros === undefined) continue;
      if (best === undefined || node.timerDueMicros < (best.timerDueMicros ?? 0) ||
        (node.timerDueMicros === best.timerDueMicros && node.id < best.id)) best = node;
    }
    return best;
  }

  private allDecided(): boolean {
    return [...this.nodes.values()].every((n) => !n.up || !n.election.isLooking);
  }

  private removeInFlight(match: (m: InFlight) => boolean): InFlight[] {
    const removed = this.inFlight.filter(match);
    const kept = this.inFlight.filter((m) => !match(m));
    this.inFlight.length = 0;
    this.inFlight.push(...kept);
    return removed;
  }

  private upNode(id: ServerId): Node {
    const node = this.nodes.get(id);
    if (node === undefined || !node.up) throw new Error(`server ${id} is not up`);
    return node;
  }

  private statusLine(node: Node): string {
    if (!node.up) return `${node.id} down`;
    const s = node.election.snapshot();
    const timer = s.timerDueMicros === null ? 'no timer' : `timer @${ms(s.timerDueMicros)}`;
    if (node.election.isLooking) {
      return `${node.id} ${s.state} (${s.phase}) round ${s.round}, proposes ${describeProposal(s.proposal)}, ${timer}`;
    }
    const current = s.currentVote === null ? 'no vote' : describeVote(s.currentVote);
    return `${node.id} ${s.state} round ${s.round}, current ${current}`;
  }

  private command(text: string): void {
    if (this.quietDepth === 0) this.lines.push(`@${ms(this.nowMicros)} ${text}`);
  }

  private out(line: string): void {
    if (this.quietDepth === 0) this.lines.push(line);
  }
}

function ms(micros: number): string {
  return `${micros / 1000}ms`;
}

function hex(n: number): string {
  return n < 0 ? `${n}` : `0x${n.toString(16)}`;
}
