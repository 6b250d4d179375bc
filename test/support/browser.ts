// Shared scaffolding for the browser tests in test/browser/: `fairview serve` in its own process on a
// PGlite data folder seeded by the test (withSliceServer), Debian's Chromium through playwright-core,
// an axe-core check of a page, and a way to evaluate tsx-compiled functions in the page.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { openStore, type Store } from '../../src/store/database.ts';
import { pgliteFolder } from './databases.ts';
import type { Seed } from './seeds.ts';

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

export interface SliceServer {
  /** `http://localhost:N` of the running server (read it inside a test or a later hook). */
  readonly base: string;
  /** The Chromium every test of the suite opens its pages in. */
  readonly browser: Browser;
  /** The PGlite data folder the server runs on. */
  readonly dataDir: string;
}

/**
 * The before/after of every browser suite, registered in the calling `describe`: before, a fresh PGlite
 * data folder (in the state `from`, when given: see seeds.ts) is seeded by `seed` (the store is closed
 * again, so the server may hold the folder), then `fairview serve` starts on it (`env` added to its
 * environment) and Chromium is launched; after, both stop and the folder is removed. `seed` keeps what
 * the tests need in the suite's own variables.
 */
export function withSliceServer(
  name: string,
  seed: (store: Store) => Promise<void>,
  options: { from?: Seed; env?: NodeJS.ProcessEnv } = {},
): SliceServer {
  let dataDir = '';
  let server: RunningServer | null = null;
  let browser: Browser | null = null;
  before(async () => {
    dataDir = await pgliteFolder(options.from);
    const store = await openStore({ dataDir, databaseUrl: '' });
    try {
      await seed(store);
    } finally {
      await store.close();
    }
    server = await startServer(dataDir, options.env);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  const ready = <T>(value: T | null, what: string): T => {
    if (value === null) throw new Error(`withSliceServer(${name}): no ${what} (did its before hook fail?)`);
    return value;
  };
  return {
    get base() {
      return ready(server, 'server').base;
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get dataDir() {
      return dataDir;
    },
  };
}

/**
 * A page of its own browser context, `width` px wide, that may load only the server's own addresses
 * (anything else is aborted, so a page that reached out would show it).
 */
export async function newPage(app: SliceServer, width: number): Promise<Page> {
  const context = await app.browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.route('**/*', (route) =>
    route.request().url().startsWith(app.base) ? route.continue() : route.abort('blockedbyclient'),
  );
  return page;
}

/** A tour's check of a page at a width: no overlapping chart labels, no table cut off, axe clean. */
export async function checkPage(page: Page, name: string, width: number): Promise<void> {
  assert.deepEqual(await overlappingChartLabels(page), [], `${name} at ${width} px: overlapping labels`);
  assert.deepEqual(await cutOffTables(page), [], `${name} at ${width} px: tables cut off`);
  await assertAccessible(page, `${name} at ${width} px`);
}

/**
 * Evaluates a function of ours in the page. tsx (esbuild, keepNames) wraps named functions and arrows
 * in `__name(…)`, which the page lacks: this defines it first (as the identity), then evaluates.
 */
export async function evaluateInPage<R, A>(page: Page, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
  await page.evaluate('globalThis.__name = (f) => f');
  // The page receives `arg` as plain data (what playwright calls Unboxed<A>), which A describes here.
  return page.evaluate<R, A>(fn as never, arg);
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

/**
 * The texts of every chart (svg.fairview-chart) whose boxes intersect, as "a × b": labels measured in
 * the browser as drawn, so rotation, scaling and fonts all count. Empty when nothing overlaps.
 */
export async function overlappingChartLabels(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const found = [];
    for (const svg of document.querySelectorAll('svg.fairview-chart')) {
      const boxes = [...svg.querySelectorAll('text')].map((e) => ({ text: e.textContent, r: e.getBoundingClientRect() }));
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i].r, b = boxes[j].r;
          if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
            found.push(boxes[i].text + ' × ' + boxes[j].text);
        }
    }
    return found;
  })()`);
}

/**
 * Tables cut off at the page's width: a table container that scrolls sideways (more than NHS.UK's own
 * 2 px bleed: a table is drawn 2 px wider than its container on each side) unless it is a declared
 * matrix (.fairview-matrix, which scrolls by design) with its hint just above it, and the page itself
 * wider than the window. Empty when every table fits, stacks or is a declared matrix.
 */
export async function cutOffTables(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const cut = [...document.querySelectorAll('.nhsuk-table-container')]
      .filter((e) => e.scrollWidth > e.clientWidth + 2)
      .filter((e) => !e.classList.contains('fairview-matrix'))
      .map((e) => (e.getAttribute('aria-label') ?? e.querySelector('caption')?.textContent ?? 'a table') + ': ' + e.scrollWidth + ' > ' + e.clientWidth);
    for (const m of document.querySelectorAll('.fairview-matrix'))
      if (!m.previousElementSibling?.classList.contains('fairview-matrix-hint'))
        cut.push((m.getAttribute('aria-label') ?? 'a matrix') + ': scrolls sideways without its hint');
    const page = document.documentElement;
    if (page.scrollWidth > page.clientWidth + 2) cut.push('the page: ' + page.scrollWidth + ' > ' + page.clientWidth);
    return cut;
  })()`);
}
