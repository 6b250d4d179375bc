// DuckDB as the engine that reads and sums an EPD month (docs/decisions.md, "DuckDB reads the EPD").
//
// Our own code still reads the header and decides the layout (detection, the layout variants and
// their errors are the JS reader's: prescribingLayout). DuckDB is then told exactly which columns
// the file has and which are numbers (no sniffing), reads the .csv or .csv.gz on both cores with
// read_csv, and sums it to month × practice × BNF presentation in one scan into a temporary table,
// by two grouping sets: the practice groups keyed by (month, practice, hash of the BNF code), and the
// codes with their names keyed by (hash, code, names). Keying the millions of practice groups by an
// 8-byte hash instead of the code, and naming each code once instead of once per group, is what keeps
// a national month inside DuckDB's memory limit with little spilling (docs/decisions.md, "The EPD
// reader's two grouping sets"); two codes sharing a hash are checked for, never assumed away. The
// groups are then checked in bulk and streamed out (joined back to their codes) as the same
// PrescribingGroups the JS reader hands on, so the importer does not know which engine read the file.
//
// Errors:
// - a number DuckDB cannot convert is mapped from DuckDB's message (which names the line) to our
//   ImportError with file, line and column;
// - anything else DuckDB refuses (a row with the wrong number of fields, say), and any group the bulk checks find wrong (a blank practice, a bad
//   BNF code or month, a fractional item count, an implausible amount), is handed back to the JS
//   reader *before any group has been handed on*: it re-reads the file and names the first bad line
//   exactly as it always has. The same happens for what DuckDB is not used for: zip archives, the
//   legacy PDPI layout, or DuckDB not being installed.

import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bnfParts, chapterName, isBnfCode } from '../domain/prescribing/bnf.ts';
import { CsvScanner } from './csv-scanner.ts';
import { ImportError } from './import-error.ts';
import { emptyGroups } from './prescribing-group-sums.ts';
import { type Layout, parseMonth, prescribingLayout } from './prescribing-layout.ts';
import type { PrescribingGroups, PrescribingReadOptions, PrescribingSummary } from './prescribing-read.ts';
import { openSource } from './source.ts';

/** Why DuckDB did not read the file (the JS reader then does), or null when it did. */
export type Fallback = { fallback: string } | null;

const SKIP_REASON = 'unidentified prescriber (code ending 998, or -)';
/**
 * DuckDB's own memory (it spills to disk past this). A national month (18M rows, 7M groups) spills at
 * any limit under ~1.2 GB and took the same time at 450 MB as at 600 MB or 1 GB (15.7–17.6 s against
 * 17.3–18.7 s at 600 MB, alternately, 7 December), with the reader's process at 750–767 MB instead of
 * 887–896 MB: room for PGlite beside it within the 1 GB goal (docs/scaling.md).
 */
const MEMORY_LIMIT = '450MB';
const TRACE = process.env.FAIRVIEW_TRACE_DUCKDB === '1';
const t0 = performance.now();
function trace(what: string): void {
  if (TRACE) {
    const rss = Math.round(process.memoryUsage.rss() / 1e6);
    console.error(`duckdb ${what} ${Math.round(performance.now() - t0)} ms, RSS ${rss} MB`);
  }
}

interface Header {
  displayName: string;
  container: 'csv' | 'gzip';
  names: string[];
}

/** The first line of the (possibly gzipped) CSV, read with our own scanner. */
async function readHeader(path: string): Promise<Header | { fallback: string }> {
  const source = await openSource(path);
  if (source.container === 'zip') return { fallback: 'zip archives are read by the JS reader' };
  for await (const entry of source.entries()) {
    const parts: Uint8Array[] = [];
    let length = 0;
    for await (const chunk of entry.chunks) {
      const newline = chunk.indexOf(0x0a);
      parts.push(newline >= 0 ? chunk.subarray(0, newline + 1) : chunk);
      length += chunk.length;
      if (newline >= 0 || length > 1 << 20) break;
    }
    let names: string[] | null = null;
    const scanner = new CsvScanner(entry.displayName, (row) => {
      names ??= row.texts();
    });
    for (const part of parts) scanner.push(part);
    scanner.end();
    if (names === null) {
      throw new ImportError({
        code: 'unknown_format',
        file: entry.displayName,
        line: null,
        column: null,
        expected: 'a header row and data',
        found: 'an empty file',
      });
    }
    return { displayName: entry.displayName, container: source.container, names };
  }
  return { fallback: 'no CSV in the file' };
}

/** Rows of an unidentified prescriber (a practice code ending 998, or -): counted, not stored. */
function unidentified(practice: string): string {
  return `(${practice} = '-' or ${practice} like '%998')`;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Reads and sums the file with DuckDB, yielding groups of at most `maxGroups`. Returns a fallback
 * (having yielded nothing) when the JS reader must read the file instead.
 */
export async function* duckdbGroups(
  path: string,
  options: PrescribingReadOptions,
  summary: PrescribingSummary,
  maxGroups: number,
): AsyncGenerator<PrescribingGroups, Fallback> {
  const before = await stat(path);
  const header = await readHeader(path);
  if ('fallback' in header) return header;
  const { id, layout } = prescribingLayout(header.displayName, header.names, undefined, options.format, null);
  if (id !== 'epd') return { fallback: 'the legacy PDPI layout is read by the JS reader' };
  let duckdb: typeof import('@duckdb/node-api');
  try {
    duckdb = await import('@duckdb/node-api');
  } catch {
    return { fallback: 'DuckDB is not installed' };
  }
  const instance = await createInstance(duckdb);
  const connection = await instance.connect();
  try {
    try {
      await connection.run(groupingSql(path, header, layout));
    } catch (error) {
      const mapped = mapDuckdbError(error, header.displayName, header.names, layout);
      if (mapped) throw mapped;
      return { fallback: `DuckDB could not read it: ${firstLine(error)}` };
    }
    trace('grouped');
    // Freed memory goes back to the system from here on (set only now: flushing during the grouping
    // made it slower): the import's store (PGlite in this process) grows after DuckDB is done.
    await connection.run(`set allocator_flush_threshold = '16MB'`);
    await connection.run(`set allocator_bulk_deallocation_flush_threshold = '16MB'`);
    const skip = unidentified('p');
    // Every count and check the practice groups need (gb = 1), in one scan of them.
    const [totals] = (
      await connection.runAndReadAll(`
        select count(*) filter (where p is null or m is null
                 or (not ${skip} and (not ok or length(p) > 12)))::double,
          coalesce(sum(n), 0)::double, coalesce(sum(n) filter (where ${skip}), 0)::double,
          count(*) filter (where not ${skip})::double, to_json(list(distinct m))::varchar
        from g where gb = 1`)
    ).getRows() as [[number, number, number, number, string]];
    const [bad, rowsRead, skipped, groupsOut, monthsJson] = totals;
    if (bad > 0) return { fallback: 'a value the bulk checks refuse: the JS reader names its line' };
    const months = monthsOf(monthsJson);
    if (!(months instanceof Map)) return months;
    const presentations = presentationsOf(
      (
        await connection.runAndReadAll(`select h, b, name, chemical, chapter, s from g where gb = 0`)
      ).getRows(),
    );
    if (!Array.isArray(presentations)) return presentations;
    await connection.run(
      `create temp table codes as select distinct h, b from g where gb = 0 and b is not null`,
    );
    // Checked: from here on the groups are handed on.
    summary.engine = 'duckdb';
    summary.container = header.container;
    summary.sizeBytes = before.size;
    summary.months = [...new Set(months.values())].sort();
    recordPresentations(summary, presentations);
    summary.rowsRead = rowsRead;
    summary.rowsSkipped = skipped;
    summary.skipReasons = skipped > 0 ? { [SKIP_REASON]: skipped } : {};
    options.onProgress?.({ bytesRead: before.size, totalBytes: before.size, rowsRead: summary.rowsRead });
    trace('checked');
    if (options.groupsFile !== undefined) {
      // The fast path: DuckDB writes the checked groups as CSV for COPY; none cross into JavaScript.
      await connection.run(groupsCopySql(months, skip, options.groupsFile));
      summary.groupsYielded = groupsOut;
      summary.groupsFile = options.groupsFile;
      trace('written');
      const after = await stat(path);
      summary.unchanged = after.size === before.size && after.mtimeMs === before.mtimeMs;
      return null;
    }
    yield* streamGroups(connection, skip, months, summary, maxGroups);
    trace('streamed');
    const after = await stat(path);
    summary.unchanged = after.size === before.size && after.mtimeMs === before.mtimeMs;
    return null;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The checked groups, their months as Fairview writes them, copied to a CSV file for COPY. */
function groupsCopySql(months: ReadonlyMap<string, string>, skip: string, groupsFile: string): string {
  const month = [...months].map(([t, m]) => `when ${quote(t)} then ${quote(m)}`).join(' ');
  return `
        copy (select case m ${month} end as m, p, codes.b, i::bigint as i, q, a, nic, cost
              from g join codes using (h) where gb = 1 and not ${skip})
        to ${quote(groupsFile)} (format csv, header false)`;
}

/** An in-memory DuckDB that spills to a temporary directory. */
async function createInstance(duckdb: typeof import('@duckdb/node-api')) {
  return duckdb.DuckDBInstance.create(':memory:', {
    memory_limit: MEMORY_LIMIT,
    temp_directory: join(tmpdir(), `fairview-duckdb-${process.pid}`),
    preserve_insertion_order: 'false',
  });
}

/** The file's month texts, each to its month; a fallback when one is refused or written two ways. */
function monthsOf(monthsJson: string): Map<string, string> | { fallback: string } {
  const months = new Map<string, string>();
  for (const text of JSON.parse(monthsJson) as (string | null)[]) {
    const month = text === null ? null : parseMonth(text);
    if (month === null) return { fallback: 'a month the bulk checks refuse' };
    if ([...months.values()].includes(month)) return { fallback: 'one month written two ways' };
    months.set(String(text), month);
  }
  return months;
}

/** The one query that reads, checks and sums the whole file into the temporary table `g`. */
function groupingSql(
  path: string,
  header: { container: string; names: readonly string[] },
  layout: Layout,
): string {
  const c = (index: number | null) => (index === null ? 'NULL' : `c${index}`);
  const numeric = new Set([layout.items, layout.quantity, layout.adq, layout.nic, layout.cost]);
  const columns = header.names.map((_, i) => `'c${i}': '${numeric.has(i) ? 'DOUBLE' : 'VARCHAR'}'`);
  const csv = `read_csv(${quote(path)}, header = true, auto_detect = false, delim = ',', quote = '"',
      escape = '"', strict_mode = true, null_padding = false,
      compression = '${header.container === 'gzip' ? 'gzip' : 'none'}', columns = {${columns.join(', ')}})`;
  const plausible = (x: string) => `abs(${x}) <= 1e12`;
  const rowOk = [
    `${c(layout.items)} = trunc(${c(layout.items)})`,
    `${c(layout.items)} between 0 and 1e7`,
    plausible(c(layout.quantity)),
    plausible(c(layout.nic)),
    plausible(c(layout.cost)),
    layout.adq === null ? 'true' : `coalesce(${plausible(c(layout.adq))}, true)`,
  ].join(' and ');
  return `
        create temp table g as
        select ${c(layout.month)} as m, ${c(layout.practice)} as p, hash(${c(layout.bnf)}) as h,
          ${c(layout.bnf)} as b, ${c(layout.name)} as name, ${c(layout.chemicalName)} as chemical,
          ${c(layout.chapter)} as chapter, ${unidentified(c(layout.practice))} as s, grouping(b) as gb,
          count(*)::bigint as n,
          sum(${c(layout.items)}) as i, sum(${c(layout.quantity)}) as q,
          sum(${layout.adq === null ? 'NULL::double' : c(layout.adq)}) as a,
          sum(${c(layout.nic)}) as nic, sum(${c(layout.cost)}) as cost,
          bool_and(coalesce(${rowOk}, false)) as ok
        from ${csv}
        group by grouping sets ((m, p, h), (h, b, name, chemical, chapter, s))`;
}

type Named = [code: string, name: string | null, chemical: string | null, chapter: string | null];

/**
 * The presentations of the practice groups from the second grouping set's rows (h, b, name,
 * chemical, chapter, s), each code named by the first name the file gives it; a fallback when a code
 * is refused or when two codes share a hash (the practice groups are keyed by the hash, so two codes
 * with one hash would be summed together; never seen, but checked rather than assumed).
 */
export function presentationsOf(rows: unknown[][]): Named[] | { fallback: string } {
  const codeOfHash = new Map<string, string>();
  const named = new Map<string, Named>();
  for (const [h, b, name, chemical, chapter, s] of rows) {
    if (b === null) {
      if (s === true) continue;
      return { fallback: 'a blank BNF code: the JS reader names its line' };
    }
    const code = String(b);
    const seen = codeOfHash.get(String(h));
    if (seen !== undefined && seen !== code) return { fallback: 'two BNF codes share a hash' };
    codeOfHash.set(String(h), code);
    if (s === true) continue;
    if (!isBnfCode(code)) return { fallback: 'a BNF code the bulk checks refuse' };
    const known = named.get(code);
    if (known === undefined) named.set(code, [code, text(name), text(chemical), text(chapter)]);
    else {
      known[1] ??= text(name);
      known[2] ??= text(chemical);
      known[3] ??= text(chapter);
    }
  }
  return [...named.values()];
}

/** The checked presentations, named as the file names them, into the summary. */
function recordPresentations(summary: PrescribingSummary, presentations: readonly Named[]): void {
  for (const [bnf, name, chemical, chapter] of presentations) {
    const parts = bnfParts(bnf);
    summary.presentations.set(bnf, {
      code: bnf,
      name,
      chemicalCode: parts.chemical,
      chemicalName: chemical,
      paragraphCode: parts.paragraph,
      sectionCode: parts.section,
      chapterCode: parts.chapter,
      chapterName: chapterName(chapter),
    });
  }
}

/** The checked groups from DuckDB in chunks, handed on `maxGroups` at a time. */
async function* streamGroups(
  connection: import('@duckdb/node-api').DuckDBConnection,
  skip: string,
  months: ReadonlyMap<string, string>,
  summary: PrescribingSummary,
  maxGroups: number,
): AsyncGenerator<PrescribingGroups, void> {
  const result = await connection.stream(
    `select m, p, codes.b, i, q, a, nic, cost from g join codes using (h) where gb = 1 and not ${skip}`,
  );
  let out = emptyGroups();
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    const [m, p, b, i, q, a, nic, cost] = chunk.getColumns() as [
      string[],
      string[],
      string[],
      number[],
      number[],
      (number | null)[],
      number[],
      number[],
    ];
    for (let r = 0; r < m.length; r++) {
      out.month.push(months.get(m[r]!)!);
      out.practice.push(p[r]!);
      out.bnf.push(b[r]!);
      out.items.push(i[r]!);
      out.quantity.push(q[r]!);
      out.adq.push(a[r] ?? null);
      out.nic.push(nic[r]!);
      out.cost.push(cost[r]!);
      if (out.month.length >= maxGroups) {
        summary.groupsYielded += out.month.length;
        yield out;
        out = emptyGroups();
      }
    }
  }
  if (out.month.length > 0) {
    summary.groupsYielded += out.month.length;
    yield out;
  }
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const t = String(value).trim();
  return t === '' ? null : t;
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0]!;
}

/**
 * DuckDB's CSV errors name the physical line (1-based, the header is line 1) and our positional
 * column (c0, c1 …): turned back into the header's column name. Null for any other error: then the
 * JS reader re-reads the file and names the line (DuckDB's line for a row with too many fields was
 * found to be one off, so it is not used).
 */
export function mapDuckdbError(
  error: unknown,
  file: string,
  names: readonly string[],
  layout: Layout,
): ImportError | null {
  const message = String(error instanceof Error ? error.message : error);
  const line = /CSV Error on Line: (\d+)/.exec(message);
  if (!line) return null;
  const lineNumber = Number(line[1]);
  const convert = /Error when converting column "c(\d+)"\. Could not convert string "(.*?)" to/.exec(message);
  if (convert) {
    const index = Number(convert[1]);
    const what =
      index === layout.items
        ? 'a whole number of items (0 to 10,000,000)'
        : index === layout.adq
          ? 'an ADQ usage written as a decimal'
          : index === layout.quantity
            ? 'a quantity written as a decimal'
            : 'an amount in pounds written as a decimal';
    return new ImportError({
      code: 'invalid_value',
      file,
      line: lineNumber,
      column: names[index] ?? `column ${index + 1}`,
      expected: what,
      found: convert[2]!,
    });
  }
  return null;
}
