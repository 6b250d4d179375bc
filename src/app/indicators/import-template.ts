// Adds (or revises) local indicators from a Fairview indicator template: one transaction records the
// import batch (lineage: file name, checksum, who), saves each definition (a new version only if it
// changed) and replaces that indicator's local values. The same file twice is recognised by its
// checksum and changes nothing.
import type { Store } from '../../store/database.ts';
import { insertRows } from '../../store/insert-rows.ts';
import { writeAudit } from '../auth/audit.ts';
import { type SavedIndicator, saveIndicator } from './catalogue.ts';
import { readIndicatorTemplate } from './template-reader.ts';

export const TEMPLATE_FORMAT = 'fairview-indicator-template';

export interface TemplateImport {
  /** False when a file with the same checksum was imported before. */
  imported: boolean;
  batchId: number;
  indicators: SavedIndicator[];
  valuesWritten: number;
}

/** Throws TemplateError (every problem with file, line and column) for a bad file. */
export async function importIndicatorTemplate(
  store: Store,
  path: string,
  actor: string,
  now: Date,
): Promise<TemplateImport> {
  const reading = await readIndicatorTemplate(path);
  return store.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('import_batch')
      .select('id')
      .where('checksum', '=', reading.checksum)
      .executeTakeFirst();
    if (existing) return { imported: false, batchId: existing.id, indicators: [], valuesWritten: 0 };
    const valueCount = reading.indicators.reduce((n, i) => n + i.values.length, 0);
    const batch = await trx
      .insertInto('import_batch')
      .values({
        file_name: reading.fileName,
        checksum: reading.checksum,
        format: TEMPLATE_FORMAT,
        publisher: 'local (Fairview indicator template)',
        period: null,
        rows_read: reading.rowsRead,
        facts_written: valueCount,
        rows_skipped: 0,
        imported_by: actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const indicators: SavedIndicator[] = [];
    let valuesWritten = 0;
    for (const { definition, values } of reading.indicators) {
      indicators.push(await saveIndicator(trx, definition, actor, now));
      // The file is the indicator's whole series: values it no longer carries go.
      await trx.deleteFrom('local_value').where('indicator_code', '=', definition.code).execute();
      valuesWritten += await insertRows(
        trx,
        'local_value',
        values.map((v) => ({
          indicator_code: definition.code,
          practice_code: v.practiceCode,
          period: v.period,
          numerator: v.numerator,
          denominator: v.denominator,
          batch_id: batch.id,
        })),
      );
    }
    await writeAudit(trx, {
      actor,
      action: 'indicator_template_imported',
      entity: 'import_batch',
      entityId: String(batch.id),
      before: null,
      after: {
        file: reading.fileName,
        indicators: reading.indicators.map((i) => i.definition.code),
        values: valuesWritten,
      },
    });
    return { imported: true, batchId: batch.id, indicators, valuesWritten };
  });
}
