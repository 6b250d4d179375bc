/**
 * The commissioners that may have agreements and consultations (sub-ICB locations and ICBs), and
 * their member practices on a date: the practices open on it by the one "as of" rule, with the
 * sub-ICB location each belonged to (for the per-sub-ICB dashboard).
 */
import type { Kysely } from 'kysely';
import type { MemberPractice } from '../../domain/agreements/status.ts';
import { membershipPeriods } from '../../domain/membership.ts';
import { membershipsInForce } from '../../domain/population/as-of.ts';
import type { IsoDate } from '../../domain/records.ts';
import type { Database, Organisation } from '../../store/schema.ts';
import { currentAncestors } from '../browse/organisations.ts';
import { membershipObservations } from '../population/membership-rows.ts';
import { loadPracticesAsOf } from '../population/practices-as-of.ts';
import { UseCaseError } from '../use-case-error.ts';

export interface Commissioner {
  code: string;
  name: string;
  kind: 'sub_icb' | 'icb';
  /** Codes above it today (ICB, region), for the policy. */
  ancestors: string[];
}

export async function findCommissioner(db: Kysely<Database>, code: string): Promise<Commissioner> {
  const org: Organisation | undefined = await db
    .selectFrom('organisation')
    .selectAll()
    .where('code', '=', code.trim().toUpperCase())
    .executeTakeFirst();
  if (!org) throw new UseCaseError('not_found', `no organisation has the code '${code}'`, 'commissioner');
  if (org.kind !== 'sub_icb' && org.kind !== 'icb') {
    throw new UseCaseError(
      'invalid',
      `${org.name} (${org.code}) is not a sub-ICB location or an ICB, so it has no member practices`,
      'commissioner',
    );
  }
  const ancestors = (await currentAncestors(db, org)).map((a) => a.code);
  return { code: org.code, name: org.name, kind: org.kind, ancestors };
}

/**
 * The commissioner's member practices on `date`: the practices of it open on that day by the one
 * "as of" rule (src/app/population/practices-as-of.ts), so an agreement, a consultation and the
 * consent register count the practices the organisation page, the heat map and the schemes count.
 * Each with the sub-ICB location it belonged to on that day (the commissioner itself for a sub-ICB
 * location; for an ICB, the practice's sub-ICB membership in force then, read as the rule reads it).
 */
export async function memberPractices(
  db: Kysely<Database>,
  commissioner: Pick<Commissioner, 'code' | 'kind'>,
  date: IsoDate,
): Promise<MemberPractice[]> {
  const open = (await loadPracticesAsOf(db, commissioner.code, date)).practices.map((p) => p.code);
  if (commissioner.kind === 'sub_icb' || open.length === 0)
    return open.map((practiceCode) => ({ practiceCode, subIcbCode: commissioner.code }));
  // In force on the date; else (sparse extracts) the first one observed after it, as the rule does.
  const periods = membershipPeriods(await membershipObservations(db, 'sub_icb', open));
  const subIcb = new Map(
    [...membershipsInForce(periods, 'sub_icb', date)].map(([code, p]) => [code, p.parentCode]),
  );
  return open.map((practiceCode) => ({ practiceCode, subIcbCode: subIcb.get(practiceCode) ?? null }));
}
