// Rows a reader refused while keeping the rest of the file (a QOF register larger than its list, a
// practice no file names under --require-known-practices' lenient mode…) are kept with the import
// that refused them, so the import page can show each one with its file, line, column, value and
// reason long after the command line's output has scrolled away. The readers keep the first
// REFUSED_ROWS_KEPT of each part and count the rest.

import type { Kysely } from 'kysely';
import type { PartSummary } from '../../ingest/reader.ts';
import type { Database } from '../../store/schema.ts';

/** Writes the refused rows of an import's parts; returns how many rows were refused in all. */
export async function keepRefusedRows(
  db: Kysely<Database>,
  batchId: number,
  parts: readonly PartSummary[],
): Promise<number> {
  const rows = parts.flatMap((part) =>
    part.rejections.map((e) => ({
      batch_id: batchId,
      file_name: e.file,
      line: e.line,
      column_name: e.column,
      value: e.found,
      code: e.code,
      message: e.message,
    })),
  );
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('import_row_rejection')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
  return parts.reduce((n, p) => n + p.rowsRejected, 0);
}
