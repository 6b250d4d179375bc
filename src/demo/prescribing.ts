// The demo's prescribing (issue 20): no real EPD month of sub-ICB 16C is bundled, so the demo writes
// SYNTHETIC months for 16C's practices in the real EPD layout (src/domain/prescribing/synthetic-epd.ts)
// and imports them through the real prescribing import, labelled SYNTHETIC as the publisher in the
// import history. The measures then run over them at the release's recompute like any month.
// Idempotent: the same practices and months write the same bytes, so a second run is 'unchanged'.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { importPaths } from '../app/import/index.ts';
import type { PathOutcome } from '../app/import/outcome.ts';
import { loadPracticesAsOf } from '../app/population/practices-as-of.ts';
import {
  SYNTHETIC_EPD_LABEL,
  type SyntheticEpdPractice,
  syntheticEpdCsv,
} from '../domain/prescribing/synthetic-epd.ts';
import type { IsoDate } from '../domain/records.ts';
import type { Store } from '../store/database.ts';

/** The demo's prescribing months (inclusive), within the first release's months. */
export const DEMO_PRESCRIBING_MONTHS = ['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09'];

export interface DemoPrescribingImport {
  fileName: string;
  practices: number;
  outcome: PathOutcome | null;
}

/** `EPD_SYNTHETIC_16C_202404-202409.csv`. */
export function demoPrescribingFileName(subIcb: string, months: readonly string[]): string {
  const compact = (m: string) => m.replace('-', '');
  return `EPD_SYNTHETIC_${subIcb}_${compact(months[0]!)}-${compact(months.at(-1)!)}.csv`;
}

export async function importDemoPrescribing(
  store: Store,
  options: { subIcb: string; actor: string; months?: readonly string[] },
): Promise<DemoPrescribingImport> {
  const months = options.months ?? DEMO_PRESCRIBING_MONTHS;
  const fileName = demoPrescribingFileName(options.subIcb, months);
  const practices = await demoPractices(store, options.subIcb, months);
  if (practices.length === 0) return { fileName, practices: 0, outcome: null };
  const names = await store.db
    .selectFrom('organisation')
    .select(['code', 'name', 'kind'])
    .where('code', '=', options.subIcb)
    .executeTakeFirst();
  const icb = await store.db
    .selectFrom('organisation_membership as m')
    .innerJoin('organisation as o', 'o.code', 'm.parent_code')
    .select(['o.code', 'o.name'])
    .where('m.child_code', '=', options.subIcb)
    .where('m.parent_kind', '=', 'icb')
    .executeTakeFirst();
  const csv = syntheticEpdCsv(practices, {
    months,
    subIcb: { code: options.subIcb, name: names?.name ?? options.subIcb },
    icb: { code: icb?.code ?? '', name: icb?.name ?? '' },
  });
  const folder = await mkdtemp(join(tmpdir(), 'fairview-synthetic-epd-'));
  try {
    const path = join(folder, fileName);
    await writeFile(path, csv);
    const [outcome] = await importPaths(store, [path], {
      actor: options.actor,
      publisherLabel: SYNTHETIC_EPD_LABEL,
    });
    return { fileName, practices: practices.length, outcome: outcome ?? null };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * The sub-ICB's practices open at the end of the last month, each with the registered list from the
 * extract nearest that month (the rule the population measures use), largest first; those with no
 * list are left out (no list, no prescribing to make up).
 */
async function demoPractices(
  store: Store,
  subIcb: string,
  months: readonly string[],
): Promise<SyntheticEpdPractice[]> {
  const last = months.at(-1)!;
  const end = new Date(Date.UTC(Number(last.slice(0, 4)), Number(last.slice(5, 7)), 0));
  const asOf = await loadPracticesAsOf(store.db, subIcb, end.toISOString().slice(0, 10) as IsoDate);
  const codes = asOf.practices.map((p) => p.code);
  if (codes.length === 0) return [];
  const lists = await sql<{ practice_code: string; patients: number }>`
    select distinct on (practice_code) practice_code, patients
    from list_size
    where practice_code in (${sql.join(codes)})
    order by practice_code, abs(extract_date - ${`${last}-01`}::date), extract_date desc`.execute(store.db);
  const listOf = new Map(lists.rows.map((r) => [r.practice_code, Number(r.patients)]));
  return asOf.practices
    .map((p) => ({ code: p.code, name: p.name, listSize: listOf.get(p.code) ?? 0 }))
    .filter((p) => p.listSize > 0);
}
