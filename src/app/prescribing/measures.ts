// The prescribing measures (measures/*.json): loading them, and recomputing their values over the
// stored months.
//
// The import stores each month's per-practice sums for every measure (measure-sums.ts). Recomputing
// reads those sums (computing a month's first when they were made for other measure definitions) and
// writes each practice's ratio, percentile rank in England and saving, and England's deciles per
// month, with one SQL statement (measure-values.ts), replacing the months' earlier ones in
// prescribing_measure_value and prescribing_measure_decile in one transaction.

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MeasureDefinition, parseMeasure } from '../../domain/prescribing/measure.ts';
import { parseStarPuWeights, type StarPuWeights } from '../../domain/prescribing/star-pu.ts';
import type { Store } from '../../store/database.ts';
import { refreshStaleSums } from './measure-sums.ts';
import { insertMeasureValues } from './measure-values.ts';

export const MEASURES_DIR = fileURLToPath(new URL('../../../measures/', import.meta.url));

/** Every measure in `dir`, in file-name order. */
export async function loadMeasures(dir: string = MEASURES_DIR): Promise<MeasureDefinition[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const measures: MeasureDefinition[] = [];
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8');
    const measure = parseMeasure(name, JSON.parse(text));
    if (`${measure.id}.json` !== name)
      throw new Error(`${name}: id '${measure.id}' must match the file name`);
    measures.push(measure);
  }
  return measures;
}

/** The STAR-PU weights shipped in measures/weights/ (source and licence in the file). */
export const STAR_PU_FILE = join(MEASURES_DIR, 'weights', 'star-pu-2013.json');

export async function loadStarPuWeights(file: string = STAR_PU_FILE): Promise<Map<string, StarPuWeights>> {
  return parseStarPuWeights(file, JSON.parse(await readFile(file, 'utf8')));
}

export interface RecomputeMeasuresOutcome {
  measures: number;
  months: string[];
  values: number;
  durationMs: number;
}

/**
 * Recomputes the measures for every stored month (or those in [from, to]) and replaces their
 * stored values and deciles, in one transaction.
 */
export async function recomputeMeasures(
  store: Store,
  options: { measures?: readonly MeasureDefinition[]; from?: string; to?: string } = {},
): Promise<RecomputeMeasuresOutcome> {
  const started = performance.now();
  const measures = options.measures ?? (await loadMeasures());
  return store.db.transaction().execute(async (trx) => {
    const stored = await trx
      .selectFrom('prescribing_month')
      .select('month')
      .$if(options.from !== undefined, (q) => q.where('month', '>=', options.from!))
      .$if(options.to !== undefined, (q) => q.where('month', '<=', options.to!))
      .orderBy('month')
      .execute();
    const months = stored.map((r) => r.month);
    if (months.length === 0 || measures.length === 0) {
      return { measures: measures.length, months, values: 0, durationMs: performance.now() - started };
    }
    const from = months[0]!;
    const to = months[months.length - 1]!;
    await refreshStaleSums(trx, measures, from, to);
    const ids = measures.map((m) => m.id);
    await trx
      .deleteFrom('prescribing_measure_value')
      .where('measure_id', 'in', ids)
      .where('month', 'in', months)
      .execute();
    await trx
      .deleteFrom('prescribing_measure_decile')
      .where('measure_id', 'in', ids)
      .where('month', 'in', months)
      .execute();
    const weights = measures.some(
      (m) => m.denominator.kind === 'population' && m.denominator.population === 'star_pu',
    )
      ? await loadStarPuWeights()
      : new Map<string, StarPuWeights>();
    const values = await insertMeasureValues(
      trx,
      measures,
      (group) => {
        const found = weights.get(group);
        if (!found) throw new Error(`no STAR-PU weights '${group}' in ${STAR_PU_FILE}`);
        return found;
      },
      from,
      to,
    );
    return { measures: measures.length, months, values, durationMs: performance.now() - started };
  });
}

/**
 * Recomputes the measures when the measures or the stored months have changed since the last run
 * (a fingerprint of both is kept); otherwise does nothing. Called by every release recompute.
 */
export async function refreshMeasures(store: Store): Promise<RecomputeMeasuresOutcome | null> {
  const months = await store.db
    .selectFrom('prescribing_month')
    .select(['month', 'import_batch_id'])
    .orderBy('month')
    .execute();
  if (months.length === 0) return null;
  const measures = await loadMeasures();
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([measures, months]))
    .digest('hex');
  const last = await store.db.selectFrom('prescribing_measure_run').select('fingerprint').executeTakeFirst();
  if (last?.fingerprint === fingerprint) return null;
  const outcome = await recomputeMeasures(store, { measures });
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('prescribing_measure_run').execute();
    await trx.insertInto('prescribing_measure_run').values({ fingerprint }).execute();
  });
  return outcome;
}
