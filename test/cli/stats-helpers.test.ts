/**
 * The building blocks of `fairview stats`: reading and writing CSV, numbers as text, options,
 * grouping and rendering. Tested directly, without spawning the command.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv, parseCsvRecords, readCsvBytes } from '../../src/cli/stats/csv-reader.ts';
import { csvField, csvRecord } from '../../src/cli/stats/csv-writer.ts';
import { describeDataError, StatsDataError, StatsUsageError } from '../../src/cli/stats/errors.ts';
import { groupRows, InputTable } from '../../src/cli/stats/input-table.ts';
import { formatNumber, parseNumberCell } from '../../src/cli/stats/number-text.ts';
import { limitColumns, Options, parseArgs, parseConfidence } from '../../src/cli/stats/options.ts';
import { renderCsv, renderJson, type StatsResult } from '../../src/cli/stats/result-table.ts';

describe('the CSV reader', () => {
  it('reads quoted fields holding commas, doubled quotes and line breaks', () => {
    const records = parseCsvRecords('a,b,c\n"x, y","say ""hi""","two\nlines"\n');
    assert.deepEqual(records, [
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
    ]);
  });

  it('accepts CRLF and LF line endings and a final record without a line break', () => {
    assert.deepEqual(parseCsvRecords('a,b\r\n1,2\n3,4'), [
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('keeps a CRLF inside a quoted field as written', () => {
    assert.deepEqual(parseCsvRecords('a\r\n"1\r\n2"\r\n'), [['a'], ['1\r\n2']]);
  });

  it('strips a UTF-8 byte-order mark so the first column name is clean', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('code,n\nA81001,5\n')]);
    const table = readCsvBytes(bytes);
    assert.deepEqual(table.header, ['code', 'n']);
    assert.deepEqual(table.rows, [['A81001', '5']]);
  });

  it('keeps empty cells as empty text (missing values) and numbers data lines from 1', () => {
    const table = parseCsv('a,b\n1,\n,2\n');
    assert.deepEqual(table.rows, [
      ['1', ''],
      ['', '2'],
    ]);
    assert.deepEqual(table.lines, [1, 2]);
  });

  it('skips blank lines but still counts them, so line numbers match the file', () => {
    const table = parseCsv('a,b\n1,2\n\n3,4\n');
    assert.deepEqual(table.lines, [1, 3]);
  });

  it('refuses a record whose field count differs from the header, naming its data line', () => {
    assert.throws(
      () => parseCsv('a,b\n1,2\n3\n'),
      (e: unknown) => e instanceof StatsDataError && e.line === 2,
    );
  });

  it('refuses an unterminated quote and text after a closing quote', () => {
    assert.throws(() => parseCsvRecords('a\n"open\n'), StatsDataError);
    assert.throws(() => parseCsvRecords('a\n"x"y\n'), StatsDataError);
  });

  it('refuses bytes that are not UTF-8', () => {
    assert.throws(() => readCsvBytes(new Uint8Array([0x61, 0x0a, 0xff, 0x0a])), StatsDataError);
  });
});

describe('the CSV writer', () => {
  it('quotes only fields that need it, doubling quotes', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField(' padded'), '" padded"');
    assert.equal(csvRecord(['a', '', 'b,c']), 'a,,"b,c"\n');
  });

  it('writes what the reader reads back', () => {
    const fields = ['x, y', 'say "hi"', 'two\r\nlines', '', 'plain'];
    assert.deepEqual(parseCsvRecords(csvRecord(fields)), [fields]);
  });
});

describe('numbers as text', () => {
  it('writes the shortest text that reads back as the same double', () => {
    for (const x of [0.1 + 0.2, 1 / 3, 1e-7, 123456789.123, 2.5e21, -0.000001234, 5e-324]) {
      const text = formatNumber(x);
      assert.equal(Number(text), x);
      const parsed = parseNumberCell(text);
      assert.deepEqual(parsed, { kind: 'number', value: x });
    }
    assert.equal(formatNumber(0.30000000000000004), '0.30000000000000004');
  });

  it('writes missing and NaN as an empty cell, and infinities as R writes them', () => {
    assert.equal(formatNumber(null), '');
    assert.equal(formatNumber(Number.NaN), '');
    assert.equal(formatNumber(Number.NEGATIVE_INFINITY), '-Inf');
  });

  it('reads plain decimals, treats empty as missing, and refuses anything else', () => {
    assert.deepEqual(parseNumberCell(' 12.5 '), { kind: 'number', value: 12.5 });
    assert.deepEqual(parseNumberCell('-3e2'), { kind: 'number', value: -300 });
    assert.deepEqual(parseNumberCell('.5'), { kind: 'number', value: 0.5 });
    assert.deepEqual(parseNumberCell(''), { kind: 'missing' });
    assert.deepEqual(parseNumberCell('  '), { kind: 'missing' });
    for (const bad of ['NA', 'abc', '0x10', 'Infinity', '1,234', '12%', '1e']) {
      assert.deepEqual(parseNumberCell(bad), { kind: 'invalid' }, bad);
    }
  });
});

describe('options', () => {
  const specs = [
    { name: 'numerator', kind: 'value' as const, help: '' },
    { name: 'multiplier', kind: 'value' as const, help: '' },
    { name: 'no-screen-outliers', kind: 'flag' as const, help: '' },
  ];

  it('takes --name value, --name=value and flags, leaving positionals in order', () => {
    const parsed = parseArgs(
      ['in.csv', '--numerator', 'x', '--multiplier=100', '--no-screen-outliers'],
      specs,
    );
    assert.deepEqual(parsed.positionals, ['in.csv']);
    assert.equal(parsed.values.get('numerator'), 'x');
    assert.equal(new Options(parsed).number('multiplier', 1), 100);
    assert.equal(parsed.flags.has('no-screen-outliers'), true);
  });

  it('refuses unknown, repeated and value-less options as usage errors', () => {
    assert.throws(() => parseArgs(['--nope', 'x'], specs), StatsUsageError);
    assert.throws(() => parseArgs(['--numerator', 'a', '--numerator', 'b'], specs), StatsUsageError);
    assert.throws(() => parseArgs(['--numerator'], specs), StatsUsageError);
    assert.throws(() => parseArgs(['-x'], specs), StatsUsageError);
  });

  it('refuses a value that is not a number where one is needed', () => {
    const options = new Options(parseArgs(['--multiplier', 'lots'], specs));
    assert.throws(() => options.number('multiplier', 1), /--multiplier/);
  });

  it('reads --confidence as the levels whose limit columns are written', () => {
    assert.deepEqual(parseConfidence(undefined), [95, 99.8]);
    assert.deepEqual(parseConfidence('95'), [95]);
    assert.deepEqual(parseConfidence('99.8'), [99.8]);
    assert.deepEqual(parseConfidence('95,99.8'), [95, 99.8]);
    assert.deepEqual(parseConfidence('none'), []);
    assert.throws(() => parseConfidence('90'), StatsUsageError);
    assert.deepEqual(limitColumns([95, 99.8]), ['lower_95', 'upper_95', 'lower_99_8', 'upper_99_8']);
    assert.deepEqual(limitColumns([99.8], 'adjusted_'), ['adjusted_lower_99_8', 'adjusted_upper_99_8']);
  });
});

describe('the input table', () => {
  const table = new InputTable(parseCsv('area,year,n\nB,2021,3\nA,10,\nB,9,x\nA,10,4\n'));

  it('names the data line and column of a cell that is not a number', () => {
    assert.throws(
      () => table.numbers('n', 'numerator'),
      (e: unknown) => e instanceof StatsDataError && e.line === 3 && e.column === 'n',
    );
  });

  it('names an unknown column and the option that asked for it', () => {
    assert.throws(() => table.column('deaths', 'numerator'), /'deaths' \(given by --numerator\)/);
  });

  it('groups rows sorted by key, numeric columns compared as numbers', () => {
    const groups = groupRows(table, ['area', 'year']);
    assert.deepEqual(
      groups.map((g) => g.key),
      [
        ['A', '10'],
        ['B', '9'],
        ['B', '2021'],
      ],
    );
    assert.deepEqual(groups[0]!.rows, [1, 3]);
  });

  it('describes a data error with its line and column', () => {
    const e = new StatsDataError('numerators must be greater than or equal to zero', {
      line: 4,
      column: 'x',
    });
    assert.equal(
      describeDataError(e),
      "data line 4, column 'x': numerators must be greater than or equal to zero",
    );
  });
});

describe('rendering results', () => {
  const table = new InputTable(parseCsv('code,n,note\nA,5,"hello, world"\nB,,\n'));
  table.numbers('n', 'numerator');
  const result: StatsResult = {
    echo: { table, rows: [0, 1] },
    columns: ['value', 'method'],
    rows: [
      [0.1 + 0.2, 'Wilson'],
      [null, 'Wilson'],
    ],
    summary: { n: 2 },
  };

  it('writes CSV with the input columns first, unchanged, then the results', () => {
    assert.equal(
      renderCsv(result),
      'code,n,note,value,method\nA,5,"hello, world",0.30000000000000004,Wilson\nB,,,,Wilson\n',
    );
  });

  it('writes JSON with numbers as numbers (numeric input columns too) and missing as null', () => {
    const json = JSON.parse(renderJson(result));
    assert.deepEqual(json, {
      rows: [
        { code: 'A', n: 5, note: 'hello, world', value: 0.30000000000000004, method: 'Wilson' },
        { code: 'B', n: null, note: null, value: null, method: 'Wilson' },
      ],
      summary: { n: 2 },
    });
  });
});
