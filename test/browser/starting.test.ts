// The progress page of a starting server (issue 15) in Chromium: accessible (axe-core), no script or
// Content-Security-Policy error, and its figures follow the start without a reload.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { StartupProgress } from '../../src/app/startup-progress.ts';
import { listenNow } from '../../src/cli/commands/serve.ts';
import { createStartingApp } from '../../src/web/starting-app.ts';
import { assertAccessible, launchChromium, openLocalPage } from '../support/browser.ts';
import { TEST_NOW } from '../support/clock.ts';

describe('the progress page in a browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listenNow>>;
  const startup = new StartupProgress(() => TEST_NOW);
  before(async () => {
    startup.enter('import');
    startup.progress(0.1, 'File 2 of 36: ods/epraccur.csv.gz');
    server = await listenNow(createStartingApp(startup).fetch, { port: 0, hostname: '127.0.0.1' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is accessible, runs its script under the CSP and follows the start', async () => {
    const base = server.url.replace('localhost', '127.0.0.1');
    const errors: string[] = [];
    const page = await openLocalPage(browser, base, { consoleErrors: errors });
    const res = await page.goto(`${base}/practices/A81001/scorecard`);
    assert.equal(res?.status(), 503);
    await assertAccessible(page, 'progress');
    assert.match((await page.locator('#starting-detail').textContent()) ?? '', /File 2 of 36/);
    startup.progress(0.6, 'File 20 of 36: qof/PREVALENCE_2324.csv.gz');
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as {
            document: { getElementById(id: string): { textContent: string } | null };
          }
        ).document
          .getElementById('starting-detail')
          ?.textContent.includes('File 20 of 36') ?? false,
      undefined,
      { timeout: 10_000 },
    );
    assert.match((await page.locator('#starting-step-percent').textContent()) ?? '', /60% done/);
    // The page and /healthz answer 503 while starting, which Chromium logs; nothing else may fail.
    assert.deepEqual(
      errors.filter((e) => !/status of 503/.test(e)),
      [],
    );
  });
});
