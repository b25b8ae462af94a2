/**
 * Headless Chromium for report tests: Debian's /usr/bin/chromium driven by playwright-core, with the flags
 * toolchain.md found necessary on these machines. Without Chromium a developer's run skips with a
 * one-line notice; CI (CI set) never skips.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = process.env['ZKSIM_CHROMIUM'] ?? '/usr/bin/chromium';
export const inCI = process.env['CI'] !== undefined && !['', '0', 'false'].includes(process.env['CI'].toLowerCase());
export const haveChromium = existsSync(CHROMIUM);

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), 'zksim-chromium-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: ARGS });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A page that records console errors and page errors. */
export async function openPage(b: Browser, file: string): Promise<{ page: Page; errors: string[] }> {
  const page = await b.context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`file://${file}`);
  await page.waitForSelector('#timeline[data-ready="true"]', { timeout: 30_000 });
  return { page, errors };
}
