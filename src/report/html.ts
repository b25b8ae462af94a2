/**
 * The report page as one self-contained HTML string: the page script (browser/main.ts with the parts of
 * d3 it uses, bundled by esbuild into one IIFE, built once per process) and the run's ReportData as JSON
 * in a `<script type="application/json">` tag. `<` is escaped as \u003c inside the JSON (and `>`/`&` for
 * good measure, and U+2028/2029), so znode data holding `</script><script>...` stays data; the page
 * shows every text field with textContent, never as markup. Nothing is fetched when the page opens.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ReportData } from './types.ts';

const ENTRY = fileURLToPath(new URL('./browser/main.ts', import.meta.url));

let bundled: Promise<string> | undefined;

/** The page script: browser/main.ts and d3's used parts, minified, as an IIFE. Built once per process. */
export function pageScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [ENTRY], bundle: true, format: 'iife', minify: true, write: false, target: 'es2022',
    platform: 'browser', legalComments: 'none', logLevel: 'silent',
  }).then((r) => {
    const out = r.outputFiles[0];
    if (out === undefined) throw new Error('esbuild produced no page script');
    return out.text;
  });
  return bundled;
}

/** JSON safe inside a script element: no `<`, `>`, `&`, U+2028 or U+2029 left as themselves. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export async function renderReportHtml(data: ReportData): Promise<string> {
  const script = await pageScript();
  // A `</script` inside the bundle would end the element early; the bundle is ours, so it is a bug.
  if (/<\/script/i.test(script)) throw new Error('the page script contains </script');
  const title = `zksim: ${data.header.scenario} seed ${data.header.seed} (${data.header.verdict})`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '</head><body>',
    '<div id="app"></div>',
    `<script type="application/json" id="zksim-data">${scriptSafeJson(data)}</script>`,
    `<script>${script}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
