/**
 * Reports opened in a real browser (Debian's chromium through playwright-core): the lanes, bars and
 * violation list of a known run have the right counts, clicking a violation moves the view to it, the page
 * logs no errors, znode data holding markup stays text, and a 100,000-event page renders. Screenshots
 * land in reports/ (git-ignored) for a person to look at. Without chromium a developer's run skips with a
 * notice; CI never skips.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.ts';
import { messageCollector, reportInputOf } from '../../src/cli/report.ts';
import { buildReport, renderReportHtml } from '../../src/report/index.ts';
import type { ReportData } from '../../src/report/index.ts';
import { CHROMIUM, haveChromium, inCI, launch, openPage } from '../support/browser.ts';
import type { Browser } from '../support/browser.ts';
import { syntheticReport } from '../support/report-data.ts';

const OUT = join(import.meta.dirname, '..', '..', 'reports');
const PAYLOAD = '</script><script>window.__pwned=1</script><b>bold</b>';

async function runReport(name: string, seed: number): Promise<ReportData> {
  const scenario = findScenario(name);
  if (scenario === undefined) throw new Error(`no scenario ${name}`);
  const m = messageCollector();
  const outcome = await scenario.run({ seed, trace: m.sink });
  return buildReport({ ...reportInputOf(name, outcome, `zksim run ${name} --seed ${seed}`), messages: m.records });
}

async function writePage(file: string, data: ReportData): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, file);
  writeFileSync(path, await renderReportHtml(data));
  return path;
}

async function windowOf(page: Page): Promise<{ from: number; to: number }> {
  const from = Number(await page.getAttribute('#timeline', 'data-from-micros'));
  const to = Number(await page.getAttribute('#timeline', 'data-to-micros'));
  return { from, to };
}

if (!haveChromium && !inCI) {
  process.stdout.write(`reports: ${CHROMIUM} not found, browser tests skipped (apt-get install chromium)\n`);
  describe.skip('reports in a real browser (no chromium)', () => { it('skipped', () => {}); });
} else {
  describe('reports in a real browser', () => {
    let browser: Browser;
    beforeAll(async () => { browser = await launch(); }, 60_000);
    afterAll(async () => { await browser.close(); });

    it('the unfenced lock under a pause: counts, the violation list, and a click that zooms to the overlap', async () => {
      const data = await runReport('recipes/lock-pause-unfenced', 1);
      const { page, errors } = await openPage(browser, await writePage('lock-pause-unfenced.html', data));
      expect(await page.locator('.lane.server-lane').count()).toBe(data.servers.length);
      expect(await page.locator('.lane.client-lane').count()).toBe(data.clients.length);
      expect(Number(await page.getAttribute('#timeline', 'data-ops-total'))).toBe(data.clients.reduce((n, c) => n + c.ops.length, 0));
      expect(Number(await page.getAttribute('#timeline', 'data-bands-total'))).toBe(data.servers.reduce((n, s) => n + s.bands.length, 0));
      const locker3 = data.clients.find((c) => c.name === 'locker3');
      expect(Number(await page.getAttribute('.client-lane[data-lane="client:locker3"]', 'data-ops'))).toBe(locker3?.ops.length);
      expect(data.violations.length).toBeGreaterThan(0);
      expect(await page.locator('#violations li.violation').count()).toBe(data.violations.length);
      expect(await page.getAttribute('#violations li.violation >> nth=0', 'data-checker')).toBe('lock-mutual-exclusion');
      const before = await windowOf(page);
      await page.locator('#violations li.violation').first().click();
      await page.waitForSelector('#violations li.violation.selected');
      await page.waitForFunction(`(() => { const t = document.querySelector('#timeline');
        return Number(t.getAttribute('data-from-micros')) !== ${before.from} || Number(t.getAttribute('data-to-micros')) !== ${before.to}; })()`);
      const after = await windowOf(page);
      const v = data.violations[0];
      expect(after.to - after.from).toBeLessThan(before.to - before.from);
      expect(after.from).toBeLessThanOrEqual(v?.fromMicros ?? 0);
      expect(after.to).toBeGreaterThanOrEqual(v?.toMicros ?? 0);
      expect(await page.locator('#violations li.violation.selected').count()).toBe(1);
      await page.screenshot({ path: join(OUT, 'lock-pause-unfenced.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);

    it('a passing run (leader crash) draws every lane and lists no violation', async () => {
      const data = await runReport('election/leader-crash', 1);
      const { page, errors } = await openPage(browser, await writePage('leader-crash.html', data));
      expect(await page.locator('.lane.server-lane').count()).toBe(data.servers.length);
      expect(await page.locator('#violations li.violation').count()).toBe(0);
      expect(await page.textContent('#violations')).toContain('no violations');
      expect(await page.textContent('#replay')).toContain('zksim run election/leader-crash --seed 1');
      expect(Number(await page.getAttribute('#timeline', 'data-messages-total'))).toBe(data.messages.length);
      await page.screenshot({ path: join(OUT, 'leader-crash.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);

    it('data holding <script> is shown as text and never runs', async () => {
      const base = syntheticReport(2_000);
      const data: ReportData = {
        ...base, header: { ...base.header, scenario: `evil/${PAYLOAD}` },
        violations: base.violations.map((v) => ({ ...v, message: `value ${PAYLOAD}` })),
      };
      const { page, errors } = await openPage(browser, await writePage('escaping.html', data));
      expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
      expect(await page.locator('script').count()).toBe(2);
      expect(await page.locator('#header b, #violations b').count()).toBe(0);
      expect(await page.textContent('#header')).toContain(PAYLOAD);
      expect(await page.textContent('#violations')).toContain(PAYLOAD);
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);

    it('a 100,000-event report renders without freezing', async () => {
      const data = syntheticReport(100_000);
      const file = await writePage('synthetic-100k.html', data);
      const started = performance.now();
      const { page, errors } = await openPage(browser, file);
      const ms = performance.now() - started;
      process.stdout.write(`reports: 100,000-event page ready in ${ms.toFixed(0)} ms\n`);
      // The issue asks for "within a few seconds"; about 1 s here, so 10 s only catches a page that froze.
      expect(ms).toBeLessThan(10_000);
      expect(Number(await page.getAttribute('#timeline', 'data-ops-total'))).toBe(data.clients.reduce((n, c) => n + c.ops.length, 0));
      await page.locator('#violations li.violation').first().click();
      await page.waitForFunction("Number(document.querySelector('#timeline').getAttribute('data-to-micros')) < 100000000");
      await page.screenshot({ path: join(OUT, 'synthetic-100k.png') });
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);
  });
}
