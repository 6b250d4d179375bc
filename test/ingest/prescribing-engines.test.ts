// The two engines that read an EPD month — DuckDB (src/ingest/prescribing-duckdb.ts) and the JS
// reader (src/ingest/prescribing-read.ts) — must hand on the same groups, the same counts and the
// same presentations: on the real 10,000-row excerpt, on a generated month (plain and gzipped, with
// unidentified-prescriber rows to skip), and they must name the same line and column of a bad file.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { generateEpd } from '../../scripts/generate-epd.ts';
import { ImportError } from '../../src/ingest/import-error.ts';
import { type PrescribingSummary, readPrescribing } from '../../src/ingest/prescribing-read.ts';
import { NHS_DATA } from '../support/nhs-data.ts';

const EXCERPT = join(NHS_DATA, 'prescribing/epd_201709.csv');
let folder: string;
before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'fairview-rx-engines-'));
});
after(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface Read {
  groups: Map<string, number[]>;
  summary: PrescribingSummary;
}

async function read(path: string, engine: 'auto' | 'js'): Promise<Read> {
  const reading = readPrescribing(path, { engine, maxGroups: 5_000 });
  const groups = new Map<string, number[]>();
  for await (const g of reading.groups) {
    // At most maxGroups, plus (JS reader) the groups of the one 256 KB chunk that crossed it.
    assert.ok(g.month.length <= 5_000 + 2_000);
    for (let i = 0; i < g.month.length; i++) {
      const key = `${g.month[i]} ${g.practice[i]} ${g.bnf[i]}`;
      const was = groups.get(key);
      const row = [g.items[i]!, g.quantity[i]!, g.adq[i] ?? Number.NaN, g.nic[i]!, g.cost[i]!];
      groups.set(key, was ? was.map((v, j) => v + row[j]!) : row);
    }
  }
  return { groups, summary: reading.summary };
}

/** Sums of doubles in a different order differ in the last bits only. */
function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

async function assertSameGroups(path: string, expectGroups?: number): Promise<Read> {
  const duck = await read(path, 'auto');
  const js = await read(path, 'js');
  assert.equal(duck.summary.engine, 'duckdb', duck.summary.engineNote ?? '');
  assert.equal(js.summary.engine, 'js');
  assert.equal(duck.groups.size, js.groups.size);
  // Files sorted by practice: each group is handed on once, so both engines count the same groups.
  assert.equal(js.summary.groupsYielded, js.groups.size, 'JS reader: groups handed on');
  assert.equal(duck.summary.groupsYielded, duck.groups.size, 'DuckDB: groups handed on');
  if (expectGroups !== undefined) assert.equal(duck.groups.size, expectGroups);
  for (const [key, values] of js.groups) {
    const other = duck.groups.get(key);
    assert.ok(other, `DuckDB has no group ${key}`);
    for (const [j, v] of values.entries()) {
      assert.ok(close(v, other[j]!), `${key} column ${j}: ${v} ≠ ${other[j]}`);
    }
  }
  for (const field of [
    'rowsRead',
    'rowsSkipped',
    'skipReasons',
    'months',
    'container',
    'sizeBytes',
  ] as const) {
    assert.deepEqual(duck.summary[field], js.summary[field], field);
  }
  assert.deepEqual(
    [...duck.summary.presentations.values()].sort((a, b) => a.code.localeCompare(b.code)),
    [...js.summary.presentations.values()].sort((a, b) => a.code.localeCompare(b.code)),
  );
  assert.equal(duck.summary.unchanged, true);
  return duck;
}

it('DuckDB and the JS reader give the same groups on the real September 2017 excerpt', async () => {
  const duck = await assertSameGroups(EXCERPT, 5_324);
  assert.equal(duck.summary.rowsRead, 10_027);
  assert.deepEqual(duck.groups.get('2017-09-01 B85054 0408010G0AAABAB')?.[0], 72);
});

it('… and on a generated month, plain and gzipped, skipping the unidentified prescribers alike', async () => {
  const plain = join(folder, 'generated.csv');
  await generateEpd(plain, { rows: 20_000, practices: 8, month: '202509' });
  const lines = (await readFile(plain, 'utf8')).trimEnd().split('\n');
  // Two rows of the "unidentified prescriber" cost centres, as real months have.
  const row = lines[5]!.split(',');
  const practiceAt = lines[0]!.split(',').indexOf('PRACTICE_CODE');
  const unidentified = [`Y00998`, '-'].map((code) =>
    row.map((f, i) => (i === practiceAt ? code : f)).join(','),
  );
  const text = `${[...lines, ...unidentified].join('\n')}\n`;
  await writeFile(plain, text);
  const duck = await assertSameGroups(plain);
  assert.equal(duck.summary.rowsSkipped, 2);
  const gz = join(folder, 'generated.csv.gz');
  await writeFile(gz, gzipSync(text));
  const gzRead = await assertSameGroups(gz);
  assert.equal(gzRead.summary.container, 'gzip');
  assert.equal(gzRead.groups.size, duck.groups.size);
});

it('a zip archive is read by the JS reader, and says why', async () => {
  const bytes = await readFile(EXCERPT);
  const zip = join(folder, 'epd.zip');
  await writeFile(zip, zipSync({ 'epd_201709.csv': new Uint8Array(bytes) }));
  const reading = await read(zip, 'auto');
  assert.equal(reading.summary.engine, 'js');
  assert.match(reading.summary.engineNote ?? '', /zip/);
  assert.equal(reading.groups.size, 5_324);
});

it('both engines name the same line and column of a bad file', async () => {
  const lines = (await readFile(EXCERPT, 'utf8')).trimEnd().split('\n').slice(0, 60);
  const header = lines[0]!.split(',');
  // Replace one unquoted field of line 42 (the row's fields after the quoted area-team name).
  const edit = (column: string, value: string): string => {
    const copy = [...lines];
    const fields = [...copy[41]!.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!).slice(0, 26);
    fields[header.indexOf(column)] = value;
    copy[41] = fields.join(',');
    return `${copy.join('\n')}\n`;
  };
  const cases = [
    { column: 'ITEMS', value: 'x1', code: 'invalid_value' }, // DuckDB's conversion error, mapped
    { column: 'NIC', value: '12.3.4', code: 'invalid_value' }, // likewise
    { column: 'ITEMS', value: '2.5', code: 'invalid_value' }, // the bulk checks → the JS reader
    { column: 'BNF_CODE', value: 'NOT-A-CODE', code: 'invalid_value' },
    { column: 'YEAR_MONTH', value: '2017_13', code: 'invalid_value' },
    { column: 'ACTUAL_COST', value: '1e13', code: 'implausible_value' },
    { column: 'PRACTICE_CODE', value: '', code: 'invalid_value' },
  ];
  for (const [n, c] of cases.entries()) {
    const path = join(folder, `bad-${n}.csv`);
    await writeFile(path, edit(c.column, c.value));
    for (const engine of ['auto', 'js'] as const) {
      await assert.rejects(read(path, engine), (error: unknown) => {
        assert.ok(error instanceof ImportError, String(error));
        assert.equal(error.code, c.code, `${engine}: ${error.message}`);
        assert.equal(error.line, 42, `${engine}: ${error.message}`);
        assert.equal(error.column, c.column, `${engine}: ${error.message}`);
        assert.equal(error.file, `bad-${n}.csv`);
        return true;
      });
    }
  }
  const truncated = join(folder, 'truncated.csv');
  await writeFile(truncated, `${lines.slice(0, 30).join('\n')}\n2017_09,SOUTH`);
  for (const engine of ['auto', 'js'] as const) {
    await assert.rejects(read(truncated, engine), (error: unknown) => {
      assert.ok(error instanceof ImportError);
      assert.equal(error.code, 'truncated', `${engine}: ${error.message}`);
      assert.equal(error.line, 31, `${engine}: ${error.message}`);
      return true;
    });
  }
  const exponent = join(folder, 'exponent.csv');
  await writeFile(exponent, edit('ACTUAL_COST', '1.5e2'));
  const [duck, js] = [await read(exponent, 'auto'), await read(exponent, 'js')];
  assert.equal(duck.summary.engine, 'duckdb');
  assert.deepEqual([...duck.groups.keys()].sort(), [...js.groups.keys()].sort());
  const extra = join(folder, 'extra-field.csv');
  const withExtra = [...lines];
  withExtra[41] = `${withExtra[41]!.replace(/\r$/, '')},surplus\r`;
  await writeFile(extra, `${withExtra.join('\n')}\n`);
  for (const engine of ['auto', 'js'] as const) {
    await assert.rejects(read(extra, engine), (error: unknown) => {
      assert.ok(error instanceof ImportError);
      assert.equal(error.code, 'wrong_field_count', `${engine}: ${error.message}`);
      assert.equal(error.line, 42, `${engine}: ${error.message}`);
      return true;
    });
  }
});
