import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FactRecord } from '../../src/domain/records.ts';
import type { ReadSummary } from '../../src/ingest/read.ts';
import { NHS, ofKind, readAll, TempDir } from './support.ts';

describe('Fingertips standard indicator export (27 columns, read once)', () => {
  let records: FactRecord[];
  let summary: ReadSummary;
  before(async () => {
    ({ records, summary } = await readAll(`${NHS}/fingertips/smoking-prevalence-qof-91547.csv`));
  });

  it('reads every row of the QOF smoking prevalence export as indicator values', () => {
    const part = summary.parts[0]!;
    assert.equal(part.format.id, 'fingertips-indicator-export');
    assert.equal(part.rowsRead, 17627);
    const values = ofKind(records, 'indicator_value');
    assert.equal(values.length, 17627);
    assert.equal(part.period, '2023/24');
    const a81001 = values.filter((v) => v.areaCode === 'A81001');
    assert.deepEqual(a81001[0], {
      kind: 'indicator_value',
      indicatorId: 91547,
      indicatorName: 'Smoking prevalence in adults (15+) - current smokers (QOF)',
      areaCode: 'A81001',
      areaType: 'GPs',
      sex: 'Persons',
      age: '15+ yrs',
      categoryType: '',
      category: '',
      timePeriod: '2022/23',
      value: 15.40767386,
      lower95: 14.22242703,
      upper95: 16.67249633,
      lower99_8: 13.57506973,
      upper99_8: 17.43775864,
      count: 514,
      denominator: 3336,
      valueNote: null,
    });
  });

  it('completes the hand-appended 2023/24 rows (blank Indicator ID, Sex, Age) from the same indicator name', () => {
    const later = ofKind(records, 'indicator_value').find(
      (v) => v.areaCode === 'A81001' && v.timePeriod === '2023/24',
    );
    assert.deepEqual(
      [later?.indicatorId, later?.sex, later?.age, later?.value, later?.count],
      [91547, 'Persons', '15+ yrs', 14.48784989, 471],
    );
    assert.equal(
      summary.parts[0]!.notes[
        'blank Indicator ID, Sex or Age completed from a row with the same Indicator Name'
      ],
      6267,
    );
  });
});

describe('Fingertips API extract (UTF-8 BOM) and the IMD 2025 file', () => {
  it('reads the IMD API extract as IMD scores of 2010, 2015 and 2019', async () => {
    const { records, summary } = await readAll(`${NHS}/fingertips/imd-by-practice-api.csv`);
    assert.equal(summary.parts[0]!.format.id, 'fingertips-api-extract');
    const scores = ofKind(records, 'imd_score');
    assert.equal(scores.length, 23080);
    assert.deepEqual(
      scores.filter((s) => s.practiceCode === 'A81001').map((s) => [s.imdYear, s.score]),
      [
        [2010, 25.07512244],
        [2015, 29.14031034],
        [2019, 32.36093926],
      ],
    );
  });

  it('reads the slim IMD 2025 by practice file', async () => {
    const { records, summary } = await readAll(`${NHS}/fingertips/imd-2025-by-practice.csv`);
    assert.equal(summary.parts[0]!.format.id, 'imd-by-practice');
    assert.equal(records.length, 6143);
    assert.deepEqual(
      records.find((r) => r.kind === 'imd_score' && r.practiceCode === 'A81001'),
      { kind: 'imd_score', practiceCode: 'A81001', imdYear: 2025, score: 33.519 },
    );
  });
});

describe('a Windows-1252 dash in a Fingertips export (issue 17)', () => {
  const dir = new TempDir();
  after(() => dir.remove());
  // The real export's header and first row, its indicator name given a dash the way published files
  // carry one: a Windows-1252 byte (0x96) once read as ISO-8859-1 and saved as UTF-8, i.e. U+0096.
  const [header, first] = readFileSync(`${NHS}/fingertips/smoking-prevalence-qof-91547.csv`, 'utf8')
    .split(/\r?\n/)
    .slice(0, 2) as [string, string];
  const named = (dash: string) =>
    `${header}\r\n${first.replace('Smoking prevalence in adults (15+) - current smokers (QOF)', `Cardiovascular disease ${dash} primary prevention`)}\r\n`;

  it('imports U+0096 in the indicator name as an en dash', async () => {
    const path = dir.write('cvd-c1.csv', Buffer.from(named('\u0096'), 'utf8'));
    const { records } = await readAll(path);
    const [value] = ofKind(records, 'indicator_value');
    assert.equal(value?.indicatorName, 'Cardiovascular disease \u2013 primary prevention');
  });

  it('refuses the raw byte 0x96 (a file saved as Windows-1252), naming the line and column', async () => {
    const text = named('\u0096');
    const bytes = Buffer.from(text, 'latin1'); // U+0096 becomes the single byte 0x96
    const path = dir.write('cvd-cp1252.csv', bytes);
    await assert.rejects(readAll(path), /line 2.*Windows-1252|Windows-1252.*line 2/s);
  });
});
