// Membership observations as the store holds them, read into the domain's shape. The pages, the
// agreements and the "as of" rule read them the same way, so a practice's parent on a date is decided
// by one function (`membershipsInForce`) over one reading of the rows.
import type { Kysely } from 'kysely';
import type { MembershipObservation } from '../../domain/membership.ts';
import type { IsoDate, OrganisationKind } from '../../domain/records.ts';
import type { Database } from '../../store/schema.ts';

/** PGlite and pg return dates as Date or text: the calendar day either way. */
export function isoDay(value: unknown): IsoDate {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

/** Every observation of the listed organisations' parents of one kind. */
export async function membershipObservations(
  db: Kysely<Database>,
  kind: OrganisationKind,
  childCodes: readonly string[],
): Promise<MembershipObservation[]> {
  if (childCodes.length === 0) return [];
  const rows = await db
    .selectFrom('organisation_membership')
    .select(['child_code', 'parent_kind', 'parent_code', 'observed_on', 'ended_on'])
    .where('child_code', 'in', [...childCodes])
    .where('parent_kind', '=', kind)
    .execute();
  return rows.map((m) => ({
    childCode: m.child_code,
    parentKind: m.parent_kind,
    parentCode: m.parent_code,
    observedOn: isoDay(m.observed_on),
    endedOn: m.ended_on === null ? null : isoDay(m.ended_on),
  }));
}
