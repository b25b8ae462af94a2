/** The run's ReportData, read from the page's `<script type="application/json" id="zksim-data">`. */
import type { ReportData } from '../types.ts';

function looksLikeReportData(value: unknown): value is ReportData {
  return typeof value === 'object' && value !== null
    && 'header' in value && 'servers' in value && 'clients' in value && 'messages' in value;
}

export function readReportData(doc: Document): ReportData {
  const node = doc.getElementById('zksim-data');
  if (node === null) throw new Error('the page has no #zksim-data element');
  const parsed: unknown = JSON.parse(node.textContent ?? '');
  if (!looksLikeReportData(parsed)) throw new Error('#zksim-data does not hold report data');
  return parsed;
}
