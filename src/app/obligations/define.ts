/**
 * Recording the obligations an agreement version's clauses carry, when the version is issued (called
 * inside the issuing transaction, src/app/agreements/agreements.ts). Each names real catalogue
 * indicators: a code the catalogue does not hold is refused with the line it is on.
 */
import type { Transaction } from 'kysely';
import { parseObligations } from '../../domain/obligations/clause-obligation.ts';
import type { Database } from '../../store/schema.ts';
import { utcDate } from '../clock.ts';
import { UseCaseError } from '../use-case-error.ts';

export async function recordObligations(
  trx: Transaction<Database>,
  versionId: number,
  body: string,
  issuedAt: Date,
): Promise<number> {
  const { obligations, problems } = parseObligations(body);
  if (problems.length > 0) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new UseCaseError('invalid', `line ${first.line}: ${first.message}${more}`, 'body');
  }
  if (obligations.length === 0) return 0;
  const codes = [...new Set(obligations.flatMap((o) => o.indicatorCodes))];
  if (codes.length > 0) {
    const known = new Set(
      (await trx.selectFrom('indicator').select('code').where('code', 'in', codes).execute()).map(
        (r) => r.code,
      ),
    );
    for (const o of obligations) {
      const missing = o.indicatorCodes.find((c) => !known.has(c));
      if (missing)
        throw new UseCaseError(
          'invalid',
          `line ${o.indicatorsLine ?? o.line}: '${missing}' is not an indicator in the catalogue (see /indicators)`,
          'body',
        );
    }
  }
  await trx
    .insertInto('obligation')
    .values(
      obligations.map((o) => ({
        version_id: versionId,
        clause_position: o.clausePosition,
        what: o.what,
        cadence: o.cadence,
        evidence: o.evidence,
        indicator_codes: JSON.stringify(o.indicatorCodes),
        due_days: o.dueDays,
        starts_on: utcDate(issuedAt),
      })),
    )
    .execute();
  return obligations.length;
}
