// Issue 15, "precompute what every visitor sees per release": a visitor's view of an indicator page of
// a published release is made once and kept in the database (migration 025); a cold request reads it
// back. What is kept must be exactly what the request path makes, it must only ever serve a viewer
// whose disclosure control is a visitor's, and it is kept without names, which are applied as the
// organisations now are when it is read (so an import, which may rename a practice, leaves it kept).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type DisclosureControl,
  disclosurePatterns,
  forgetDisclosurePatterns,
  openOrganisations,
} from '../../src/app/benchmarking/disclosure.ts';
import { findReleaseForPages, type PagesRelease } from '../../src/app/benchmarking/queries.ts';
import { DEFAULT_DISCLOSURE_RULE } from '../../src/domain/disclosure/index.ts';
import { createWebApp } from '../../src/web/app.ts';
import {
  INDICATOR_VIEW_SHAPE,
  loadIndicatorPage,
  makeIndicatorPage,
  viewerViewsServed,
  visitorPageKey,
  visitorViewsStored,
} from '../../src/web/benchmarking/load-indicator.ts';
import { openedViewsMade } from '../../src/web/benchmarking/opened-view.ts';
import { packJson, unpackJson } from '../../src/web/benchmarking/packed-json.ts';
import type { IndicatorPageView } from '../../src/web/benchmarking/views.ts';
import { keepLatestVisitorPages } from '../../src/web/benchmarking/warm-pages.ts';
import { indicatorPage, indicatorPageBytes } from '../../src/web/pages/benchmarking/indicator.ts';
import { forEachDatabase } from '../support/databases.ts';
import { BENCHMARKING_SLICE, SLICE_SUB_ICB, slicePractices } from './benchmarking-slice.ts';

const INDICATOR = 'FT-91547';
const visitor: DisclosureControl = { rule: DEFAULT_DISCLOSURE_RULE, open: new Set(), withhold: false };

describe('which views are a visitor’s', () => {
  const published = { status: 'published' } as const;
  it('a published release under a control that opens nothing', () => {
    assert.ok(visitorPageKey(published, visitor, INDICATOR, 'england', undefined));
  });
  it('never a draft, a control that opens an organisation, a withheld draft or no control at all', () => {
    assert.equal(visitorPageKey({ status: 'draft' }, visitor, INDICATOR, 'england', undefined), null);
    assert.equal(
      visitorPageKey(published, { ...visitor, open: new Set(['A81001']) }, INDICATOR, 'england', undefined),
      null,
    );
    assert.equal(
      visitorPageKey(published, { ...visitor, withhold: true }, INDICATOR, 'england', undefined),
      null,
    );
    assert.equal(visitorPageKey(published, null, INDICATOR, 'england', undefined), null);
  });
  it('names the area, the period and the rule', () => {
    const keys = new Set([
      visitorPageKey(published, visitor, INDICATOR, 'england', undefined),
      visitorPageKey(published, visitor, INDICATOR, { code: SLICE_SUB_ICB }, undefined),
      visitorPageKey(published, visitor, INDICATOR, 'england', '2024-25'),
      visitorPageKey(
        published,
        { ...visitor, rule: { ...DEFAULT_DISCLOSURE_RULE, roundTo: 10 } },
        INDICATOR,
        'england',
        undefined,
      ),
    ]);
    assert.equal(keys.size, 4);
  });
});

forEachDatabase('the visitors’ indicator view, kept', { seed: BENCHMARKING_SLICE }, (store) => {
  let release: PagesRelease;
  const kept = async () =>
    store()
      .db.selectFrom('release_page_view')
      .select(['page', 'depends_on', 'view'])
      .where('release_id', '=', release.id)
      .where('page', 'like', 'indicator|%')
      .execute();

  before(async () => {
    release = (await findReleaseForPages(store().db))!;
    assert.equal(release.status, 'published');
  });

  it('is what the request path makes, kept at the first request and read back after', async () => {
    const made = await makeIndicatorPage(store().db, release, INDICATOR, 'england', undefined, null, visitor);
    assert.ok(made && made.practices.length > 40);
    assert.equal((await kept()).length, 0);
    const first = await loadIndicatorPage(
      store().db,
      release,
      INDICATOR,
      'england',
      undefined,
      null,
      visitor,
    );
    assert.deepStrictEqual(first, made);
    // The request is answered once the view is made; it is stored just after.
    await visitorViewsStored();
    const rows = await kept();
    assert.equal(rows.length, 1);
    const stored = unpackJson(gunzipSync(rows[0]!.view)) as IndicatorPageView;
    assert.deepStrictEqual(
      stored,
      {
        ...made,
        area: { ...made.area, name: '' },
        practices: made.practices.map((p) => ({ ...p, name: '' })),
      },
      'the kept view is the view made on request, to the last digit, but for the names',
    );
    const again = await loadIndicatorPage(
      store().db,
      release,
      INDICATOR,
      'england',
      undefined,
      null,
      visitor,
    );
    assert.deepStrictEqual(again, made);
  });

  it('highlights the practice the address names without keeping a view per practice', async () => {
    const practice = await store()
      .db.selectFrom('organisation')
      .selectAll()
      .where('code', '=', slicePractices()[0]!)
      .executeTakeFirstOrThrow();
    const view = await loadIndicatorPage(
      store().db,
      release,
      INDICATOR,
      'england',
      undefined,
      practice,
      visitor,
    );
    assert.deepEqual(view?.selected, { code: practice.code, name: practice.name, kind: 'practice' });
    assert.equal((await kept()).length, 1);
  });

  it('is read from the database (a kept view changed there is what is served to a visitor)', async () => {
    const [row] = await kept();
    const view = unpackJson(gunzipSync(row!.view)) as IndicatorPageView;
    const marked = { ...view, casemixDescription: 'read back from release_page_view' };
    await store()
      .db.updateTable('release_page_view')
      .set({ view: gzipSync(packJson(marked)) })
      .where('release_id', '=', release.id)
      .where('page', '=', row!.page)
      .execute();
    const served = await loadIndicatorPage(
      store().db,
      release,
      INDICATOR,
      'england',
      undefined,
      null,
      visitor,
    );
    assert.equal(served?.casemixDescription, 'read back from release_page_view');
    const page = await (await createWebApp({ db: store().db }).request(`/indicators/${INDICATOR}`)).text();
    assert.match(page, /read back from release_page_view/);
  });

  it('is the ground of a view whose control opens a practice (her row opened), never of an administrator’s', async () => {
    const own = slicePractices()[0]!;
    const manager = await loadIndicatorPage(store().db, release, INDICATOR, 'england', undefined, null, {
      ...visitor,
      open: new Set([own]),
    });
    assert.equal(manager?.casemixDescription, 'read back from release_page_view', 'made from the kept view');
    const truth = await store()
      .db.selectFrom('result')
      .select(['numerator', 'denominator'])
      .where('release_id', '=', release.id)
      .where('area_kind', '=', 'practice')
      .where('area_code', '=', own)
      .where('period', '=', manager!.period)
      .where('indicator_id', 'in', (eb) =>
        eb.selectFrom('indicator').select('id').where('code', '=', INDICATOR),
      )
      .executeTakeFirstOrThrow();
    const row = manager!.practices.find((p) => p.code === own)!;
    assert.deepEqual(
      [row.numerator, row.denominator, row.suppressed],
      [truth.numerator, truth.denominator, { numerator: false, denominator: false }],
      'her own practice in full, not as published to visitors',
    );
    const admin = await loadIndicatorPage(store().db, release, INDICATOR, 'england', undefined, null, null);
    assert.notEqual(admin?.casemixDescription, 'read back from release_page_view');
    assert.equal((await kept()).length, 1, 'nothing kept for them');
  });

  it('is read back after an import, named as the organisations now are', async () => {
    const renamed = slicePractices()[1]!;
    const before = (await kept())[0]!;
    // What an import of epraccur by another process does: a new batch, and a practice renamed.
    await store()
      .db.insertInto('import_batch')
      .values({
        file_name: 'epraccur.csv',
        checksum: 'kept-view-test',
        format: 'ods_epraccur',
        publisher: 'NHS England',
        period: '2025-07',
        imported_by: 'test',
      })
      .execute();
    await store()
      .db.updateTable('organisation')
      .set({ name: 'THE RENAMED SURGERY' })
      .where('code', '=', renamed)
      .execute();
    // A request reads the release, and with it the organisations' version the names are read for.
    release = (await findReleaseForPages(store().db))!;
    const view = await loadIndicatorPage(store().db, release, INDICATOR, 'england', undefined, null, visitor);
    assert.equal(view?.casemixDescription, 'read back from release_page_view', 'not made again');
    assert.equal(view?.practices.find((p) => p.code === renamed)?.name, 'THE RENAMED SURGERY');
    assert.deepStrictEqual(
      view?.practices.map((p) => p.name),
      (await makeIndicatorPage(
        store().db,
        release,
        INDICATOR,
        'england',
        undefined,
        null,
        visitor,
      ))!.practices.map((p) => p.name),
      'every name as a view made now has it',
    );
    await visitorViewsStored();
    const rows = await kept();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.depends_on, INDICATOR_VIEW_SHAPE);
    assert.deepEqual(rows[0]!.view, before.view, 'the kept view is as it was');
    // The marked view given up: kept again as the request path makes it, for the cases below.
    await store().db.deleteFrom('release_page_view').where('page', '=', rows[0]!.page).execute();
    await loadIndicatorPage(store().db, release, INDICATOR, 'england', undefined, null, visitor);
    await visitorViewsStored();
  });

  it('is made for every indicator of the latest release by the warming, once', async () => {
    const made = await keepLatestVisitorPages(store().db, DEFAULT_DISCLOSURE_RULE);
    const rows = await kept();
    assert.ok(made >= 1 && rows.length === made + 1, `${made} made, ${rows.length} kept`);
    assert.equal(await keepLatestVisitorPages(store().db, DEFAULT_DISCLOSURE_RULE), 0);
  });

  it('a signed-in viewer’s view is kept in memory under her exact control, and given to no one else', async () => {
    const [a, b] = slicePractices();
    const managerOf = (code: string): DisclosureControl => ({ ...visitor, open: new Set([code]) });
    const load = (control: DisclosureControl | null) =>
      loadIndicatorPage(store().db, release, INDICATOR, 'england', undefined, null, control);
    const made = (control: DisclosureControl | null) =>
      makeIndicatorPage(store().db, release, INDICATOR, 'england', undefined, null, control);
    const before = viewerViewsServed();
    assert.deepStrictEqual(await load(managerOf(a!)), await made(managerOf(a!)));
    assert.equal(viewerViewsServed(), before, 'the first request makes it');
    assert.deepStrictEqual(await load(managerOf(a!)), await made(managerOf(a!)));
    assert.equal(viewerViewsServed(), before + 1, 'the next (another page of the table) reads it');
    // Another practice's manager, an administrator: their own views, made for them.
    const forB = await load(managerOf(b!));
    assert.deepStrictEqual(forB, await made(managerOf(b!)));
    assert.notDeepStrictEqual(forB, await made(managerOf(a!)));
    assert.deepStrictEqual(await load(null), await made(null));
    assert.equal(viewerViewsServed(), before + 1);
  });

  it('a signed-in viewer’s repeated requests share one frozen view, and her pages draw as from a fresh one', async () => {
    const [a, b] = slicePractices();
    const control: DisclosureControl = { ...visitor, open: new Set([a!]) };
    const org = (code: string) =>
      store().db.selectFrom('organisation').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    // The kept view (loadIndicatorPage) or one made afresh (makeIndicatorPage), a practice highlighted.
    const view = async (loader: typeof loadIndicatorPage, selected: string | null) =>
      (await loader(
        store().db,
        release,
        INDICATOR,
        'england',
        undefined,
        selected ? await org(selected) : null,
        control,
      ))!;
    const load = (selected: string | null) => view(loadIndicatorPage, selected);
    const first = await load(null);
    const second = await load(a!);
    assert.equal(second.practices, first.practices, 'the one object, not parsed again');
    assert.ok(Object.isFrozen(second.practices) && Object.isFrozen(second.practices[0]!.flag));
    assert.throws(() => {
      (second.practices as unknown[]).pop();
    }, TypeError);
    // Every page and sort of her table, with and without a practice highlighted, is the page a view
    // made afresh for her draws (the charts are drawn once per view and highlighted practice).
    for (const selected of [null, a!, b!, a!]) {
      const kept = await load(selected);
      const fresh = await view(makeIndicatorPage, selected);
      for (const table of [
        { page: 1, sort: 'value', order: 'descending' },
        { page: 2, sort: 'name', order: 'ascending' },
      ] as const) {
        assert.equal(
          indicatorPage(null, kept, [], { table, pageSize: 5 }),
          indicatorPage(null, fresh, [], { table, pageSize: 5 }),
          `${selected} ${table.sort}`,
        );
        // The bytes the route sends (the content encoded once for the kept view): the same page.
        assert.deepEqual(
          indicatorPageBytes(null, kept, [], { table, pageSize: 5 }),
          Buffer.from(indicatorPage(null, fresh, [], { table, pageSize: 5 })),
          `${selected} ${table.sort}, as bytes`,
        );
      }
    }
  });

  it('a signed-in viewer’s view no longer among the last two is served from its compressed copy', async () => {
    const [a, b, c] = slicePractices();
    const managerOf = (code: string): DisclosureControl => ({ ...visitor, open: new Set([code]) });
    const load = (code: string) =>
      loadIndicatorPage(store().db, release, INDICATOR, 'england', undefined, null, managerOf(code));
    const first = await load(c!);
    await load(a!);
    await load(b!); // c's view is pushed out of the last two, and compressed on zlib's threads
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = viewerViewsServed();
    const again = await load(c!);
    assert.equal(viewerViewsServed(), before + 1, 'read back, not made again');
    assert.notEqual(again!.practices, first!.practices, 'parsed from the compressed copy');
    assert.deepStrictEqual(
      again,
      await makeIndicatorPage(store().db, release, INDICATOR, 'england', undefined, null, managerOf(c!)),
    );
  });

  it('opens to a viewer what her organisations hold, whatever their kind (the indexed look-up)', async () => {
    const rows = await store()
      .db.selectFrom('result')
      .select(['area_code', 'pcn_code', 'sub_icb_code', 'icb_code', 'region_code'])
      .distinct()
      .where('release_id', '=', release.id)
      .where('area_kind', '=', 'practice')
      .execute();
    // The rule, said plainly: every reached code, each practice counted in one of them, and the
    // areas between that practice and the code.
    const expected = (codes: string[]) => {
      const open = new Set(codes);
      for (const r of rows) {
        const chain = [r.area_code, r.pcn_code, r.sub_icb_code, r.icb_code, r.region_code];
        const top = chain.findIndex((c) => c !== null && codes.includes(c));
        for (const c of chain.slice(0, top + 1)) if (c) open.add(c);
      }
      return [...open].sort();
    };
    const first = rows.find((r) => r.sub_icb_code && r.icb_code && r.region_code)!;
    assert.ok(first, 'a practice with its chain of areas');
    for (const codes of [
      [first.area_code],
      ...(first.pcn_code ? [[first.pcn_code]] : []),
      [SLICE_SUB_ICB],
      [first.icb_code!],
      [first.region_code!],
      ['NOT-AN-ORG'],
      [first.area_code, first.region_code!],
    ]) {
      const open = await openOrganisations(store().db, release, codes);
      assert.deepEqual([...open].sort(), expected(codes), codes.join(','));
    }
  });

  it('keeps each disclosure pattern of a published release, so a restart reads it back the same', async () => {
    const wanted = await store()
      .db.selectFrom('result')
      .select(['indicator_id', 'period'])
      .distinct()
      .where('release_id', '=', release.id)
      .where('area_kind', '=', 'country')
      .execute();
    const keys = wanted.map((w) => ({ indicatorId: w.indicator_id, period: w.period }));
    const patterns = async () => {
      const lookup = await disclosurePatterns(store().db, release, DEFAULT_DISCLOSURE_RULE, keys);
      return keys.map((k) => lookup(k.indicatorId, k.period).pattern);
    };
    const keptPatterns = () =>
      store()
        .db.selectFrom('release_page_view')
        .select(['page', 'view'])
        .where('release_id', '=', release.id)
        .where('page', 'like', 'disclosure|%')
        .execute();
    await store().db.deleteFrom('release_page_view').where('page', 'like', 'disclosure|%').execute();
    forgetDisclosurePatterns();
    const made = await patterns();
    assert.ok(
      made.some((p) => p.practices.size > 0),
      'something is hidden in the slice',
    );
    assert.equal((await keptPatterns()).length, keys.length);
    forgetDisclosurePatterns();
    assert.deepStrictEqual(await patterns(), made, 'read back, the same patterns');
    // Read from the database: a kept pattern changed there is the one a restarted server uses.
    const [row] = await keptPatterns();
    const changed = { proportion: true, practices: [['ZZ0001', 7]], areas: [] };
    await store()
      .db.updateTable('release_page_view')
      .set({ view: gzipSync(JSON.stringify(changed)) })
      .where('release_id', '=', release.id)
      .where('page', '=', row!.page)
      .execute();
    forgetDisclosurePatterns();
    const [, , indicatorId, period] = row!.page.split('|');
    const lookup = await disclosurePatterns(store().db, release, DEFAULT_DISCLOSURE_RULE, [
      { indicatorId: Number(indicatorId), period: period! },
    ]);
    assert.equal(lookup(Number(indicatorId), period!).pattern.practices.get('ZZ0001'), 7);
    await store().db.deleteFrom('release_page_view').where('page', '=', row!.page).execute();
    forgetDisclosurePatterns();
  });

  it('a signed-in viewer’s view made from the visitors’ view is the view made for her from the rows', async () => {
    const db = store().db;
    const indicators = await db
      .selectFrom('indicator')
      .innerJoin('release_indicator', 'release_indicator.indicator_id', 'indicator.id')
      .select('indicator.code')
      .where('release_indicator.release_id', '=', release.id)
      .execute();
    const chains = await db
      .selectFrom('result')
      .select(['pcn_code', 'sub_icb_code'])
      .distinct()
      .where('release_id', '=', release.id)
      .where('area_kind', '=', 'practice')
      .execute();
    const sub_icb_code = chains.find((c) => c.sub_icb_code)?.sub_icb_code;
    const pcn_code = chains.find((c) => c.pcn_code)?.pcn_code;
    assert.ok(sub_icb_code, 'the slice’s practices are in a sub-ICB');
    const sub = await db
      .selectFrom('organisation')
      .selectAll()
      .where('code', '=', sub_icb_code!)
      .executeTakeFirstOrThrow();
    const controlOf = async (codes: string[]): Promise<DisclosureControl> => ({
      ...visitor,
      open: await openOrganisations(db, release, codes),
    });
    let opened = 0;
    let suppressedOpened = 0;
    for (const { code } of indicators) {
      const latest = await loadIndicatorPage(db, release, code, 'england', undefined, null, visitor);
      if (!latest) continue;
      for (const [area, period] of [
        ['england', undefined],
        [sub, undefined],
        ['england', latest.periods[0]],
      ] as const) {
        const visitors = await loadIndicatorPage(db, release, code, area, period, null, visitor);
        if (!visitors) continue;
        // A practice whose figures visitors see, one whose they do not (if any), its PCN, the sub-ICB.
        const hidden = visitors.practices.find((p) => p.suppressed.numerator || p.suppressed.denominator);
        const shown = visitors.practices.find((p) => !p.suppressed.numerator && !p.suppressed.denominator);
        const controls = [
          ...(shown ? [await controlOf([shown.code])] : []),
          ...(hidden ? [await controlOf([hidden.code])] : []),
          ...(pcn_code ? [await controlOf([pcn_code])] : []),
          await controlOf([sub.code]),
        ];
        if (hidden) suppressedOpened++;
        for (const control of controls) {
          const [hits, openedBefore] = [viewerViewsServed(), openedViewsMade()];
          const load = await loadIndicatorPage(db, release, code, area, period, null, control);
          const made = await makeIndicatorPage(db, release, code, area, period, null, control);
          const where = `${code} ${area === 'england' ? area : area.code} ${period}`;
          assert.deepStrictEqual(load, made, where);
          // Unless kept from an earlier test, made from the visitors' view; but a control opening the
          // page's own area (the sub-ICB on its page) is made from the rows.
          if (viewerViewsServed() > hits) continue;
          const fromVisitors = !(area !== 'england' && control.open.has(area.code));
          assert.equal(openedViewsMade() - openedBefore, Number(fromVisitors), where);
          if (fromVisitors) opened++;
        }
      }
    }
    assert.ok(
      opened > 50 && suppressedOpened > 0,
      `${opened} views made from the visitors', ${suppressedOpened} pages with a hidden practice`,
    );
  });

  it('keeps no pattern of a draft', async () => {
    const draft = { ...release, status: 'draft' as const };
    const before = await store().db.selectFrom('release_page_view').select('page').execute();
    forgetDisclosurePatterns();
    await store().db.deleteFrom('release_page_view').where('page', 'like', 'disclosure|%').execute();
    const { indicator_id, period } = await store()
      .db.selectFrom('result')
      .select(['indicator_id', 'period'])
      .where('release_id', '=', release.id)
      .where('area_kind', '=', 'country')
      .executeTakeFirstOrThrow();
    await disclosurePatterns(store().db, draft, DEFAULT_DISCLOSURE_RULE, [
      { indicatorId: indicator_id, period },
    ]);
    const after = await store()
      .db.selectFrom('release_page_view')
      .select('page')
      .where('page', 'like', 'disclosure|%')
      .execute();
    assert.equal(after.length, 0);
    assert.ok(before.length > 0);
  });
});
