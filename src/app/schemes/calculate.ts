// `calculateAndStore`: a scheme calculated from its inputs and stored — the scheme version, the
// calculation and every statement line — in ONE transaction, audited. Reproducible: the inputs have a
// fingerprint and the statements a checksum (sha256 of their CSV text); calculating the same version
// from the same inputs again writes nothing and proves the statements identical.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { calculateScheme } from '../../domain/schemes/calculate.ts';
import type { SchemeDefinition } from '../../domain/schemes/definition.ts';
import type { SchemeInputs } from '../../domain/schemes/inputs.ts';
import type { SchemeCalculation } from '../../domain/schemes/statement.ts';
import { statementsCsv } from '../../domain/schemes/statement-csv.ts';
import type { Store } from '../../store/database.ts';
import { insertRows } from '../../store/insert-rows.ts';
import type { CalculationRow, Database } from '../../store/schema.ts';
import { writeAudit } from '../auth/audit.ts';
import { saveSchemeVersion } from './definitions.ts';

export type InputsSourceKind = 'release' | 'qof_achievement' | 'inputs_file';

export interface CalculateOptions {
  scheme: SchemeDefinition;
  inputs: SchemeInputs;
  sourceKind: InputsSourceKind;
  releaseId?: number | null;
  actor: string;
  /** When the calculation is made (the caller's clock). */
  now: Date;
}

export interface CalculateOutcome {
  /** created: stored now; reproduced: the same version and inputs were calculated before, identically. */
  status: 'created' | 'reproduced';
  calculation: CalculationRow;
  result: SchemeCalculation;
  csv: string;
  checksum: string;
  schemeVersionCreated: boolean;
}

/** A recalculation from the same definition and inputs gave different statements: a defect, never data. */
export class CalculationMismatchError extends Error {
  constructor(
    readonly calculationId: number,
    readonly stored: string,
    readonly recalculated: string,
  ) {
    super(
      `calculation ${calculationId} did not reproduce: stored checksum ${stored}, recalculated ${recalculated}`,
    );
    this.name = 'CalculationMismatchError';
  }
}

/** The pure part, with the checksums: what `calculateAndStore` stores and what a what-if shows. */
export function calculateWithChecksums(scheme: SchemeDefinition, inputs: SchemeInputs) {
  const result = calculateScheme(scheme, inputs);
  const csv = statementsCsv(result);
  return { result, csv, checksum: sha256(csv), inputsFingerprint: inputsFingerprint(inputs) };
}

export async function calculateAndStore(store: Store, options: CalculateOptions): Promise<CalculateOutcome> {
  const { scheme, inputs, actor } = options;
  const { result, csv, checksum, inputsFingerprint: fingerprint } = calculateWithChecksums(scheme, inputs);
  return store.db.transaction().execute(async (trx) => {
    const { version, created } = await saveSchemeVersion(trx, scheme, actor, options.now);
    const earlier = await trx
      .selectFrom('calculation')
      .selectAll()
      .where('scheme_version_id', '=', version.id)
      .where('inputs_fingerprint', '=', fingerprint)
      .orderBy('id')
      .executeTakeFirst();
    if (earlier) {
      if (earlier.statements_checksum !== checksum)
        throw new CalculationMismatchError(earlier.id, earlier.statements_checksum, checksum);
      return {
        status: 'reproduced',
        calculation: earlier,
        result,
        csv,
        checksum,
        schemeVersionCreated: created,
      };
    }
    const calculation = await trx
      .insertInto('calculation')
      .values({
        scheme_version_id: version.id,
        period: result.period,
        source_kind: options.sourceKind,
        release_id: options.releaseId ?? null,
        source: result.source,
        inputs_fingerprint: fingerprint,
        statements_checksum: checksum,
        statement_count: result.statements.length,
        line_count: result.statements.reduce((n, s) => n + s.lines.length, 0),
        total_amount: result.totalAmount,
        basis: JSON.stringify(result.basis),
        created_by: actor,
        created_at: options.now,
        scope_code: inputs.asOf?.organisationCode ?? null,
        as_of: inputs.asOf?.date ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeLines(trx, calculation.id, result);
    await writeAudit(trx, {
      actor,
      action: 'scheme_calculated',
      entity: 'calculation',
      entityId: String(calculation.id),
      before: null,
      after: {
        scheme: scheme.id,
        version: scheme.version,
        period: result.period,
        source: result.source,
        total_amount: result.totalAmount,
        statements_checksum: checksum,
      },
    });
    return { status: 'created', calculation, result, csv, checksum, schemeVersionCreated: created };
  });
}

async function writeLines(
  db: Kysely<Database>,
  calculationId: number,
  result: SchemeCalculation,
): Promise<void> {
  let lineNo = 0;
  const rows = result.statements.flatMap((statement) =>
    statement.lines.map((l) => ({
      calculation_id: calculationId,
      line_no: ++lineNo,
      org_code: l.orgCode,
      org_kind: l.orgKind,
      participating: statement.participating,
      line_type: l.lineType,
      item_code: l.itemCode,
      item_name: l.itemName,
      numerator: l.numerator,
      eligible: l.eligible,
      exceptions: l.exceptions,
      denominator: l.denominator,
      achievement: l.achievement,
      baseline: l.baseline,
      target: l.target,
      lower_threshold: l.lowerThreshold,
      upper_threshold: l.upperThreshold,
      points_available: l.pointsAvailable,
      points_achieved: l.pointsAchieved,
      practice_prevalence: l.practicePrevalence,
      national_prevalence: l.nationalPrevalence,
      prevalence_factor: l.prevalenceFactor,
      list_size: l.listSize,
      national_average_list: l.nationalAverageList,
      list_size_factor: l.listSizeFactor,
      adjusted_points: l.adjustedPoints,
      rate: l.rate,
      amount: l.amount,
      note: l.note,
    })),
  );
  await insertRows(db, 'statement_line', rows);
}

/** sha256 of the inputs as canonical JSON (practices are already sorted by code by every adapter). */
export function inputsFingerprint(inputs: SchemeInputs): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([inputs.period, inputs.source, inputs.commissioners.map(sortKeys)]));
  // Practice by practice, so a national calculation never builds one 30 MB string.
  for (const p of inputs.practices) hash.update(JSON.stringify(sortKeys(p)));
  return hash.digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortKeys);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
