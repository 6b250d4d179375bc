// Reading a prescribing month (EPD or legacy PDPI, as .csv, .csv.gz or .zip) and summing it on the
// way in to month × practice × BNF presentation: items, quantity (TOTAL_QUANTITY: the pack-size
// rows of one presentation add up), ADQ usage, net ingredient cost and actual cost.
//
// Memory is bounded whatever the file's size: the sums are held for at most `maxGroups` groups and
// then handed on (`groups`), and the caller adds each handed-on group into what it has stored
// (an upsert that sums). EPD files come sorted by practice, and a hand-over keeps back the practice
// being read, so a group is split across two hand-overs only in an unsorted file; then the sum in the
// store is still right. The scanner and the number
// parsing work on bytes: a national month is 17–18 million rows.
//
// What is skipped (counted, with the reason): rows of the "unidentified prescriber" cost centres
// (PRACTICE_CODE ending 998, or `-`), as OpenPrescribing does. Every other code is kept, whether
// or not ODS knows it: the import reports those it does not.
//
// Errors name the file, line and column (ImportError): a malformed month, BNF code or number
// rejects the file, as every import does.

import { bnfParts, chapterName, isBnfCode } from '../domain/prescribing/bnf.ts';
import { type CsvRow, CsvScanner } from './csv-scanner.ts';
import { detectFormatFromHeader } from './detect.ts';
import { Columns, FieldReader } from './fields.ts';
import { formatDefinition } from './formats.ts';
import { ImportError } from './import-error.ts';
import type { ReadProgress } from './reader.ts';
import { Tally } from './reader.ts';
import { isPrescribingFormat } from './readers/prescribing-formats.ts';
import { type Container, openSource } from './source.ts';

/** Summed rows, column by column (index i across the arrays is one group). */
export interface PrescribingGroups {
  /** 'YYYY-MM-01'. */
  month: string[];
  practice: string[];
  bnf: string[];
  items: number[];
  quantity: number[];
  /** Null when no row of the group had an ADQ. */
  adq: (number | null)[];
  nic: number[];
  cost: number[];
}

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

/**
 * The running sums: a map from key to index, and one growing array per column. A hand-over keeps back
 * the groups of the practice being read (the last run of new groups with one month and practice), so
 * that in a file sorted by practice, as NHSBSA publishes, no group is split across two hand-overs and
 * the groups handed on are each whole (and counted once).
 */
class GroupSums {
  private index = new Map<string, number>();
  private groups = emptyGroups();
  /** Where the current month × practice's run of groups starts, and its key. */
  private runStart = 0;
  private runKey = '';

  get size(): number {
    return this.groups.month.length;
  }

  add(
    monthKey: string,
    month: string,
    practice: string,
    bnf: string,
    items: number,
    quantity: number,
    adq: number | null,
    nic: number,
    cost: number,
  ): boolean {
    const key = `${monthKey}${practice}|${bnf}`;
    const g = this.groups;
    const at = this.index.get(key);
    if (at === undefined) {
      const run = `${monthKey}${practice}`;
      if (run !== this.runKey) {
        this.runKey = run;
        this.runStart = g.month.length;
      }
      this.index.set(key, g.month.length);
      g.month.push(month);
      g.practice.push(practice);
      g.bnf.push(bnf);
      g.items.push(items);
      g.quantity.push(quantity);
      g.adq.push(adq);
      g.nic.push(nic);
      g.cost.push(cost);
      return true;
    }
    g.items[at]! += items;
    g.quantity[at]! += quantity;
    if (adq !== null) g.adq[at] = (g.adq[at] ?? 0) + adq;
    g.nic[at]! += nic;
    g.cost[at]! += cost;
    return false;
  }

  /**
   * Hands over the groups held. With `keepRun`, the current practice's groups are kept back (unless
   * they are more than half of what is held: then memory wins and they are split).
   */
  take(keepRun = false): PrescribingGroups {
    const out = this.groups;
    const start = this.runStart;
    if (!keepRun || start === 0 || out.month.length - start > out.month.length / 2) {
      this.groups = emptyGroups();
      this.index = new Map();
      this.runStart = 0;
      this.runKey = '';
      return out;
    }
    const kept = emptyGroups();
    for (const column of Object.keys(kept) as (keyof PrescribingGroups)[]) {
      (kept[column] as unknown[]) = out[column].slice(start);
      out[column].length = start;
    }
    const index = new Map<string, number>();
    for (const [key, at] of this.index) if (at >= start) index.set(key, at - start);
    this.groups = kept;
    this.index = index;
    this.runStart = 0;
    return out;
  }
}

function emptyGroups(): PrescribingGroups {
  return { month: [], practice: [], bnf: [], items: [], quantity: [], adq: [], nic: [], cost: [] };
}

export interface Layout {
  format: 'epd' | 'pdpi';
  month: number;
  practice: number;
  bnf: number;
  name: number | null;
  chemicalName: number | null;
  chapter: number | null;
  items: number;
  quantity: number;
  adq: number | null;
  nic: number;
  cost: number;
}

function layoutOf(format: 'epd' | 'pdpi', columns: Columns): Layout {
  if (format === 'epd') {
    return {
      format,
      month: columns.require('YEAR_MONTH'),
      practice: columns.require('PRACTICE_CODE'),
      bnf: columns.require('BNF_CODE'),
      name: columns.optional('BNF_DESCRIPTION'),
      chemicalName: columns.optional('CHEMICAL_SUBSTANCE_BNF_DESCR'),
      chapter: columns.optional('BNF_CHAPTER_PLUS_CODE'),
      items: columns.require('ITEMS'),
      quantity: columns.require('TOTAL_QUANTITY'),
      adq: columns.optional('ADQUSAGE', 'ADQ_USAGE'),
      nic: columns.require('NIC'),
      cost: columns.require('ACTUAL_COST'),
    };
  }
  return {
    format,
    month: columns.require('PERIOD'),
    practice: columns.require('PRACTICE'),
    bnf: columns.require('BNF CODE'),
    name: columns.optional('BNF NAME'),
    chemicalName: null,
    chapter: null,
    items: columns.require('ITEMS'),
    quantity: columns.require('QUANTITY'),
    adq: null,
    nic: columns.require('NIC'),
    cost: columns.require('ACT COST'),
  };
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

/**
 * Which prescribing layout a header is (detected, or `forced`), with the position of every column
 * the sums need. `previous` is the layout of the file's earlier parts (a zip of several months):
 * every part must have the same. Throws the ImportError a person can act on.
 */
export function prescribingLayout(
  file: string,
  names: string[],
  header: CsvRow | undefined,
  forced: 'epd' | 'pdpi' | undefined,
  previous: 'epd' | 'pdpi' | null,
): { id: 'epd' | 'pdpi'; layout: Layout } {
  let id: 'epd' | 'pdpi';
  if (forced) id = forced;
  else {
    const detected = detectFormatFromHeader(file, names, header).format.id;
    if (!isPrescribingFormat(detected)) {
      throw new ImportError(
        {
          code: 'unknown_format',
          file,
          line: 1,
          column: null,
          expected: 'an English Prescribing Dataset or PDPI header',
          found: `${formatDefinition(detected).name}`,
        },
        'a prescribing file holds only prescribing parts',
      );
    }
    id = detected as 'epd' | 'pdpi';
  }
  if (previous !== null && previous !== id) {
    throw new ImportError({
      code: 'unknown_format',
      file,
      line: 1,
      column: null,
      expected: `the same layout as the other parts (${previous})`,
      found: id,
    });
  }
  return { id, layout: layoutOf(id, new Columns(file, names)) };
}

function optional(row: CsvRow, index: number | null): string | null {
  if (index === null || row.isBlank(index)) return null;
  const text = row.text(index).trim();
  return text === '' ? null : text;
}

const MONTH = /^(\d{4})[_-]?(\d{2})$/;

/** `201709`, `2017_09`, `2017-09` → `2017-09-01`; null when it is not a month of 1990–2099. */
export function parseMonth(text: string): string | null {
  const match = MONTH.exec(text.trim());
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (year < 1990 || year > 2099 || month < 1 || month > 12) return null;
  return `${match[1]}-${match[2]}-01`;
}

const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;
const MINUS = 0x2d;
const POWERS = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** A whole number written with digits (and possibly `.0…`), or null. Zero-padded `0000040` is 40. */
function wholeAt(row: CsvRow, index: number): number | null {
  const value = decimalAt(row, index);
  return value !== null && Number.isInteger(value) && value >= 0 ? value : null;
}

/**
 * A plain decimal read from the bytes: `-12.345`, `0000113.31`, `168.0`. The digits are read as one
 * integer and divided by a power of ten, which rounds exactly as `Number(text)` does while both are
 * exact (up to 15 significant digits); longer numerals go through Number. Null when not a decimal.
 */
function decimalAt(row: CsvRow, index: number): number | null {
  const buffer = row.buffer;
  let i = row.starts[index]!;
  const end = row.ends[index]!;
  if (i === end) return null;
  let negative = false;
  if (buffer[i] === MINUS) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  let sawDigit = false;
  for (; i < end; i++) {
    const b = buffer[i]!;
    if (b >= ZERO && b <= NINE) {
      sawDigit = true;
      mantissa = mantissa * 10 + (b - ZERO);
      if (mantissa > 0 || decimals >= 0) digits++;
      if (decimals >= 0) decimals++;
    } else if (b === DOT && decimals < 0) decimals = 0;
    else if ((b === LOWER_E || b === UPPER_E) && sawDigit) return exponential(row.text(index));
    else return null;
  }
  if (!sawDigit) return null;
  if (digits > 15 || decimals > 15) {
    const value = Number(row.text(index));
    return Number.isFinite(value) ? value : null;
  }
  const value = decimals > 0 ? mantissa / POWERS[decimals]! : mantissa;
  return negative ? -value : value;
}

const LOWER_E = 0x65;
const UPPER_E = 0x45;
const EXPONENTIAL = /^-?(\d+\.?\d*|\.\d+)[eE][-+]?\d{1,3}$/;

/**
 * `1.5e3`: NHSBSA does not write numbers so, but the value is unambiguous and DuckDB (the other
 * engine, prescribing-duckdb.ts) reads it, so the two engines accept the same numbers.
 */
function exponential(text: string): number | null {
  if (!EXPONENTIAL.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

const LARGEST = 1e12;

function numberAt(row: CsvRow, index: number, fields: FieldReader, what: string): number {
  if (row.isBlank(index)) throw fields.error(row, index, 'invalid_value', what, '');
  const value = decimalAt(row, index);
  if (value === null) throw fields.error(row, index, 'invalid_value', `${what} written as a decimal`);
  if (value > LARGEST || value < -LARGEST) {
    throw fields.error(row, index, 'implausible_value', `${what} between -10^12 and 10^12`);
  }
  return value;
}
