// The DuckDB fast path of the prescribing import (DuckDB writes the groups as CSV, COPY stages them,
// one insert … select stores them; docs/decisions.md "DuckDB writes the groups for COPY") must store
// exactly what the JS reader's path stores: the same prescribing rows, month totals, presentations,
// measures' sums, unknown-practice notes and counts — on the real excerpt and on a generated month
// (with unidentified prescribers to skip), in PGlite and in PostgreSQL. A re-import changes nothing.
// The DuckDB import here has PGlite reopened before and after it, as a national month's does.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { generateEpd } from '../../scripts/generate-epd.ts';
import { importFile } from '../../src/app/import/import-file.ts';
import type { ImportedOutcome } from '../../src/app/import/outcome.ts';
import { readPrescribing } from '../../src/ingest/prescribing-read.ts';
import type { Store } from '../../src/store/database.ts';
import { type FreshStore, freshPglite, freshPostgres } from '../support/databases.ts';
import { NHS_DATA } from '../support/nhs-data.ts';
import { TempFolder } from './import-fixtures.ts';

const EXCERPT = join(NHS_DATA, 'prescribing/epd_201709.csv');

let folder: TempFolder;
let generated: string;
before(async () => {
  folder = await TempFolder.create();
  generated = join(folder.path, 'generated.csv');
  await generateEpd(generated, { rows: 20_000, practices: 8, month: '202509' });
  const lines = (await readFile(generated, 'utf8')).trimEnd().split('\n');
  const row = lines[5]!.split(',');
  const practiceAt = lines[0]!.split(',').indexOf('PRACTICE_CODE');
  const unidentified = ['Y00998', '-'].map((code) =>
    row.map((f, i) => (i === practiceAt ? code : f)).join(','),
  );
  await writeFile(generated, `${[...lines, ...unidentified].join('\n')}\n`);
});
after(async () => {
  await folder.remove();
});

type Snapshot = Record<string, unknown[][]>;

/** Everything the import stores for prescribing, in a stable order (batch ids left out). */
async function snapshot(store: Store): Promise<Snapshot> {
  const q = async (text: string) =>
    (await sql.raw<Record<string, unknown>>(text).execute(store.db)).rows.map((r) =>
      Object.values(r).map((v) =>
        typeof v === 'string' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v) ? Number(v) : v,
      ),
    );
  return {
    prescribing: await q(
      `select month::text, practice_code, bnf_code, items, quantity, adq_usage, nic, actual_cost
       from prescribing order by 1, 2, 3`,
    ),
    months: await q(
      `select month::text, rows_read, groups, practices, unknown_practices, items, actual_cost, measure_sums
       from prescribing_month order by 1`,
    ),
    presentations: await q('select * from bnf_presentation order by bnf_code'),
    measureSums: await q(
      `select month::text, measure_id, practice_code, numerator, numerator_cost, denominator
       from prescribing_measure_sum order by 1, 2, 3`,
    ),
    batches: await q(
      'select file_name, format, period, rows_read, facts_written, rows_skipped, rows_rejected from import_batch',
    ),
  };
}

/** Sums of doubles in a different order differ in the last bits only. */
function assertSame(a: unknown, b: unknown, where: string): void {
  if (typeof a === 'number' && typeof b === 'number') {
    assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)), `${where}: ${a} ≠ ${b}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    assert.equal(a.length, b.length, `${where}: ${a.length} rows ≠ ${b.length}`);
    for (const [i, x] of a.entries()) assertSame(x, b[i], `${where}[${i}]`);
    return;
  }
  assert.deepEqual(a, b, where);
}

async function importWith(store: Store, path: string, engine: 'auto' | 'js'): Promise<ImportedOutcome> {
  const was = process.env.FAIRVIEW_PRESCRIBING_ENGINE;
  process.env.FAIRVIEW_PRESCRIBING_ENGINE = engine;
  try {
    // The DuckDB path also gives back PGlite's memory around the file (as it does for a national month).
    const releaseMemoryBytes = engine === 'auto' ? 0 : undefined;
    const outcome = await importFile(store, path, { actor: 'tester', releaseMemoryBytes });
    assert.equal(outcome.status, 'imported');
    return outcome as ImportedOutcome;
  } finally {
    if (was === undefined) delete process.env.FAIRVIEW_PRESCRIBING_ENGINE;
    else process.env.FAIRVIEW_PRESCRIBING_ENGINE = was;
  }
}

const fresh: Record<'pglite' | 'postgres', () => Promise<FreshStore>> = {
  pglite: freshPglite,
  postgres: freshPostgres,
};

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`the DuckDB fast path stores what the JS reader's path stores (${kind})`, () => {
    for (const [name, path, groups] of [
      ['the real September 2017 excerpt', () => EXCERPT, 5_324],
      ['a generated month with unidentified prescribers', () => generated, null],
    ] as const) {
      it(name, async () => {
        // DuckDB takes the fast path for this file (it writes the groups file, hands none on).
        const probe = readPrescribing(path(), { groupsFile: join(folder.path, 'probe.csv') });
        for await (const _ of probe.groups) assert.fail('groups handed on instead of written');
        assert.equal(probe.summary.engine, 'duckdb', probe.summary.engineNote ?? '');
        assert.ok(probe.summary.groupsFile);
        const [duck, js] = [await fresh[kind](), await fresh[kind]()];
        try {
          const a = await importWith(duck.store, path(), 'auto');
          const b = await importWith(js.store, path(), 'js');
          if (groups !== null) assert.equal(a.factsWritten, groups);
          for (const field of [
            'rowsRead',
            'factsWritten',
            'rowsSkipped',
            'skipped',
            'notes',
            'period',
          ] as const) {
            assert.deepEqual(a[field], b[field], field);
          }
          assert.ok(a.notes.length > 0, 'unknown practices are reported');
          const [sa, sb] = [await snapshot(duck.store), await snapshot(js.store)];
          assert.ok((sa.measureSums?.length ?? 0) > 0, 'measure sums stored');
          for (const table of Object.keys(sa)) assertSame(sa[table], sb[table], table);
          // A re-import of the same file changes nothing.
          const again = await importFile(duck.store, path(), { actor: 'tester' });
          assert.equal(again.status, 'unchanged');
          assert.deepEqual(await snapshot(duck.store), sa);
        } finally {
          await duck.dispose();
          await js.dispose();
        }
      });
    }
  });
}
