// Issue 15, "serve at once": while the first start imports and computes, every page says what is
// happening and the pages whose data is in are served; /healthz says `starting` until it is done.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { aboutTime, StartupProgress } from '../../src/app/startup-progress.ts';
import { createWebApp } from '../../src/web/app.ts';
import { areaOf } from '../../src/web/startup-gate.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { seedRealSlice } from './real-slice.ts';

/** A clock the test moves by hand. */
function movingClock() {
  let at = TEST_NOW.getTime();
  return { clock: () => new Date(at), advance: (seconds: number) => (at += seconds * 1000) };
}

describe('which data a page needs while starting', () => {
  const cases: Array<[string, ReturnType<typeof areaOf>]> = [
    ['/', 'always'],
    ['/healthz', 'always'],
    ['/nhsuk/nhsuk-frontend.min.css', 'always'],
    ['/starting.mjs', 'always'],
    ['/organisations', 'organisations'],
    ['/organisations/16C', 'organisations'],
    ['/practices/A81001', 'organisations'],
    ['/search', 'organisations'],
    ['/sign-in', 'organisations'],
    ['/practices/A81001/scorecard', 'benchmarking'],
    ['/api/practices/A81001/scorecard', 'benchmarking'],
    ['/indicators/QOF-PREV-HYP', 'benchmarking'],
    ['/organisations/16C/overview', 'benchmarking'],
    ['/practices/A81001/trend/DEMO-DNA', 'benchmarking'],
    ['/releases', 'benchmarking'],
    ['/concerns', 'everything'],
    ['/governance', 'everything'],
    ['/schemes', 'everything'],
  ];
  for (const [path, area] of cases) it(`${path} → ${area}`, () => assert.equal(areaOf(path), area));
});

describe('the progress of a start', () => {
  it('counts steps, estimates the time left from the pace so far and ends ready', () => {
    const { clock, advance } = movingClock();
    const p = new StartupProgress(clock);
    p.enter('open');
    advance(4);
    p.enter('import');
    advance(60);
    p.progress(0.5, 'File 3 of 36');
    const s = p.snapshot();
    assert.equal(s.state, 'starting');
    assert.equal(s.stepNumber, 2);
    assert.equal(s.detail, 'File 3 of 36');
    assert.equal(s.stepFraction, 0.5);
    // Half the import in 60 s: 60 s more for it, then the later steps at the pace measured (1×).
    assert.equal(Math.round(s.secondsLeft!), 60 + 420 + 40 + 60 + 30);
    assert.ok(!p.serves('organisations'));
    p.enter('release');
    assert.ok(p.serves('organisations'));
    assert.ok(!p.serves('benchmarking'));
    p.enter('stories');
    assert.ok(p.serves('benchmarking'));
    assert.ok(!p.serves('everything'));
    p.ready();
    assert.equal(p.snapshot().state, 'ready');
    assert.equal(p.snapshot().secondsLeft, null);
    assert.ok(p.serves('everything'));
  });

  it('says the time left in words people use', () => {
    assert.equal(aboutTime(5), 'less than 10 seconds');
    assert.equal(aboutTime(44), 'about 40 seconds');
    assert.equal(aboutTime(200), 'about 3 minutes');
    assert.equal(aboutTime(60 * 60), 'about 60 minutes');
  });
});

forEachDatabase('pages while the first start goes on', (store) => {
  let app: ReturnType<typeof createWebApp>;
  let startup: StartupProgress;
  before(async () => {
    await seedRealSlice(store().db);
    startup = new StartupProgress(movingClock().clock);
    startup.enter('import');
    startup.progress(0.25, 'File 9 of 36: qof/prevalence.csv.gz');
    app = createWebApp({ db: store().db, startup });
  });

  it('answers every page with the progress while the NHS files are imported; /healthz says starting', async () => {
    const health = await app.request('/healthz');
    assert.equal(health.status, 503);
    assert.equal(await health.text(), 'starting');
    const json = await app.request('/healthz', { headers: { accept: 'application/json' } });
    const status = (await json.json()) as {
      status: string;
      stepNumber: number;
      detail: string;
      serving: string[];
    };
    assert.equal(status.status, 'starting');
    assert.equal(status.stepNumber, 2);
    assert.equal(status.detail, 'File 9 of 36: qof/prevalence.csv.gz');
    assert.deepEqual(status.serving, []);
    for (const path of ['/', '/practices/A81001', '/practices/A81001/scorecard', '/concerns']) {
      const res = await app.request(path);
      assert.equal(res.status, 503, path);
      assert.equal(res.headers.get('retry-after'), '5');
      const body = await res.text();
      assert.match(body, /<h1>Fairview is starting<\/h1>/, path);
      assert.match(body, /Step 2 of 6: Importing the bundled NHS open data/);
      assert.match(body, /File 9 of 36: qof\/prevalence\.csv\.gz/);
      assert.match(body, /<progress id="starting-progress" max="100" value="\d+">/);
      assert.match(body, /<label class="nhsuk-label" for="starting-progress">/);
      assert.match(body, /Time left/);
    }
    const api = await app.request('/api/practices/A81001/scorecard');
    assert.equal(api.status, 503);
    assert.equal(((await api.json()) as { status: string }).status, 'starting');
    assert.equal((await app.request('/starting.mjs')).status, 200);
  });

  it('serves the practices once they are imported, with a line saying the start goes on', async () => {
    startup.enter('release');
    startup.progress(0.5, 'Indicator 12 of 24: QOF-PREV-HYP');
    const practice = await app.request('/practices/A81001');
    assert.equal(practice.status, 200);
    const body = await practice.text();
    assert.match(body, /Fairview is still starting \(step 3 of 6: Computing the first release/);
    assert.match(body, /A81001/);
    const scorecard = await app.request('/practices/A81001/scorecard');
    assert.equal(scorecard.status, 503);
    assert.match(await scorecard.text(), /The page you asked for shows as soon as its data is in/);
    const json = (await (
      await app.request('/healthz', { headers: { accept: 'application/json' } })
    ).json()) as {
      serving: string[];
    };
    assert.deepEqual(json.serving, ['organisations']);
  });

  it('serves everything once ready; /healthz says ok', async () => {
    startup.ready();
    const health = await app.request('/healthz');
    assert.equal(health.status, 200);
    assert.equal(await health.text(), 'ok');
    const json = (await (
      await app.request('/healthz', { headers: { accept: 'application/json' } })
    ).json()) as {
      status: string;
    };
    assert.equal(json.status, 'ready');
    const practice = await (await app.request('/practices/A81001')).text();
    assert.doesNotMatch(practice, /still starting/);
    const home = await app.request('/');
    assert.equal(home.status, 200);
    assert.doesNotMatch(await home.text(), /Fairview is starting/);
  });
});

describe('fairview serve --demo on an empty data folder', () => {
  it('answers at once, with the progress page, while the demo is still loading', async () => {
    const root = join(import.meta.dirname, '..', '..');
    const dataDir = await mkdtemp(join(tmpdir(), 'fairview-startup-'));
    const child = spawn(process.execPath, [join(root, 'bin', 'fairview.js'), 'serve', '--demo'], {
      cwd: root,
      env: { ...process.env, FAIRVIEW_DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no "listening" line:\n${out}`)), 60_000);
        const onData = (chunk: Buffer) => {
          out += chunk.toString();
          const m = /listening at (http:\/\/localhost:\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
      });
      const health = await fetch(`${base}/healthz`);
      assert.equal(health.status, 503);
      assert.equal(await health.text(), 'starting');
      const home = await fetch(`${base}/practices/A81001/scorecard`);
      assert.equal(home.status, 503);
      assert.match(await home.text(), /<h1>Fairview is starting<\/h1>/);
      // It goes on to import the demo (the test stops it there: the whole demo takes minutes).
      let step = 1;
      for (let i = 0; i < 240 && step < 2; i++) {
        const s = (await (
          await fetch(`${base}/healthz`, { headers: { accept: 'application/json' } })
        ).json()) as {
          stepNumber: number;
        };
        step = s.stepNumber;
        if (step < 2) await new Promise((r) => setTimeout(r, 250));
      }
      assert.equal(step, 2, 'importing');
      const page = await (await fetch(`${base}/`)).text();
      assert.match(page, /Importing the bundled NHS open data/);
    } finally {
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
