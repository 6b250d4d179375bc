// What a release is computed from, and its fingerprint: the import batches whose facts it reads, the
// indicator definition versions and the method version. Facts only ever arrive through import
// batches (a re-import that changes a fact moves it to the new batch), so the set of batches present
// in the tables read is a faithful, cheap summary of the facts.
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { IndicatorVersion } from '../../domain/indicators/definition.ts';
import { parseExpression } from '../../domain/indicators/expression.ts';
import type { Database } from '../../store/schema.ts';
import { definitionHash } from '../indicators/catalogue.ts';

export interface ReleaseInputs {
  indicators: IndicatorVersion[];
  /** Import batch ids, ascending. */
  batchIds: number[];
  fingerprint: string;
}

export async function releaseInputs(
  db: Kysely<Database>,
  indicators: readonly IndicatorVersion[],
  methodVersion: string,
): Promise<ReleaseInputs> {
  const batchIds = await batchesUsed(db, indicators);
  const batches = await db
    .selectFrom('import_batch')
    .select(['id', 'checksum'])
    .where('id', 'in', batchIds.length > 0 ? batchIds : [-1])
    .orderBy('id')
    .execute();
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify({
        methodVersion,
        indicators: indicators.map((i) => [i.code, i.version, definitionHash(i)]),
        batches: batches.map((b) => [b.id, b.checksum]),
      }),
    )
    .digest('hex');
  return { indicators: [...indicators], batchIds, fingerprint };
}

async function batchesUsed(db: Kysely<Database>, indicators: readonly IndicatorVersion[]): Promise<number[]> {
  let qof = false;
  const fingertips = new Set<number>();
  const local = new Set<string>();
  for (const i of indicators) {
    const c = i.computation;
    if (c.from === 'qof_prevalence') qof = true;
    else if (c.from === 'indicator_value') fingertips.add(c.indicatorId);
    else if (c.from === 'local_value') local.add(c.indicatorCode);
    else {
      for (const t of [...parseExpression(c.numerator), ...parseExpression(c.denominator)]) {
        if (t.ref.series.startsWith('qof_prevalence') || t.ref.series === 'list_size') qof = true;
        else if (t.ref.series.startsWith('indicator_value')) fingertips.add(t.ref.key as number);
        else local.add(t.ref.key as string);
      }
    }
  }
  const ids = new Set<number>();
  const collect = async (query: Promise<{ rows: { batch_id: number | null }[] }>) => {
    for (const r of (await query).rows) if (r.batch_id !== null) ids.add(Number(r.batch_id));
  };
  // Always read: the hierarchy (aggregation), populations and IMD (case-mix, peers), organisations (rurality).
  await collect(sql<{ batch_id: number }>`select distinct batch_id from organisation_membership`.execute(db));
  await collect(sql<{ batch_id: number }>`select distinct batch_id from population`.execute(db));
  await collect(sql<{ batch_id: number }>`select distinct batch_id from imd_score`.execute(db));
  await collect(sql<{ batch_id: number | null }>`select distinct batch_id from organisation`.execute(db));
  if (qof) await collect(sql<{ batch_id: number }>`select distinct batch_id from qof_prevalence`.execute(db));
  if (fingertips.size > 0) {
    await collect(
      sql<{ batch_id: number }>`select distinct batch_id from indicator_value
        where indicator_id in (${sql.join([...fingertips])})`.execute(db),
    );
  }
  if (local.size > 0) {
    await collect(
      sql<{ batch_id: number }>`select distinct batch_id from local_value
        where indicator_code in (${sql.join([...local])})`.execute(db),
    );
  }
  return [...ids].sort((a, b) => a - b);
}
