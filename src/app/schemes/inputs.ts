// Adapters from the store to the scheme engine's inputs (src/domain/schemes/inputs.ts):
// - from a release: each indicator's practice results (numerator, denominator) for a period, its
//   baseline period, the release's peer groups;
// - from imported QOF achievement files (table qof_achievement) for a QOF year;
// - from a JSON inputs file (commissioner-level premiums, hand-made what-ifs).
// Registers come from the QOF prevalence facts of the year. Which practices, and each one's list,
// come from the one "as of" rule (src/app/population/practices-as-of.ts) at the period's end: with a
// `scope` only the practices of that organisation open on that date; a list older than the rule
// allows is not used, and every statement names the extract its list came from.
import type { Kysely } from 'kysely';
import { dated } from '../../domain/population/as-of.ts';
import type { SchemeDefinition } from '../../domain/schemes/definition.ts';
import {
  emptyCounts,
  type IndicatorCounts,
  type Participation,
  type PracticeInput,
  practiceInput,
  type SchemeInputs,
} from '../../domain/schemes/inputs.ts';
import { ASSUMED_CONSENT } from '../../domain/schemes/local.ts';
import type { Database, Release } from '../../store/schema.ts';
import { loadPracticesAsOf } from '../population/practices-as-of.ts';
import { SchemeInputsError } from './inputs-error.ts';
import {
  addListsAndRegisters,
  addPeers,
  asOfDate,
  registersFromAchievement,
  sorted,
} from './practice-inputs.ts';

export function schemeIndicatorCodes(scheme: SchemeDefinition): string[] {
  return scheme.kind === 'quality_premium' ? [] : scheme.indicators.map((i) => i.code);
}

/** `2024-25` → `2023-24`. */
export function previousYear(year: string): string {
  const start = Number(year.slice(0, 4)) - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

export interface ReleaseInputOptions {
  /** Default: the scheme's year. */
  period?: string;
  /**
   * Local schemes: the baseline period of every indicator (default: per indicator, the latest period
   * before `period` the release holds for it).
   */
  baselinePeriod?: string;
  /** Local schemes: who takes part; null assumes every practice for the whole year. */
  participants?: Map<string, Participation> | null;
  /** Only the practices of this organisation open at the period's end (the "as of" rule). */
  scope?: string | null;
}

export async function findReleaseByName(db: Kysely<Database>, name: string): Promise<Release> {
  const release = await db.selectFrom('release').selectAll().where('name', '=', name).executeTakeFirst();
  if (!release) throw new SchemeInputsError(`no release named ${name}`);
  return release;
}

/** Inputs from a release's practice results for the scheme's indicators. */
export async function inputsFromRelease(
  db: Kysely<Database>,
  scheme: SchemeDefinition,
  release: Release,
  options: ReleaseInputOptions = {},
): Promise<SchemeInputs> {
  if (scheme.kind === 'quality_premium') {
    throw new SchemeInputsError(
      'a quality premium is calculated from commissioner-level inputs (--inputs FILE), not a release',
    );
  }
  const period = options.period ?? scheme.year;
  const codes = schemeIndicatorCodes(scheme);
  // Local schemes: one baseline period for every indicator when given; else, per indicator, the latest
  // period before `period` that the release holds for it (the year before, when held), so a baseline
  // year with no data never leaves every target unknown, and a re-run (the what-if) finds the same.
  const baselines = new Map<string, string>();
  if (scheme.kind === 'local') {
    if (options.baselinePeriod) for (const code of codes) baselines.set(code, options.baselinePeriod);
    else
      for (const [code, p] of await latestPeriodsBefore(db, release.id, codes, period))
        baselines.set(code, p);
  }
  const baselinePeriod =
    scheme.kind === 'local'
      ? codes
          .map((c) => `${c} ${baselines.get(c) ?? options.baselinePeriod ?? previousYear(period)}`)
          .join(', ')
      : null;
  const periods = [period, ...new Set(baselines.values())];
  const rows = await db
    .selectFrom('result')
    .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
    .select([
      'indicator.code as code',
      'result.period as period',
      'result.area_code as practice',
      'result.numerator',
      'result.denominator',
    ])
    .where('result.release_id', '=', release.id)
    .where('result.area_kind', '=', 'practice')
    .where('indicator.code', 'in', codes)
    .where('result.period', 'in', periods)
    .execute();
  const current = rows.filter((r) => r.period === period);
  if (current.length === 0) {
    const available = await availablePeriods(db, release.id, codes);
    throw new SchemeInputsError(
      `release ${release.name} has no practice results for ${codes.join(', ')} in ${period}` +
        (available.length > 0
          ? ` (periods it has: ${available.join(', ')})`
          : ' (none of these indicators is in it)'),
    );
  }
  const practices = practicesFromResults(rows, period, baselines);
  const asOf = await addListsAndRegisters(db, practices, period, options.scope ?? null);
  const source = [
    `release ${release.name} (${release.status}, checksum ${release.results_checksum.slice(0, 12)})`,
  ];
  if (scheme.kind === 'local') {
    await addPeers(db, release.id, practices);
    const participants = options.participants ?? null;
    for (const practice of practices.values()) {
      practice.participation = participants
        ? (participants.get(practice.practiceCode) ?? null)
        : { consentedOn: ASSUMED_CONSENT, joinedOn: null, leftOn: null };
    }
    source.push(`baseline ${baselinePeriod}`);
    source.push(
      participants
        ? `${participants.size} practices on the participants list`
        : 'every practice assumed to take part',
    );
  }
  return { period, source: source.join('; '), practices: sorted(practices), commissioners: [], asOf };
}

/** Per indicator code, the latest period before `period` the release holds practice results for. */
async function latestPeriodsBefore(
  db: Kysely<Database>,
  releaseId: number,
  codes: string[],
  period: string,
): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  for (const r of await db
    .selectFrom('result')
    .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
    .select(['indicator.code as code', (eb) => eb.fn.max('result.period').as('period')])
    .where('result.release_id', '=', releaseId)
    .where('result.area_kind', '=', 'practice')
    .where('indicator.code', 'in', codes)
    .where('result.period', '<', period)
    .groupBy('indicator.code')
    .execute())
    if (r.period !== null) latest.set(r.code, r.period);
  return latest;
}

/**
 * The practices with a result in `period`, each with its counts then and in its indicators' baseline
 * periods (a practice with only baseline results is not one of them).
 */
function practicesFromResults(
  rows: readonly {
    code: string;
    period: string;
    practice: string;
    numerator: number | null;
    denominator: number | null;
  }[],
  period: string,
  baselines: ReadonlyMap<string, string>,
): Map<string, PracticeInput> {
  const practices = new Map<string, PracticeInput>();
  for (const r of rows) {
    if (r.period !== period) continue;
    const practice = practices.get(r.practice) ?? practiceInput(r.practice, null);
    practices.set(r.practice, practice);
    practice.indicators[r.code] = { ...emptyCounts(), numerator: r.numerator, denominator: r.denominator };
  }
  for (const r of rows) {
    if (r.period === period || baselines.get(r.code) !== r.period) continue;
    const practice = practices.get(r.practice);
    if (practice)
      practice.baseline[r.code] = { ...emptyCounts(), numerator: r.numerator, denominator: r.denominator };
  }
  return practices;
}

async function availablePeriods(db: Kysely<Database>, releaseId: number, codes: string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('result')
    .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
    .select('result.period')
    .distinct()
    .where('result.release_id', '=', releaseId)
    .where('indicator.code', 'in', codes)
    .orderBy('result.period')
    .execute();
  return rows.map((r) => r.period);
}

/** Inputs from imported QOF achievement files for a QOF year (QOF-style schemes). */
export async function inputsFromAchievement(
  db: Kysely<Database>,
  scheme: SchemeDefinition,
  qofYear: string = scheme.year,
  scope: string | null = null,
): Promise<SchemeInputs> {
  if (scheme.kind !== 'qof') {
    throw new SchemeInputsError(
      'only a QOF-style scheme is calculated from QOF achievement files; name a --release',
    );
  }
  const rows = await db
    .selectFrom('qof_achievement')
    .select(['practice_code', 'indicator_code', 'measure', 'value', 'batch_id'])
    .where('qof_year', '=', qofYear)
    .where('indicator_code', 'in', schemeIndicatorCodes(scheme))
    .execute();
  if (rows.length === 0) {
    throw new SchemeInputsError(
      `no QOF achievement imported for ${qofYear} for this scheme's indicators: import ACHIEVEMENT_*_${qofYear.slice(2, 4)}${qofYear.slice(5)}.csv first`,
    );
  }
  const practices = new Map<string, PracticeInput>();
  const batches = new Set<number>();
  for (const r of rows) {
    batches.add(r.batch_id);
    let practice = practices.get(r.practice_code);
    if (!practice) {
      practice = practiceInput(r.practice_code, null);
      practices.set(r.practice_code, practice);
    }
    let counts: IndicatorCounts | undefined = practice.indicators[r.indicator_code];
    if (!counts) {
      counts = emptyCounts();
      practice.indicators[r.indicator_code] = counts;
    }
    if (r.measure === 'NUMERATOR') counts.numerator = r.value;
    else if (r.measure === 'DENOMINATOR') counts.denominator = r.value;
    else if (r.measure === 'PCAS') counts.exceptions = r.value;
    else if (r.measure === 'ACHIEVED_POINTS') counts.achievedPoints = r.value;
    else counts.register = r.value;
  }
  const asOf = await addListsAndRegisters(db, practices, qofYear, scope);
  const fromAchievement = registersFromAchievement(scheme, practices);
  const ids = [...batches].sort((a, b) => a - b);
  // Files that are not published data say so first (SYNTHETIC, TEST FIXTURE: import_batch.publisher).
  const labels = (
    await db.selectFrom('import_batch').select('publisher').distinct().where('id', 'in', ids).execute()
  )
    .map((b) => b.publisher)
    .filter((p) => /^(SYNTHETIC|TEST FIXTURE)/.test(p));
  const source = [
    ...labels,
    `QOF achievement ${qofYear} (import batch${ids.length === 1 ? '' : 'es'} ${ids.join(', ')})`,
  ];
  if (fromAchievement > 0)
    source.push(
      `no ${qofYear} prevalence file held: ${fromAchievement} registers taken from the achievement file's REGISTER counts over the practice's list of the year`,
    );
  return {
    period: qofYear,
    source: source.join('; '),
    practices: sorted(practices),
    commissioners: [],
    asOf,
  };
}

/**
 * A quality premium's commissioner lists traced to dated extracts (issue 14): as of the period's end,
 * the lists of the commissioner's practices open then (the one "as of" rule) add up to its registered
 * list. A commissioner given no figure gets that sum, naming the date and the extracts; one given a
 * figure keeps it (the inputs file is the committee's evidence) and its statement says it was given
 * and what Fairview's lists of the date add up to beside it. Practices with no list as of the date (or
 * only one older than the rule allows) are not counted in the sum, and the note says how many.
 */
export async function withCommissionerLists(
  db: Kysely<Database>,
  inputs: SchemeInputs,
): Promise<SchemeInputs> {
  if (inputs.commissioners.length === 0) return inputs;
  const date = asOfDate(inputs.period);
  const commissioners = [];
  for (const c of inputs.commissioners) {
    const rule = await loadPracticesAsOf(db, c.commissionerCode, date);
    const listed = rule.practices.filter((p) => p.list !== null);
    const sum = Math.round(listed.reduce((total, p) => total + p.list!.patients, 0) * 100) / 100;
    const extracts = [...new Set(listed.map((p) => dated(p.list!)))].sort();
    const missing = rule.practices.length - listed.length;
    const held =
      rule.practices.length === 0
        ? `Fairview holds no practices of ${c.commissionerCode} open on ${date}`
        : `the lists of the ${rule.practices.length} practices of ${c.commissionerCode} open on ${date} add up to ${sum}` +
          (extracts.length > 0 ? ` (from ${extracts.join('; ')})` : '') +
          (missing > 0 ? `; ${missing} with no list as of ${date} not counted` : '');
    if (c.registeredPatients !== null)
      commissioners.push({
        ...c,
        listSource: `registered patients ${c.registeredPatients} as given in the inputs (${inputs.source}), not from a dated extract; ${held}`,
      });
    else if (listed.length > 0)
      commissioners.push({
        ...c,
        registeredPatients: sum,
        listSource: `registered patients ${sum} as of ${date}: ${held}`,
      });
    else commissioners.push({ ...c, listSource: `no registered list as of ${date}: ${held}` });
  }
  return { ...inputs, commissioners };
}
