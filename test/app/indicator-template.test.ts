// The Fairview indicator template reader: a good file gives definitions and values; a bad one is
// refused with every problem named by file, line and column.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readIndicatorTemplate, TemplateError } from '../../src/app/indicators/template-reader.ts';

const HEADER =
  'indicator_code,indicator_name,type,multiplier,polarity,period_type,practice_code,period,numerator,denominator';
const ROW = (practice: string, period: string, n: string, d: string) =>
  `FLU65,Flu vaccination 65+,proportion,100,higher_is_better,financial_year,${practice},${period},${n},${d}`;

let folder: string;
before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'fairview-template-test-'));
});
after(() => rm(folder, { recursive: true, force: true }));

async function file(name: string, lines: string[]): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, `${lines.join('\r\n')}\r\n`);
  return path;
}

async function problems(name: string, lines: string[]): Promise<string[]> {
  try {
    await readIndicatorTemplate(await file(name, lines));
  } catch (error) {
    assert.ok(error instanceof TemplateError, String(error));
    return error.errors.map((e) => e.message);
  }
  assert.fail('the template was accepted');
}

describe('Fairview indicator template', () => {
  it('reads the definition once and a value per row, normalising periods and practice codes', async () => {
    const reading = await readIndicatorTemplate(
      await file('flu.csv', [
        HEADER,
        ROW('A81001', '2023/24', '700', '900'),
        ROW('a81002', '2023-24', '650', '800'),
      ]),
    );
    assert.equal(reading.rowsRead, 2);
    assert.match(reading.checksum, /^[0-9a-f]{64}$/);
    const [flu] = reading.indicators;
    assert.equal(flu!.definition.code, 'FLU65');
    assert.equal(flu!.definition.polarity, 'higher_is_better');
    assert.equal(flu!.definition.domain, 'local');
    assert.deepEqual(flu!.definition.computation, { from: 'local_value', indicatorCode: 'FLU65' });
    assert.deepEqual(flu!.values, [
      { practiceCode: 'A81001', period: '2023-24', numerator: 700, denominator: 900 },
      { practiceCode: 'A81002', period: '2023-24', numerator: 650, denominator: 800 },
    ]);
  });

  it('names a missing column', async () => {
    const header = HEADER.replace(',polarity', '');
    assert.deepEqual(
      await problems('no-polarity.csv', [
        header,
        'FLU65,Flu,proportion,100,financial_year,A81001,2023-24,1,2',
      ]),
      ['no-polarity.csv line 1, column polarity: expected this column (see docs/indicators.md)'],
    );
  });

  it('names the line and column of every bad value', async () => {
    const found = await problems('bad.csv', [
      HEADER,
      ROW('A81001', '2023-24', '700', '900'),
      ROW('A8100', '2023-24', '1', '2'),
      ROW('A81003', '2023 Q1', '1', '2'),
      ROW('A81004', '2023-24', '901', '900'),
      ROW('A81005', '2023-24', 'many', '900'),
      ROW('A81006', '2023-24', '1', '0'),
      ROW('A81001', '2023-24', '1', '2'),
      'FLU65,Flu vaccination 65+,proportion,100,lower_is_better,financial_year,A81007,2023-24,1,2',
    ]);
    assert.deepEqual(found, [
      "bad.csv line 3, column practice_code: expected a practice code (a letter and 5 digits), found 'A8100'",
      "bad.csv line 4, column period: expected a financial year such as 2023-24, found '2023 Q1'",
      "bad.csv line 5, column numerator: expected at most the denominator (900) for a proportion, found '901'",
      "bad.csv line 6, column numerator: expected a number of 0 or more, found 'many'",
      "bad.csv line 7, column denominator: expected a number above 0, found '0'",
      "bad.csv line 8, column period: expected one row per practice and period (A81001 2023-24 is repeated), found '2023-24'",
      "bad.csv line 9, column polarity: expected 'higher_is_better' as on line 2 (the definition must be the same on every row of FLU65), found 'lower_is_better'",
    ]);
  });

  it('refuses definitions Fairview cannot compute or that make no sense', async () => {
    const found = await problems('defs.csv', [
      HEADER,
      'A,Flu,dsr,100,higher_is_better,financial_year,A81001,2023-24,1,2',
      'B,Flu,proportion,100,up,financial_year,A81001,2023-24,1,2',
      'C,Flu,proportion,-1,higher_is_better,financial_year,A81001,2023-24,1,2',
      'D,Flu,proportion,100,higher_is_better,fortnight,A81001,2023-24,1,2',
      'E E,Flu,proportion,100,higher_is_better,month,A81001,2024-03,1,2',
    ]);
    assert.deepEqual(found, [
      "defs.csv line 2, column type: expected Fairview computes proportion and rate indicators so far, not dsr, found 'dsr'",
      "defs.csv line 3, column polarity: expected one of higher_is_better, lower_is_better, no_judgement, found 'up'",
      "defs.csv line 4, column multiplier: expected a number above 0, found '-1'",
      "defs.csv line 5, column period_type: expected one of financial_year, quarter, month, found 'fortnight'",
      "defs.csv line 6, column indicator_code: expected letters, digits, _ . - only (at most 64), starting with a letter or digit, found 'E E'",
    ]);
  });

  it('refuses an empty file and a header without rows', async () => {
    assert.deepEqual(await problems('empty.csv', []), [
      "empty.csv: expected a header row and at least one data row, found 'an empty file'",
    ]);
    assert.deepEqual(await problems('header.csv', [HEADER]), [
      "header.csv: expected at least one data row, found 'only a header'",
    ]);
  });
});
