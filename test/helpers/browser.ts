// SPDX-License-Identifier: UNLICENSED
/**
 * Browser tests in Debian's Chromium through playwright-core (never `playwright install`). Each test gets
 * a fresh browser and context (closed after the test), HTTPS errors ignored (the appliance's certificate
 * is self-signed), no service workers, and a `shot(name)` that saves a numbered full-page screenshot
 * under `test-artifacts/<folder>/` (gitignored).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterEach } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = resolve('test-artifacts');

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Saves a screenshot of `page` as `test-artifacts/<folder>/<nn>-<name>.png`; returns its path. */
  shot(name: string): Promise<string>;
}

/**
 * `const open = useBrowser('sign-in')` at file level, then `const { page, shot } = await open()` in a
 * test. Everything is closed after each test, also when it fails.
 */
export function useBrowser(folder: string): () => Promise<BrowserSession> {
  const browsers: Browser[] = [];
  afterEach(async () => {
    for (const b of browsers.splice(0)) await b.close();
  });
  return async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    browsers.push(browser);
    const context = await browser.newContext({ ignoreHTTPSErrors: true, serviceWorkers: 'block', viewport: { width: 800, height: 700 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const dir = join(ARTIFACTS, folder);
    mkdirSync(dir, { recursive: true });
    let n = 0;
    return {
      browser, context, page,
      async shot(name) {
        n += 1;
        const path = join(dir, `${String(n).padStart(2, '0')}-${name}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
    };
  };
}
