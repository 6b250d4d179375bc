// Importing prescribing months: the real 10,000-row EPD excerpt (September 2017, four practices),
// the same bytes as .csv.gz and .zip, every header variant (ICB columns, YYYYMM months, the SNOMED
// code column), the legacy padded PDPI layout, re-imports, reissued months and bad files.
// Expected sums were computed from the raw CSV by a separate script (python csv + float sums).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { sql } from 'kysely';
import { importFile } from '../../src/app/import/import-file.ts';
import { ImportError } from '../../src/ingest/import-error.ts';
import { readPrescribing } from '../../src/ingest/prescribing-read.ts';
import { forEachDatabase } from '../support/databases.ts';
import { NHS_DATA } from '../support/nhs-data.ts';
import { TempFolder } from './import-fixtures.ts';

const EXCERPT = join(NHS_DATA, 'prescribing/epd_201709.csv');
const LINES = readFileSync(EXCERPT, 'utf8')
  .split('\n')
  .filter((l) => l !== '');

let folder: TempFolder;
before(async () => {
  folder = await TempFolder.create();
});
after(async () => {
  await folder.remove();
});

async function writeRaw(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(folder.path, name);
  await writeFile(path, bytes);
  return path;
}

/** Splits a simple EPD line (quotes only around commas in names) into fields. */
function fields(line: string): string[] {
  return [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!).slice(0, 26);
}

it('sums the excerpt to practice × presentation in bounded pieces, the same however small the pieces', async () => {
  for (const maxGroups of [100, 100_000]) {
    const reading = readPrescribing(EXCERPT, { maxGroups });
    const sums = new Map<string, number>();
    let pieces = 0;
    for await (const g of reading.groups) {
      pieces++;
      // At most maxGroups, plus the groups of the one 256 KB chunk that crossed it.
      assert.ok(g.month.length <= maxGroups + 2_000);
      for (let i = 0; i < g.month.length; i++) {
        const key = `${g.practice[i]} ${g.bnf[i]}`;
        sums.set(key, (sums.get(key) ?? 0) + g.items[i]!);
      }
    }
    assert.equal(sums.size, 5_324);
    assert.equal(
      [...sums.values()].reduce((a, b) => a + b, 0),
      46_895,
    );
    assert.equal(sums.get('B85054 0408010G0AAABAB'), 72);
    assert.ok(maxGroups === 100 ? pieces >= 5 : pieces === 1);
    assert.equal(reading.summary.rowsRead, 10_027);
    assert.deepEqual(reading.summary.months, ['2017-09-01']);
    assert.equal(reading.summary.presentations.size, 2_709);
  }
});

forEachDatabase('Importing prescribing', (store) => {
  it('imports the real excerpt: one row per practice × presentation, summed, with its BNF parts', async () => {
    const outcome = await importFile(store(), EXCERPT, { actor: 'tester' });
    assert.equal(outcome.status, 'imported');
    assert.equal(outcome.format, 'epd');
    assert.equal(outcome.period, '2017-09');
    assert.equal(outcome.rowsRead, 10_027);
    assert.equal(outcome.factsWritten, 5_324);
    const db = store().db;
    const octasa = await db
      .selectFrom('prescribing')
      .selectAll()
      .where('practice_code', '=', 'L84073')
      .where('bnf_code', '=', '0105010B0BIAAAS')
      .executeTakeFirstOrThrow();
    assert.equal(octasa.month, '2017-09-01');
    assert.equal(Number(octasa.items), 2);
    assert.equal(octasa.quantity, 258);
    assert.equal(octasa.adq_usage, 129);
    assert.ok(Math.abs(octasa.nic - 115.76) < 1e-9);
    assert.ok(Math.abs(octasa.actual_cost - 107.35579) < 1e-9);
    const total = await db
      .selectFrom('prescribing')
      .select([sql<number>`sum(items)`.as('items'), sql<number>`sum(actual_cost)`.as('cost')])
      .executeTakeFirstOrThrow();
    assert.equal(Number(total.items), 46_895);
    assert.ok(Math.abs(Number(total.cost) - 328_908.73007) < 1e-4);
    const presentation = await db
      .selectFrom('bnf_presentation')
      .selectAll()
      .where('bnf_code', '=', '0105010B0BIAAAS')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [
        presentation.name,
        presentation.chemical_code,
        presentation.paragraph_code,
        presentation.section_code,
        presentation.chapter_code,
      ],
      ['Octasa_MR Tab E/C 800mg', '0105010B0', '010501', '0105', '01'],
    );
    // The month lives in its own partition.
    const partition = await sql<{ n: number }>`select count(*) as n from prescribing_y2017m09`.execute(db);
    assert.equal(Number(partition.rows[0]!.n), 5_324);
    const month = await db.selectFrom('prescribing_month').selectAll().executeTakeFirstOrThrow();
    assert.equal(month.import_batch_id, outcome.batchId);
    assert.equal(Number(month.practices), 4);
    // No organisation file has been imported: all four practices are kept and reported.
    assert.equal(Number(month.unknown_practices), 4);
    const note = outcome.notes.find((n) => n.reason.startsWith('practice codes in 2017-09'));
    assert.equal(note?.rows, 4);
    assert.match(note!.reason, /B85010, B85054, L84018, L84073/);
  });

  it('recognises the identical file again and writes nothing', async () => {
    const again = await importFile(store(), EXCERPT, { actor: 'tester' });
    assert.equal(again.status, 'unchanged');
  });

  it('reads the same bytes as .csv.gz and .zip, and a reissued month replaces the one before', async () => {
    const half = LINES.slice(0, 5_001).join('\n');
    const gz = await writeRaw('EPD_201709.csv.gz', gzipSync(`${half}\n`));
    const outcome = await importFile(store(), gz, { actor: 'tester' });
    assert.equal(outcome.status, 'imported');
    assert.equal(outcome.rowsRead, 5_000);
    const db = store().db;
    const afterGz = await db
      .selectFrom('prescribing')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(afterGz.n), outcome.factsWritten);
    assert.ok(outcome.factsWritten < 5_324, 'the month holds the reissue only');
    const zip = await writeRaw(
      'EPD_201709.zip',
      zipSync({ 'EPD_201709.csv': new TextEncoder().encode(`${LINES.join('\n')}\n`) }),
    );
    const zipped = await importFile(store(), zip, { actor: 'tester' });
    assert.equal(zipped.rowsRead, 10_027);
    assert.equal(zipped.factsWritten, 5_324);
    const month = await db.selectFrom('prescribing_month').selectAll().executeTakeFirstOrThrow();
    assert.equal(month.import_batch_id, zipped.batchId);
    assert.equal(Number(month.groups), 5_324);
  });

  it('reads the ICB-era header with YYYYMM months and the SNOMED-code column, wherever it stands', async () => {
    const header = fields(LINES[0]!);
    const rows = LINES.slice(1, 201).map(fields);
    const icbHeader = header.map((h) => h.replace('AREA_TEAM', 'ICB'));
    icbHeader.splice(17, 0, 'SNOMED_CODE');
    const icbRows = rows.map((r) => {
      const copy = [...r];
      copy[0] = '201709';
      copy.splice(17, 0, '"39695211000001102"');
      return copy.join(',');
    });
    // Rename the practices so this month's groups are new ones (and a distinct checksum).
    const text = [icbHeader.join(','), ...icbRows].join('\n').replaceAll('L84073', 'Y99991');
    const path = await writeRaw('EPD_SNOMED_201709.csv', `${text}\n`);
    const outcome = await importFile(store(), path, { actor: 'tester' });
    assert.equal(outcome.format, 'epd');
    assert.equal(outcome.rowsRead, 200);
    const db = store().db;
    const octasa = await db
      .selectFrom('prescribing')
      .selectAll()
      .where('practice_code', '=', 'Y99991')
      .where('bnf_code', '=', '0105010B0BIAAAS')
      .executeTakeFirstOrThrow();
    assert.equal(Number(octasa.items), 2);
    assert.equal(octasa.quantity, 258);
  });

  it('reads the legacy padded PDPI layout with its trailing empty column and CRLF lines', async () => {
    const lines = [
      ' SHA,PCT,PRACTICE,BNF CODE,BNF NAME                                    ,ITEMS  ,NIC        ,ACT COST   ,QUANTITY,PERIOD,',
      'Q44,RXA,N81646,0401020K0AAAHAH,Diazepam_Tab 2mg                        ,0000040,00000113.31,00000118.04,0003305,201410,',
      'Q44,RXA,N81646,0401020K0AAAHAH,Diazepam_Tab 2mg                        ,0000002,00000001.50,00000001.40,0000028,201410,',
      'Q44,RXA,N81646,0212000B0AAABAB,Atorvastatin_Tab 10mg                   ,0000010,00000012.00,00000011.10,0000280,201410,',
      'Q44,RXA,N81998,0212000B0AAABAB,Atorvastatin_Tab 10mg                   ,0000001,00000001.00,00000001.00,0000028,201410,',
    ];
    const path = await folder.write('T201410PDPI BNFT.csv', lines);
    const outcome = await importFile(store(), path, { actor: 'tester' });
    assert.equal(outcome.format, 'pdpi');
    assert.equal(outcome.period, '2014-10');
    assert.equal(outcome.rowsRead, 4);
    assert.equal(outcome.rowsSkipped, 1);
    assert.deepEqual(outcome.skipped, [
      { reason: 'unidentified prescriber (code ending 998, or -)', rows: 1 },
    ]);
    const diazepam = await store()
      .db.selectFrom('prescribing')
      .selectAll()
      .where('month', '=', '2014-10-01')
      .where('bnf_code', '=', '0401020K0AAAHAH')
      .executeTakeFirstOrThrow();
    assert.equal(Number(diazepam.items), 42);
    assert.equal(diazepam.quantity, 3_333);
    assert.equal(diazepam.adq_usage, null);
    assert.ok(Math.abs(diazepam.nic - 114.81) < 1e-9);
    const name = await store()
      .db.selectFrom('bnf_presentation')
      .select('name')
      .where('bnf_code', '=', '0401020K0AAAHAH')
      .executeTakeFirstOrThrow();
    assert.equal(name.name, 'Diazepam_Tab 2mg');
  });

  it('rejects a bad value with its line and column, and writes nothing of the file', async () => {
    const cases: { edit: (f: string[]) => void; column: string; code: string }[] = [
      { edit: (f) => (f[16] = 'NOT-A-CODE'), column: 'BNF_CODE', code: 'invalid_value' },
      { edit: (f) => (f[20] = '2.5'), column: 'ITEMS', code: 'invalid_value' },
      { edit: (f) => (f[24] = '12.3.4'), column: 'ACTUAL_COST', code: 'invalid_value' },
      { edit: (f) => (f[24] = '1e13'), column: 'ACTUAL_COST', code: 'implausible_value' },
      { edit: (f) => (f[0] = '2017_13'), column: 'YEAR_MONTH', code: 'invalid_value' },
    ];
    const db = store().db;
    const before = await db
      .selectFrom('import_batch')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    for (const [n, c] of cases.entries()) {
      const rows = LINES.slice(1, 50).map((l) => l.replaceAll('L84073', 'Y99992'));
      const bad = fields(rows[40]!);
      c.edit(bad);
      rows[40] = bad.join(',');
      const path = await writeRaw(`bad-${n}.csv`, `${[LINES[0]!, ...rows].join('\n')}\n`);
      await assert.rejects(importFile(store(), path, { actor: 'tester' }), (error: unknown) => {
        assert.ok(error instanceof ImportError);
        assert.equal(error.code, c.code);
        assert.equal(error.line, 42);
        assert.equal(error.column, c.column);
        return true;
      });
    }
    const truncated = await writeRaw('truncated.csv', `${LINES.slice(0, 30).join('\n')}\n2017_09,SOUTH`);
    await assert.rejects(importFile(store(), truncated, { actor: 'tester' }), /line 31.*truncated/);
    const afterwards = await db
      .selectFrom('import_batch')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(afterwards.n), Number(before.n));
    const none = await db
      .selectFrom('prescribing')
      .select(sql<number>`count(*)`.as('n'))
      .where('practice_code', '=', 'Y99992')
      .executeTakeFirstOrThrow();
    assert.equal(Number(none.n), 0);
  });
});
