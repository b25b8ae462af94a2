/**
 * Message arrows from the trace's send and deliver records, paired by connection, direction and sequence
 * number. A message never delivered (lost to a crash, a reset or the end of the run) keeps -1. At most
 * `limit` arrows are kept (the earliest); the rest are counted.
 */
import type { MessageRecord } from './input.ts';
import type { MessageArrow } from './types.ts';

export const MESSAGE_LIMIT = 200_000;

function kindOf(text: string | undefined): string {
  if (text === undefined || text === '') return 'message';
  const space = text.indexOf(' ');
  return space < 0 ? text : text.slice(0, space);
}

export function messageArrows(records: readonly MessageRecord[], hostLanes: readonly string[], limit = MESSAGE_LIMIT):
  { readonly arrows: MessageArrow[]; readonly dropped: number } {
  const byKey = new Map<string, number>();
  const arrows: { sendMicros: number; deliverMicros: number; from: string; to: string; kind: string; text: string }[] = [];
  let dropped = 0;
  for (const r of records) {
    const key = `${r.conn}/${r.from}/${r.n}`;
    if (r.type === 'deliver') {
      const i = byKey.get(key);
      const a = i === undefined ? undefined : arrows[i];
      if (a !== undefined) a.deliverMicros = r.atMicros;
      byKey.delete(key);
      continue;
    }
    if (arrows.length >= limit) {
      dropped += 1;
      continue;
    }
    byKey.set(key, arrows.length);
    const text = r.msg ?? '';
    arrows.push({
      sendMicros: r.atMicros, deliverMicros: -1, from: hostLanes[r.from] ?? `host:${r.from}`, to: hostLanes[r.to] ?? `host:${r.to}`,
      kind: kindOf(text), text,
    });
  }
  return { arrows, dropped };
}
