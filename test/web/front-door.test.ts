// The front door (src/web/front-door.ts, issue 11 finding 9): /healthz answered off the hot path — on
// its own port from a worker thread even while the main event loop is blocked, and on the main port
// before the app; the admission queue serves in arrival order, at most N at once, and answers 503 with
// Retry-After at once when it is full or a request has waited too long. No timings are asserted.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { SingleFlight } from '../../src/app/single-flight.ts';
import {
  Admission,
  type AdmissionLanes,
  frontDoor,
  HealthState,
  SESSION_COOKIE,
  startHealthListener,
} from '../../src/web/front-door.ts';

/** A GET made by another process while this one's event loop is blocked by spawnSync. */
function getFromAnotherProcess(url: string): { status: number; body: string } {
  const script = `fetch(${JSON.stringify(url)}).then(async (r) => { process.stdout.write(JSON.stringify({ status: r.status, body: await r.text() })); });`;
  const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
  return JSON.parse(out.stdout) as { status: number; body: string };
}

describe('health on its own port (worker thread)', () => {
  const closers: (() => Promise<void>)[] = [];
  after(async () => {
    for (const close of closers) await close();
  });

  it('answers ok while the main event loop is blocked, and starting before the database has answered', async () => {
    const health = new HealthState();
    const listener = await startHealthListener(health, { port: 0, hostname: '127.0.0.1', stallMs: 60_000 });
    closers.push(() => listener.close());
    const url = `${listener.url.replace('localhost', '127.0.0.1')}/healthz`;
    // spawnSync blocks this thread's event loop until the other process has its answer: only the
    // worker can give it.
    assert.deepEqual(getFromAnotherProcess(url), { status: 503, body: 'starting' });
    health.setDatabase(true);
    assert.deepEqual(getFromAnotherProcess(url), { status: 200, body: 'ok' });
    health.setDatabase(false);
    assert.deepEqual(getFromAnotherProcess(url), { status: 503, body: 'not ready' });
  });

  it('says stalled once the event loop has not beaten for stallMs', async () => {
    const health = new HealthState();
    health.setDatabase(true);
    const listener = await startHealthListener(health, { port: 0, hostname: '127.0.0.1', stallMs: 200 });
    closers.push(() => listener.close());
    health.stopHeartbeat();
    // The loop is blocked (spawnSync) for longer than stallMs before the probe asks.
    spawnSync(process.execPath, ['-e', 'setTimeout(() => {}, 600)']);
    const answer = getFromAnotherProcess(`${listener.url.replace('localhost', '127.0.0.1')}/healthz`);
    assert.deepEqual(answer, { status: 503, body: 'stalled' });
  });
});

/** A server whose app answers each request when the test says so, recording the order it started them. */
async function gatedServer(admission: Admission | AdmissionLanes, health = new HealthState()) {
  const started: string[] = [];
  const release = new Map<string, () => void>();
  const app = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = req.url ?? '';
    started.push(url);
    release.set(url, () => res.end(`done ${url}`));
  };
  const server = http.createServer(frontDoor(app, health, admission));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    started,
    release: (url: string) => release.get(url)?.(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
};

describe('the main port: health before the app, and the admission queue', () => {
  it('answers /healthz without reaching the app (or its queue), even when the queue is full', async () => {
    const admission = new Admission({ maxInFlight: 1, maxQueue: 0 });
    const health = new HealthState();
    health.setDatabase(true);
    const s = await gatedServer(admission, health);
    try {
      const busy = fetch(`${s.origin}/slow`);
      await until(() => s.started.length === 1);
      const res = await fetch(`${s.origin}/healthz`);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'ok');
      assert.deepEqual(s.started, ['/slow'], 'the app never saw /healthz');
      s.release('/slow');
      assert.equal((await busy).status, 200);
    } finally {
      await s.close();
    }
  });

  it('hands /healthz to the app while the start goes on (it knows the progress)', async () => {
    const s = await gatedServer(new Admission({ maxInFlight: 4 }));
    try {
      const pending = fetch(`${s.origin}/healthz`);
      await until(() => s.started.length === 1);
      assert.deepEqual(s.started, ['/healthz']);
      s.release('/healthz');
      assert.equal(await (await pending).text(), 'done /healthz');
    } finally {
      await s.close();
    }
  });

  it('works on at most maxInFlight at once, starts the others in arrival order, and refuses beyond maxQueue at once', async () => {
    const admission = new Admission({ maxInFlight: 2, maxQueue: 2, maxWaitMs: 60_000 });
    const s = await gatedServer(admission);
    try {
      const answers = new Map<string, Promise<Response>>();
      for (const name of ['/a', '/b', '/c', '/d']) {
        answers.set(name, fetch(`${s.origin}${name}`));
        await until(() => admission.stats().inFlight + admission.stats().queued === answers.size);
      }
      assert.deepEqual(s.started, ['/a', '/b']);
      assert.deepEqual(admission.stats().queued, 2);
      // The queue is full: the fifth is answered at once, 503 with Retry-After.
      const refused = await fetch(`${s.origin}/e`);
      assert.equal(refused.status, 503);
      assert.equal(refused.headers.get('retry-after'), '1');
      s.release('/b');
      await until(() => s.started.length === 3);
      assert.deepEqual(s.started, ['/a', '/b', '/c']);
      s.release('/a');
      await until(() => s.started.length === 4);
      assert.deepEqual(s.started, ['/a', '/b', '/c', '/d']);
      s.release('/c');
      s.release('/d');
      for (const [name, answer] of answers) assert.equal(await (await answer).text(), `done ${name}`);
      assert.equal(admission.stats().refused, 1);
    } finally {
      await s.close();
    }
  });

  it('never starts a queued request whose client has gone', async () => {
    const admission = new Admission({ maxInFlight: 1, maxWaitMs: 60_000 });
    const s = await gatedServer(admission);
    try {
      const first = fetch(`${s.origin}/first`);
      await until(() => s.started.length === 1);
      const gone = new AbortController();
      const abandoned = fetch(`${s.origin}/gone`, { signal: gone.signal }).catch(() => null);
      await until(() => admission.stats().queued === 1);
      gone.abort();
      await abandoned;
      const after = fetch(`${s.origin}/after`);
      await until(() => admission.stats().queued === 2 || s.started.length > 1);
      s.release('/first');
      await until(() => s.started.length === 2);
      assert.deepEqual(s.started, ['/first', '/after']);
      s.release('/after');
      assert.equal((await after).status, 200);
      assert.equal((await first).status, 200);
    } finally {
      await s.close();
    }
  });

  it('answers 503 instead of starting a request that waited longer than maxWaitMs', async () => {
    const admission = new Admission({ maxInFlight: 1, maxWaitMs: 50 });
    const s = await gatedServer(admission);
    try {
      const first = fetch(`${s.origin}/first`);
      await until(() => s.started.length === 1);
      const waiting = fetch(`${s.origin}/late`);
      await until(() => admission.stats().queued === 1);
      await new Promise((r) => setTimeout(r, 120));
      s.release('/first');
      const late = await waiting;
      assert.equal(late.status, 503);
      assert.deepEqual(s.started, ['/first'], 'the late request never reached the app');
      assert.equal((await first).status, 200);
    } finally {
      await s.close();
    }
  });
});

describe('the main port: visitors and the signed-in queue apart', () => {
  it("starts a visitor's GET while the signed-in lane is full, and queues a signed-in GET and any POST", async () => {
    const lanes = {
      visitors: new Admission({ maxInFlight: 1 }),
      signedIn: new Admission({ maxInFlight: 1 }),
    };
    const s = await gatedServer(lanes);
    const session = { cookie: `theme=x; ${SESSION_COOKIE}=abc` };
    try {
      const busy = fetch(`${s.origin}/signed-in-slow`, { headers: session });
      await until(() => s.started.length === 1);
      const signedIn = fetch(`${s.origin}/signed-in-next`, { headers: session });
      const post = fetch(`${s.origin}/visitor-post`, { method: 'POST', body: 'x' });
      await until(() => lanes.signedIn.stats().queued === 2);
      const visitor = fetch(`${s.origin}/visitor-page`, { headers: { cookie: 'theme=x' } });
      await until(() => s.started.length === 2);
      assert.deepEqual(
        s.started,
        ['/signed-in-slow', '/visitor-page'],
        'the visitor went past the signed-in queue',
      );
      s.release('/visitor-page');
      assert.equal((await visitor).status, 200);
      s.release('/signed-in-slow');
      await until(() => s.started.length === 3);
      assert.equal(s.started[2], '/signed-in-next', 'the signed-in lane is first come, first served');
      s.release('/signed-in-next');
      await until(() => s.started.length === 4);
      s.release('/visitor-post');
      for (const r of await Promise.all([busy, signedIn, post])) assert.equal(r.status, 200);
    } finally {
      await s.close();
    }
  });
});

describe('SingleFlight', () => {
  it('gives callers arriving while a question is asked the same answer, and asks again after', async () => {
    const flight = new SingleFlight<string, number>();
    let asked = 0;
    let answer!: (n: number) => void;
    const ask = () => {
      asked++;
      return new Promise<number>((resolve) => {
        answer = resolve;
      });
    };
    const a = flight.run('k', ask);
    const b = flight.run('k', ask);
    assert.equal(asked, 1);
    answer(7);
    assert.deepEqual(await Promise.all([a, b]), [7, 7]);
    const c = flight.run('k', ask);
    assert.equal(asked, 2, 'a finished question is asked again, never answered from memory');
    answer(8);
    assert.equal(await c, 8);
    assert.equal(flight.size(), 0);
  });
});
