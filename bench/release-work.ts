/**
 * What the release benches share (recompute.bench.ts and speed.bench.ts): the read floor, a scan
 * inside the database of every fact row a recompute reads; and one monthly local file arriving (a
 * made-up indicator, 13 months for 500 practices) for the incremental case, removed again after.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { importIndicatorTemplate } from '../src/app/indicators/import-template.ts';
import type { Store } from '../src/store/index.ts';

/** Every fact row the recompute reads, summed inside the database (the process's memory untouched). */
export async function scanFacts(store: Store): Promise<number> {
  const r = await sql<{ n: number }>`
    select (select sum(register) + sum(patient_list_size) from qof_prevalence)
      + (select sum(patients) from population)
      + (select count(*) from organisation_membership)
      + (select coalesce(sum(count), 0) from indicator_value where area_type = 'GPs') as n`.execute(store.db);
  return Number(r.rows[0]!.n);
}

/** How many fact rows the recompute reads. */
export async function countFacts(store: Store): Promise<number> {
  const r = await sql<{ n: number }>`
    select (select count(*) from qof_prevalence) + (select count(*) from indicator_value where area_type = 'GPs')
      + (select count(*) from population) + (select count(*) from organisation_membership) as n`.execute(
    store.db,
  );
  return Number(r.rows[0]!.n);
}

/**
 * Imports one monthly local template for indicator `code` (13 months for the first 500 practices);
 * `remove()` takes away the indicator, its values and its import batch.
 */
export async function importMonthlyFile(
  store: Store,
  code: string,
  name: string,
): Promise<{ remove(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'fairview-bench-template-'));
  try {
    const practices = (
      await store.db
        .selectFrom('organisation')
        .select('code')
        .where('kind', '=', 'practice')
        .orderBy('code')
        .limit(500)
        .execute()
    ).map((r) => r.code);
    const template = join(folder, `${code.toLowerCase()}.csv`);
    const header =
      'indicator_code,indicator_name,type,multiplier,polarity,period_type,practice_code,period,numerator,denominator';
    const lines = practices.flatMap((practice, p) =>
      Array.from({ length: 13 }, (_, m) => {
        const month = `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
        return `${code},${name},proportion,100,lower_is_better,month,${practice},${month},${20 + ((p + m) % 30)},${400 + (p % 200)}`;
      }),
    );
    await writeFile(template, `${[header, ...lines].join('\n')}\n`);
    const { batchId } = await importIndicatorTemplate(store, template, 'bench', new Date());
    return {
      async remove() {
        await store.db.deleteFrom('local_value').where('indicator_code', '=', code).execute();
        await store.db.deleteFrom('indicator').where('code', '=', code).execute();
        await store.db.deleteFrom('import_batch').where('id', '=', batchId).execute();
      },
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
