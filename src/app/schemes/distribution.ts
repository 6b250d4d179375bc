// A commissioner-level premium's distribution, decided by the committee (docs/schemes.md
// "Distribution"): the option and the basis it is applied to (each practice's list, weighted list or
// whether it met the condition) are frozen when the item is put to the committee; once the item is
// carried, the practices' statements and the payable file follow the decision.

import type { Kysely } from 'kysely';
import { type BroadPopulation, broadPopulation } from '../../domain/casemix/age-bands.ts';
import { formatPounds } from '../../domain/money.ts';
import { DEFAULT_MAX_LIST_AGE_DAYS, daysBetween, listNote } from '../../domain/population/as-of.ts';
import {
  DISTRIBUTION_LABELS,
  DISTRIBUTION_OPTIONS,
  type DistributionOption,
  type DistributionPractice,
  type DistributionResult,
  distributePremium,
  weightedLists,
} from '../../domain/schemes/distribution.ts';
import { inSentence } from '../../domain/words.ts';
import type { Database, ItemDecisionRow, PremiumDistributionRow } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { targetFor } from '../governance/context.ts';
import { addAgendaItem } from '../governance/meetings.ts';
import { loadPracticesAsOf } from '../population/practices-as-of.ts';
import { UseCaseError } from '../use-case-error.ts';
import { committeeTarget } from './approval.ts';
import { findCalculation } from './context.ts';
import { asOfDate } from './practice-inputs.ts';

/** What the committee is asked to decide on, kept with the decision. */
export interface DistributionSettings {
  amount: number;
  practices: DistributionPractice[];
  /** For `conditional`: the practice-level calculation and indicator achievement that qualifies. */
  condition: { calculationId: number; indicatorCode: string; minimumAchievement: number } | null;
}

export interface DistributionInput {
  calculationId: number;
  commissionerCode: string;
  option: string;
  meetingId: number;
  condition?: DistributionSettings['condition'];
}

/**
 * The practices of a commissioner open on `date`, each with its registered list and (when a payments
 * file publishes one) its weighted list as of that date: the one "as of" rule
 * (src/app/population/practices-as-of.ts), so the practices paid are the practices counted elsewhere.
 */
export async function commissionerPractices(
  db: Kysely<Database>,
  commissionerCode: string,
  date: string,
): Promise<
  {
    orgCode: string;
    listSize: number | null;
    listNote: string;
    weightedList: number | null;
    weightedNote: string;
  }[]
> {
  const rule = await loadPracticesAsOf(db, commissionerCode, date);
  return rule.practices.map((p) => ({
    orgCode: p.code,
    listSize: p.list?.patients ?? null,
    listNote: listNote(p, date),
    weightedList: p.weightedList?.patients ?? null,
    weightedNote: listNote(p, date, 'weighted list'),
  }));
}

/**
 * The fallback when no payments file publishes weighted lists as of the date: each practice's
 * weighted list from its latest registered population by sex and age on or before `date` (table
 * `population`, no older than the "as of" rule allows), by Fairview's simplified age-sex weighting
 * (src/domain/schemes/distribution.ts AGE_SEX_WEIGHTS), scaled so the weighted lists add up to the
 * same practices' registered patients.
 */
export async function practiceWeightedLists(
  db: Kysely<Database>,
  codes: readonly string[],
  date: string,
): Promise<Map<string, { weightedList: number | null; note: string }>> {
  const populations = new Map<string, BroadPopulation | null>();
  const notes = new Map<string, string>();
  const latest = new Map<string, string>();
  const older = new Map<string, string>();
  if (codes.length > 0) {
    const dates = await db
      .selectFrom('population')
      .select(['practice_code', (eb) => eb.fn.max('extract_date').as('d')])
      .where('practice_code', 'in', [...codes])
      .where('extract_date', '<=', date)
      .groupBy('practice_code')
      .execute();
    for (const d of dates) {
      const raw: unknown = d.d;
      if (!raw) continue;
      const day = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw).slice(0, 10);
      (daysBetween(day, date) <= DEFAULT_MAX_LIST_AGE_DAYS ? latest : older).set(d.practice_code, day);
    }
  }
  for (const code of codes) {
    const extractDate = latest.get(code);
    if (!extractDate) {
      populations.set(code, null);
      const stale = older.get(code);
      notes.set(
        code,
        stale
          ? `no registered population by age and sex as of ${date}: the latest (${stale}) is ${daysBetween(stale, date)} days old then: not used, not paid`
          : `no registered population by age and sex on or before ${date}: not paid`,
      );
      continue;
    }
    const rows = await db
      .selectFrom('population as p')
      .innerJoin('import_batch as b', 'b.id', 'p.batch_id')
      .select(['p.sex', 'p.age_band', 'p.patients', 'p.batch_id', 'b.file_name'])
      .where('p.practice_code', '=', code)
      .where('p.extract_date', '=', extractDate)
      .execute();
    const extracts = [...new Set(rows.map((r) => `${r.file_name}, import batch ${r.batch_id}`))].join('; ');
    try {
      const population = broadPopulation(
        rows.map((r) => ({ sex: r.sex, ageBand: r.age_band, patients: Number(r.patients) })),
      );
      populations.set(code, population);
      notes.set(
        code,
        `${population.total} registered on ${extractDate} (registered population by age and sex, ${extracts}), weighted by Fairview's age-sex weights (no published weighted list as of ${date})`,
      );
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      populations.set(code, null);
      notes.set(code, `the population of ${extractDate} cannot be weighted (${error.message}): not paid`);
    }
  }
  const weighted = weightedLists(populations);
  return new Map(
    codes.map((code) => [code, { weightedList: weighted.get(code) ?? null, note: notes.get(code)! }]),
  );
}

export async function proposeDistribution(
  db: Kysely<Database>,
  actor: Actor | null,
  input: DistributionInput,
  now: Date,
): Promise<number> {
  // The commissioner whose premium it is, and the committee it is put to: both must be the actor's.
  authorise(actor, 'submit_scheme', await committeeTarget(db, input.meetingId));
  authorise(actor, 'submit_scheme', await targetFor(db, input.commissionerCode));
  if (!(DISTRIBUTION_OPTIONS as readonly string[]).includes(input.option))
    throw new UseCaseError('invalid', 'Select how the premium is to be distributed', 'option');
  const option = input.option as DistributionOption;
  const calculation = await findCalculation(db, input.calculationId);
  if (calculation.kind !== 'quality_premium')
    throw new UseCaseError('invalid', 'Only a quality premium is distributed by a committee decision');
  const total = await premiumTotal(db, calculation.id, input.commissionerCode);
  const asOf = asOfDate(calculation.period);
  const practices = await commissionerPractices(db, input.commissionerCode, asOf);
  if (practices.length === 0 && option !== 'retain')
    throw new UseCaseError(
      'invalid',
      `Fairview holds no practices of ${input.commissionerCode}`,
      'commissioner_code',
    );
  const weights = await distributionWeights(db, option, practices, asOf, input.commissionerCode);
  const condition = option === 'conditional' ? (input.condition ?? null) : null;
  const qualifying = await qualifyingPractices(db, option, condition);
  const settings = distributionSettings(total.amount, practices, weights, qualifying, condition);
  const itemId = await addAgendaItem(
    db,
    actor,
    input.meetingId,
    {
      title: `Distribution of the quality premium: ${input.commissionerCode} (calculation ${calculation.id})`,
      concernKind: 'scheme',
      concernRef: `${calculation.schemeCode} v${calculation.version}`,
      organisationCodes: practices.map((p) => p.orgCode).join(' '),
      providerNames: '',
      delegatedFunction: null,
      paper: `The quality premium of ${formatPounds(total.amount)} earned by ${input.commissionerCode} for ${calculation.period}, proposed: ${inSentence(DISTRIBUTION_LABELS[option])}. Members with an interest in a practice of ${input.commissionerCode} are recused.`,
      confidentialPaper: null,
    },
    now,
  );
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('premium_distribution')
      .values({
        calculation_id: calculation.id,
        commissioner_code: input.commissionerCode,
        option,
        settings: JSON.stringify(settings),
        agenda_item_id: itemId,
        created_by: actor!.username,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'premium_distribution_proposed',
      entity: 'premium_distribution',
      entityId: String(row.id),
      before: null,
      after: {
        calculation_id: calculation.id,
        commissioner_code: input.commissionerCode,
        option,
        agenda_item_id: itemId,
      },
    });
    return row.id;
  });
}

/** The premium the calculation gives the commissioner (its statement's total line). */
async function premiumTotal(
  db: Kysely<Database>,
  calculationId: number,
  commissionerCode: string,
): Promise<{ amount: number }> {
  const total = await db
    .selectFrom('statement_line')
    .select('amount')
    .where('calculation_id', '=', calculationId)
    .where('org_code', '=', commissionerCode)
    .where('line_type', '=', 'total')
    .executeTakeFirst();
  if (!total)
    throw new UseCaseError(
      'invalid',
      `The calculation has no premium for ${commissionerCode}`,
      'commissioner_code',
    );
  return total;
}

type CommissionerPractice = Awaited<ReturnType<typeof commissionerPractices>>[number];
type PracticeWeights = Map<string, { weightedList: number | null; note: string }>;

/** For `per_weighted` only: each practice's weighted list and where it comes from. */
async function distributionWeights(
  db: Kysely<Database>,
  option: DistributionOption,
  practices: readonly CommissionerPractice[],
  asOf: string,
  commissionerCode: string,
): Promise<PracticeWeights | null> {
  // Published weighted lists (NHS Payments to General Practice) when every practice has one as of
  // the date; else Fairview's own age-sex weighting, the documented fallback.
  const published = practices.length > 0 && practices.every((p) => p.weightedList !== null);
  const weights =
    option !== 'per_weighted'
      ? null
      : published
        ? new Map(practices.map((p) => [p.orgCode, { weightedList: p.weightedList, note: p.weightedNote }]))
        : await practiceWeightedLists(
            db,
            practices.map((p) => p.orgCode),
            asOf,
          );
  if (weights && [...weights.values()].every((w) => w.weightedList === null))
    throw new UseCaseError(
      'invalid',
      `Fairview holds no weighted list and no registered population by age and sex as of ${asOf} for the practices of ${commissionerCode}: choose per registered patient`,
      'option',
    );
  return weights;
}

/** For `conditional` only: the practices that meet the condition, each with the achievement that does. */
async function qualifyingPractices(
  db: Kysely<Database>,
  option: DistributionOption,
  condition: DistributionSettings['condition'],
): Promise<Map<string, string>> {
  const qualifying = new Map<string, string>();
  if (option === 'conditional') {
    if (!condition)
      throw new UseCaseError(
        'invalid',
        'Name the calculation and indicator a practice must achieve',
        'condition',
      );
    const lines = await db
      .selectFrom('statement_line')
      .select(['org_code', 'achievement'])
      .where('calculation_id', '=', condition.calculationId)
      .where('item_code', '=', condition.indicatorCode)
      .execute();
    if (lines.length === 0)
      throw new UseCaseError(
        'invalid',
        `Calculation ${condition.calculationId} has no lines for ${condition.indicatorCode}`,
        'condition',
      );
    for (const l of lines)
      qualifying.set(
        l.org_code,
        l.achievement === null
          ? 'no achievement'
          : `${condition.indicatorCode} achievement ${l.achievement.toFixed(1)}%`,
      );
    for (const l of lines)
      if (l.achievement === null || l.achievement < condition.minimumAchievement)
        qualifying.delete(l.org_code);
  }
  return qualifying;
}

function distributionSettings(
  amount: number,
  practices: readonly CommissionerPractice[],
  weights: PracticeWeights | null,
  qualifying: ReadonlyMap<string, string>,
  condition: DistributionSettings['condition'],
): DistributionSettings {
  const settings: DistributionSettings = {
    amount,
    practices: practices.map((p) => ({
      orgCode: p.orgCode,
      listSize: p.listSize,
      listNote: p.listNote,
      weightedList: weights?.get(p.orgCode)?.weightedList ?? null,
      ...(weights ? { weightNote: weights.get(p.orgCode)?.note ?? '' } : {}),
      conditionMet: qualifying.has(p.orgCode),
      conditionNote: condition
        ? (qualifying.get(p.orgCode) ??
          `${condition.indicatorCode} below ${condition.minimumAchievement}% or not measured`)
        : '',
    })),
    condition,
  };
  return settings;
}

export interface DistributionView {
  row: PremiumDistributionRow;
  settings: DistributionSettings;
  decision: ItemDecisionRow | null;
  /** The practices' statements, once the committee carried the item; null before. */
  result: DistributionResult | null;
}

export async function distributionsOf(
  db: Kysely<Database>,
  calculationId: number,
): Promise<DistributionView[]> {
  const rows = await db
    .selectFrom('premium_distribution')
    .selectAll()
    .where('calculation_id', '=', calculationId)
    .orderBy('id')
    .execute();
  const out: DistributionView[] = [];
  for (const row of rows) {
    const settings = (
      typeof row.settings === 'string' ? JSON.parse(row.settings) : row.settings
    ) as DistributionSettings;
    const decision =
      (await db
        .selectFrom('item_decision')
        .selectAll()
        .where('item_id', '=', row.agenda_item_id)
        .executeTakeFirst()) ?? null;
    const result =
      decision?.outcome === 'carried'
        ? distributePremium(row.commissioner_code, settings.amount, row.option, settings.practices)
        : null;
    out.push({ row, settings, decision, result });
  }
  return out;
}

/** The distribution in force for a commissioner: the latest carried one. */
export function distributionInForce(
  views: readonly DistributionView[],
  commissionerCode: string,
): DistributionView | null {
  return (
    [...views].reverse().find((v) => v.row.commissioner_code === commissionerCode && v.result !== null) ??
    null
  );
}
