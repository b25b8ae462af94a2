/**
 * What a client sees for an applied write: FinalRequestProcessor's reply built from the txn's outcome.
 * A failed write answers its code; a multi always answers OK in the header and carries the per-op results
 * (create results carry a Stat only for the container and TTL modes: inside a multi, 3.8.0 records a
 * create2 as a plain create, conformance multi/create-with-stat). Outside a multi the opcode decides:
 * create answers the path only (even with the container flag, conformance create/invalid-flags), while
 * create2 / createContainer / createTTL (`withStat`) also return the new node's Stat.
 */
import { CREATE_MODE_FLAGS } from '../protocol/index.ts';
import type { ClientRequest, ClientResponse, ErrorName, MultiOp, MultiResult } from '../protocol/index.ts';
import type { ApplyResult } from '../tree/index.ts';

export interface WriteReply {
  readonly err: ErrorName;
  readonly response?: ClientResponse;
}

function createReturnsStat(flags: number): boolean {
  return flags === CREATE_MODE_FLAGS.CONTAINER || flags === CREATE_MODE_FLAGS.PERSISTENT_WITH_TTL ||
    flags === CREATE_MODE_FLAGS.PERSISTENT_SEQUENTIAL_WITH_TTL;
}

export function writeReply(request: ClientRequest, result: ApplyResult): WriteReply {
  if (result.type === 'error') return { err: result.code };
  switch (result.type) {
    case 'create': {
      const withStat = request.op === 'create' && request.withStat === true;
      if (result.stat === undefined) return { err: 'SYSTEMERROR' };
      return { err: 'OK', response: withStat ? { op: 'create', path: result.path, stat: result.stat } : { op: 'create', path: result.path } };
    }
    case 'setData':
    case 'setACL':
      return result.stat === undefined ? { err: 'SYSTEMERROR' } : { err: 'OK', response: { op: result.type, stat: result.stat } };
    case 'multi': {
      const ops = request.op === 'multi' ? request.ops : [];
      return { err: 'OK', response: { op: 'multi', results: result.results.map((r, i) => multiResult(r, ops[i])) } };
    }
    case 'delete':
    case 'check':
    case 'createSession':
    case 'closeSession':
      return { err: 'OK', response: { op: 'empty' } };
  }
}

function multiResult(result: ApplyResult, op: MultiOp | undefined): MultiResult {
  switch (result.type) {
    case 'create':
      if (op?.op === 'create' && createReturnsStat(op.flags) && result.stat !== undefined) {
        return { op: 'create', path: result.path, stat: result.stat };
      }
      return { op: 'create', path: result.path };
    case 'delete':
      return { op: 'delete' };
    case 'setData':
      return result.stat === undefined ? { op: 'error', code: 'SYSTEMERROR' } : { op: 'setData', stat: result.stat };
    case 'check':
      return { op: 'check' };
    case 'error':
      return { op: 'error', code: result.code };
    case 'setACL':
    case 'createSession':
    case 'closeSession':
    case 'multi':
      return { op: 'error', code: 'SYSTEMERROR' };
  }
}
