// What every format reader is given and must provide. A reader sees one row at a time (a CsvRow
// that is only valid during the call) and pushes the facts it finds through `emit`.

import type { FactRecord, ImportFormat } from '../domain/records.ts';
import type { CsvRow, InvalidUtf8Policy } from './csv-scanner.ts';
import type { Columns, FieldReader } from './fields.ts';
import type { ImportError } from './import-error.ts';

export interface ReadOptions {
  /** Use this format instead of detecting one. */
  format?: ImportFormat['id'];
  /**
   * The period when the file does not state it: a QOF / financial year (`2024-25`, `2425`) for
   * QOF and payment files, an extract date (`2023-12-01`) for epraccur and the legacy quarterly
   * lists. Overrides what would be taken from the file name; never overrides a date column.
   */
  period?: string;
  /**
   * Make row problems of plausibility or reference (a register larger than its list, an unknown
   * practice) reject the file. By default such a row is refused, counted and reported with its
   * line and column, and the rest of the file is kept.
   */
  strict?: boolean;
  /**
   * Is this practice code known (to the store)? Checked for every fact that belongs to a practice
   * (list size, population, QOF register, IMD score, payment) unless the same file has already
   * described that practice. Without this hook no such check is made: the reader has no database.
   */
  isKnownPractice?: (code: string) => boolean;
  /** Called after every chunk. */
  onProgress?: (progress: ReadProgress) => void;
}

export interface ReadProgress {
  /** Raw bytes read from disk (compressed bytes for .zip/.gz). */
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
}

/** Counts of one part (one CSV: the file itself, or one zip entry). */
export interface PartSummary {
  /** `file.csv`, or `archive.zip!entry.csv`. */
  file: string;
  format: ImportFormat;
  /** `2016-17`, `2026-07-01` …; null until known. */
  period: string | null;
  /** Data rows read (the header is not a row). */
  rowsRead: number;
  /** Rows deliberately left out (not GP practices, aggregates, blank registers…), by reason. */
  rowsSkipped: number;
  skipReasons: Record<string, number>;
  /** Rows kept but repaired or read leniently, by what was done. */
  notes: Record<string, number>;
  /** Rows refused for a data problem while the rest of the file was kept (see `strict`). */
  rowsRejected: number;
  /** The first REFUSED_ROWS_KEPT rejections, each with file, line, column and what was expected. */
  rejections: ImportError[];
  factsYielded: number;
  /** Text fields that were not UTF-8 and were read as Windows-1252 (allowed for a few formats). */
  windows1252Fields: number;
}

/** Refused rows kept (with their line, column and reason) per part; the rest are only counted. */
export const REFUSED_ROWS_KEPT = 1000;

export class Tally {
  rowsRead = 0;
  rowsSkipped = 0;
  rowsRejected = 0;
  factsYielded = 0;
  readonly skipReasons: Record<string, number> = {};
  readonly notes: Record<string, number> = {};
  readonly rejections: ImportError[] = [];

  skip(reason: string): void {
    this.rowsSkipped++;
    this.skipReasons[reason] = (this.skipReasons[reason] ?? 0) + 1;
  }

  note(what: string): void {
    this.notes[what] = (this.notes[what] ?? 0) + 1;
  }

  reject(error: ImportError): void {
    this.rowsRejected++;
    if (this.rejections.length < REFUSED_ROWS_KEPT) this.rejections.push(error);
  }
}

export interface ReaderContext {
  /** The name errors use. */
  file: string;
  /** The CSV's own file name (periods are read from it). */
  entryName: string;
  /** Null for headerless formats. */
  columns: Columns | null;
  fields: FieldReader;
  options: ReadOptions;
  tally: Tally;
  /** Yields a fact; `line` names its row when that is not the row being read (facts held back). */
  emit(record: FactRecord, line?: number): void;
}

export interface FormatReader {
  /** One data row. Throw an ImportError to reject the file; `tally.skip` / `tally.reject` to pass over a row. */
  row(row: CsvRow): void;
  /** After the last row: emit anything held back. */
  finish(): void;
  /** The period of this part, once known. */
  period(): string | null;
}

export interface FormatDefinition extends ImportFormat {
  /** Headerless formats: does this first row look like ours? */
  matchesShape?(row: CsvRow): boolean;
  /** Headerless formats: names for the fields, used in error messages. */
  columnNames?: readonly string[];
  /** Formats whose real published files are not all UTF-8. */
  invalidUtf8?: InvalidUtf8Policy;
  create(context: ReaderContext): FormatReader;
}
