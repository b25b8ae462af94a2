/** Every named scenario, for `zksim list` and `zksim run <name>`. One file each, grouped by folder. */
import type { Scenario } from '../src/scenario/index.ts';
import { scenario as electionFollowerCrash } from './election/follower-crash.ts';
import { scenario as electionFresh } from './election/fresh.ts';
import { scenario as electionLeaderCrash } from './election/leader-crash.ts';
import { scenario as electionRollingRestart } from './election/rolling-restart.ts';
import { scenario as zabCrashDuringSync } from './zab/crash-during-sync.ts';
import { scenario as zabFlapping } from './zab/flapping.ts';
import { scenario as zabHierarchicalQuorum } from './zab/hierarchical-quorum.ts';
import { scenario as zabIsolatedLeader } from './zab/isolated-leader.ts';
import { scenario as zabLeaderCrash } from './zab/leader-crash.ts';
import { scenario as zabMinorityPartition } from './zab/minority-partition.ts';
import { scenario as zabObservers } from './zab/observers.ts';
import { scenario as zabSlowFollowerSnap } from './zab/slow-follower-snap.ts';
import { scenario as zabSplitBrain } from './zab/split-brain.ts';
import { scenario as zabZxidRollover } from './zab/zxid-rollover.ts';
import { scenario as sessionsClockSkewLeader } from './sessions/clock-skew-leader.ts';
import { scenario as sessionsExpiryUnderPartition } from './sessions/expiry-under-partition.ts';
import { scenario as sessionsReadOnly } from './sessions/read-only.ts';
import { scenario as diskCorruptSnapshot } from './disk/corrupt-snapshot.ts';
import { scenario as diskPowerLoss } from './disk/power-loss.ts';
import { scenario as diskSlowFsync } from './disk/slow-fsync.ts';
import { scenario as diskTornTail } from './disk/torn-tail.ts';
import { scenario as recipesBarrier } from './recipes/barrier.ts';
import { scenario as recipesLeaderLatch } from './recipes/leader-latch.ts';
import { scenario as recipesLockPauseFenced } from './recipes/lock-pause-fenced.ts';
import { scenario as recipesLockPauseUnfenced } from './recipes/lock-pause-unfenced.ts';
import { scenario as swarmSwarm } from './swarm/swarm.ts';
import { scenario as smokePingPong } from './smoke/ping-pong.ts';
import { scenario as smokeStandalone } from './smoke/standalone.ts';

export const scenarios: readonly Scenario[] = [
  electionLeaderCrash,
  electionFollowerCrash,
  electionFresh,
  electionRollingRestart,
  zabCrashDuringSync,
  zabFlapping,
  zabHierarchicalQuorum,
  zabIsolatedLeader,
  zabLeaderCrash,
  zabMinorityPartition,
  zabObservers,
  zabSlowFollowerSnap,
  zabSplitBrain,
  zabZxidRollover,
  sessionsClockSkewLeader,
  sessionsExpiryUnderPartition,
  sessionsReadOnly,
  diskCorruptSnapshot,
  diskPowerLoss,
  diskSlowFsync,
  diskTornTail,
  recipesBarrier,
  recipesLeaderLatch,
  recipesLockPauseFenced,
  recipesLockPauseUnfenced,
  swarmSwarm,
  smokePingPong,
  smokeStandalone,
];

export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}
