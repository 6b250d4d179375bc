// Reading stored calculations back: the latest calculation of a scheme, and one practice's statement
// lines in order (what the statement page and the payable-file export will show).
import type { Kysely } from 'kysely';
import type { CalculationRow, Database, StatementLineRow } from '../../store/schema.ts';

export async function latestCalculation(
  db: Kysely<Database>,
  schemeCode: string,
): Promise<CalculationRow | undefined> {
  return db
    .selectFrom('calculation')
    .innerJoin('scheme_version', 'scheme_version.id', 'calculation.scheme_version_id')
    .innerJoin('scheme', 'scheme.id', 'scheme_version.scheme_id')
    .selectAll('calculation')
    .where('scheme.code', '=', schemeCode)
    .orderBy('calculation.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function statementLines(
  db: Kysely<Database>,
  calculationId: number,
  orgCode?: string,
): Promise<StatementLineRow[]> {
  let query = db.selectFrom('statement_line').selectAll().where('calculation_id', '=', calculationId);
  if (orgCode !== undefined) query = query.where('org_code', '=', orgCode);
  return query.orderBy('line_no').execute();
}
