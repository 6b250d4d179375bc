// Reading a prescribing month (EPD or legacy PDPI, as .csv, .csv.gz or .zip) and summing it on the
// way in to month × practice × BNF presentation: items, quantity (TOTAL_QUANTITY: the pack-size
// rows of one presentation add up), ADQ usage, net ingredient cost and actual cost.
//
// Memory is bounded whatever the file's size: the sums are held for at most `maxGroups` groups and
// then handed on (`groups`), and the caller adds each handed-on group into what it has stored
// (an upsert that sums). EPD files come sorted by practice, and a hand-over keeps back the practice
// being read, so a group is split across two hand-overs only in an unsorted file; then the sum in the
// store is still right. The scanner and the number parsing work on bytes: a national month is 17–18
// million rows. Beside this file: the layouts (prescribing-layout.ts), the numbers read from bytes
// (prescribing-numbers.ts), the running sums (prescribing-group-sums.ts), and DuckDB as the engine
// for .csv and .csv.gz EPD months (prescribing-duckdb.ts).
//
// What is skipped (counted, with the reason): rows of the "unidentified prescriber" cost centres
// (PRACTICE_CODE ending 998, or `-`), as OpenPrescribing does. Every other code is kept, whether
// or not ODS knows it: the import reports those it does not.
//
// Errors name the file, line and column (ImportError): a malformed month, BNF code or number
// rejects the file, as every import does.

import { bnfParts, chapterName, isBnfCode } from '../domain/prescribing/bnf.ts';
import { type CsvRow, CsvScanner } from './csv-scanner.ts';
import { FieldReader } from './fields.ts';
import { ImportError } from './import-error.ts';
import { GroupSums, type PrescribingGroups } from './prescribing-group-sums.ts';
import { type Layout, parseMonth, prescribingLayout } from './prescribing-layout.ts';
import { numberAt, wholeAt } from './prescribing-numbers.ts';
import type { ReadProgress } from './reader.ts';
import { Tally } from './reader.ts';
import { type Container, openSource } from './source.ts';

/** Summed rows, column by column (index i across the arrays is one group). */
export type { PrescribingGroups } from './prescribing-group-sums.ts';

export interface Presentation {
  code: string;
  name: string | null;
  chemicalCode: string;
  chemicalName: string | null;
  paragraphCode: string;
  sectionCode: string;
  chapterCode: string;
  chapterName: string | null;
}

export interface PrescribingReadOptions {
  /** Read as this format instead of detecting it. */
  format?: 'epd' | 'pdpi';
  /**
   * Who reads and sums: 'auto' (the default) lets DuckDB read .csv and .csv.gz EPD files
   * (src/ingest/prescribing-duckdb.ts) and this module's JS reader everything else, or whatever
   * DuckDB cannot; 'js' always uses the JS reader. FAIRVIEW_PRESCRIBING_ENGINE=js sets the default.
   */
  engine?: 'auto' | 'js';
  /**
   * When DuckDB reads the file: write the groups to this file instead of handing them on, as CSV
   * (no header) with the columns month ('YYYY-MM-01'), practice, BNF code, items, quantity, ADQ
   * (empty for none), NIC, actual cost — ready for COPY … (format csv). `summary.groupsFile` then
   * names it and `groups` yields nothing. The JS reader ignores this and hands the groups on.
   */
  groupsFile?: string;
  /** Groups held before they are handed on (default 100,000 ≈ 20 MB). */
  maxGroups?: number;
  onProgress?: (progress: ReadProgress) => void;
}

export interface PrescribingSummary {
  fileName: string;
  container: Container | null;
  sizeBytes: number;
  checksum: string | null;
  format: 'epd' | 'pdpi' | null;
  /** Every month the file holds, 'YYYY-MM-01', in order of first appearance. */
  months: string[];
  rowsRead: number;
  rowsSkipped: number;
  skipReasons: Record<string, number>;
  /**
   * Groups handed on. The JS reader keeps a practice's groups together, so in a file sorted by
   * practice each group is handed on once; an unsorted file can split a group across two hand-overs
   * (the store sums them) and then it counts twice.
   */
  groupsYielded: number;
  /** Every BNF presentation seen, with the names the file gives and the parts of its code. */
  presentations: Map<string, Presentation>;
  /** Which engine read the file (known once `groups` has been read). */
  engine: 'duckdb' | 'js';
  /** Why the JS reader read a file DuckDB was asked to (null when DuckDB read it or was not asked). */
  engineNote: string | null;
  /**
   * DuckDB reads the file itself, so no checksum is taken on the way: instead, true when the file's
   * size and modification time were the same after the read as before it.
   */
  unchanged: boolean | null;
  /** The file DuckDB wrote the groups to (options.groupsFile), or null when they were handed on. */
  groupsFile: string | null;
}

export interface PrescribingReading {
  /** Single pass. Throws an ImportError on the first problem. */
  groups: AsyncIterable<PrescribingGroups>;
  /** Complete once `groups` has been read to the end. */
  summary: PrescribingSummary;
}

const DEFAULT_MAX_GROUPS = 100_000;

export function readPrescribing(path: string, options: PrescribingReadOptions = {}): PrescribingReading {
  const summary: PrescribingSummary = {
    fileName: path.split(/[\\/]/).pop() ?? path,
    container: null,
    sizeBytes: 0,
    checksum: null,
    format: null,
    months: [],
    rowsRead: 0,
    rowsSkipped: 0,
    skipReasons: {},
    groupsYielded: 0,
    presentations: new Map(),
    engine: 'js',
    engineNote: null,
    unchanged: null,
    groupsFile: null,
  };
  return { groups: chooseEngine(path, options, summary), summary };
}

async function* chooseEngine(
  path: string,
  options: PrescribingReadOptions,
  summary: PrescribingSummary,
): AsyncGenerator<PrescribingGroups> {
  const engine = options.engine ?? (process.env.FAIRVIEW_PRESCRIBING_ENGINE === 'js' ? 'js' : 'auto');
  if (engine === 'auto') {
    const { duckdbGroups } = await import('./prescribing-duckdb.ts');
    const outcome = yield* duckdbGroups(path, options, summary, options.maxGroups ?? DEFAULT_MAX_GROUPS);
    if (outcome === null) return;
    summary.engineNote = outcome.fallback;
  }
  yield* readGroups(path, options, summary);
}

async function* readGroups(
  path: string,
  options: PrescribingReadOptions,
  summary: PrescribingSummary,
): AsyncGenerator<PrescribingGroups> {
  const source = await openSource(path);
  summary.fileName = source.fileName;
  summary.container = source.container;
  summary.sizeBytes = source.sizeBytes;
  const maxGroups = options.maxGroups ?? DEFAULT_MAX_GROUPS;
  const sums = new GroupSums();
  const tally = new Tally();
  for await (const entry of source.entries()) {
    const part = new PrescribingPart(entry.displayName, options, sums, tally, summary);
    for await (const chunk of entry.chunks) {
      part.scanner.push(chunk);
      if (sums.size >= maxGroups) {
        const groups = sums.take(true);
        summary.groupsYielded += groups.month.length;
        yield groups;
      }
      options.onProgress?.({
        bytesRead: source.bytesRead(),
        totalBytes: source.sizeBytes,
        rowsRead: tally.rowsRead,
      });
    }
    part.end();
  }
  if (sums.size > 0) {
    const groups = sums.take();
    summary.groupsYielded += groups.month.length;
    yield groups;
  }
  summary.rowsRead = tally.rowsRead;
  summary.rowsSkipped = tally.rowsSkipped;
  summary.skipReasons = tally.skipReasons;
  summary.checksum = source.checksum();
}

/** One CSV of the file (the file itself, or one zip entry). */
class PrescribingPart {
  readonly scanner: CsvScanner;
  private layout: Layout | null = null;
  private fields: FieldReader | null = null;
  private fieldCount = 0;
  private shortRow: ImportError | null = null;
  private lastMonthText = '';
  private lastMonth = '';
  private lastMonthKey = '';
  /** BNF codes already validated and named (every presentation of the file, ~20,000 nationally). */
  private readonly checkedCodes: Map<string, Presentation>;

  constructor(
    private readonly file: string,
    private readonly options: PrescribingReadOptions,
    private readonly sums: GroupSums,
    private readonly tally: Tally,
    private readonly summary: PrescribingSummary,
  ) {
    this.scanner = new CsvScanner(file, (row) => this.onRow(row));
    this.checkedCodes = summary.presentations;
  }

  end(): void {
    this.scanner.end();
    if (this.shortRow) {
      throw new ImportError(
        {
          code: 'truncated',
          file: this.file,
          line: this.shortRow.line,
          column: null,
          expected: this.shortRow.expected,
          found: this.shortRow.found,
        },
        'the last row is incomplete: the file looks truncated',
      );
    }
    if (this.layout === null) {
      throw new ImportError({
        code: 'unknown_format',
        file: this.file,
        line: null,
        column: null,
        expected: 'a header row and data',
        found: 'an empty file',
      });
    }
  }

  private onRow(row: CsvRow): void {
    if (this.layout === null) {
      this.start(row);
      return;
    }
    if (this.shortRow) throw this.shortRow;
    if (row.length !== this.fieldCount) {
      const error = new ImportError({
        code: 'wrong_field_count',
        file: this.file,
        line: row.line,
        column: null,
        expected: `${this.fieldCount} fields as in the header`,
        found: `${row.length} fields`,
      });
      if (row.length > this.fieldCount) throw error;
      this.shortRow = error;
      return;
    }
    this.tally.rowsRead++;
    this.read(row, this.layout, this.fields!);
  }

  private start(header: CsvRow): void {
    const names = header.texts();
    const { id, layout } = prescribingLayout(
      this.file,
      names,
      header,
      this.options.format,
      this.summary.format,
    );
    this.summary.format = id;
    this.layout = layout;
    this.fields = new FieldReader(this.file, names);
    this.scanner.columnNames = names;
    this.fieldCount = header.length;
  }

  private read(row: CsvRow, l: Layout, fields: FieldReader): void {
    const practice = row.text(l.practice);
    if (practice === '') throw fields.error(row, l.practice, 'invalid_value', 'a practice code', '');
    if (practice === '-' || practice.endsWith('998')) {
      this.tally.skip('unidentified prescriber (code ending 998, or -)');
      return;
    }
    if (practice.length > 12) throw fields.error(row, l.practice, 'invalid_value', 'a practice code');
    const bnf = row.text(l.bnf);
    if (!isBnfCode(bnf)) {
      throw fields.error(
        row,
        l.bnf,
        'invalid_value',
        'a BNF code (9 to 15 letters and digits, two digits first)',
      );
    }
    const monthText = row.text(l.month);
    if (monthText !== this.lastMonthText) this.newMonth(row, l, fields, monthText);
    const items = wholeAt(row, l.items);
    if (items === null || items > 10_000_000) {
      throw fields.error(row, l.items, 'invalid_value', 'a whole number of items (0 to 10,000,000)');
    }
    const quantity = numberAt(row, l.quantity, fields, 'a quantity');
    const adq = l.adq === null || row.isBlank(l.adq) ? null : numberAt(row, l.adq, fields, 'an ADQ usage');
    const nic = numberAt(row, l.nic, fields, 'an amount in pounds');
    const cost = numberAt(row, l.cost, fields, 'an amount in pounds');
    // A code already summed in this piece was checked and noted when first seen.
    const known = this.checkedCodes.has(bnf);
    if (!known) {
      if (!isBnfCode(bnf)) {
        throw fields.error(
          row,
          l.bnf,
          'invalid_value',
          'a BNF code (9 to 15 letters and digits, two digits first)',
        );
      }
    }
    const isNew = this.sums.add(
      this.lastMonthKey,
      this.lastMonth,
      practice,
      bnf,
      items,
      quantity,
      adq,
      nic,
      cost,
    );
    if (isNew || !known) this.notePresentation(row, l, bnf);
  }

  private newMonth(row: CsvRow, l: Layout, fields: FieldReader, text: string): void {
    const month = parseMonth(text);
    if (month === null) {
      throw fields.error(row, l.month, 'invalid_value', 'a month written YYYYMM (or YYYY_MM, YYYY-MM)');
    }
    let at = this.summary.months.indexOf(month);
    if (at < 0) {
      at = this.summary.months.length;
      this.summary.months.push(month);
    }
    this.lastMonthText = text;
    this.lastMonth = month;
    this.lastMonthKey = String.fromCharCode(0xe000 + at);
  }

  private notePresentation(row: CsvRow, l: Layout, bnf: string): void {
    const known = this.summary.presentations.get(bnf);
    if (known && known.name !== null && (known.chemicalName !== null || l.chemicalName === null)) return;
    const name = optional(row, l.name);
    const chemicalName = optional(row, l.chemicalName);
    const chapter = chapterName(optional(row, l.chapter));
    if (known) {
      known.name ??= name;
      known.chemicalName ??= chemicalName;
      known.chapterName ??= chapter;
      return;
    }
    const parts = bnfParts(bnf);
    this.summary.presentations.set(bnf, {
      code: bnf,
      name,
      chemicalCode: parts.chemical,
      chemicalName,
      paragraphCode: parts.paragraph,
      sectionCode: parts.section,
      chapterCode: parts.chapter,
      chapterName: chapter,
    });
  }
}

function optional(row: CsvRow, index: number | null): string | null {
  if (index === null || row.isBlank(index)) return null;
  const text = row.text(index).trim();
  return text === '' ? null : text;
}
