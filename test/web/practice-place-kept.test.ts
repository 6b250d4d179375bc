// A practice's pages keep the practice and its ancestors (the policy's target) under the organisations'
// version read with each request's release (src/web/routes/benchmarking/context.ts, placeOf), so a
// signed-in viewer's next scorecard does not climb the hierarchy again (issue 15); an area's indicator
// page and overview keep the area's the same way. Kept is not stale:
// an import that moves the practice to another commissioner changes who may see its draft on the very
// next request, and the breadcrumbs say where it now is.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, it } from 'node:test';
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { recompute } from '../../src/app/compute/recompute.ts';
import { importPaths } from '../../src/app/import/import-paths.ts';
import { createWebApp } from '../../src/web/app.ts';
import { forEachDatabase } from '../support/databases.ts';
import { BENCHMARKING_SLICE, slicePractices } from './benchmarking-slice.ts';
import { addUser, TestBrowser } from './client.ts';

/** Every query the app sends, as its operation tree (table names and raw SQL text included). */
class QueryLog implements KyselyPlugin {
  readonly queries: string[] = [];
  transformQuery({ node }: { node: RootOperationNode }): RootOperationNode {
    this.queries.push(JSON.stringify(node));
    return node;
  }
  async transformResult<R>({ result }: { result: R }): Promise<R> {
    return result;
  }
}

/** The July 2026 mapping's row for `practice`, a month later, under another commissioner (93C). */
const MOVED = (practice: string) =>
  [
    'PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,PCN_NAME,ONS_SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,ONS_ICB_CODE,ICB_CODE,ICB_NAME,ONS_COMM_REGION_CODE,COMM_REGION_CODE,COMM_REGION_NAME,SUPPLIER_NAME',
    `GP_PRAC_PAT_LIST,01Aug2026,${practice},THE MOVED SURGERY,TS18 1HU,U99999,MOVED PCN,E38000244,93C,NHS North Central London ICB - 93C,E54000028,QMJ,NHS North Central London Integrated Care Board,E40000003,Y56,London,TPP`,
  ].join('\r\n');

forEachDatabase('a practice and its ancestors, kept per import', { seed: BENCHMARKING_SLICE }, (store) => {
  const practice = slicePractices()[0]!;
  const draft = `/practices/${practice}/scorecard?release=draft-kept`;
  const log = new QueryLog();
  let app: ReturnType<typeof createWebApp>;
  before(async () => {
    await recompute(store(), { now: new Date(), release: 'draft-kept', actor: 'test' });
    await addUser(store().db, 'tees', 'commissioning_analyst:16C');
    await addUser(store().db, 'london', 'commissioning_analyst:93C');
    app = createWebApp({ db: store().db.withPlugin(log) });
  });

  it('climbs the hierarchy on her first request only', async () => {
    const tees = new TestBrowser(app);
    await tees.signIn('tees', 'tees-correct-horse-battery');
    const climbs = () => log.queries.filter((q) => q.includes('organisation_membership')).length;
    const before = climbs();
    assert.equal((await tees.get(draft)).status, 200);
    assert.ok(climbs() > before, 'the first request reads the ancestors');
    const after = climbs();
    assert.equal((await tees.get(draft)).status, 200);
    assert.equal((await tees.get(`/practices/${practice}/scorecard`)).status, 200);
    assert.equal(climbs(), after, 'her next requests do not');
  });

  it("keeps an area's place too: its indicator page and overview climb on the first request only", async () => {
    const tees = new TestBrowser(app);
    await tees.signIn('tees', 'tees-correct-horse-battery');
    const climbs = () => log.queries.filter((q) => q.includes('organisation_membership')).length;
    const climbed = async (page: string) => {
      const was = climbs();
      assert.equal((await tees.get(page)).status, 200, page);
      return climbs() - was;
    };
    // The overview reads the area's practices from the memberships (its content) on each request;
    // only the climb to the area's ancestors is kept. Asked first: the indicator pages below keep 16C's.
    const overview = '/organisations/16C/overview?release=draft-kept';
    const first = await climbed(overview);
    assert.ok((await climbed(overview)) < first, 'the overview no longer climbs to its ancestors');
    // The area's indicator page finds 16C kept by the overview; a practice no page of this file has
    // asked for yet (the first test keeps `practice`) is climbed to once.
    const area = '/indicators/QOF-PREV-AF?area=16C&release=draft-kept';
    assert.equal(await climbed(area), 0, 'the area kept by the overview');
    assert.equal(await climbed(area), 0);
    const selected = `/indicators/QOF-PREV-AF?area=16C&practice=${slicePractices()[1]!}&release=draft-kept`;
    assert.ok((await climbed(selected)) > 0, 'the first request reads the practice’s ancestors');
    assert.equal(await climbed(selected), 0, 'the next does not');
    // Not found is still not found, a practice is not an area, an area not a practice.
    assert.equal((await tees.get('/indicators/QOF-PREV-AF?area=ZZZ99&release=draft-kept')).status, 404);
    assert.equal((await tees.get(`/indicators/QOF-PREV-AF?area=${practice}&release=draft-kept`)).status, 404);
    assert.equal((await tees.get('/indicators/QOF-PREV-AF?practice=16C&release=draft-kept')).status, 404);
    assert.equal((await tees.get(`/organisations/${practice}/overview?release=draft-kept`)).status, 404);
    assert.equal((await tees.get('/practices/16C/scorecard?release=draft-kept')).status, 404);
  });

  it('follows an import that moves the practice: its draft is refused to the old commissioner at once', async () => {
    const tees = new TestBrowser(app);
    await tees.signIn('tees', 'tees-correct-horse-battery');
    const london = new TestBrowser(app);
    await london.signIn('london', 'london-correct-horse-battery');
    assert.equal((await tees.get(draft)).status, 200);
    assert.match(tees.lastHtml, /href="\/organisations\/16C"/);
    assert.equal((await london.get(draft)).status, 403);

    const folder = await mkdtemp(join(tmpdir(), 'fairview-moved-'));
    try {
      await writeFile(join(folder, 'gp-reg-pat-prac-map.csv'), `${MOVED(practice)}\r\n`);
      const [outcome] = await importPaths(store(), [join(folder, 'gp-reg-pat-prac-map.csv')], {
        actor: 'test',
      });
      assert.equal(outcome?.status, 'imported', JSON.stringify(outcome));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }

    assert.equal((await tees.get(draft)).status, 403, 'no longer hers');
    assert.equal((await london.get(draft)).status, 200, 'now theirs');
    assert.match(london.lastHtml, /93C/);
    // The breadcrumbs are the practice's ancestors now (the comparisons stay the release's own).
    const crumbs = /<ol class="nhsuk-breadcrumb__list">[\s\S]*?<\/ol>/.exec(london.lastHtml)?.[0] ?? '';
    assert.match(crumbs, /href="\/organisations\/93C"/);
    assert.doesNotMatch(crumbs, /href="\/organisations\/16C"/);
  });
});
