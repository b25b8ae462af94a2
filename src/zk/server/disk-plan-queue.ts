/**
 * The data directory's multi-step writes (an epoch file, a snapshot, a TRUNC, a SNAP install), issued as
 * ZooKeeper's Java issues them: one syscall after the other, so a rename happens only after the write and
 * the fsync before it returned without error (AtomicFileOutputStream, FileTxnSnapLog.save). Steps before
 * a rename are issued at once (writes land in the page cache when issued, and disk operations complete in
 * issue order); the rename and whatever follows it wait until every earlier step of the plan completed.
 * A step that failed drops the rest of its plan: the new file is never renamed into place.
 *
 * Plans go out in FIFO order, so a plan issued after a waiting one (the currentEpoch write after the SNAP
 * snapshot at NEWLEADER) is durable only after it. `whenIdle` is for the role's end: the database is
 * reloaded from the files only once no plan is left half issued.
 */
import { assert } from '../../base/index.ts';
import type { DiskOpId } from '../../base/index.ts';
import type { DiskStep } from '../storage/index.ts';
import type { DiskOutcome, ZkDisk } from '../io.ts';

/** A plan's steps, or a function that makes them when the plan's turn comes (when they depend on the files). */
export type PlanSteps = readonly DiskStep[] | (() => readonly DiskStep[]);

interface Plan {
  steps: PlanSteps;
  /** Called once the plan's last step completed (all of it durable, in issue order). */
  readonly then: (() => void) | undefined;
  next: number;
  outstanding: number;
  failed: boolean;
}

export class DiskPlanQueue {
  private readonly plans: Plan[] = [];
  private readonly opPlans = new Map<DiskOpId, Plan>();
  private readonly finals = new Map<DiskOpId, () => void>();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly disk: ZkDisk) {}

  /** True when no plan waits to issue a step (the files read as every plan issued so far left them). */
  get idle(): boolean {
    return this.plans.length === 0;
  }

  /**
   * Queues a plan; `then` runs once all of it is done (never, if a step failed). Steps given as a function
   * are made when the plan's turn comes, as Java decides them when the syscall before returned.
   */
  submit(steps: PlanSteps, then?: () => void): void {
    this.plans.push({ steps, then, next: 0, outstanding: 0, failed: false });
    if (this.plans.length === 1) this.pump();
  }

  /** `then` runs once every queued plan is fully issued (at once if none is waiting). */
  whenIdle(then: () => void): void {
    if (this.idle) return then();
    this.idleWaiters.push(then);
  }

  /** A disk operation completed; true when it was one of the queue's. */
  completed(op: DiskOpId, outcome: DiskOutcome): boolean {
    const plan = this.opPlans.get(op);
    if (plan === undefined) return false;
    this.opPlans.delete(op);
    plan.outstanding -= 1;
    if (outcome !== 'ok') plan.failed = true;
    const final = this.finals.get(op);
    this.finals.delete(op);
    if (final !== undefined && !plan.failed) final();
    if (plan === this.plans[0] && plan.outstanding === 0) this.pump();
    return true;
  }

  private pump(): void {
    for (let plan = this.plans[0]; plan !== undefined; plan = this.plans[0]) {
      if (!this.issueFrom(plan)) return;
      this.plans.shift();
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** Issues what the plan may issue now; true when it is done with (fully issued, or dropped). */
  private issueFrom(plan: Plan): boolean {
    if (plan.failed) return true;
    if (typeof plan.steps === 'function') plan.steps = plan.steps();
    assert(plan.steps.length > 0, 'a disk plan has steps');
    while (plan.next < plan.steps.length) {
      const step = plan.steps[plan.next];
      assert(step !== undefined, 'a plan step exists');
      if (step.kind === 'rename' && plan.outstanding > 0) return false;
      const op = this.issue(step);
      plan.next += 1;
      plan.outstanding += 1;
      this.opPlans.set(op, plan);
      if (plan.next === plan.steps.length && plan.then !== undefined) this.finals.set(op, plan.then);
    }
    return true;
  }

  private issue(step: DiskStep): DiskOpId {
    switch (step.kind) {
      case 'delete': return this.disk.delete(step.file);
      case 'truncate': return this.disk.truncate(step.file, step.lengthBytes);
      case 'write': return this.disk.write(step.file, 0, step.bytes);
      case 'fsync': return this.disk.fsync(step.file);
      case 'rename': return this.disk.rename(step.from, step.to);
    }
  }
}
