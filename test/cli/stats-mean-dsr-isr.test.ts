/**
 * `fairview stats mean`, `dsr` and `isr`: the summarising methods, run as analysts run them. Expected
 * values are worked from the spec's formulas: Student t with the published qt(0.975, 7) =
 * 2.364624251592785; Dobson's DSR with Byar's limits; ISR as observed / Σ(reference rate × population).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv, runStats } from './stats-run.ts';

const Z95 = 1.959963984540054;
const byarLower = (x: number, z: number) => x * (1 - 1 / (9 * x) - z / (3 * Math.sqrt(x))) ** 3;
const byarUpper = (x: number, z: number) =>
  (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * Math.sqrt(x + 1))) ** 3;

function close(actual: unknown, expected: number, what: string, tolerance = 1e-12): void {
  const a = Number(actual);
  assert.ok(
    Math.abs(a - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `${what}: ${a} vs ${expected}`,
  );
}

describe('fairview stats mean', () => {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum to 32, so sd = √(32/7). One value is missing.
  const values = 'clinic,wait\nA,2\nA,4\nA,4\nA,4\nB,5\nB,5\nB,7\nB,9\nB,\n';

  it('summarises the whole file in one row, leaving missing values out of the count', () => {
    const run = runStats('mean', values, ['--value', 'wait']);
    assert.equal(run.code, 0, run.stderr);
    const out = parseCsv(run.stdout);
    assert.deepEqual(out.header, [
      'count',
      'sum',
      'sd',
      'value',
      'lower_95',
      'upper_95',
      'lower_99_8',
      'upper_99_8',
    ]);
    const [row] = out.rows;
    assert.deepEqual(row!.slice(0, 2), ['8', '40']);
    close(row![2], Math.sqrt(32 / 7), 'sd');
    close(row![3], 5, 'value');
    const half = (2.364624251592785 * Math.sqrt(32 / 7)) / Math.sqrt(8);
    close(row![4], 5 - half, 'lower_95');
    close(row![5], 5 + half, 'upper_95');
    // qt(0.999, 7) = 4.785289 (printed tables), to the precision tables give.
    close(row![7], 5 + (4.785289 * Math.sqrt(32 / 7)) / Math.sqrt(8), 'upper_99_8', 1e-7);
  });

  it('writes one row per group with --group-by, as JSON', () => {
    const run = runStats('mean', values, [
      '--value',
      'wait',
      '--group-by',
      'clinic',
      '--format',
      'json',
      '--confidence',
      '95',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.deepEqual(
      json.rows.map((r: { clinic: string; count: number; value: number }) => [r.clinic, r.count, r.value]),
      [
        ['A', 4, 3.5],
        ['B', 4, 6.5],
      ],
    );
    assert.deepEqual(Object.keys(json.rows[0]), [
      'clinic',
      'count',
      'sum',
      'sd',
      'value',
      'lower_95',
      'upper_95',
    ]);
  });
});

describe('fairview stats dsr', () => {
  it('computes the Dobson DSR per group from a standard-population column', () => {
    // Two bands, standard weights 1 and 1: DSR = (10/1000 + 20/2000)/2 × 100,000 = 1,000;
    // var = (10·(1/1000)² + 20·(1/2000)²)/2² = 3.75e-6; limits = DSR + √(var/30)·(Byar(30) − 30)·100,000.
    const csv =
      'area,band,deaths,pop,std\nLeeds,young,10,1000,1\nLeeds,old,20,2000,1\nYork,young,3,1000,1\nYork,old,4,2000,1\n';
    const run = runStats('dsr', csv, [
      '--count',
      'deaths',
      '--population',
      'pop',
      '--age-band',
      'band',
      '--group-by',
      'area',
      '--standard-population',
      'std',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const out = parseCsv(run.stdout);
    assert.deepEqual(out.header, [
      'area',
      'total_count',
      'total_population',
      'value',
      'lower_95',
      'upper_95',
      'lower_99_8',
      'upper_99_8',
      'method',
    ]);
    const [leeds, york] = out.rows as string[][];
    assert.deepEqual(leeds!.slice(0, 3), ['Leeds', '30', '3000']);
    close(leeds![3], 1000, 'value');
    const scale = Math.sqrt(3.75e-6 / 30);
    close(leeds![4], 1000 + scale * (byarLower(30, Z95) - 30) * 1e5, 'lower_95');
    close(leeds![5], 1000 + scale * (byarUpper(30, Z95) - 30) * 1e5, 'upper_95');
    assert.equal(leeds![8], 'Dobson');
    // York has 7 events: fewer than 10, so value and limits are empty.
    assert.deepEqual(york!.slice(1, 8), ['7', '3000', '', '', '', '', '']);
  });

  it('matches age bands to the 2013 European Standard Population and names a band it cannot match', () => {
    const bands = [
      '0-4',
      '5-9',
      '10-14',
      '15-19',
      '20-24',
      '25-29',
      '30-34',
      '35-39',
      '40-44',
      '45-49',
      '50-54',
      '55-59',
      '60-64',
      '65-69',
      '70-74',
      '75-79',
      '80-84',
      '85-89',
      '90+',
    ];
    const lines = bands.map((b, i) => `E1,${b},${i},${1000 + i}`);
    const csv = ['area,age,deaths,pop', ...lines, ''].join('\n');
    const esp = [
      5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000, 2500,
      1500, 1000,
    ];
    const expected = (esp.reduce((s, w, i) => s + (i * w) / (1000 + i), 0) / 100000) * 100000;
    const ok = runStats('dsr', csv, [
      '--count',
      'deaths',
      '--population',
      'pop',
      '--age-band',
      'age',
      '--group-by',
      'area',
      '--format',
      'json',
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    close(JSON.parse(ok.stdout).rows[0].value, expected, 'DSR with ESP2013 weights', 1e-12);

    const bad = runStats('dsr', csv.replace('E1,90+,', 'E1,90-94,'), [
      '--count',
      'deaths',
      '--population',
      'pop',
      '--age-band',
      'age',
      '--group-by',
      'area',
      '--out',
      'OUT',
    ]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /data line 19, column 'age'/);
    assert.equal(bad.out, null);
  });

  it('refuses a zero population in a band, naming the data line and column', () => {
    const csv = 'area,band,deaths,pop,std\nLeeds,young,10,1000,1\nLeeds,old,20,0,1\n';
    const run = runStats('dsr', csv, [
      '--count',
      'deaths',
      '--population',
      'pop',
      '--age-band',
      'band',
      '--group-by',
      'area',
      '--standard-population',
      'std',
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /data line 2, column 'pop'/);
  });
});

describe('fairview stats isr', () => {
  // Reference rates 0.01 and 0.05; populations 1,000 and 200 → expected 10 + 10 = 20; observed 30.
  const csv =
    'practice,age,deaths,pop,ref_deaths,ref_pop\nP1,young,12,1000,100,10000\nP1,old,18,200,500,10000\n';

  it('computes observed, expected, the ratio and its Byar limits per group', () => {
    const run = runStats('isr', csv, [
      '--count',
      'deaths',
      '--population',
      'pop',
      '--reference-count',
      'ref_deaths',
      '--reference-population',
      'ref_pop',
      '--group-by',
      'practice',
      '--reference-value',
      '100',
      '--confidence',
      '95',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const out = parseCsv(run.stdout);
    assert.deepEqual(out.header, [
      'practice',
      'observed',
      'expected',
      'value',
      'lower_95',
      'upper_95',
      'method',
    ]);
    const [row] = out.rows as string[][];
    assert.deepEqual(row!.slice(0, 2), ['P1', '30']);
    close(row![2], 20, 'expected');
    close(row![3], 150, 'value');
    close(row![4], (byarLower(30, Z95) / 20) * 100, 'lower_95');
    close(row![5], (byarUpper(30, Z95) / 20) * 100, 'upper_95');
    assert.equal(row![6], 'Byar');
  });

  it('adds the crude reference rate for --kind rate', () => {
    const run = runStats('isr', csv, [
      '--count',
      'deaths',
      '--population',
      'pop',
      '--reference-count',
      'ref_deaths',
      '--reference-population',
      'ref_pop',
      '--group-by',
      'practice',
      '--kind',
      'rate',
      '--format',
      'json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const [row] = JSON.parse(run.stdout).rows;
    // Crude reference rate: 600 / 20,000 × 100,000 = 3,000; value = 30/20 × 3,000.
    close(row.reference_rate, 3000, 'reference_rate');
    close(row.value, 4500, 'value');
    assert.deepEqual(Object.keys(row).slice(0, 5), [
      'practice',
      'observed',
      'expected',
      'reference_rate',
      'value',
    ]);
  });
});
