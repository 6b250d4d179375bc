// Issue 11, findings 7 and 8: caps on what an import file may hold. A decompression bomb is refused
// as it streams, a row longer than the cap is refused when it passes the cap (never buffered whole),
// and numbers are plain decimals within what their column can plausibly hold.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { after, describe, it } from 'node:test';
import { createGzip, gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { CsvScanner } from '../../src/ingest/csv-scanner.ts';
import { ImportError, type ImportErrorCode } from '../../src/ingest/import-error.ts';
import { LIMITS } from '../../src/ingest/limits.ts';
import { readAll, TempDir } from './support.ts';

const temp = new TempDir();
after(() => temp.remove());

async function rejection(path: string): Promise<ImportError> {
  try {
    await readAll(path);
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  assert.fail(`${path} was accepted`);
}

function expectError(error: ImportError, code: ImportErrorCode, line: number | null, column: string | null) {
  assert.equal(error.code, code, error.message);
  assert.equal(error.line, line, error.message);
  assert.equal(error.column, column, error.message);
}

const PREVALENCE = 'PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE';

/** A .csv.gz of a real header and one line of `megabytes` MB of 'A', written as a stream. */
async function gzipOfOneHugeLine(name: string, megabytes: number): Promise<string> {
  const path = temp.write(name, '');
  const gzip = createGzip({ level: 9 });
  const done = once(gzip.pipe(createWriteStream(path)), 'finish');
  gzip.write('PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE\n');
  const mb = Buffer.alloc(1024 * 1024, 'A');
  for (let i = 0; i < megabytes; i++) if (!gzip.write(mb)) await once(gzip, 'drain');
  gzip.end('\n');
  await done;
  return path;
}

describe('Import caps: decompression and row length (issue 11, finding 7)', () => {
  it('refuses a 204 KB .csv.gz holding one 200 MB line at the row cap, naming the line', async () => {
    const path = await gzipOfOneHugeLine('PREVALENCE_2425.csv.gz', 200);
    const error = await rejection(path);
    expectError(error, 'too_large', 2, null);
    assert.match(error.message, /expected a row of at most 1,048,576 bytes/);
  });

  it('stops scanning a never-ending row once it passes the cap (memory stays one capped row)', () => {
    const scanner = new CsvScanner('endless.csv', () => {});
    const chunk = Buffer.alloc(256 * 1024, 'x');
    let pushed = 0;
    assert.throws(
      () => {
        for (;;) {
          scanner.push(chunk);
          pushed += chunk.length;
          assert.ok(pushed < 100 * 1024 * 1024, 'the scanner kept buffering');
        }
      },
      (e: unknown) => e instanceof ImportError && e.code === 'too_large',
    );
    assert.ok(pushed <= LIMITS.maxRowBytes + chunk.length, `refused only after ${pushed} bytes`);
  });

  it('refuses a gzip bomb of short rows by its compression ratio', async () => {
    const rows = Buffer.alloc(40 * 1024 * 1024, 'A81001,AF,1,TOTAL,9\n');
    const body = Buffer.concat([
      Buffer.from('PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE\n'),
      rows,
    ]);
    const path = temp.write('PREVALENCE_2122.csv.gz', gzipSync(body, { level: 9 }));
    const error = await rejection(path);
    expectError(error, 'too_large', null, null);
    assert.match(error.message, /expected data compressed at most 200:1/);
  });

  it('refuses a zip bomb by its compression ratio, naming the entry', async () => {
    const rows = Buffer.alloc(40 * 1024 * 1024, 'A81001,AF,1,TOTAL,9\n');
    const header = Buffer.from('PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE\n');
    const zip = zipSync({ 'PREVALENCE_2122.csv': Buffer.concat([header, rows]) }, { level: 9 });
    const path = temp.write('QOF2122.zip', zip);
    const error = await rejection(path);
    expectError(error, 'too_large', null, null);
    assert.equal(error.file, 'QOF2122.zip!PREVALENCE_2122.csv');
  });

  it('refuses a field longer than the field cap and a row of too many fields', async () => {
    const long = `PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE\nA81001,${'X'.repeat(5000)},1,TOTAL,9\n`;
    expectError(await rejection(temp.write('PREVALENCE_1920.csv', long)), 'too_large', 2, 'GROUP_CODE');
    const wide = `${PREVALENCE}\n${'1,'.repeat(3000)}1\n`;
    expectError(await rejection(temp.write('PREVALENCE_1819.csv', wide)), 'too_large', 2, null);
  });
});

describe('Import caps: numbers in decimal only, within what the column can hold (issue 11, finding 8)', () => {
  const cases: [string, string, string, ImportErrorCode, number, string, RegExp][] = [
    [
      'a hexadecimal count (0x10, which Number() reads as 16)',
      'PREVALENCE_1617.csv',
      `${PREVALENCE}\nA81001,AF,0x10,TOTAL,4150\n`,
      'invalid_value',
      2,
      'REGISTER',
      /expected a non-negative number, found '0x10'/,
    ],
    [
      'a list size in exponent notation (1e23)',
      'PREVALENCE_1617.csv',
      `${PREVALENCE}\nA81001,AF,1,TOTAL,1e23\n`,
      'invalid_value',
      2,
      'PRACTICE_LIST_SIZE',
      /found '1e23'/,
    ],
    [
      'a list size of 2^53 + 1',
      'PREVALENCE_1617.csv',
      `${PREVALENCE}\nA81001,AF,1,TOTAL,9007199254740993\n`,
      'implausible_value',
      2,
      'PRACTICE_LIST_SIZE',
      /expected a number of patients \(at most 1,000,000\)/,
    ],
    [
      'a registered list of more than a million patients',
      'gp-reg-pat-prac-quin-age.csv',
      'PUBLICATION,EXTRACT_DATE,ORG_TYPE,ORG_CODE,ONS_CODE,POSTCODE,SEX,AGE_GROUP_5,NUMBER_OF_PATIENTS\n' +
        'GP_PRAC_PAT_LIST,01JUL2026,GP,A81001,,TS18 1HU,ALL,ALL,1000001\n',
      'implausible_value',
      2,
      'NUMBER_OF_PATIENTS',
      /found '1000001'/,
    ],
    [
      'QOF achieved points with three decimals',
      'ACHIEVEMENT_2122.csv',
      'PRACTICE_CODE,INDICATOR_CODE,MEASURE,VALUE\nA81001,AF001,ACHIEVED_POINTS,4.125\n',
      'implausible_value',
      2,
      'VALUE',
      /expected QOF points \(0 to 1,000, at most 2 decimals\)/,
    ],
    [
      'fractional points in the QOF indicator mappings',
      'INDICATOR_MAPPINGS_2021_2022.csv',
      'INDICATOR_CODE,INDICATOR_POINT_VALUE,GROUP_CODE,GROUP_DESCRIPTION,DOMAIN_CODE,DOMAIN_DESCRIPTION,PATIENT_LIST_TYPE\n' +
        'AF006,2.5,AF,Atrial fibrillation,CL,Clinical,TOTAL\n',
      'implausible_value',
      2,
      'INDICATOR_POINT_VALUE',
      /expected whole QOF points/,
    ],
    [
      'an IMD year of 0',
      'imd-by-practice.csv',
      'PRACTICE_CODE,PRACTICE_NAME,IMD_YEAR,IMD_SCORE\nA81001,THE DENSHAM SURGERY,0,32.4\n',
      'implausible_value',
      2,
      'IMD_YEAR',
      /expected a year between 1990 and 2099/,
    ],
    [
      'a payment in exponent notation',
      'nhs-payments-to-general-practice-2022-23.csv',
      'Practice Code,Contract Type,Practice Rurality,Global Sum\nA81001,GMS,Urban,1e9\n',
      'invalid_value',
      2,
      'Global Sum',
      /expected a number written as a decimal, found '1e9'/,
    ],
    [
      'a NUL byte in a text field',
      'PREVALENCE_1718.csv',
      `${PREVALENCE}\nA81001,A\u0000F,1,TOTAL,9\n`,
      'invalid_value',
      2,
      'GROUP_CODE',
      /expected text without NUL bytes/,
    ],
    [
      'an ODS date in the year 0200',
      'epraccur.csv',
      '"A81001","THE DENSHAM SURGERY","Y63","QHM","","","","","","TS18 1HU","02000401","","A","B","16C","20200401","","","","","","0","","16C","","4",""\n',
      'invalid_value',
      1,
      '11 (Open date)',
      /found '02000401'/,
    ],
  ];
  for (const [what, name, content, code, line, column, message] of cases) {
    it(`refuses ${what}`, async () => {
      const error = await rejection(temp.write(name, content));
      expectError(error, code, line, column);
      assert.match(error.message, message);
    });
  }

  it('still reads the real numbers: `113.0` counts, `1,234.56` pounds, negative deductions', async () => {
    const { records } = await readAll(
      temp.write(
        'nhs-payments-to-general-practice-2022-23.csv',
        'Practice Code,Contract Type,Practice Rurality,Global Sum,Other Payments\nA81001,GMS,Urban,"1,234.56",-12.5\n',
      ),
    );
    const payments = records.filter((r) => r.kind === 'payment').map((r) => r.amount);
    assert.deepEqual(payments, [1234.56, -12.5]);
  });
});
