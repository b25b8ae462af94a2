/**
 * history: the recorded run as plain JSON-serialisable data (client operations, client and server
 * events, lifecycle, faults, final server states). Written by the cluster's recorder, read by checkers
 * and reports. Imports: base.
 */
export type {
  ClientEvent, FaultRecord, FinalServer, LifecycleEvent, OpName, OpOutcome, OpRecord, RunHistory, RunMeta,
  ServerEvent, StatLite, SubOp, SubResult,
} from './types.ts';
