// Reading a file end to end: open it (.csv, .csv.gz, .zip), scan each CSV, detect its format from
// the first row, hand every row to the format's reader, and stream out the facts. Nothing here
// touches the database: checks that need it (is this practice code known?) belong to the import
// use case, which sees every record before writing it.

import { isGpAreaType } from '../domain/indicators/fingertips.ts';
import type { FactRecord, ImportFormat } from '../domain/records.ts';
import { type CsvRow, CsvScanner } from './csv-scanner.ts';
import { detectFormatFromHeader, unknownFormat } from './detect.ts';
import { Columns, FieldReader } from './fields.ts';
import { describeFormat, formatDefinition } from './formats.ts';
import { ImportError } from './import-error.ts';
import type { FormatDefinition, FormatReader, PartSummary, ReadOptions } from './reader.ts';
import { Tally } from './reader.ts';
import { type Container, openSource, type SourceEntry } from './source.ts';

export interface ReadSummary {
  path: string;
  fileName: string;
  container: Container | null;
  sizeBytes: number;
  /** sha256 hex of the raw file bytes; null until the file has been read to the end. */
  checksum: string | null;
  /** One per CSV read (a zip may hold several). */
  parts: PartSummary[];
  rowsRead: number;
  rowsSkipped: number;
  rowsRejected: number;
  factsYielded: number;
}

/** Facts with where each came from: the part (`file.csv`, `archive.zip!entry.csv`) and the line. */
export interface LocatedBatch {
  file: string;
  records: FactRecord[];
  /** `lines[i]` is the 1-based line of the row `records[i]` was read from. */
  lines: number[];
}

export interface ImportReading {
  /**
   * The facts, one at a time. Single pass: iterate one of `records`, `batches` or `located`, once.
   * Throws an ImportError on the first fatal problem.
   */
  records: AsyncIterable<FactRecord>;
  /** The same facts in arrays (one per chunk of the file, about 256 KB of CSV): the fast path. */
  batches: AsyncIterable<FactRecord[]>;
  /** The same arrays with the line of each fact, for errors found after reading (the database's). */
  located: AsyncIterable<LocatedBatch>;
  /** Filled in as the records are read; complete once the iteration has finished. */
  summary: ReadSummary;
}

/** Reads a file as a stream of facts, with a summary that fills in as it goes. */
export function readImport(path: string, options: ReadOptions = {}): ImportReading {
  const summary: ReadSummary = {
    path,
    fileName: path.split(/[\\/]/).pop() ?? path,
    container: null,
    sizeBytes: 0,
    checksum: null,
    parts: [],
    rowsRead: 0,
    rowsSkipped: 0,
    rowsRejected: 0,
    factsYielded: 0,
  };
  const located = readBatches(path, options, summary);
  const batches = recordsOf(located);
  return { records: flatten(batches), batches, located, summary };
}

async function* recordsOf(located: AsyncIterable<LocatedBatch>): AsyncGenerator<FactRecord[]> {
  for await (const batch of located) yield batch.records;
}

/** One fact at a time from the batches, without an async generator's cost per item. */
function flatten(batches: AsyncIterable<FactRecord[]>): AsyncIterable<FactRecord> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<FactRecord> {
      const source = batches[Symbol.asyncIterator]();
      let batch: FactRecord[] = [];
      let index = 0;
      return {
        async next(): Promise<IteratorResult<FactRecord>> {
          while (index >= batch.length) {
            const step = await source.next();
            if (step.done) return { value: undefined, done: true };
            batch = step.value;
            index = 0;
          }
          return { value: batch[index++]!, done: false };
        },
        async return(): Promise<IteratorResult<FactRecord>> {
          await source.return?.();
          return { value: undefined, done: true };
        },
      };
    },
  };
}

/** The facts of a file, when the counts are not needed. */
export function readFile(path: string, options: ReadOptions = {}): AsyncIterable<FactRecord> {
  return readImport(path, options).records;
}

async function* readBatches(
  path: string,
  options: ReadOptions,
  summary: ReadSummary,
): AsyncGenerator<LocatedBatch> {
  const source = await openSource(path);
  summary.fileName = source.fileName;
  summary.container = source.container;
  summary.sizeBytes = source.sizeBytes;
  for await (const entry of source.entries()) {
    const part = new PartReading(entry, options);
    for await (const chunk of entry.chunks) {
      part.scanner.push(chunk);
      const batch = part.drain();
      if (batch.records.length > 0) yield batch;
      options.onProgress?.({
        bytesRead: source.bytesRead(),
        totalBytes: source.sizeBytes,
        rowsRead: summary.rowsRead + part.tally.rowsRead,
      });
    }
    part.end();
    const last = part.drain();
    if (last.records.length > 0) yield last;
    const partSummary = part.summary();
    summary.parts.push(partSummary);
    summary.rowsRead += partSummary.rowsRead;
    summary.rowsSkipped += partSummary.rowsSkipped;
    summary.rowsRejected += partSummary.rowsRejected;
    summary.factsYielded += partSummary.factsYielded;
  }
  summary.checksum = source.checksum();
}

/** One CSV being read: scanner → detection → reader → pending records. */
class PartReading {
  readonly scanner: CsvScanner;
  readonly tally = new Tally();
  private format: FormatDefinition | null = null;
  private reader: FormatReader | null = null;
  private fieldCount = 0;
  private pending: FactRecord[] = [];
  private pendingLines: number[] = [];
  /** The row being read: the line facts are attributed to unless the reader names another. */
  private currentLine = 0;
  private shortRow: ImportError | null = null;
  private readonly file: string;
  private readonly describedPractices = new Set<string>();
  private practiceColumn: string | null = null;

  constructor(
    private readonly entry: SourceEntry,
    private readonly options: ReadOptions,
  ) {
    this.file = entry.displayName;
    this.scanner = new CsvScanner(this.file, (row) => this.onRow(row));
  }

  drain(): LocatedBatch {
    const out = { file: this.file, records: this.pending, lines: this.pendingLines };
    this.pending = [];
    this.pendingLines = [];
    return out;
  }

  end(): void {
    this.scanner.end();
    if (this.shortRow) throw truncatedRow(this.shortRow);
    if (this.reader === null) {
      throw new ImportError({
        code: 'unknown_format',
        file: this.file,
        line: null,
        column: null,
        expected: 'a header row and data',
        found: 'an empty file',
      });
    }
    this.reader.finish();
  }

  summary(): PartSummary {
    const t = this.tally;
    return {
      file: this.file,
      format: describeFormat(this.format!),
      period: this.reader?.period() ?? null,
      rowsRead: t.rowsRead,
      rowsSkipped: t.rowsSkipped,
      skipReasons: t.skipReasons,
      notes: t.notes,
      rowsRejected: t.rowsRejected,
      rejections: t.rejections,
      factsYielded: t.factsYielded,
      windows1252Fields: this.scanner.fallbackFields,
    };
  }

  private onRow(row: CsvRow): void {
    if (this.reader === null) {
      this.start(row);
      return;
    }
    // A short row followed by another row is a malformed row; at the very end, a truncated file.
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
    this.currentLine = row.line;
    const before = this.pending.length;
    this.reader.row(row);
    if (this.options.isKnownPractice && this.pending.length > before) this.checkPractices(row, before);
  }

  /** Refuses the row's facts if they belong to a practice neither the store nor this file knows. */
  private checkPractices(row: CsvRow, from: number): void {
    const isKnown = this.options.isKnownPractice!;
    for (let i = from; i < this.pending.length; i++) {
      const record = this.pending[i]!;
      if (record.kind === 'organisation' && record.organisationKind === 'practice') {
        this.describedPractices.add(record.code);
        continue;
      }
      // An indicator's value for a practice is kept or refused by the import's own check
      // (app/import/practice-codes.ts), which may add the practice by its code; here only the facts
      // that need their practice to exist already.
      if (record.kind === 'indicator_value') continue;
      const code = practiceCodeOf(record);
      if (code === null || this.describedPractices.has(code) || isKnown(code)) continue;
      const error = new ImportError({
        code: 'unknown_practice',
        file: this.file,
        line: row.line,
        column: this.practiceColumn,
        expected: 'the code of a practice known to Fairview (import an organisation file first)',
        found: code,
      });
      if (this.options.strict) throw error;
      this.tally.factsYielded -= this.pending.length - from;
      this.pending.length = from;
      this.pendingLines.length = from;
      this.tally.reject(error);
      return;
    }
  }

  private start(first: CsvRow): void {
    const texts = first.texts();
    let format: FormatDefinition;
    let hasHeader: boolean;
    if (this.options.format) {
      format = formatDefinition(this.options.format);
      hasHeader = format.detection.by === 'header';
    } else {
      ({ format, hasHeader } = detectFormatFromHeader(this.file, texts, first));
    }
    this.format = format;
    if (format.invalidUtf8) this.scanner.invalidUtf8 = format.invalidUtf8;
    const names = hasHeader ? texts : null;
    const columns = names ? new Columns(this.file, names) : null;
    if (names) this.scanner.columnNames = names;
    this.practiceColumn = columns ? practiceColumnOf(columns) : null;
    const fields = new FieldReader(this.file, names ?? headerlessNames(format, first.length));
    if (!names) this.scanner.columnNames = fields.names;
    this.fieldCount = first.length;
    const tally = this.tally;
    const part = this;
    this.reader = format.create({
      file: this.file,
      entryName: this.entry.name,
      columns,
      fields,
      options: this.options,
      tally,
      emit(record, line) {
        tally.factsYielded++;
        part.pending.push(record);
        part.pendingLines.push(line ?? part.currentLine);
      },
    });
    if (!hasHeader) {
      this.tally.rowsRead++;
      this.currentLine = first.line;
      this.reader.row(first);
    }
  }
}

const PRACTICE_COLUMNS = ['PRACTICE_CODE', 'ORG_CODE', 'Practice Code', 'Area Code', 'AreaCode'];

function practiceColumnOf(columns: Columns): string | null {
  const index = columns.optional(...PRACTICE_COLUMNS);
  return index === null ? null : (columns.names[index] ?? null);
}

/** The practice code a fact is about, when it is about one practice (the one definition: the import's checks use it too). */
export function practiceCodeOf(record: FactRecord): string | null {
  switch (record.kind) {
    case 'list_size':
    case 'population':
    case 'qof_prevalence':
    case 'qof_achievement':
    case 'imd_score':
    case 'payment':
    case 'list_figure':
      return record.practiceCode;
    case 'organisation':
      return record.organisationKind === 'practice' ? record.code : null;
    case 'indicator_value':
      return isGpAreaType(record.areaType) ? record.areaCode : null;
    default:
      return null;
  }
}

function headerlessNames(format: FormatDefinition, count: number): string[] {
  return Array.from({ length: count }, (_, i) => format.columnNames?.[i] ?? `column ${i + 1}`);
}

function truncatedRow(error: ImportError): ImportError {
  return new ImportError(
    {
      code: 'truncated',
      file: error.file,
      line: error.line,
      column: null,
      expected: error.expected,
      found: error.found,
    },
    'the last row is incomplete: the file looks truncated',
  );
}

export interface DetectedPart {
  /** `file.csv` or `archive.zip!entry.csv`. */
  file: string;
  format: ImportFormat;
}

/** The format of each CSV in a file, from its first row only (the rest is not read). */
export async function detectFile(path: string): Promise<DetectedPart[]> {
  const source = await openSource(path);
  const parts: DetectedPart[] = [];
  for await (const entry of source.entries()) {
    let first: string[] | null = null;
    let detected: FormatDefinition | null = null;
    const scanner = new CsvScanner(entry.displayName, (row) => {
      if (first !== null) return;
      first = row.texts();
      detected = detectFormatFromHeader(entry.displayName, first, row).format;
      scanner.invalidUtf8 = 'windows-1252'; // the rest of the chunk is scanned but not judged here
    });
    for await (const chunk of entry.chunks) {
      scanner.push(chunk);
      if (first !== null) break;
    }
    if (first === null) scanner.end();
    if (detected === null) throw unknownFormat(entry.displayName, first ?? []);
    parts.push({ file: entry.displayName, format: describeFormat(detected) });
  }
  return parts;
}
