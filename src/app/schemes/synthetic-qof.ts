// Writes the SYNTHETIC per-indicator QOF achievement of an organisation's practices for a QOF year
// (src/domain/schemes/synthetic-qof.ts: calibrated to each practice's published points) as a QOF
// achievement file in the published long layout, and imports it through the real achievement import,
// labelled SYNTHETIC in the import history. Which practices: those of `scope` open at the year's end
// (the "as of" rule) that have published points for the year; their list is the list of the year by
// the same rule; their prevalence, the latest QOF prevalence file held on or before the year.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QofScheme } from '../../domain/schemes/definition.ts';
import {
  SYNTHETIC_QOF_LABEL,
  type SyntheticQofPractice,
  syntheticQofAchievement,
} from '../../domain/schemes/synthetic-qof.ts';
import type { Store } from '../../store/database.ts';
import { importPaths } from '../import/index.ts';
import type { PathOutcome } from '../import/outcome.ts';
import { loadPracticesAsOf } from '../population/practices-as-of.ts';
import { SchemeInputsError } from './inputs-error.ts';
import { asOfDate } from './practice-inputs.ts';

export interface SyntheticQofImport {
  fileName: string;
  practices: number;
  rows: number;
  skipped: { practiceCode: string; reason: string }[];
  outcome: PathOutcome;
}

/** `2022-23` → `ACHIEVEMENT_SYNTHETIC_16C_2223.csv`. */
export function syntheticAchievementFileName(scope: string, year: string): string {
  return `ACHIEVEMENT_SYNTHETIC_${scope}_${year.slice(2, 4)}${year.slice(5, 7)}.csv`;
}

export async function importSyntheticQofAchievement(
  store: Store,
  scheme: QofScheme,
  scope: string,
  actor: string,
): Promise<SyntheticQofImport> {
  const db = store.db;
  const year = scheme.year;
  const rule = await loadPracticesAsOf(db, scope, asOfDate(year));
  const codes = rule.practices.map((p) => p.code);
  if (codes.length === 0) throw new SchemeInputsError(`no practice of ${scope} open at the end of ${year}`);
  const published = await db
    .selectFrom('qof_practice')
    .select(['practice_code', 'achieved_points', 'list_size'])
    .where('qof_year', '=', year)
    .where('practice_code', 'in', codes)
    .where('achieved_points', 'is not', null)
    .execute();
  if (published.length === 0)
    throw new SchemeInputsError(
      `no published QOF points for ${year} for the practices of ${scope}: import qof-points-by-practice-${year}.csv first`,
    );
  const prevalence = await latestPrevalence(store, codes, year);
  const listOf = new Map(rule.practices.map((p) => [p.code, p.list?.patients ?? null]));
  const practices: SyntheticQofPractice[] = published.map((p) => ({
    practiceCode: p.practice_code,
    publishedPoints: Number(p.achieved_points),
    listSize: listOf.get(p.practice_code) ?? Number(p.list_size ?? 0),
    prevalence: prevalence.get(p.practice_code) ?? {},
  }));
  const made = syntheticQofAchievement(scheme, practices);
  const lines = ['PRACTICE_CODE,INDICATOR_CODE,MEASURE,VALUE'];
  for (const r of made.rows) lines.push(`${r.practiceCode},${r.indicatorCode},${r.measure},${r.value}`);
  const folder = await mkdtemp(join(tmpdir(), 'fairview-synthetic-qof-'));
  const fileName = syntheticAchievementFileName(scope, year);
  const path = join(folder, fileName);
  try {
    await writeFile(path, `${lines.join('\r\n')}\r\n`);
    const [outcome] = await importPaths(store, [path], {
      actor,
      period: year,
      format: 'qof-achievement',
      publisherLabel: SYNTHETIC_QOF_LABEL,
    });
    return {
      fileName,
      practices: made.points.size,
      rows: made.rows.length,
      skipped: made.skipped,
      outcome: outcome!,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Each practice's prevalence by group (register ÷ list) in the latest prevalence file on or before `year`. */
async function latestPrevalence(
  store: Store,
  codes: string[],
  year: string,
): Promise<Map<string, Record<string, number>>> {
  const rows = await store.db
    .selectFrom('qof_prevalence')
    .select(['practice_code', 'qof_year', 'group_code', 'register', 'patient_list_size'])
    .where('practice_code', 'in', codes)
    .where('qof_year', '<=', year)
    .where('patient_list_size', '>', 0)
    .execute();
  const latestYear = new Map<string, string>();
  for (const r of rows)
    if ((latestYear.get(r.practice_code) ?? '') < r.qof_year) latestYear.set(r.practice_code, r.qof_year);
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) {
    if (latestYear.get(r.practice_code) !== r.qof_year || r.patient_list_size === null) continue;
    const entry = out.get(r.practice_code) ?? {};
    out.set(r.practice_code, entry);
    entry[r.group_code] = Number(r.register) / Number(r.patient_list_size);
  }
  return out;
}
