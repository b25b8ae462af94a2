/**
 * check/recipes: checkers for the recipes in src/workload/recipes, reading only the notes the recipes
 * leave in a RunHistory (ClientEvent kind 'note'), so they judge a history from a real ZooKeeper whose
 * clients left the same notes just as well.
 * - lock-mutual-exclusion: a lock's guarded resource accepted writes from one holder at a time;
 * - leader-latch: never two clients leading one latch at once;
 * - barrier: nobody passes a round before every party entered it.
 * Each is unknown when its recipe's notes are absent. Invariants: pure functions of the history; order is
 * the history's record order (seq). Imports: base, history, check/types.
 */
import type { Checker } from '../types.ts';
import { barrier } from './barrier.ts';
import { leaderLatch } from './leader-latch.ts';
import { lockMutualExclusion } from './lock-mutual-exclusion.ts';

export { barrier, leaderLatch, lockMutualExclusion };

export const recipeCheckers: readonly Checker[] = [lockMutualExclusion, leaderLatch, barrier];
