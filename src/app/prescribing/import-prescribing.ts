// Importing a prescribing month (EPD or PDPI): the part of importFile (../import/import-file.ts)
// for files summed on the way in. It runs inside importFile's ONE transaction, after the checksum
// check that makes a re-import of the identical file 'unchanged'.
//
// 1. An import_batch row, as for every file.
// 2. The groups the reader hands on (at most ~100,000 at a time, so memory stays bounded) are added
//    into `prescribing` by an upsert that SUMS on conflict (a group split across two hand-overs adds
//    up). At most one write is in flight while the reader sums the next groups.
// 3. The first time a month is seen, its partition is created if it does not exist and the month's
//    earlier rows are deleted: importing a reissued month replaces it (idempotent per month).
// 4. bnf_presentation is upserted (names fill in, never blank out), prescribing_month records which
//    batch holds each month with its totals, and practice codes ODS does not know are counted and
//    reported — their rows are kept.
//
// The fast path (docs/decisions.md, "DuckDB writes the groups for COPY"): when DuckDB reads the file
// it writes the checked groups to a temporary CSV file instead of handing them to JavaScript; that
// file is streamed by COPY into a temporary staging table and stored into `prescribing` by ONE
// insert … select, in the same transaction. The measures' sums are
// then computed from the staging table. The JS reader's groups take the path above unchanged.

import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { ImportError } from '../../ingest/import-error.ts';
import {
  type PrescribingGroups,
  type PrescribingSummary,
  type Presentation,
  readPrescribing,
} from '../../ingest/prescribing-read.ts';
import type { FormatDefinition } from '../../ingest/reader.ts';
import { copyFile } from '../../store/copy-rows.ts';
import type { Database } from '../../store/schema.ts';
import type { CountedReason, ImportedOutcome, ImportOptions, ImportProgress } from '../import/outcome.ts';
import { storeMeasureSums } from './measure-sums.ts';
import { loadMeasures } from './measures.ts';

type Report = (p: Omit<ImportProgress, 'path' | 'fileName'>) => void;

const ROWS_PER_STATEMENT = 10_000;
const UNKNOWN_NAMED = 10;

export async function writePrescribingImport(
  trx: Kysely<Database>,
  path: string,
  known: { checksum: string; format: FormatDefinition },
  options: ImportOptions,
  report: Report,
  started: number,
): Promise<ImportedOutcome> {
  const fileName = basename(path);
  const batch = await trx
    .insertInto('import_batch')
    .values({
      file_name: fileName,
      checksum: known.checksum,
      format: known.format.id,
      publisher: options.publisherLabel ?? known.format.publisher,
      period: null,
      imported_by: options.actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const groupsFile = join(tmpdir(), `fairview-rx-groups-${randomUUID()}.csv`);
  try {
    return await writeImport(trx, path, known, options, report, started, fileName, batch.id, groupsFile);
  } finally {
    await rm(groupsFile, { force: true });
  }
}

async function writeImport(
  trx: Kysely<Database>,
  path: string,
  known: { checksum: string; format: FormatDefinition },
  options: ImportOptions,
  report: Report,
  started: number,
  fileName: string,
  batchId: number,
  groupsFile: string,
): Promise<ImportedOutcome> {
  const batch = { id: batchId };
  let written = 0;
  const reading = readPrescribing(path, {
    format: known.format.id === 'pdpi' ? 'pdpi' : 'epd',
    groupsFile,
    onProgress: (p) => report({ phase: 'reading', ...p, factsWritten: written }),
  });
  const prepared = new Set<string>();
  const write = async (groups: PrescribingGroups): Promise<void> => {
    for (const month of new Set(groups.month)) {
      if (prepared.has(month)) continue;
      await prepareMonth(trx, month);
      prepared.add(month);
    }
    written += await addGroups(trx, groups, batch.id);
  };
  await pipelined(reading.groups, write);
  const summary = reading.summary;
  const staged = summary.groupsFile !== null;
  if (staged) {
    for (const month of summary.months) await prepareMonth(trx, month);
    written = await addStagedGroups(trx, summary.groupsFile!, batch.id);
  }
  report({
    phase: 'finishing',
    bytesRead: summary.sizeBytes,
    totalBytes: summary.sizeBytes,
    rowsRead: summary.rowsRead,
    factsWritten: written,
  });
  const changed =
    summary.engine === 'duckdb' ? summary.unchanged !== true : summary.checksum !== known.checksum;
  if (changed) {
    throw new ImportError(
      { code: 'unreadable_file', file: fileName, line: null, column: null, expected: null, found: null },
      'the file changed while it was being imported; import it again',
    );
  }
  await upsertPresentations(trx, [...summary.presentations.values()]);
  const notes = await recordMonths(trx, summary, batch.id, staged);
  if (staged) await sql`drop table prescribing_stage`.execute(trx);
  const { period, groups } = await finishBatch(trx, summary, batch.id);
  return {
    status: 'imported',
    path,
    fileName,
    checksum: known.checksum,
    batchId: batch.id,
    format: known.format.id,
    formatName: known.format.name,
    publisher: options.publisherLabel ?? known.format.publisher,
    period,
    rowsRead: summary.rowsRead,
    factsWritten: Number(groups.n),
    rowsSkipped: summary.rowsSkipped,
    skipped: Object.entries(summary.skipReasons).map(([reason, rows]) => ({ reason, rows })),
    rowsRejected: 0,
    rejections: [],
    notes,
    durationMs: performance.now() - started,
  };
}

/**
 * Writes each group as it is read, one write in flight while the next group is read; the first
 * failure stops the reading, and nothing is left running when this returns or throws.
 */
async function pipelined<T>(items: AsyncIterable<T>, write: (item: T) => Promise<void>): Promise<void> {
  let inflight: Promise<void> = Promise.resolve();
  const failures: unknown[] = [];
  try {
    for await (const item of items) {
      await inflight;
      if (failures.length > 0) throw failures[0];
      inflight = write(item).catch((error: unknown) => {
        failures.push(error);
      });
    }
    await inflight;
    if (failures.length > 0) throw failures[0];
  } catch (error) {
    await inflight;
    throw error;
  }
}

/** Each month's record and measure sums; returns the notes on practice codes no organisation file names. */
async function recordMonths(
  trx: Kysely<Database>,
  summary: PrescribingSummary,
  batchId: number,
  staged: boolean,
): Promise<CountedReason[]> {
  const notes: CountedReason[] = [];
  const measures = await loadMeasures();
  for (const month of summary.months) {
    const unknown = await recordMonth(trx, month, batchId, summary.rowsRead, summary.months.length);
    // The measures' sums for the month, so that recomputing months of measures reads these.
    await storeMeasureSums(trx, measures, month, staged ? 'prescribing_stage' : 'prescribing');
    if (unknown.count > 0) {
      notes.push({
        reason: `practice codes in ${month.slice(0, 7)} that no organisation file names (kept): ${unknown.codes.join(', ')}${unknown.count > unknown.codes.length ? ' …' : ''}`,
        rows: unknown.count,
      });
    }
  }
  return notes;
}

/** The batch's period and the count of the groups it wrote, recorded on its row. */
async function finishBatch(trx: Kysely<Database>, summary: PrescribingSummary, batchId: number) {
  const groups = await trx
    .selectFrom('prescribing')
    .select(sql<number>`count(*)`.as('n'))
    .where('import_batch_id', '=', batchId)
    .executeTakeFirstOrThrow();
  const period = summary.months.map((m) => m.slice(0, 7)).join(', ') || null;
  await trx
    .updateTable('import_batch')
    .set({
      period,
      rows_read: summary.rowsRead,
      facts_written: Number(groups.n),
      rows_skipped: summary.rowsSkipped,
      rows_rejected: 0,
    })
    .where('id', '=', batchId)
    .execute();
  return { period, groups };
}

/** The partition's name for a month: prescribing_y2017m09. */
export function partitionName(month: string): string {
  if (!/^\d{4}-\d{2}-01$/.test(month)) throw new Error(`not a month: ${month}`);
  return `prescribing_y${month.slice(0, 4)}m${month.slice(5, 7)}`;
}

/** Creates the month's partition if needed and empties it: the month is about to be (re)written. */
async function prepareMonth(trx: Kysely<Database>, month: string): Promise<void> {
  const name = partitionName(month);
  await sql
    .raw(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF prescribing FOR VALUES IN ('${month}')`)
    .execute(trx);
  await trx.deleteFrom('prescribing').where('month', '=', month).execute();
}

async function addGroups(trx: Kysely<Database>, g: PrescribingGroups, batchId: number): Promise<number> {
  let written = 0;
  for (let start = 0; start < g.month.length; start += ROWS_PER_STATEMENT) {
    const end = Math.min(g.month.length, start + ROWS_PER_STATEMENT);
    const result = await sql`
      insert into prescribing
        (month, practice_code, bnf_code, items, quantity, adq_usage, nic, actual_cost, import_batch_id)
      select m, p, b, i, q, a, n, c, ${batchId}::integer
      from unnest(
        ${g.month.slice(start, end)}::date[], ${g.practice.slice(start, end)}::text[],
        ${g.bnf.slice(start, end)}::text[], ${g.items.slice(start, end)}::bigint[],
        ${g.quantity.slice(start, end)}::float8[], ${g.adq.slice(start, end)}::float8[],
        ${g.nic.slice(start, end)}::float8[], ${g.cost.slice(start, end)}::float8[]
      ) as u(m, p, b, i, q, a, n, c)
      on conflict (month, practice_code, bnf_code) do update set
        items = prescribing.items + excluded.items,
        quantity = prescribing.quantity + excluded.quantity,
        adq_usage = case when prescribing.adq_usage is null and excluded.adq_usage is null then null
          else coalesce(prescribing.adq_usage, 0) + coalesce(excluded.adq_usage, 0) end,
        nic = prescribing.nic + excluded.nic,
        actual_cost = prescribing.actual_cost + excluded.actual_cost`.execute(trx);
    written += Number(result.numAffectedRows ?? 0);
  }
  return written;
}

const STAGE_COLUMNS = [
  'month',
  'practice_code',
  'bnf_code',
  'items',
  'quantity',
  'adq_usage',
  'nic',
  'actual_cost',
] as const;

/**
 * The groups DuckDB wrote to `file` (CSV, STAGE_COLUMNS in order): COPY into a temporary staging
 * table, then ONE plain insert … select into `prescribing`. No upsert is needed: prepareMonth has
 * emptied each month in this transaction, and DuckDB's groups are whole and unique (one GROUP BY;
 * a month written two ways sends the file to the JS reader), so a duplicate would be a bug — and
 * fails the import rather than being summed (a plain insert measured 2.9 s for 392k groups where
 * the upsert took 5.4 s). The staging table is left for the measures' sums (the caller drops it;
 * it is dropped at commit regardless).
 */
async function addStagedGroups(trx: Kysely<Database>, file: string, batchId: number): Promise<number> {
  await sql`
    create temp table prescribing_stage (
      month date not null, practice_code text not null, bnf_code text not null, items bigint not null,
      quantity float8 not null, adq_usage float8, nic float8 not null, actual_cost float8 not null
    ) on commit drop`.execute(trx);
  await copyFile(trx, 'prescribing_stage', STAGE_COLUMNS, file, 'format csv');
  const result = await sql`
    insert into prescribing
      (month, practice_code, bnf_code, items, quantity, adq_usage, nic, actual_cost, import_batch_id)
    select month, practice_code, bnf_code, items, quantity, adq_usage, nic, actual_cost, ${batchId}::integer
    from prescribing_stage`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

async function upsertPresentations(trx: Kysely<Database>, presentations: Presentation[]): Promise<void> {
  for (let start = 0; start < presentations.length; start += ROWS_PER_STATEMENT) {
    const slice = presentations.slice(start, start + ROWS_PER_STATEMENT);
    const column = <K extends keyof Presentation>(key: K) => slice.map((p) => p[key]);
    await sql`
      insert into bnf_presentation
        (bnf_code, name, chemical_code, chemical_name, paragraph_code, section_code, chapter_code, chapter_name)
      select * from unnest(
        ${column('code')}::text[], ${column('name')}::text[], ${column('chemicalCode')}::text[],
        ${column('chemicalName')}::text[], ${column('paragraphCode')}::text[], ${column('sectionCode')}::text[],
        ${column('chapterCode')}::text[], ${column('chapterName')}::text[])
      on conflict (bnf_code) do update set
        name = coalesce(excluded.name, bnf_presentation.name),
        chemical_name = coalesce(excluded.chemical_name, bnf_presentation.chemical_name),
        chapter_name = coalesce(excluded.chapter_name, bnf_presentation.chapter_name)`.execute(trx);
  }
}

/** Records the month's batch and totals; returns the practice codes no organisation file names. */
async function recordMonth(
  trx: Kysely<Database>,
  month: string,
  batchId: number,
  rowsRead: number,
  months: number,
): Promise<{ count: number; codes: string[] }> {
  const unknown = await sql<{ practice_code: string }>`
    select distinct p.practice_code from prescribing p
    where p.month = ${month}::date
      and not exists (select 1 from organisation o where o.code = p.practice_code and o.kind = 'practice')
    order by p.practice_code`.execute(trx);
  const totals = await trx
    .selectFrom('prescribing')
    .select([
      sql<number>`count(*)`.as('groups'),
      sql<number>`count(distinct practice_code)`.as('practices'),
      sql<number>`coalesce(sum(items), 0)`.as('items'),
      sql<number>`coalesce(sum(actual_cost), 0)`.as('actual_cost'),
    ])
    .where('month', '=', month)
    .executeTakeFirstOrThrow();
  const row = {
    month,
    import_batch_id: batchId,
    // A file of several months: the rows are the file's, not the month's.
    rows_read: months === 1 ? rowsRead : 0,
    groups: Number(totals.groups),
    practices: Number(totals.practices),
    unknown_practices: unknown.rows.length,
    items: Number(totals.items),
    actual_cost: Number(totals.actual_cost),
  };
  await trx
    .insertInto('prescribing_month')
    .values(row)
    .onConflict((oc) => oc.column('month').doUpdateSet(row))
    .execute();
  const codes = unknown.rows.slice(0, UNKNOWN_NAMED).map((r) => r.practice_code);
  return { count: unknown.rows.length, codes };
}
