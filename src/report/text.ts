/** Small readers and printers for report text: zxids in hex, fields of recorded events, op lines. */
import type { JsonValue } from '../base/index.ts';
import type { OpRecord } from '../history/index.ts';

/** 0x100000003, as ZooKeeper's logs print zxids; -1 stays -1. */
export function hexZxid(z: number): string {
  return z < 0 ? String(z) : `0x${z.toString(16)}`;
}

export function num(v: JsonValue | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

export function str(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

function quoted(v: string | null | undefined): string {
  if (v === undefined) return '';
  return v === null ? ' = null' : ` = ${JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}...` : v)}`;
}

/** `setData /reg/k1 = "7" v3 -> ok 0x100000004 (cas1, 12.3-14.0 ms)`. */
export function opText(op: OpRecord): string {
  const flags = `${op.ephemeral === true ? ' ephemeral' : ''}${op.sequential === true ? ' sequential' : ''}${op.watch === true ? ' watch' : ''}`;
  const version = op.version === undefined ? '' : ` v${op.version}`;
  const what = op.op === 'multi' ? `multi of ${op.subOps?.length ?? 0}` : `${op.op} ${op.path}${quoted(op.data)}${version}${flags}`;
  const code = op.code === undefined ? '' : ` ${op.code}`;
  const zxid = op.zxid === undefined ? '' : ` ${hexZxid(op.zxid)}`;
  const result = op.createdPath !== undefined ? ` ${op.createdPath}` : op.value !== undefined ? quoted(op.value) : op.children !== undefined ? ` [${op.children.length} children]` : '';
  const end = op.completeMicros < 0 ? 'end' : `${(op.completeMicros / 1000).toFixed(3)} ms`;
  return `#${op.id} ${op.client}: ${what} -> ${op.outcome}${code}${zxid}${result} (${(op.invokeMicros / 1000).toFixed(3)} to ${end})`;
}

export type JsonRecord = { readonly [k: string]: JsonValue };

/** The value as a JSON object, or undefined for anything else. */
export function recordOf(v: JsonValue | undefined): JsonRecord | undefined {
  return typeof v === 'object' && v !== null && !isArray(v) ? v : undefined;
}

function isArray(v: JsonValue): v is readonly JsonValue[] {
  return Array.isArray(v);
}
