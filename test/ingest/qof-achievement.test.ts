import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ImportError } from '../../src/ingest/import-error.ts';
import { ofKind, readAll, TempDir } from './support.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/qof-achievement/', import.meta.url));

describe('QOF achievement files (long format)', () => {
  it('reads the regional 2023-24 layout: one fact per practice, indicator and measure', async () => {
    const { records, summary } = await readAll(`${FIXTURES}ACHIEVEMENT_LONDON_2324.csv`);
    const part = summary.parts[0]!;
    assert.equal(part.format.id, 'qof-achievement');
    assert.equal(part.period, '2023-24');
    assert.equal(part.rowsRead, 105);
    const facts = ofKind(records, 'qof_achievement');
    assert.equal(facts.length, 105);
    // `667.0` (the pandas stack's float) is read as the count 667.
    assert.deepEqual(
      facts
        .filter((f) => f.practiceCode === 'E84012' && f.indicatorCode === 'HYP008')
        .map((f) => [f.measure, f.value]),
      [
        ['NUMERATOR', 667],
        ['DENOMINATOR', 855],
        ['PCAS', 45],
        ['ACHIEVED_POINTS', 14],
      ],
    );
  });

  it('reads the four-column single-file layout used up to 2021-22', async () => {
    const { records, summary } = await readAll(`${FIXTURES}ACHIEVEMENT_2122.csv`);
    assert.equal(summary.parts[0]!.format.id, 'qof-achievement');
    assert.equal(summary.parts[0]!.period, '2021-22');
    assert.equal(records.length, 12);
  });

  const temp = new TempDir();
  after(() => temp.remove());
  const HEADER = 'PRACTICE_CODE,INDICATOR_CODE,MEASURE,VALUE\n';

  it('rejects a negative count, naming the line and column', async () => {
    const path = temp.write(
      'ACHIEVEMENT_2324.csv',
      `${HEADER}A81001,HYP008,NUMERATOR,5\nA81001,HYP008,PCAS,-2\n`,
    );
    await assert.rejects(readAll(path), (e: unknown) => {
      assert.ok(e instanceof ImportError);
      assert.equal(e.code, 'negative_count');
      assert.equal(e.line, 3);
      assert.equal(e.column, 'VALUE');
      return true;
    });
  });

  it('rejects a fractional count and an unknown measure, but accepts fractional points', async () => {
    const fraction = temp.write(
      'ACHIEVEMENT_2425.csv',
      `${HEADER}A81001,HYP008,ACHIEVED_POINTS,7.57\nA81001,HYP008,DENOMINATOR,10.5\n`,
    );
    await assert.rejects(
      readAll(fraction),
      /line 3, column VALUE: expected a whole number of patients for DENOMINATOR/,
    );
    const unknown = temp.write('ACHIEVEMENT_1920.csv', `${HEADER}A81001,HYP008,EXCEPTIONS,3\n`);
    await assert.rejects(
      readAll(unknown),
      /line 2, column MEASURE: expected one of REGISTER, NEWLY_DIAGNOSED/,
    );
  });

  it('needs the QOF year from the file name or the period option', async () => {
    const path = temp.write('achievement.csv', `${HEADER}A81001,HYP008,NUMERATOR,5\n`);
    await assert.rejects(readAll(path), /expected a QOF year in the file name/);
    const { summary } = await readAll(path, { period: '2023-24' });
    assert.equal(summary.parts[0]!.period, '2023-24');
  });
});
