// The commissioner's standing rules (docs/schemes.md "Standing rules"): kept in `scheme_standing_rule`,
// changed only by those `manage_standing_rules` allows (commissioning managers, administrators), every
// change audited. A local scheme is checked against them on its definition page, on its calculation
// page and — refusing while a rule fails — when it is put to the committee (`submitForApproval`).
//
// What a rule is tested on: the achievement of the calculation being approved (or, on the definition
// page, of the latest calculation of that version), gathered again as the what-if does; the scheme it
// replaces (`replaces`) is priced on the inputs of its own latest calculation, so "the same
// achievement" means the same practices' achievement in the data each scheme is calculated from.
import type { Kysely } from 'kysely';
import { canSomewhere, type PolicyTarget } from '../../domain/policy.ts';
import type { SchemeDefinition } from '../../domain/schemes/definition.ts';
import type { SchemeInputs } from '../../domain/schemes/inputs.ts';
import {
  checkStandingRules,
  describeStandingRule,
  readStandingRules,
  type StandingRule,
  type StandingRuleContext,
  type StandingRulesCheck,
} from '../../domain/schemes/standing-rules.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { isAdministrator, targetFor } from '../governance/context.ts';
import { isUseCaseError, UseCaseError } from '../use-case-error.ts';
import { type CalculationSummary, definitionOf, findCalculation } from './context.ts';
import { SchemeInputsError } from './inputs-error.ts';
import { inputsAgain } from './what-if.ts';

export interface StoredStandingRule {
  id: number;
  rule: StandingRule;
  description: string;
  createdBy: string;
  createdAt: Date;
  /** The commissioner it binds (null: every commissioner, set by an administrator). */
  organisationCode: string | null;
}

/** Every stored rule, oldest first (no authorisation: callers decide who sees what). */
export async function storedStandingRules(db: Kysely<Database>): Promise<StoredStandingRule[]> {
  const rows = await db.selectFrom('scheme_standing_rule').selectAll().orderBy('id').execute();
  return rows.map((r) => {
    const settings = (typeof r.settings === 'string' ? JSON.parse(r.settings) : r.settings) as object;
    const rule = { ...settings, rule: r.rule } as StandingRule;
    return {
      id: r.id,
      rule,
      description: describeStandingRule(rule),
      createdBy: r.created_by,
      createdAt: r.created_at,
      organisationCode: r.organisation_code ?? null,
    };
  });
}

/** The rules, for anyone who may read scheme definitions. */
export async function listStandingRules(
  db: Kysely<Database>,
  actor: Actor | null,
): Promise<StoredStandingRule[]> {
  authorise(actor, 'view_schemes');
  return storedStandingRules(db);
}

export interface StandingRuleForm {
  rule: string;
  /** covers_indicators: codes separated by commas, spaces or new lines. */
  indicators?: string;
  /** not_less_than_replaced: £ a practice may lose (blank: 0). */
  tolerance?: string;
  /** max_total_cost: £. */
  amount?: string;
}

const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;

/** Reads the form into a rule, with the message and field of the first problem. */
export function ruleFromForm(form: StandingRuleForm): StandingRule {
  const money = (raw: string | undefined, field: string, blank: number | null): number => {
    const text = (raw ?? '').replace(/[£,\s]/g, '');
    if (text === '' && blank !== null) return blank;
    if (!AMOUNT.test(text)) throw new UseCaseError('invalid', 'Enter an amount in pounds, like 2500', field);
    return Number(text);
  };
  let value: unknown;
  if (form.rule === 'covers_indicators') {
    const codes = [
      ...new Set(
        (form.indicators ?? '')
          .split(/[\s,]+/)
          .map((c) => c.trim())
          .filter((c) => c !== ''),
      ),
    ];
    if (codes.length === 0 || codes.some((c) => !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(c)))
      throw new UseCaseError(
        'invalid',
        'Enter the indicator codes the scheme must cover, like QOF-PREV-HYP, FT-91547',
        'indicators',
      );
    value = { rule: form.rule, indicators: codes };
  } else if (form.rule === 'not_less_than_replaced')
    value = { rule: form.rule, tolerance: money(form.tolerance, 'tolerance', 0) };
  else if (form.rule === 'max_total_cost')
    value = { rule: form.rule, amount: money(form.amount, 'amount', null) };
  else throw new UseCaseError('invalid', 'Select a kind of rule', 'rule');
  const read = readStandingRules([value]);
  if (!read.ok) throw new UseCaseError('invalid', read.problems[0]!.message, 'rule');
  return read.rules[0]!;
}

export async function addStandingRule(
  db: Kysely<Database>,
  actor: Actor | null,
  form: StandingRuleForm,
  now: Date,
): Promise<number> {
  // The rule binds the commissioner of the manager's role (an administrator's binds everyone).
  const organisationCode = isAdministrator(actor)
    ? null
    : (actor?.roles.find((r) => r.role === 'commissioning_manager')?.organisationCode ?? null);
  authorise(
    actor,
    'manage_standing_rules',
    organisationCode ? await targetFor(db, organisationCode) : { organisationCode: 'E92000001' },
  );
  const rule = ruleFromForm(form);
  const { rule: kind, ...settings } = rule;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('scheme_standing_rule')
      .values({
        rule: kind,
        settings: JSON.stringify(settings),
        created_by: actor!.username,
        created_at: now,
        organisation_code: organisationCode,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'scheme_standing_rule_added',
      entity: 'scheme_standing_rule',
      entityId: String(row.id),
      before: null,
      after: { ...rule },
    });
    return row.id;
  });
}

export async function removeStandingRule(
  db: Kysely<Database>,
  actor: Actor | null,
  ruleId: number,
): Promise<void> {
  // Refused before anything is looked up unless some role could take it (observers, visitors).
  if (!canSomewhere(actor, 'manage_standing_rules')) authorise(actor, 'manage_standing_rules');
  await db.transaction().execute(async (trx) => {
    const row = Number.isSafeInteger(ruleId)
      ? await trx.selectFrom('scheme_standing_rule').selectAll().where('id', '=', ruleId).executeTakeFirst()
      : undefined;
    if (!row) throw new UseCaseError('not_found', `There is no standing rule ${ruleId}`);
    authorise(
      actor,
      'manage_standing_rules',
      row.organisation_code ? await targetFor(trx, row.organisation_code) : { organisationCode: 'E92000001' },
    );
    await trx.deleteFrom('scheme_standing_rule').where('id', '=', row.id).execute();
    const settings = (typeof row.settings === 'string' ? JSON.parse(row.settings) : row.settings) as object;
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'scheme_standing_rule_removed',
      entity: 'scheme_standing_rule',
      entityId: String(row.id),
      before: { rule: row.rule, ...settings },
      after: null,
    });
  });
}

/** A scheme's standing rules and how it fares against each. */
export interface SchemeStandingRules {
  /** The stored rules, in the order of `check.results`. */
  rules: StoredStandingRule[];
  check: StandingRulesCheck;
  /** What the rules that price the scheme were tested on, in words. */
  testedOn: string;
}

/**
 * Checks a local scheme against the stored rules (null for other kinds: the rules are for local
 * schemes). `calculation`: the one being approved; null = the latest calculation of `definition`'s
 * version, if any.
 */
export async function standingRulesFor(
  db: Kysely<Database>,
  definition: SchemeDefinition,
  calculation: CalculationSummary | null,
  /** The commissioner whose committee it is put to: only its rules (and everyone's) bind then. */
  commissioner: PolicyTarget | null = null,
): Promise<SchemeStandingRules | null> {
  if (definition.kind !== 'local') return null;
  const binding = commissioner
    ? new Set([commissioner.organisationCode, ...(commissioner.ancestors ?? [])])
    : null;
  const rules = (await storedStandingRules(db)).filter(
    (r) => !binding || r.organisationCode === null || binding.has(r.organisationCode),
  );
  const context: StandingRuleContext = { rules: rules.map((r) => r.rule), inputs: null, replaced: null };
  const missing: NonNullable<StandingRuleContext['missing']> = {};
  let testedOn = 'nothing: no rule needs achievement';
  const needsInputs = rules.some((r) => r.rule.rule !== 'covers_indicators');
  if (needsInputs) {
    const own = calculation ?? (await latestCalculationOfVersion(db, definition));
    if (!own) {
      missing.inputs = `${definition.id} v${definition.version} has not been calculated yet: the rules that price the scheme are tested on a calculation`;
      testedOn = 'nothing yet: no calculation of this version';
    } else {
      const gathered = await gather(db, own, definition);
      if (typeof gathered === 'string') {
        missing.inputs = gathered;
        testedOn = `calculation ${own.id}, whose inputs cannot be gathered again`;
      } else {
        context.inputs = gathered;
        testedOn = `the achievement of calculation ${own.id} (${gathered.source}, ${gathered.period}), every practice counted for the whole year`;
      }
    }
  }
  const replacedCode = definition.replaces;
  if (rules.some((r) => r.rule.rule === 'not_less_than_replaced') && replacedCode !== null) {
    const latest = await db
      .selectFrom('calculation')
      .innerJoin('scheme_version', 'scheme_version.id', 'calculation.scheme_version_id')
      .innerJoin('scheme', 'scheme.id', 'scheme_version.scheme_id')
      .select('calculation.id')
      .where('scheme.code', '=', replacedCode)
      .orderBy('scheme_version.version', 'desc')
      .orderBy('calculation.id', 'desc')
      .executeTakeFirst();
    if (!latest)
      missing.replaced = `${replacedCode}, the scheme it replaces, has no calculation in Fairview to compare with`;
    else {
      const replacedCalculation = await findCalculation(db, latest.id);
      const replacedDefinition = await definitionOf(db, replacedCalculation);
      const gathered = await gather(db, replacedCalculation, replacedDefinition);
      if (typeof gathered === 'string') missing.replaced = `${replacedCode}: ${gathered}`;
      else {
        context.replaced = { scheme: replacedDefinition, inputs: gathered };
        testedOn += `; ${replacedCode} v${replacedDefinition.version} on the achievement of its calculation ${replacedCalculation.id} (${gathered.source})`;
      }
    }
  }
  if (Object.keys(missing).length > 0) context.missing = missing;
  return { rules, check: checkStandingRules(definition, context), testedOn };
}

async function gather(
  db: Kysely<Database>,
  calculation: CalculationSummary,
  definition: SchemeDefinition,
): Promise<SchemeInputs | string> {
  try {
    return await inputsAgain(db, calculation, definition);
  } catch (error) {
    if (isUseCaseError(error) || error instanceof SchemeInputsError) return error.message;
    throw error;
  }
}

async function latestCalculationOfVersion(
  db: Kysely<Database>,
  definition: SchemeDefinition,
): Promise<CalculationSummary | null> {
  const row = await db
    .selectFrom('calculation')
    .innerJoin('scheme_version', 'scheme_version.id', 'calculation.scheme_version_id')
    .innerJoin('scheme', 'scheme.id', 'scheme_version.scheme_id')
    .select('calculation.id')
    .where('scheme.code', '=', definition.id)
    .where('scheme_version.version', '=', definition.version)
    .orderBy('calculation.id', 'desc')
    .executeTakeFirst();
  return row ? findCalculation(db, row.id) : null;
}

/** One sentence per failed rule, for a refusal. */
export function failedRules(check: StandingRulesCheck): string[] {
  return check.results
    .filter((r) => !r.passed)
    .map((r) => `${r.description ?? r.rule}: ${r.reasons.join('; ')}`);
}
