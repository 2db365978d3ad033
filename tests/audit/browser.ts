/**
 * Headless Chromium for the audit page tests: Debian's `chromium` package
 * driven by playwright-core, a fresh profile per launch, nothing fetched.
 * Tests skip (saying why) where /usr/bin/chromium is not installed.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.NIANBAO_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SKIP_MESSAGE = `audit browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium; CI installs it)`;

export const SCREENSHOTS = new URL('./__screenshots__/', import.meta.url).pathname;

export interface OpenedPage {
  page: Page;
  /** Every URL the page asked for (only the file itself and data: URIs are expected). */
  requests: string[];
  /** Uncaught page errors and console errors (a CSP violation shows up here). */
  errors: string[];
  close(): Promise<void>;
}

/** Write the HTML to a temp file and open it from disk, as an auditor would. */
export async function openAudit(html: string, viewport = { width: 1600, height: 1000 }): Promise<OpenedPage> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-audit-browser-'));
  const file = path.join(dir, 'audit.html');
  await writeFile(file, html, 'utf8');
  const context: BrowserContext = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto('file://' + file);
  await page.waitForSelector('html[data-ready="1"]', { timeout: 10_000 });
  return {
    page,
    requests,
    errors,
    close: async () => {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
