// A what-if on a stored calculation: gather the same inputs again (from its release or the imported
// QOF achievement), calculate the stored definition and the changed one with `calculateWithChecksums`,
// compare them and group the payments per patient by deprivation and list size, with the practices
// flagged by the headline judgment on the scheme's indicators. Nothing is stored.
import type { Kysely } from 'kysely';
import { isFlagged } from '../../domain/judgment/index.ts';
import type { SchemeProblem } from '../../domain/schemes/checker.ts';
import type { SchemeDefinition } from '../../domain/schemes/definition.ts';
import { type EquityView, equityView, type PracticeContext } from '../../domain/schemes/equity.ts';
import type { SchemeInputs } from '../../domain/schemes/inputs.ts';
import {
  applyWhatIf,
  compareCalculations,
  type WhatIfChanges,
  type WhatIfComparison,
} from '../../domain/schemes/what-if.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { authorise } from '../authorise.ts';
import { UseCaseError } from '../use-case-error.ts';
import { calculateWithChecksums } from './calculate.ts';
import { type CalculationSummary, definitionOf, findCalculation } from './context.ts';
import { inputsFromAchievement, inputsFromRelease, schemeIndicatorCodes } from './inputs.ts';

export interface WhatIfOutcome {
  calculation: CalculationSummary;
  definition: SchemeDefinition;
  changed: SchemeDefinition | null;
  problems: SchemeProblem[];
  comparison: WhatIfComparison | null;
  equity: EquityView | null;
  /** False when the inputs gathered now differ from those the stored calculation used. */
  sameInputs: boolean;
}

/**
 * The calculation's inputs gathered again, for exactly its practices: the same scope (organisation,
 * as of the same date) and then only the practices it has statements for, so a what-if's "before" is
 * the stored calculation. A calculation from an inputs file cannot be re-gathered.
 */
export async function inputsAgain(
  db: Kysely<Database>,
  calculation: CalculationSummary,
  definition: SchemeDefinition,
): Promise<SchemeInputs> {
  const scope = calculation.scope_code ?? null;
  let inputs: SchemeInputs | null = null;
  if (calculation.source_kind === 'release' && calculation.release_id !== null) {
    const release = await db
      .selectFrom('release')
      .selectAll()
      .where('id', '=', calculation.release_id)
      .executeTakeFirstOrThrow();
    inputs = await inputsFromRelease(db, definition, release, { period: calculation.period, scope });
  } else if (calculation.source_kind === 'qof_achievement')
    inputs = await inputsFromAchievement(db, definition, calculation.period, scope);
  if (inputs) {
    const paid = new Set(
      (
        await db
          .selectFrom('statement_line')
          .select('org_code')
          .distinct()
          .where('calculation_id', '=', calculation.id)
          .execute()
      ).map((r) => r.org_code),
    );
    return { ...inputs, practices: inputs.practices.filter((p) => paid.has(p.practiceCode)) };
  }
  throw new UseCaseError(
    'conflict',
    'This calculation was made from an inputs file, which Fairview does not keep: run the what-if with `fairview scheme calculate` on the changed file',
  );
}

export async function runWhatIf(
  db: Kysely<Database>,
  actor: Actor | null,
  calculationId: number,
  changes: WhatIfChanges,
): Promise<WhatIfOutcome> {
  authorise(actor, 'run_what_if');
  const calculation = await findCalculation(db, calculationId);
  const definition = await definitionOf(db, calculation);
  const changedValidation = applyWhatIf(definition, changes);
  if (!changedValidation.ok)
    return {
      calculation,
      definition,
      changed: null,
      problems: changedValidation.problems,
      comparison: null,
      equity: null,
      sameInputs: true,
    };
  const inputs = await inputsAgain(db, calculation, definition);
  const before = calculateWithChecksums(definition, inputs);
  const after = calculateWithChecksums(changedValidation.scheme, inputs);
  const comparison = compareCalculations(before.result, after.result);
  const flags =
    calculation.source_kind === 'release' && calculation.release_id !== null
      ? await headlineFlags(db, calculation.release_id, schemeIndicatorCodes(definition), calculation.period)
      : null;
  const context = await practiceContext(db, inputs, flags);
  return {
    calculation,
    definition,
    changed: changedValidation.scheme,
    problems: [],
    comparison,
    equity: equityView(comparison.changes, context),
    sameInputs: before.inputsFingerprint === calculation.inputs_fingerprint,
  };
}

/**
 * Practice → whether the headline judgment flags it (95% or 99.8%, either way) on any of the scheme's
 * indicators in the period. Practices with no result are not in the map.
 */
export async function headlineFlags(
  db: Kysely<Database>,
  releaseId: number,
  codes: readonly string[],
  period: string,
): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  if (codes.length === 0) return out;
  const rows = await db
    .selectFrom('result')
    .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
    .select(['result.area_code', 'result.headline_flag'])
    .where('result.release_id', '=', releaseId)
    .where('result.area_kind', '=', 'practice')
    .where('result.period', '=', period)
    .where('indicator.code', 'in', [...codes])
    .execute();
  for (const r of rows) out.set(r.area_code, (out.get(r.area_code) ?? false) || isFlagged(r.headline_flag));
  return out;
}

/** List sizes from the inputs, the latest IMD score of each practice and, when known, its headline flags. */
export async function practiceContext(
  db: Kysely<Database>,
  inputs: SchemeInputs,
  flagged: ReadonlyMap<string, boolean> | null = null,
): Promise<PracticeContext[]> {
  const codes = inputs.practices.map((p) => p.practiceCode);
  const scores = new Map<string, number>();
  if (codes.length > 0) {
    const rows = await db
      .selectFrom('imd_score')
      .select(['practice_code', 'imd_year', 'score'])
      .where('practice_code', 'in', codes)
      .orderBy('practice_code')
      .orderBy('imd_year')
      .execute();
    for (const r of rows) scores.set(r.practice_code, Number(r.score)); // the latest edition wins
  }
  return inputs.practices.map((p) => ({
    orgCode: p.practiceCode,
    listSize: p.listSize,
    imdScore: scores.get(p.practiceCode) ?? null,
    ...(flagged ? { flagged: flagged.get(p.practiceCode) ?? false } : {}),
  }));
}
