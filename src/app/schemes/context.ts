// What every scheme use case shares: finding a stored calculation
// with its scheme and definition. Kept apart from the workflows (approval, standing rules, what-if)
// so that they can use each other without a circle.
import type { Kysely } from 'kysely';
import type { SchemeDefinition } from '../../domain/schemes/definition.ts';
import type { CalculationRow, Database } from '../../store/schema.ts';
import { UseCaseError } from '../use-case-error.ts';

export interface CalculationSummary extends CalculationRow {
  schemeCode: string;
  schemeName: string;
  kind: 'qof' | 'quality_premium' | 'local';
  version: number;
}

export async function findCalculation(
  db: Kysely<Database>,
  calculationId: number,
): Promise<CalculationSummary> {
  const row = Number.isSafeInteger(calculationId)
    ? await db
        .selectFrom('calculation')
        .innerJoin('scheme_version', 'scheme_version.id', 'calculation.scheme_version_id')
        .innerJoin('scheme', 'scheme.id', 'scheme_version.scheme_id')
        .selectAll('calculation')
        .select([
          'scheme.code as schemeCode',
          'scheme_version.name as schemeName',
          'scheme.kind',
          'scheme_version.version',
        ])
        .where('calculation.id', '=', calculationId)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new UseCaseError('not_found', `There is no calculation ${calculationId}`);
  return row;
}

/** The definition a calculation was made with (the scheme version it names). */
export async function definitionOf(
  db: Kysely<Database>,
  calculation: CalculationSummary,
): Promise<SchemeDefinition> {
  const row = await db
    .selectFrom('scheme_version')
    .select('definition')
    .where('id', '=', calculation.scheme_version_id)
    .executeTakeFirstOrThrow();
  return (
    typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition
  ) as SchemeDefinition;
}
