/**
 * The stop time, enforced. A program's handle is wrapped so that any ZooKeeper call made at or after
 * ctx.stopMicros rejects with StopError before anything is sent (so it is not in the history either);
 * StopError is not a KeeperError, so it unwinds the program to startProgram, which ends it quietly.
 * The loops also check the time themselves; this makes sure no step's second or third call slips past.
 */
import type { ZooKeeper } from '../cluster/index.ts';
import type { WorkloadContext } from './context.ts';

export class StopError extends Error {
  override readonly name = 'StopError';
}

/** `zk` whose methods refuse to start a call once the workload's stop time has come. */
export function stopGuarded(ctx: WorkloadContext, zk: ZooKeeper): ZooKeeper {
  return new Proxy(zk, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]): unknown => {
        if (ctx.now() >= ctx.stopMicros) return Promise.reject(new StopError(`${target.name}: the workload's stop time has come`));
        return method.apply(target, args);
      };
    },
  });
}
