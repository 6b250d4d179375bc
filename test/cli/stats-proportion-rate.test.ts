/**
 * `fairview stats proportion` and `fairview stats rate`, run as analysts run them. Expected values are
 * worked from the spec's formulas with the published normal quantiles z95 = 1.959963984540054 and
 * z99.8 = 3.090232306167813; the exact Poisson limits for 0 events are closed forms
 * (qchisq(p, 2)/2 = −ln(1 − p)).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv, runStats } from './stats-run.ts';

const Z95 = 1.959963984540054;
const Z998 = 3.090232306167813;

const wilson = (x: number, n: number, z: number, sign: 1 | -1) =>
  (2 * x + z * z + sign * z * Math.sqrt(z * z + 4 * x * (1 - x / n))) / (2 * (n + z * z));
const byarLower = (x: number, z: number) => x * (1 - 1 / (9 * x) - z / (3 * Math.sqrt(x))) ** 3;
const byarUpper = (x: number, z: number) =>
  (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * Math.sqrt(x + 1))) ** 3;

function close(actual: string | number | null | undefined, expected: number, what: string): void {
  const a = Number(actual);
  assert.ok(
    Math.abs(a - expected) <= 1e-12 * Math.max(1, Math.abs(expected)),
    `${what}: ${a} vs ${expected}`,
  );
}

const practices = [
  'practice,pcn,diabetic,list',
  'A81001,North,45,600',
  'A81002,North,12,250',
  'A81003,South,0,90',
  '"A81004, branch",South,90,90',
  'A81005,South,,120',
  '',
].join('\n');

describe('fairview stats proportion', () => {
  it('keeps every input row and column and appends value, Wilson limits and method', () => {
    const run = runStats('proportion', practices, ['--numerator', 'diabetic', '--denominator', 'list']);
    assert.equal(run.code, 0, run.stderr);
    const out = parseCsv(run.stdout);
    assert.deepEqual(out.header, [
      'practice',
      'pcn',
      'diabetic',
      'list',
      'value',
      'lower_95',
      'upper_95',
      'lower_99_8',
      'upper_99_8',
      'method',
    ]);
    assert.deepEqual(
      out.rows.map((r) => r.slice(0, 4)),
      parseCsv(practices).rows,
    );
    const [a, , zero, all, missing] = out.rows as string[][];
    close(a![4], 0.075, 'value');
    close(a![5], wilson(45, 600, Z95, -1), 'lower_95');
    close(a![6], wilson(45, 600, Z95, 1), 'upper_95');
    close(a![7], wilson(45, 600, Z998, -1), 'lower_99_8');
    close(a![8], wilson(45, 600, Z998, 1), 'upper_99_8');
    assert.equal(a![9], 'Wilson');
    assert.equal(zero![5], '0');
    close(all![6], 1, 'upper limit when x = n');
    // A missing numerator gives missing results, not an error.
    assert.deepEqual(missing!.slice(4, 9), ['', '', '', '', '']);
  });

  it('writes one row per group, sums within groups, with only the requested confidence level', () => {
    const run = runStats('proportion', practices.replace('A81005,South,,120\n', ''), [
      '--numerator',
      'diabetic',
      '--denominator',
      'list',
      '--group-by',
      'pcn',
      '--multiplier',
      '100',
      '--confidence',
      '95',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const out = parseCsv(run.stdout);
    assert.deepEqual(out.header, ['pcn', 'value', 'lower_95', 'upper_95', 'method']);
    assert.deepEqual(
      out.rows.map((r) => r[0]),
      ['North', 'South'],
    );
    close(out.rows[0]![1], (57 / 850) * 100, 'North value');
    close(out.rows[0]![2], wilson(57, 850, Z95, -1) * 100, 'North lower_95');
    close(out.rows[1]![1], 50, 'South value');
  });

  it('writes JSON rows with numbers as numbers and missing as null, and no limits for --confidence none', () => {
    const run = runStats('proportion', practices, [
      '--numerator',
      'diabetic',
      '--denominator',
      'list',
      '--format',
      'json',
      '--confidence',
      'none',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.deepEqual(json.rows[0], {
      practice: 'A81001',
      pcn: 'North',
      diabetic: 45,
      list: 600,
      value: 0.075,
      method: 'Wilson',
    });
    assert.equal(json.rows[3].practice, 'A81004, branch');
    assert.equal(json.rows[4].diabetic, null);
    assert.equal(json.rows[4].value, null);
    assert.deepEqual(json.summary, {});
  });

  for (const [what, bad, line, column, message] of [
    [
      'a numerator above its denominator',
      'A81002,North,300,250',
      2,
      'diabetic',
      /less than or equal to denominator/,
    ],
    ['a negative count', 'A81002,North,-1,250', 2, 'diabetic', /greater than or equal to zero/],
    ['a zero denominator', 'A81002,North,0,0', 2, 'list', /greater than zero/],
    ['a value that is not a number', 'A81002,North,twelve,250', 2, 'diabetic', /'twelve' is not a number/],
  ] as const) {
    it(`refuses ${what}: exit 1, data line and column named, nothing written to --out`, () => {
      const input = practices.replace('A81002,North,12,250', bad);
      const run = runStats('proportion', input, [
        '--numerator',
        'diabetic',
        '--denominator',
        'list',
        '--out',
        'OUT',
      ]);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, new RegExp(`data line ${line}\\b`));
      assert.match(run.stderr, new RegExp(`column '${column}'`));
      assert.match(run.stderr, message);
      assert.equal(run.out, null);
      assert.deepEqual(run.leftovers, []);
    });
  }
});

describe('fairview stats rate', () => {
  it('uses exact Poisson limits below 10 events and Byar from 10, per 100,000 by default', () => {
    const run = runStats('rate', practices, ['--numerator', 'diabetic', '--denominator', 'list']);
    assert.equal(run.code, 0, run.stderr);
    const rows = parseCsv(run.stdout).rows;
    const [a, , zero, over] = rows as string[][];
    close(a![4], 7500, 'value');
    close(a![5], (byarLower(45, Z95) / 600) * 1e5, 'lower_95');
    close(a![8], (byarUpper(45, Z998) / 600) * 1e5, 'upper_99_8');
    assert.equal(a![9], 'Byar');
    // 0 events: lower 0, upper qchisq(0.975, 2)/2 = −ln(0.025).
    assert.equal(zero![5], '0');
    close(zero![6], (-Math.log(0.025) / 90) * 1e5, 'upper_95 at 0 events');
    close(zero![8], (-Math.log(0.001) / 90) * 1e5, 'upper_99_8 at 0 events');
    assert.equal(zero![9], 'Exact');
    // A rate may exceed its denominator (90 events in 90 people is allowed).
    close(over![4], 1e5, 'value when x = n');
  });

  it('sums events and populations per group and writes JSON', () => {
    const run = runStats('rate', practices, [
      '--numerator',
      'diabetic',
      '--denominator',
      'list',
      '--group-by',
      'pcn',
      '--multiplier',
      '1000',
      '--format',
      'json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(json.rows[0]), [
      'pcn',
      'value',
      'lower_95',
      'upper_95',
      'lower_99_8',
      'upper_99_8',
      'method',
    ]);
    close(json.rows[0].value, (57 / 850) * 1000, 'North');
    // South has a missing count, so its total is missing (R's plain sum).
    assert.equal(json.rows[1].value, null);
    assert.equal(json.rows[1].lower_95, null);
  });

  it('refuses a negative count naming the data line and column', () => {
    const run = runStats('rate', practices.replace('A81003,South,0,90', 'A81003,South,-2,90'), [
      '--numerator',
      'diabetic',
      '--denominator',
      'list',
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /data line 3, column 'diabetic'/);
    assert.equal(run.stdout, '');
  });
});
