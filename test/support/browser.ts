// Shared scaffolding for the browser tests in test/browser/: `fairview serve` in its own process on a
// PGlite data folder, Debian's Chromium through playwright-core, and an axe-core check of a page.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const ROOT = join(import.meta.dirname, '..', '..');

export interface RunningServer {
  /** `http://localhost:N`, as the server announced it. */
  base: string;
  /** Sends SIGTERM (if the server is still running) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Spawns `bin/fairview.js serve` on the PGlite store in `dataDir` on a free port (PORT=0) and waits up
 * to 120 s for "running at http://localhost:N". `env` is added to the environment.
 */
export async function startServer(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  // Under test/clock/shifted-clock.test.ts the server's wall clock moves with the test's.
  const shifted = process.env.FAIRVIEW_TEST_CLOCK_SHIFT_DAYS
    ? ['--import', 'tsx', '--import', join(ROOT, 'test', 'support', 'shifted-clock.ts')]
    : [];
  const child = spawn(process.execPath, [...shifted, join(ROOT, 'bin', 'fairview.js'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, FAIRVIEW_DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 120_000);
      const onData = (chunk: Buffer): void => {
        out += chunk.toString();
        const m = /running at (http:\/\/localhost:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
    });
    return { base, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Debian's Chromium, headless; `extraArgs` go before `--no-first-run`. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      ...extraArgs,
      '--no-first-run',
    ],
  });
}

export interface LocalPageOptions {
  javaScriptEnabled?: boolean;
  acceptDownloads?: boolean;
  /** Collects the page's console errors (a script or Content-Security-Policy failure). */
  consoleErrors?: string[];
}

/**
 * A page in a fresh context (1280 × 900) that may reach only the server under test: a request
 * elsewhere is blocked, since it would mean a CDN dependency.
 */
export async function openLocalPage(
  browser: Browser,
  base: string,
  options: LocalPageOptions = {},
): Promise<Page> {
  const { consoleErrors, ...contextOptions } = options;
  const context = await browser.newContext({ ...contextOptions, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.route('**/*', (route) =>
    route.request().url().startsWith(base) ? route.continue() : route.abort('blockedbyclient'),
  );
  if (consoleErrors) {
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
  }
  return page;
}

/** Signs in through the sign-in form and waits to land on `next` (default the home page). */
export async function signIn(
  page: Page,
  base: string,
  username: string,
  password: string,
  next?: string,
): Promise<void> {
  await page.goto(`${base}/sign-in${next ? `?next=${next}` : ''}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}${next ?? '/'}`);
}

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

let axeSource: Promise<string> | null = null;

/** Runs axe-core on the page as it stands and asserts it finds no violations. */
export async function assertAccessible(page: Page, name: string): Promise<void> {
  axeSource ??= readFile(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // A click that posts a form may still be navigating: check the page it lands on, fully loaded.
  await page.waitForLoadState('load');
  // Evaluated through the DevTools protocol, so our Content-Security-Policy need not allow it.
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    // The page's own globals (the test is compiled without the DOM library).
    const g = globalThis as unknown as {
      axe: { run: (context: unknown) => Promise<{ violations: AxeViolation[] }> };
      document: unknown;
    };
    const result = await g.axe.run(g.document);
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  assert.deepEqual(
    violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `axe-core violations on the ${name} page`,
  );
}
