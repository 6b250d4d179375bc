/**
 * HTML to PDF on the server through Chromium (playwright-core driving Debian's /usr/bin/chromium, the
 * browser the tests already use). Chromium is launched on the first request, not at start-up, and
 * reused; at most MAX_RENDERS pages render at once (the rest wait their turn), so a burst of print
 * packs cannot start a browser tab each. Without Chromium the caller gets PdfUnavailable and answers
 * 503. The page is loaded from a string with every request to the network refused: the HTML must
 * carry its own styles and inline SVG.
 */
import { access } from 'node:fs/promises';
import type { Browser } from 'playwright-core';

/** Where Chromium is (FAIRVIEW_CHROMIUM overrides Debian's path). */
export function chromiumPath(): string {
  return process.env.FAIRVIEW_CHROMIUM || '/usr/bin/chromium';
}

export class PdfUnavailable extends Error {}

const MAX_RENDERS = 2;
let running = 0;
const waiting: (() => void)[] = [];
let browser: Promise<Browser> | null = null;

async function acquire(): Promise<void> {
  if (running < MAX_RENDERS) {
    running++;
    return;
  }
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

async function launch(): Promise<Browser> {
  const path = chromiumPath();
  try {
    await access(path);
  } catch {
    throw new PdfUnavailable(`Chromium is not installed at ${path}`);
  }
  const { chromium } = await import('playwright-core');
  const b = await chromium.launch({
    executablePath: path,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  // A browser that crashes or is closed is launched again on the next request.
  b.on('disconnected', () => {
    browser = null;
  });
  return b;
}

function theBrowser(): Promise<Browser> {
  if (!browser) {
    browser = launch();
    browser.catch(() => {
      browser = null;
    });
  }
  return browser;
}

/** Renders a self-contained HTML document to an A4 PDF. */
export async function htmlToPdf(
  documentHtml: string,
  options: { landscape?: boolean } = {},
): Promise<Uint8Array> {
  await acquire();
  try {
    const b = await theBrowser();
    const context = await b.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort('blockedbyclient'));
      await page.setContent(documentHtml, { waitUntil: 'load' });
      const pdf = await page.pdf({
        format: 'A4',
        landscape: options.landscape ?? false,
        printBackground: true,
        preferCSSPageSize: true,
        margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' },
      });
      return new Uint8Array(pdf);
    } finally {
      await context.close();
    }
  } finally {
    release();
  }
}

/** Closes the browser if one was launched (server shutdown). */
export async function closePdfBrowser(): Promise<void> {
  const b = browser;
  browser = null;
  if (b) await (await b).close().catch(() => undefined);
}
