/**
 * Overlapping spans in a few rows: each span goes to the first row free at its start; when every row is
 * busy it shares the row that frees first (so a lane never grows past maxRows).
 */

export function packRows<T>(
  items: readonly T[], from: (item: T) => number, to: (item: T) => number, maxRows: number, minSpanMicros: number,
): T[][] {
  const sorted = [...items].sort((a, b) => from(a) - from(b));
  const rows: T[][] = [];
  const rowEnds: number[] = [];
  for (const item of sorted) {
    const start = from(item);
    const end = Math.max(to(item), start + minSpanMicros);
    let row = rowEnds.findIndex((rowEnd) => rowEnd <= start);
    if (row < 0 && rows.length < maxRows) row = rows.length;
    if (row < 0) row = rowEnds.indexOf(Math.min(...rowEnds));
    (rows[row] ??= []).push(item);
    rowEnds[row] = Math.max(rowEnds[row] ?? 0, end);
  }
  return rows;
}
