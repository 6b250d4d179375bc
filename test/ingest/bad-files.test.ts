import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ImportError, type ImportErrorCode } from '../../src/ingest/import-error.ts';
import { ofKind, readAll, TempDir } from './support.ts';

const temp = new TempDir();
after(() => temp.remove());

const PREVALENCE_HEADER = 'PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE';

async function rejection(path: string, options = {}): Promise<ImportError> {
  try {
    await readAll(path, options);
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  assert.fail(`${path} was accepted`);
}

function expectError(
  error: ImportError,
  code: ImportErrorCode,
  line: number | null,
  column: string | null,
): void {
  assert.equal(error.code, code, error.message);
  assert.equal(error.line, line, error.message);
  assert.equal(error.column, column, error.message);
}

describe('A file that cannot be imported is rejected with file, line, column and what was expected', () => {
  it('rejects a file matching no format in one short sentence, without the catalogue of formats', async () => {
    const path = temp.write('mystery.csv', 'foo,bar,baz\n1,2,3\n');
    const error = await rejection(path);
    expectError(error, 'unknown_format', 1, null);
    assert.equal(
      error.message,
      "mystery.csv line 1: expected a header Fairview knows, found 'foo,bar,baz' " +
        '(no column matches any format Fairview reads; fairview import --help lists them)',
    );
  });

  it('names the nearest format and what differs: a QOF prevalence file with a column renamed', async () => {
    const path = temp.write(
      'PREVALENCE_2425.csv',
      'PRACTICE_CODE,GROUP_CODE,REGISTER_COUNT,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE\nA81001,AF,1,TOTAL,9\n',
    );
    const error = await rejection(path);
    expectError(error, 'unknown_format', 1, null);
    assert.match(
      error.message,
      /\(the nearest is QOF prevalence \(disease registers by practice\) \(--format qof-prevalence\), but it has no REGISTER column; fairview import --help lists them\)$/,
    );
    assert.ok(error.message.length < 300, `${error.message.length} characters`);
  });

  it('rejects an empty file', async () => {
    expectError(await rejection(temp.write('empty.csv', '')), 'unknown_format', null, null);
  });

  it('rejects a known format with a required column missing, naming the column', async () => {
    const path = temp.write(
      'PREVALENCE_2425.csv',
      'PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE\nA81001,AF,1,TOTAL\n',
    );
    const error = await rejection(path, { format: 'qof-prevalence' });
    expectError(error, 'missing_column', 1, 'PRACTICE_LIST_SIZE');
    assert.match(error.message, /expected a column named PRACTICE_LIST_SIZE or PATIENT_LIST_SIZE/);
  });

  it('rejects a negative count', async () => {
    const path = temp.write(
      'PREVALENCE_1617.csv',
      `${PREVALENCE_HEADER}\nA81001,AF,106,TOTAL,4150\nA81001,AST,-3,TOTAL,4150\n`,
    );
    const error = await rejection(path);
    expectError(error, 'negative_count', 3, 'REGISTER');
    assert.equal(
      error.message,
      "PREVALENCE_1617.csv line 3, column REGISTER: expected a non-negative number, found '-3'",
    );
  });

  it('rejects a non-numeric count', async () => {
    const path = temp.write('PREVALENCE_2021.csv', `${PREVALENCE_HEADER}\nA81001,AF,106,TOTAL,four\n`);
    const error = await rejection(path);
    expectError(error, 'invalid_value', 2, 'PRACTICE_LIST_SIZE');
    assert.match(error.message, /expected a non-negative number, found 'four'/);
  });

  it('rejects a count that is not whole', async () => {
    const path = temp.write('PREVALENCE_2021.csv', `${PREVALENCE_HEADER}\nA81001,AF,10.5,TOTAL,400\n`);
    expectError(await rejection(path), 'invalid_value', 2, 'REGISTER');
  });

  it('refuses a register larger than its list: the row by default, the whole file when strict', async () => {
    const path = temp.write(
      'PREVALENCE_2324.csv',
      `${PREVALENCE_HEADER}\nA81001,AF,106,TOTAL,4150\nA81001,DM,500,17OV,400\n`,
    );
    const { records, summary } = await readAll(path);
    assert.equal(records.length, 1);
    const part = summary.parts[0]!;
    assert.equal(part.rowsRejected, 1);
    expectError(part.rejections[0]!, 'register_exceeds_list', 3, 'REGISTER');
    assert.match(
      part.rejections[0]!.message,
      /expected a register no larger than the 17OV list of 400, found '500'/,
    );
    expectError(await rejection(path, { strict: true }), 'register_exceeds_list', 3, 'REGISTER');
  });

  it('rejects Latin-1 bytes as the wrong encoding', async () => {
    const bytes = Buffer.concat([
      Buffer.from('PRACTICE_CODE,PRACTICE_NAME,IMD_YEAR,IMD_SCORE\nA81001,Caf'),
      Buffer.from([0xe9]),
      Buffer.from(' Surgery,2025,33.5\n'),
    ]);
    const error = await rejection(temp.write('imd.csv', bytes));
    expectError(error, 'wrong_encoding', 2, 'PRACTICE_NAME');
    assert.match(error.message, /expected UTF-8 text/);
  });

  it('rejects a truncated file whose last row has too few fields', async () => {
    const path = temp.write(
      'PREVALENCE_1718.csv',
      `${PREVALENCE_HEADER}\nA81001,AF,106,TOTAL,4150\nA81001,AST,30`,
    );
    const error = await rejection(path);
    expectError(error, 'truncated', 3, null);
    assert.match(error.message, /expected 5 fields as in the header, found '3 fields'/);
  });

  it('rejects a row with too few fields in the middle of a file', async () => {
    const path = temp.write(
      'PREVALENCE_1718.csv',
      `${PREVALENCE_HEADER}\nA81001,AF\nA81001,AST,30,TOTAL,4150\n`,
    );
    expectError(await rejection(path), 'wrong_field_count', 2, null);
  });

  it('rejects a truncated file ending inside a quoted field', async () => {
    const path = temp.write('epraccur.csv', '"A81001","THE DENSHAM SURGERY","Y63","QHM","THE HEALTH');
    expectError(await rejection(path), 'truncated', 1, 'column 5');
  });

  it('rejects a truncated gzip file', async () => {
    const { gzipSync } = await import('node:zlib');
    const whole = gzipSync(Buffer.from(`${PREVALENCE_HEADER}\n${'A81001,AF,106,TOTAL,4150\n'.repeat(2000)}`));
    const error = await rejection(temp.write('PREVALENCE_1617.csv.gz', whole.subarray(0, whole.length - 40)));
    assert.equal(error.code, 'truncated');
    assert.equal(error.file, 'PREVALENCE_1617.csv.gz');
  });

  it('refuses facts of a practice the store does not know, when given the hook (the file when strict)', async () => {
    const path = temp.write(
      'PREVALENCE_2122.csv',
      `${PREVALENCE_HEADER}\nA81001,AF,106,TOTAL,4150\nZ99999,AF,1,TOTAL,40\n`,
    );
    const isKnownPractice = (code: string) => code === 'A81001';
    const { records, summary } = await readAll(path, { isKnownPractice });
    assert.deepEqual(
      ofKind(records, 'qof_prevalence').map((r) => r.practiceCode),
      ['A81001'],
    );
    assert.equal(
      summary.parts[0]!.rejections[0]!.message.split(' (')[0],
      'PREVALENCE_2122.csv line 3, column PRACTICE_CODE: expected the code of a practice known to Fairview',
    );
    expectError(
      await rejection(path, { isKnownPractice, strict: true }),
      'unknown_practice',
      3,
      'PRACTICE_CODE',
    );
  });

  it('knows the practices a file describes itself (here a legacy list) without asking the store', async () => {
    const bands = ['0-4', '5-14', '15-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75+'];
    const header = [
      'Practice Code',
      'Practice Name',
      ...bands.flatMap((b) => [`Male ${b}`, `Female ${b}`]),
    ].join(',');
    const values = Array.from({ length: 18 }, (_, i) => i + 1).join(',');
    const path = temp.write('Patient_List_Size_2014_01-03.csv', `${header}\nZ99999,NEW SURGERY,${values}\n`);
    const { records, summary } = await readAll(path, { isKnownPractice: () => false });
    assert.equal(summary.rowsRejected, 0);
    assert.equal(ofKind(records, 'list_size')[0]!.patients, 171);
    assert.equal(ofKind(records, 'list_size')[0]!.extractDate, '2014-01-01');
  });

  it('needs a QOF year from the file name or the period option', async () => {
    const path = temp.write('prevalence.csv', `${PREVALENCE_HEADER}\nA81001,AF,106,TOTAL,4150\n`);
    assert.match((await rejection(path)).message, /expected a QOF year in the file name/);
    const { records } = await readAll(path, { period: '2022-23' });
    assert.equal(ofKind(records, 'qof_prevalence')[0]!.qofYear, '2022-23');
  });
});
