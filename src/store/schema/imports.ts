// Import batches and rejections (migrations 001, 014, src/app/import/).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { NullableNumber, NullableText, StampedByDatabase } from './columns.ts';

export interface ImportBatchTable {
  id: Generated<number>;
  file_name: string;
  /** sha256 hex of the raw file bytes as stored (of the .zip/.gz itself). */
  checksum: string;
  format: string;
  publisher: string;
  period: NullableText;
  rows_read: ColumnType<number, number | undefined, number>;
  facts_written: ColumnType<number, number | undefined, number>;
  rows_skipped: ColumnType<number, number | undefined, number>;
  /** Rows refused while the rest of the file was kept (each in import_row_rejection, up to a cap). */
  rows_rejected: ColumnType<number, number | undefined, number>;
  imported_at: StampedByDatabase;
  imported_by: string;
}

/** Written outside the failed import's transaction, so the rejection survives its rollback. */
export interface ImportRejectionTable {
  id: Generated<number>;
  file_name: string;
  checksum: string;
  format: NullableText;
  message: string;
  line: NullableNumber;
  column_name: NullableText;
  attempted_at: StampedByDatabase;
  attempted_by: string;
}

/** A row the import refused while keeping the rest of the file: shown on the import page. */
export interface ImportRowRejectionTable {
  id: Generated<number>;
  batch_id: number;
  /** The part: `file.csv` or `archive.zip!entry.csv`. */
  file_name: string;
  line: NullableNumber;
  column_name: NullableText;
  value: NullableText;
  /** The ImportError code, e.g. `register_exceeds_list`. */
  code: string;
  message: string;
}

/** Import batches and what the importer refused (migration 001). */
export interface ImportTables {
  import_batch: ImportBatchTable;
  import_rejection: ImportRejectionTable;
  import_row_rejection: ImportRowRejectionTable;
}

export type ImportBatch = Selectable<ImportBatchTable>;
export type NewImportBatch = Insertable<ImportBatchTable>;
export type ImportBatchUpdate = Updateable<ImportBatchTable>;
export type ImportRejection = Selectable<ImportRejectionTable>;
export type ImportRowRejection = Selectable<ImportRowRejectionTable>;
export type NewImportRejection = Insertable<ImportRejectionTable>;
