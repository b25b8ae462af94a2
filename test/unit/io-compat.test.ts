// ZooKeeper code sees the world only through src/zk/io.ts, which must stay structurally identical to the
// kernel's actor contract, so that the cluster layer hosts zk step machines without adapters. This test
// fails to typecheck (npm test runs tsc) if the two drift apart.
import { describe, expect, it } from 'vitest';
import type { Actor, Env, HostInput } from '../../src/sim/index.ts';
import type { ZkActor, ZkEnv, ZkInput } from '../../src/zk/io.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('zk/io matches the kernel contract', () => {
  it('in both directions, for inputs, environments and actors', () => {
    const inputs: Same<HostInput<string, number, boolean>, ZkInput<string, number, boolean>> = true;
    const envIsZkEnv: Env<string, number> extends ZkEnv<string, number> ? true : false = true;
    const zkActorIsActor: ZkActor<string, number, boolean> extends Actor<string, number, boolean> ? true : false = true;
    expect([inputs, envIsZkEnv, zkActorIsActor]).toEqual([true, true, true]);
  });
});
