// STAR-PU weighted lists (issue 20). By hand: Ainsdale Village Surgery (N84014) in the real quarterly
// list-size file for October–December 2013 (demo-data/registrations/legacy-quarterly), its patients by
// sex and band times the HSCIC 2013 weights for oral antibacterial items (measures/weights/
// star-pu-2013.json), summed on a calculator; then the same through the real importers and the
// measure antibiotics-per-star-pu, on both databases, with a made-up (SYNTHETIC) prescribing month.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importFile } from '../../src/app/import/import-file.ts';
import { loadMeasures, loadStarPuWeights, recomputeMeasures } from '../../src/app/prescribing/measures.ts';
import { measureUnit } from '../../src/domain/prescribing/measure.ts';
import { starPu, starPuBand } from '../../src/domain/prescribing/star-pu.ts';
import { syntheticEpdCsv } from '../../src/domain/prescribing/synthetic-epd.ts';
import { forEachDatabase } from '../support/databases.ts';
import { TempFolder } from './import-fixtures.ts';

// N84014's row of Patient_List_Size_2013_10-12.csv: Male/Female 0-4, 5-14 … 75+.
const MALE = [66, 167, 175, 122, 185, 234, 193, 191, 159];
const FEMALE = [53, 174, 160, 119, 161, 218, 180, 201, 195];
const BANDS = ['0-4', '5-14', '15-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75+'];
// By hand: 66 × 0.83772 + 53 × 0.76523 + 167 × 0.31387 + 174 × 0.39658 + … + 195 × 1.26583.
const HAND = 1778.5936783508;

describe('STAR-PU by hand', () => {
  it('weights the real practice as the calculator does', async () => {
    const weights = (await loadStarPuWeights()).get('oral_antibacterials_item')!;
    const terms = BANDS.flatMap((band, i) => [
      MALE[i]! * weights[band as '0-4'][0],
      FEMALE[i]! * weights[band as '0-4'][1],
    ]);
    assert.ok(Math.abs(terms.reduce((a, b) => a + b, 0) - HAND) < 1e-6);
    const counts = BANDS.flatMap((ageBand, i) => [
      { sex: 'male' as const, ageBand, patients: MALE[i]! },
      { sex: 'female' as const, ageBand, patients: FEMALE[i]! },
    ]);
    assert.ok(Math.abs(starPu(counts, weights)! - HAND) < 1e-6);
    assert.equal(starPu([{ sex: 'male', ageBand: 'ALL', patients: 2953 }], weights), null);
  });

  it("sums the current registrations' 5-year bands into the STAR-PU bands", () => {
    assert.deepEqual(
      ['0-4', '5-9', '10-14', '15-19', '20-24', '70-74', '75-79', '90-94', '95+', 'ALL'].map(starPuBand),
      ['0-4', '5-14', '5-14', '15-24', '15-24', '65-74', '75+', '75+', '75+', null],
    );
  });
});

let folder: TempFolder;
before(async () => {
  folder = await TempFolder.create();
});
after(async () => {
  await folder.remove();
});

forEachDatabase('a measure per 1,000 STAR-PUs', (store) => {
  it("divides by the practice's STAR-PU from the nearest age-sex extract", async () => {
    const lists = await folder.copy('registrations/legacy-quarterly/Patient_List_Size_2013_10-12.csv.gz');
    await importFile(store(), lists, { actor: 'tester' });
    const epd = join(folder.path, 'EPD_SYNTHETIC_201311.csv');
    await writeFile(
      epd,
      syntheticEpdCsv([{ code: 'N84014', name: 'AINSDALE VILLAGE SURGERY', listSize: 2953 }], {
        months: ['2013-11'],
        subIcb: { code: '01V', name: 'SOUTHPORT AND FORMBY' },
        icb: { code: 'Q48', name: 'MERSEYSIDE' },
      }),
    );
    await importFile(store(), epd, { actor: 'tester', publisherLabel: 'SYNTHETIC test month' });
    const measure = (await loadMeasures()).find((m) => m.id === 'antibiotics-per-star-pu')!;
    assert.equal(measureUnit(measure), 'items per 1,000 STAR-PUs');
    await recomputeMeasures(store(), { measures: [measure] });
    const value = await store()
      .db.selectFrom('prescribing_measure_value')
      .selectAll()
      .where('practice_code', '=', 'N84014')
      .executeTakeFirstOrThrow();
    assert.ok(Math.abs(value.denominator! - HAND) < 1e-6, `${value.denominator}`);
    assert.ok(value.numerator > 0);
    assert.ok(Math.abs(value.ratio! - (value.numerator / HAND) * 1000) < 1e-9);
  });
});
