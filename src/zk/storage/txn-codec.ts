/**
 * Transactions as bytes, in the spirit of ZooKeeper's TxnHeader + txn records (jute):
 *
 *   txn    = long sessionId, long zxid, long timeMs, op
 *   op     = int type (ZooDefs.OpCode), then the body of that type:
 *     create (1)           string path, buffer data, acl, bool ephemeral, int parentCversion,
 *                          [long owner session, if ephemeral: zksim's addition, ZooKeeper takes the header's]
 *     createContainer (19) string path, buffer data, acl, int parentCversion
 *     createTTL (21)       string path, buffer data, acl, int parentCversion, long ttlMs
 *     delete (2)           string path
 *     setData (5)          string path, buffer data, int version
 *     setACL (7)           string path, acl, int aversion
 *     check (13)           string path
 *     createSession (-10)  int timeoutMs
 *     closeSession (-11)   (nothing: the tree knows the session's ephemerals)
 *     error (-1)           int code (KeeperException code number)
 *     multi (14)           int count, then per op: int type, buffer body (ZooKeeper's MultiTxn)
 *   acl    = int count, then per entry: int perms, string scheme, string id
 *
 * decodeTxn(encodeTxn(t)) deep-equals t for every txn whose strings are well-formed UTF-16 (lone
 * surrogates do not survive UTF-8). Malformed bytes throw DecodeError.
 */
import { assertNever } from '../../base/index.ts';
import type { Zxid } from '../../base/index.ts';
import { codeName, codeNumber } from '../protocol/index.ts';
import type { Acl, NodeKind, Txn, TxnOp } from '../protocol/index.ts';
import { DecodeError, JuteReader, JuteWriter } from './jute.ts';

export const OP_CODES = {
  error: -1, create: 1, delete: 2, setData: 5, setACL: 7, check: 13, multi: 14, createContainer: 19, createTTL: 21,
  createSession: -10, closeSession: -11,
} as const;

/** The smallest encoded ACL entry: perms and two empty strings. */
const ACL_ENTRY_MIN_BYTES = 12;
/** The smallest encoded multi entry: a type and an empty buffer. */
const MULTI_ENTRY_MIN_BYTES = 8;

export function encodeTxn(txn: Txn): Uint8Array {
  const out = new JuteWriter();
  writeTxn(out, txn);
  return out.bytes();
}

/** Appends the txn's bytes to `out` (for the log, which frames them without another copy). */
export function writeTxn(out: JuteWriter, txn: Txn): void {
  out.long(txn.sessionId);
  out.long(txn.zxid);
  out.long(txn.timeMs);
  writeOp(out, txn.op);
}

/** Decodes exactly one txn filling `bytes[start, end)`; throws DecodeError otherwise. */
export function decodeTxn(bytes: Uint8Array, start = 0, end = bytes.length): Txn {
  const input = new JuteReader(bytes, start, end);
  const sessionId = input.long();
  const zxid = input.long() as Zxid;
  const timeMs = input.long();
  const op = readOp(input, input.int());
  if (input.remaining !== 0) throw new DecodeError(`${input.remaining} bytes follow the txn`);
  return { sessionId, zxid, timeMs, op };
}

function opCode(op: TxnOp): number {
  if (op.type !== 'create') return OP_CODES[op.type];
  if (op.node.kind === 'container') return OP_CODES.createContainer;
  if (op.node.kind === 'ttl') return OP_CODES.createTTL;
  return OP_CODES.create;
}

function writeOp(out: JuteWriter, op: TxnOp): void {
  out.int(opCode(op));
  writeBody(out, op);
}

function writeBody(out: JuteWriter, op: TxnOp): void {
  switch (op.type) {
    case 'create':
      return writeCreate(out, op);
    case 'delete':
    case 'check':
      return out.string(op.path);
    case 'setData':
      out.string(op.path);
      out.buffer(op.data);
      return out.int(op.version);
    case 'setACL':
      out.string(op.path);
      writeAcl(out, op.acl);
      return out.int(op.aversion);
    case 'createSession':
      return out.int(op.timeoutMs);
    case 'closeSession':
      return;
    case 'error':
      return out.int(codeNumber(op.code));
    case 'multi':
      out.int(op.ops.length);
      for (const sub of op.ops) {
        const body = new JuteWriter();
        writeBody(body, sub);
        out.int(opCode(sub));
        out.buffer(body.bytes());
      }
      return;
    default:
      return assertNever(op, 'txn op');
  }
}

function writeCreate(out: JuteWriter, op: Extract<TxnOp, { type: 'create' }>): void {
  out.string(op.path);
  out.buffer(op.data);
  writeAcl(out, op.acl);
  const kind = op.node;
  if (kind.kind === 'persistent' || kind.kind === 'ephemeral') out.bool(kind.kind === 'ephemeral');
  out.int(op.parentCversion);
  if (kind.kind === 'ephemeral') out.long(kind.sessionId);
  if (kind.kind === 'ttl') out.long(kind.ttlMs);
}

export function writeAcl(out: JuteWriter, acl: readonly Acl[]): void {
  out.int(acl.length);
  for (const entry of acl) {
    out.int(entry.perms);
    out.string(entry.id.scheme);
    out.string(entry.id.id);
  }
}

export function readAcl(input: JuteReader): Acl[] {
  const count = input.count(ACL_ENTRY_MIN_BYTES);
  if (count < 0) throw new DecodeError('an ACL may not be null');
  const acl: Acl[] = [];
  for (let i = 0; i < count; i++) {
    const perms = input.int();
    const scheme = input.text('an ACL scheme');
    acl.push({ perms, id: { scheme, id: input.text('an ACL id') } });
  }
  return acl;
}

function readOp(input: JuteReader, type: number): TxnOp {
  switch (type) {
    case OP_CODES.create:
    case OP_CODES.createContainer:
    case OP_CODES.createTTL:
      return readCreate(input, type);
    case OP_CODES.delete:
      return { type: 'delete', path: input.text('a path') };
    case OP_CODES.check:
      return { type: 'check', path: input.text('a path') };
    case OP_CODES.setData:
      return { type: 'setData', path: input.text('a path'), data: input.buffer(), version: input.int() };
    case OP_CODES.setACL:
      return { type: 'setACL', path: input.text('a path'), acl: readAcl(input), aversion: input.int() };
    case OP_CODES.createSession:
      return { type: 'createSession', timeoutMs: input.int() };
    case OP_CODES.closeSession:
      return { type: 'closeSession' };
    case OP_CODES.error:
      return { type: 'error', code: readCode(input) };
    case OP_CODES.multi:
      return readMulti(input);
    default:
      throw new DecodeError(`unknown txn type ${type}`);
  }
}

function readCreate(input: JuteReader, type: number): TxnOp {
  const path = input.text('a path');
  const data = input.buffer();
  const acl = readAcl(input);
  const ephemeral = type === OP_CODES.create ? input.bool() : false;
  const parentCversion = input.int();
  let node: NodeKind = { kind: 'persistent' };
  if (ephemeral) node = { kind: 'ephemeral', sessionId: input.long() };
  if (type === OP_CODES.createContainer) node = { kind: 'container' };
  if (type === OP_CODES.createTTL) node = { kind: 'ttl', ttlMs: input.long() };
  return { type: 'create', path, data, acl, node, parentCversion };
}

function readCode(input: JuteReader): Extract<TxnOp, { type: 'error' }>['code'] {
  const number = input.int();
  const code = codeName(number);
  if (code === undefined) throw new DecodeError(`unknown error code ${number}`);
  return code;
}

function readMulti(input: JuteReader): TxnOp {
  const count = input.count(MULTI_ENTRY_MIN_BYTES);
  if (count < 0) throw new DecodeError('a multi may not be null');
  const ops: TxnOp[] = [];
  for (let i = 0; i < count; i++) {
    const type = input.int();
    const body = input.buffer();
    if (body === null) throw new DecodeError('a multi entry may not be null');
    const sub = new JuteReader(body);
    ops.push(readOp(sub, type));
    if (sub.remaining !== 0) throw new DecodeError(`${sub.remaining} bytes follow a multi entry`);
  }
  return { type: 'multi', ops };
}
