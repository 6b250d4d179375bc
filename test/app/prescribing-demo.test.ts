// The demo's prescribing step (issue 20) on a small store of real files: the bundled ODS practices
// file and the bundled registrations of sub-ICB 16C's practices. SYNTHETIC EPD months are written in
// the real layout, imported through the real importer labelled SYNTHETIC, and the same step again
// changes nothing; the planted practice is the one a user follows: top of the measure's deciles,
// the largest saving, and the largest price-per-unit saving on its planted presentation.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { recomputeMeasures } from '../../src/app/prescribing/measures.ts';
import { pricePerUnit } from '../../src/app/prescribing/price-per-unit.ts';
import { measureSavings } from '../../src/app/prescribing/views.ts';
import {
  DEMO_PRESCRIBING_MONTHS,
  type DemoPrescribingImport,
  importDemoPrescribing,
} from '../../src/demo/prescribing.ts';
import {
  SYNTHETIC_EPD_LABEL,
  SYNTHETIC_EPD_PLANTED_MEASURE,
  SYNTHETIC_EPD_PLANTED_PRACTICE,
  SYNTHETIC_EPD_PLANTED_PRESENTATION,
  syntheticEpdCsv,
} from '../../src/domain/prescribing/synthetic-epd.ts';
import { forEachDatabase } from '../support/databases.ts';
import { TempFolder } from './import-fixtures.ts';
import { seedDemoPrescribing } from './prescribing-demo-fixture.ts';

let folder: TempFolder;
before(async () => {
  folder = await TempFolder.create();
});
after(async () => {
  await folder.remove();
});

it('writes the same bytes for the same practices and months (seeded), in the EPD layout', () => {
  const practices = [
    { code: 'A81004', name: 'ACKLAM', listSize: 9000 },
    { code: 'A81002', name: 'QUEENS PARK', listSize: 12000 },
  ];
  const options = {
    months: ['2024-08', '2024-09'],
    subIcb: { code: '16C', name: 'TEES VALLEY' },
    icb: { code: 'QHM', name: 'NORTH EAST' },
  };
  const a = syntheticEpdCsv(practices, options);
  assert.equal(a, syntheticEpdCsv([...practices].reverse(), options));
  const [header, first] = a.split('\n');
  assert.match(header!, /^YEAR_MONTH,REGIONAL_OFFICE_NAME,.*,BNF_CODE,.*,ACTUAL_COST,UNIDENTIFIED$/);
  assert.match(first!, /^202408,SYNTHETIC DEMO DATA - NOT NHS DATA,/);
});

forEachDatabase('the demo prescribing step', (store) => {
  let first: DemoPrescribingImport;
  before(async () => {
    first = await seedDemoPrescribing(store(), folder);
  });

  it('imports SYNTHETIC months through the real importer, labelled, and the same step again changes nothing', async () => {
    assert.ok(first.practices > 50, `${first.practices} practices`);
    assert.equal(first.outcome?.status, 'imported');
    assert.equal(first.outcome?.status === 'imported' && first.outcome.publisher, SYNTHETIC_EPD_LABEL);
    const months = await store()
      .db.selectFrom('prescribing_month')
      .select('month')
      .orderBy('month')
      .execute();
    assert.deepEqual(
      months.map((m) => m.month.slice(0, 7)),
      DEMO_PRESCRIBING_MONTHS,
    );
    const batch = await store()
      .db.selectFrom('import_batch')
      .select(['publisher', 'format'])
      .where('file_name', '=', first.fileName)
      .executeTakeFirstOrThrow();
    assert.equal(batch.publisher, SYNTHETIC_EPD_LABEL);
    assert.equal(batch.format, 'epd');
    const again = await importDemoPrescribing(store(), { subIcb: '16C', actor: 'demo' });
    assert.equal(again.outcome?.status, 'unchanged');
  });

  it('plants the practice a user follows: the top of the measure, the largest saving and price-per-unit saving', async () => {
    await recomputeMeasures(store());
    const savings = await measureSavings(store(), SYNTHETIC_EPD_PLANTED_MEASURE, { month: '2024-09' });
    assert.equal(savings[0]?.practiceCode, SYNTHETIC_EPD_PLANTED_PRACTICE);
    assert.ok(savings[0]!.percentile! > 95);
    assert.ok(savings[0]!.saving > 50, `£${savings[0]!.saving}`);
    const ppu = await pricePerUnit(store(), SYNTHETIC_EPD_PLANTED_PRESENTATION, {
      area: '16C',
      month: '2024-09',
    });
    assert.ok(ppu !== null);
    assert.equal(ppu.practices[0]?.practiceCode, SYNTHETIC_EPD_PLANTED_PRACTICE);
    assert.ok(ppu.practices[0]!.pricePerUnit > 2.5 * ppu.median!);
    assert.equal(ppu.synthetic, true);
  });
});
