// Issue 13, point 3: an era-aware ODS hierarchy. Before 2022 epraccur's fields held NHS England's
// regions and area teams and a CCG, not an ICB; memberships end when a practice closes; memberships
// come from epcmem and the 2013–16 quarterly lists too; and commissioners have a lineage (PCT → CCG →
// sub-ICB location, CCG mergers), so an old CCG's page leads to its successor and to the practices it
// had, and a CCG that merged away before ICBs existed is counted in its successor's ICB.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { organisationHistory } from '../../src/app/browse/organisation-history.ts';
import { childrenOf, currentAncestors, findOrganisation } from '../../src/app/browse/organisations.ts';
import { getPracticeProfile } from '../../src/app/browse/practice-profile.ts';
import { Hierarchy } from '../../src/app/compute/hierarchy.ts';
import { importFile } from '../../src/app/import/import-file.ts';
import { deriveLineage } from '../../src/app/lineage/derive.ts';
import { organisationPage } from '../../src/web/pages/organisations.ts';
import { practicePage } from '../../src/web/pages/practice.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';

const REAL = fileURLToPath(new URL('../fixtures/real-vintages/', import.meta.url));

forEachDatabase('Commissioners over time, from every vintage', (store) => {
  before(async () => {
    const files: [string, string | undefined][] = [
      ['ods/epraccur-2023-12.csv', '2023-12-04'],
      ['ods/epraccur-2019-10.csv', '2019-10-01'],
      ['ods/epraccur-2016-01.csv', '2016-01-04'],
      ['ods/epcmem-2019-10.csv', '2019-10-01'],
      ['registrations/Patient_List_Size_2014_04-06.csv', undefined],
    ];
    for (const [file, period] of files) {
      await importFile(store(), `${REAL}${file}`, { actor: 'tester', ...(period ? { period } : {}) });
    }
    await deriveLineage(store(), { actor: 'tester', now: TEST_NOW });
  });

  it('never takes an area team for an ICB', async () => {
    const icbs = await store()
      .db.selectFrom('organisation_membership')
      .select('parent_code')
      .distinct()
      .where('parent_kind', '=', 'icb')
      .execute();
    assert.deepEqual(icbs.map((r) => r.parent_code).sort(), ['QE1', 'QHM']);
  });

  it('shows a practice closed in 2017 in its CCG until it closed, and in the region of its last day', async () => {
    const profile = (await getPracticeProfile(store().db, 'A81003'))!;
    const ccgs = profile.history.filter((p) => p.parentKind === 'sub_icb');
    assert.deepEqual(
      ccgs.map((p) => [p.parentCode, p.validFrom, p.endedOn]),
      [
        ['4FC32', '1999-04-01', '2001-03-31'],
        ['5D9', '2001-04-01', '2013-03-31'],
        ['00K', '2013-04-01', '2017-10-31'],
      ],
    );
    assert.deepEqual(
      profile.current.map((a) => [a.kind, a.code]),
      [
        ['region', 'Y54'],
        ['sub_icb', '00K'],
      ],
    );
    const html = practicePage({ viewer: null, profile, canEditLineage: false, canViewRestricted: false });
    assert.match(
      html,
      /CCG<\/th>\s*<td[^>]*><a href="\/organisations\/00K">[^<]*<\/a> \(00K\)<\/td>\s*<td[^>]*>1 April 2013<\/td>\s*<td[^>]*>31 October 2017<\/td>/,
    );
    assert.doesNotMatch(html, /ICB<\/dt>/);
  });

  it('gives A82011 (closed 2016) the CCG its quarterly lists and ODS name', async () => {
    const profile = (await getPracticeProfile(store().db, 'A82011'))!;
    assert.deepEqual(
      profile.history.filter((p) => p.parentCode === '01H').map((p) => [p.validFrom, p.endedOn]),
      [['2013-04-01', '2016-05-31']],
    );
  });

  it('derives commissioner lineage: PCTs into a CCG, 00K and 00M into 16C, 01H into 01K', async () => {
    const links = await store()
      .db.selectFrom('organisation_lineage')
      .select(['predecessor_code', 'successor_code', 'kind', 'effective_date'])
      .where('predecessor_code', 'in', ['00K', '00M', '5E1', '01H'])
      .orderBy('predecessor_code')
      .execute();
    assert.deepEqual(
      links.map((l) => [l.predecessor_code, l.successor_code, l.kind, l.effective_date]),
      [
        // 00K and 00M (and 00C, not in these excerpts) became Tees Valley CCG on 1 April 2020.
        ['00K', '16C', 'merger', '2020-04-01'],
        ['00M', '16C', 'merger', '2020-04-01'],
        // Only Barrow's practices are in the excerpts: 01K took them alone.
        ['01H', '01K', 'succession', '2017-04-01'],
        // North Tees PCT's practices joined Hartlepool PCT's in Hartlepool and Stockton-on-Tees CCG.
        ['5E1', '00K', 'merger', '2013-04-01'],
      ],
    );
  });

  it('leads from the CCG page to its successor and the practices it had', async () => {
    const org = (await findOrganisation(store().db, '00K'))!;
    const history = await organisationHistory(store().db, '00K', 'sub_icb');
    // Its practices moved to 16C or closed: none is a member now; 16C's are.
    assert.ok(history.members.every((m) => m.validTo !== null));
    const tees = await organisationHistory(store().db, '16C', 'sub_icb');
    assert.deepEqual(
      tees.members
        .filter((m) => m.validTo === null)
        .map((m) => m.childCode)
        .sort(),
      ['A81001', 'A81002', 'A81004', 'A81005', 'A81006'],
    );
    const children = await childrenOf(store().db, org);
    const html = organisationPage(null, org, await currentAncestors(store().db, org), children, history);
    assert.match(html, /<a href="\/organisations\/16C">16C<\/a> \(16C\) on 1 April 2020/);
    assert.match(html, /<a href="\/practices\/A81001">THE DENSHAM SURGERY<\/a>/);
    assert.doesNotMatch(html, /No organisations are recorded beneath this one/);
    assert.match(html, /<span class="nhsuk-caption-l">CCG<\/span>/);
  });

  it('counts a CCG that merged away before ICBs in its successor’s ICB', async () => {
    const hierarchy = await Hierarchy.load(store().db);
    await hierarchy.prepare(['A81001']);
    assert.deepEqual(hierarchy.parentsOf('A81001', '2017-03-31'), {
      pcn: null,
      subIcb: '00K',
      icb: 'QHM',
      region: 'Y63',
    });
  });

  it('places a few practices read alone as reading every membership does', async () => {
    const practices = (
      await store().db.selectFrom('organisation').select('code').where('kind', '=', 'practice').execute()
    ).map((r) => r.code);
    assert.ok(practices.length > 0);
    const few = await Hierarchy.load(store().db);
    await few.prepare(practices.slice(0, 3));
    await few.prepare(practices);
    const all = await Hierarchy.load(store().db);
    // Beyond 2,000 organisations not read yet, every membership is read at once.
    await all.prepare([...practices, ...Array.from({ length: 2001 }, (_, i) => `Y${i}`)]);
    for (const date of ['2017-03-31', '2020-04-01', '2023-03-31'])
      for (const code of practices)
        assert.deepEqual(few.parentsOf(code, date), all.parentsOf(code, date), code);
  });
});
