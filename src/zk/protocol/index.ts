/**
 * zk/protocol: the vocabulary of ZooKeeper as data: error codes and KeeperError, create modes, ACLs,
 * Stat, watch event types, paths, transactions. No behaviour beyond small pure helpers.
 * Imports: src/base only. Checkers and reports may import this folder (and only this one) from zk/.
 */
export { ERROR_CODES, KeeperError, codeName, codeNumber } from './codes.ts';
export type { ErrorName, FailureName } from './codes.ts';
export { CREATE_MODE_FLAGS, TTL_MAX_MS, createModeOfFlag, isEphemeralMode, isSequentialMode, isTtlMode } from './modes.ts';
export type { CreateMode } from './modes.ts';
export { ANYONE_ID, CREATOR_ALL_ACL, OPEN_ACL_UNSAFE, PERMS, READ_ACL_UNSAFE, describeAcl } from './acl.ts';
export type { Acl, Id, PermName } from './acl.ts';
export { EVENT_TYPES } from './stat.ts';
export type { EventType, Stat } from './stat.ts';
export {
  CONFIG_NODE, QUOTA_NODE, ROOT, SPECIAL_PATHS, ZOOKEEPER_NODE, childPath, nameOf, parentOf, pathProblem, sequenceSuffix,
} from './paths.ts';
export type { NodeKind, Txn, TxnOp } from './txn.ts';
export { multiRecordOp } from './requests.ts';
export type { MultiOp, WriteRequest } from './requests.ts';
export { AUTH_XID, NOTIFICATION_XID, PING_XID, SET_WATCHES_XID } from './wire.ts';
export type {
  AddWatchMode, ClientMessage, ClientRequest, ClientResponse, ConnectRequest, ConnectResponse, ControlRequest, KeeperState,
  MultiReadResult, MultiResult, Notification, ReadRequest, Reply, Request, ServerMessage, WatcherType, WireMessage,
} from './wire.ts';
