import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createWebApp } from '../../src/web/app.ts';
import { forEachDatabase } from '../support/databases.ts';
import { BENCHMARKING_SLICE } from './benchmarking-slice.ts';
import { addUser, TestBrowser } from './client.ts';
import { assertTwinParity } from './twin-parity.ts';

forEachDatabase(
  "A sub-ICB location's data-sharing setting (peers by name or pseudonymised)",
  { seed: BENCHMARKING_SLICE },
  (store) => {
    let app: ReturnType<typeof createWebApp>;
    let practice = '';
    before(async () => {
      app = createWebApp({ db: store().db });
      const overview = (await (await app.request('/api/organisations/16C/overview')).json()) as {
        practices: { code: string }[];
      };
      practice = overview.practices.map((p) => p.code).sort()[0]!;
      await addUser(store().db, 'manager16c', 'commissioning_manager:16C');
      await addUser(store().db, 'manager93c', 'commissioning_manager:93C');
      await addUser(store().db, 'practicemgr', `practice_manager:${practice}`);
      await addUser(store().db, 'watcher', 'observer:16C');
    });

    it('lets a commissioning manager for 16C switch to names, and the peers page then names the peers', async () => {
      const before = (await (await app.request(`/api/practices/${practice}/peers`)).json()) as {
        named: boolean;
      };
      assert.equal(before.named, false);
      const browser = new TestBrowser(app);
      await browser.signIn('manager16c', 'manager16c-correct-horse-battery');
      const overview = await (await browser.get('/organisations/16C/overview')).text();
      assert.match(overview, /href="\/organisations\/16C\/data-sharing"/);
      const form = await browser.get('/organisations/16C/data-sharing');
      assert.equal(form.status, 200);
      const html = await form.text();
      assert.match(html, /class="nhsuk-radios"/);
      assert.match(html, /name="peers" type="radio" value="pseudonymised"[^>]* checked/);
      assert.match(html, /name="csrf_token"/);
      const saved = await browser.post('/organisations/16C/data-sharing', { peers: 'named' });
      assert.equal(saved.status, 303);
      assert.equal(saved.headers.get('location'), '/organisations/16C/data-sharing?saved=1');
      const after = await (await browser.get('/organisations/16C/data-sharing?saved=1')).text();
      assert.match(after, /name="peers" type="radio" value="named"[^>]* checked/);
      const peers = await (await app.request(`/practices/${practice}/peers`)).text();
      assert.doesNotMatch(peers, />Peer 1</);
      const api = (await (await app.request(`/api/practices/${practice}/peers`)).json()) as {
        named: boolean;
        peers: { label: string; code: string | null }[];
      };
      assert.equal(api.named, true);
      assert.ok(api.peers.every((p) => p.code !== null && p.label.includes(p.code)));
      // An empty choice is a form error, not a change.
      assert.equal((await browser.post('/organisations/16C/data-sharing', {})).status, 400);
      // Without the CSRF token the post is refused before it reaches the route.
      assert.equal(
        (await browser.post('/organisations/16C/data-sharing', { peers: 'pseudonymised' }, { csrf: false }))
          .status,
        403,
      );
      // And back again.
      await browser.get('/organisations/16C/data-sharing');
      assert.equal(
        (await browser.post('/organisations/16C/data-sharing', { peers: 'pseudonymised' })).status,
        303,
      );
      const back = (await (await app.request(`/api/practices/${practice}/peers`)).json()) as {
        named: boolean;
      };
      assert.equal(back.named, false);
    });

    it('refuses a practice manager, an observer and another sub-ICB location’s manager (403 on POST)', async () => {
      for (const username of ['practicemgr', 'watcher', 'manager93c']) {
        const browser = new TestBrowser(app);
        await browser.signIn(username, `${username}-correct-horse-battery`);
        // A page they may see, so the post carries a valid CSRF token and reaches the policy check.
        await browser.get(`/practices/${practice}/scorecard`);
        const res = await browser.post('/organisations/16C/data-sharing', { peers: 'named' });
        assert.equal(res.status, 403, username);
        // Refused by the policy, not by the CSRF check.
        assert.doesNotMatch(await res.text(), /did not come from Fairview/, username);
        assert.equal((await browser.get('/organisations/16C/data-sharing')).status, 403, username);
        const overview = await (await browser.get('/organisations/16C/overview')).text();
        assert.doesNotMatch(overview, /\/data-sharing"/, username);
      }
      const api = (await (await app.request(`/api/practices/${practice}/peers`)).json()) as {
        named: boolean;
      };
      assert.equal(api.named, false);
    });

    it('sends a signed-out visitor to sign in, and 404s codes that are not sub-ICB locations', async () => {
      const res = await app.request('/organisations/16C/data-sharing');
      assert.equal(res.status, 303);
      assert.equal(
        res.headers.get('location'),
        `/sign-in?next=${encodeURIComponent('/organisations/16C/data-sharing')}`,
      );
      const manager = new TestBrowser(app);
      await manager.signIn('manager16c', 'manager16c-correct-horse-battery');
      assert.equal((await manager.get(`/organisations/${practice}/data-sharing`)).status, 404);
      assert.equal((await manager.get('/organisations/QHM/data-sharing')).status, 404);
    });

    it('answers the JSON twin to the same people as the page, and refuses the same others (attacker)', async () => {
      const pages = ['/organisations/16C/data-sharing', `/organisations/${practice}/data-sharing`];
      const answers = new Map<string, unknown>();
      for (const who of ['visitor', 'manager16c', 'manager93c', 'practicemgr', 'watcher']) {
        const browser = new TestBrowser(app);
        if (who !== 'visitor') await browser.signIn(who, `${who}-correct-horse-battery`);
        for (const page of pages) answers.set(`${who} ${page}`, await assertTwinParity(browser, page, who));
      }
      const own = answers.get('manager16c /organisations/16C/data-sharing') as {
        area: { code: string };
        named: boolean;
      };
      assert.equal(own.area.code, '16C');
      assert.equal(typeof own.named, 'boolean');
      for (const who of ['visitor', 'manager93c', 'practicemgr', 'watcher'])
        assert.equal(answers.get(`${who} /organisations/16C/data-sharing`), null, `${who} is refused`);
    });
  },
);
