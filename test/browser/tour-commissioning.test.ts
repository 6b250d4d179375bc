/**
 * Issue 17's "done when", the rest of the README's tour (tour.test.ts walks the benchmarking part): the
 * governance, agreements, obligations, consent, public consultations, concerns and schemes pages (a
 * scheme, a calculation, a statement, what-if, standing rules),
 * walked in Chromium at 375 px (a phone) and 1280 px on the demo's governance and obligations stories
 * over real 16C practices. On every page: no two chart labels overlap, no table is cut off (a table
 * fits, stacks its rows, or is a declared sideways-scrolling matrix with its hint), axe-core is clean.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importPaths } from '../../src/app/import/index.ts';
import { syncBuiltInIndicators } from '../../src/app/indicators/built-in.ts';
import { calculateAndStore, inputsFromAchievement, readSchemeFile } from '../../src/app/schemes/index.ts';
import { seedConstitutionAndConsentDemo } from '../../src/demo/constitution-consent.ts';
import { seedGovernanceDemo } from '../../src/demo/governance.ts';
import { seedObligationsDemo } from '../../src/demo/obligations.ts';
import { checkPage, newPage, signIn, withSliceServer } from '../support/browser.ts';
import { addUser } from '../web/client.ts';
import { seedRealSlice } from '../web/real-slice.ts';

const SIXTEEN_C = ['A81001', 'A81002', 'A81004', 'A81005', 'A81006', 'A81007'];
/** The QOF achievement test fixtures (A81001, A81002) and the QOF-style example scheme (as test/web/schemes.test.ts). */
const ACHIEVEMENT = fileURLToPath(new URL('../fixtures/qof-achievement/', import.meta.url));
const QOF_SCHEME = fileURLToPath(new URL('../../schemes/examples/qof-2023-24.json', import.meta.url));

describe('the README tour of commissioning at 375 px and 1280 px (issue 17)', () => {
  const passwords: Record<string, string> = {};
  let agreementId = 0;
  let calculationId = 0;

  const app = withSliceServer('tour-commissioning', async (store) => {
    // The spawned server runs on the wall clock, so the stories are seeded up to it.
    const now = new Date();
    await seedRealSlice(store.db, SIXTEEN_C);
    await syncBuiltInIndicators(store, 'test', now);
    await seedGovernanceDemo(store.db, now);
    assert.equal((await seedObligationsDemo(store.db, { now, mailer: null })).seeded, true);
    assert.equal((await seedConstitutionAndConsentDemo(store.db, { now, mailer: null })).seeded, true);
    await importPaths(store, [ACHIEVEMENT], { actor: 'analyst' });
    const read = await readSchemeFile(QOF_SCHEME);
    assert.ok(read.ok);
    const inputs = await inputsFromAchievement(store.db, read.scheme);
    calculationId = (
      await calculateAndStore(store, {
        now,
        scheme: read.scheme,
        inputs,
        sourceKind: 'qof_achievement',
        actor: 'analyst',
      })
    ).calculation.id;
    agreementId = (
      await store.db.selectFrom('agreement').select('id').orderBy('id').executeTakeFirstOrThrow()
    ).id;
    passwords.manager = await addUser(store.db, 'manager', 'commissioning_manager:16C');
    passwords.admin = await addUser(store.db, 'admin', 'administrator');
  });

  const tours = () => ({
    manager: [
      { name: 'governance', path: '/governance' },
      { name: 'agreements', path: '/agreements' },
      { name: 'an agreement', path: `/agreements/${agreementId}` },
      { name: 'obligations', path: '/obligations' },
      { name: 'consent register', path: '/consent' },
      { name: 'concerns', path: '/concerns' },
      { name: 'schemes', path: '/schemes' },
      { name: 'a scheme', path: '/schemes/qof-2023-24' },
      { name: 'a calculation', path: `/schemes/calculations/${calculationId}` },
      { name: 'a statement', path: `/schemes/calculations/${calculationId}/statements/A81001` },
      { name: 'what-if', path: `/schemes/calculations/${calculationId}/what-if` },
      { name: 'standing rules', path: '/schemes/standing-rules' },
    ],
    admin: [{ name: 'outbox', path: '/admin/outbox' }],
    visitor: [{ name: 'public consultations', path: '/public/consultations' }],
  });

  for (const width of [375, 1280]) {
    it(`reads at ${width} px: no overlapping labels, no table cut off, axe clean`, async () => {
      for (const [who, pages] of Object.entries(tours())) {
        const page = await newPage(app, width);
        try {
          if (who !== 'visitor') await signIn(page, app.base, who, passwords[who]!);
          for (const t of pages) {
            const res = await page.goto(`${app.base}${t.path}`);
            assert.equal(res?.status(), 200, `${t.name}: ${t.path}`);
            await page.waitForLoadState('load');
            await checkPage(page, t.name, width);
          }
        } finally {
          await page.context().close();
        }
      }
    });
  }
});
