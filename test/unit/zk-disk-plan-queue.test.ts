/**
 * The data directory's multi-step writes go out as Java issues them: a rename only after everything
 * before it in the plan completed without error, a failed step drops the rest of its plan, plans in FIFO
 * order. The fake disk only records what was issued; the test completes operations by hand.
 */
import { describe, expect, it } from 'vitest';
import type { DiskOpId } from '../../src/base/index.ts';
import { DiskPlanQueue } from '../../src/zk/server/disk-plan-queue.ts';
import type { DiskStep } from '../../src/zk/storage/index.ts';
import type { ZkDisk } from '../../src/zk/io.ts';

function fakeDisk(): { disk: ZkDisk; issued: string[] } {
  const issued: string[] = [];
  let next = 1;
  const op = (text: string): DiskOpId => {
    issued.push(text);
    return next++ as DiskOpId;
  };
  const disk: ZkDisk = {
    read: () => undefined,
    sizeBytes: () => undefined,
    list: () => [],
    append: (f) => op(`append ${f}`),
    write: (f) => op(`write ${f}`),
    truncate: (f, n) => op(`truncate ${f} ${n}`),
    fsync: (f) => op(`fsync ${f}`),
    rename: (a, b) => op(`rename ${a} ${b}`),
    delete: (f) => op(`delete ${f}`),
  };
  return { disk, issued };
}

const atomicWrite = (name: string): DiskStep[] => [
  { kind: 'write', file: `${name}.tmp`, bytes: new Uint8Array([1]) },
  { kind: 'fsync', file: `${name}.tmp` },
  { kind: 'rename', from: `${name}.tmp`, to: name },
  { kind: 'delete', file: `old-${name}` },
];

describe('DiskPlanQueue', () => {
  it('issues the steps before a rename at once and the rename (and what follows) once they completed', () => {
    const { disk, issued } = fakeDisk();
    const q = new DiskPlanQueue(disk);
    let done = false;
    q.submit(atomicWrite('a'), () => { done = true; });
    expect(issued).toEqual(['write a.tmp', 'fsync a.tmp']);
    expect(q.idle).toBe(false);
    q.completed(1 as DiskOpId, 'ok');
    expect(issued).toHaveLength(2);
    q.completed(2 as DiskOpId, 'ok');
    expect(issued).toEqual(['write a.tmp', 'fsync a.tmp', 'rename a.tmp a', 'delete old-a']);
    expect(q.idle).toBe(true);
    q.completed(3 as DiskOpId, 'ok');
    expect(done).toBe(false);
    q.completed(4 as DiskOpId, 'ok');
    expect(done).toBe(true);
  });

  it('never renames a file whose fsync failed, drops the rest of the plan and goes on with the next', () => {
    const { disk, issued } = fakeDisk();
    const q = new DiskPlanQueue(disk);
    let doneA = false;
    q.submit(atomicWrite('a'), () => { doneA = true; });
    q.submit([{ kind: 'delete', file: 'b' }]);
    expect(issued).toEqual(['write a.tmp', 'fsync a.tmp']);
    q.completed(1 as DiskOpId, 'ok');
    q.completed(2 as DiskOpId, 'EIO');
    expect(issued).toEqual(['write a.tmp', 'fsync a.tmp', 'delete b']);
    expect(doneA).toBe(false);
    expect(q.idle).toBe(true);
  });

  it('never renames a file whose write failed (ENOSPC), even when the fsync after it succeeded', () => {
    const { disk, issued } = fakeDisk();
    const q = new DiskPlanQueue(disk);
    q.submit(atomicWrite('a'));
    q.completed(1 as DiskOpId, 'ENOSPC');
    q.completed(2 as DiskOpId, 'ok');
    expect(issued).toEqual(['write a.tmp', 'fsync a.tmp']);
    expect(q.idle).toBe(true);
  });

  it('keeps plans in FIFO order: a later plan waits while an earlier one waits for its fsync', () => {
    const { disk, issued } = fakeDisk();
    const q = new DiskPlanQueue(disk);
    const order: string[] = [];
    q.submit(atomicWrite('snap'), () => order.push('snap'));
    q.submit(atomicWrite('epoch').slice(0, 3), () => order.push('epoch'));
    expect(issued).toEqual(['write snap.tmp', 'fsync snap.tmp']);
    let idleAt = -1;
    q.whenIdle(() => { idleAt = issued.length; });
    q.completed(1 as DiskOpId, 'ok');
    q.completed(2 as DiskOpId, 'ok');
    expect(issued.slice(2)).toEqual(['rename snap.tmp snap', 'delete old-snap', 'write epoch.tmp', 'fsync epoch.tmp']);
    expect(idleAt).toBe(-1);
    for (let op = 3; op <= 6; op += 1) q.completed(op as DiskOpId, 'ok');
    expect(issued.at(-1)).toBe('rename epoch.tmp epoch');
    expect(idleAt).toBe(7);
    q.completed(7 as DiskOpId, 'ok');
    expect(order).toEqual(['snap', 'epoch']);
  });

  it('ignores operations it did not issue', () => {
    const { disk } = fakeDisk();
    const q = new DiskPlanQueue(disk);
    expect(q.completed(42 as DiskOpId, 'ok')).toBe(false);
  });
});
