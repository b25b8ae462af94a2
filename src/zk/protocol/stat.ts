/**
 * The Stat a client sees (J `class Stat`, wire order). Zxids are numbers (base/zxid.ts); times are the
 * serving leader's wall-clock milliseconds at prep time.
 */
import type { Zxid } from '../../base/index.ts';

export interface Stat {
  readonly czxid: Zxid;
  readonly mzxid: Zxid;
  readonly ctime: number;
  readonly mtime: number;
  readonly version: number;
  /** Visible cversion: 2 x stored create counter - numChildren (ZOOKEEPER-1046). */
  readonly cversion: number;
  readonly aversion: number;
  /** The owning session for ephemerals; 0 otherwise (also for containers and TTL nodes). */
  readonly ephemeralOwner: number;
  readonly dataLength: number;
  readonly numChildren: number;
  readonly pzxid: Zxid;
}

/** Watch event types with ZooKeeper's numbers (S/Watcher.java). */
export const EVENT_TYPES = {
  None: -1,
  NodeCreated: 1,
  NodeDeleted: 2,
  NodeDataChanged: 3,
  NodeChildrenChanged: 4,
  DataWatchRemoved: 5,
  ChildWatchRemoved: 6,
  PersistentWatchRemoved: 7,
} as const;
export type EventType = keyof typeof EVENT_TYPES;
