/**
 * An organisation's history for its page: what it became and what it came from (lineage links, for
 * commissioners derived from where their practices went), and the practices that belonged to it at
 * any time, with their periods. A CCG that merged away (00K → 16C in April 2020) has no practices
 * today; its page shows its successor and the practices it had, so history spans the reorganisations.
 */
import type { Kysely } from 'kysely';
import { type MembershipPeriod, membershipPeriods } from '../../domain/membership.ts';
import type { Database, LineageKind, OrganisationKind } from '../../store/schema.ts';

export interface OrganisationLink {
  direction: 'predecessor' | 'successor';
  code: string | null;
  name: string | null;
  kind: LineageKind;
  effectiveDate: string | null;
  source: 'derived' | 'administrator';
  note: string | null;
}

export interface FormerMember extends MembershipPeriod {
  name: string;
  status: string | null;
}

export interface OrganisationHistory {
  links: OrganisationLink[];
  /** Practices (or PCNs) that belonged to it at any time, latest first; the current ones included. */
  members: FormerMember[];
}

export async function organisationHistory(
  db: Kysely<Database>,
  code: string,
  kind: OrganisationKind,
): Promise<OrganisationHistory> {
  const lineageRows = await db
    .selectFrom('organisation_lineage as l')
    .leftJoin('organisation as p', 'p.code', 'l.predecessor_code')
    .leftJoin('organisation as s', 's.code', 'l.successor_code')
    .select([
      'l.predecessor_code',
      'l.successor_code',
      'l.kind',
      'l.effective_date',
      'l.source',
      'l.note',
      'p.name as predecessor_name',
      's.name as successor_name',
    ])
    .where((eb) => eb.or([eb('l.predecessor_code', '=', code), eb('l.successor_code', '=', code)]))
    .orderBy('l.effective_date')
    .execute();
  const links = lineageRows.map((l) => {
    const successorHere = l.successor_code === code;
    return {
      direction: successorHere ? ('predecessor' as const) : ('successor' as const),
      code: successorHere ? l.predecessor_code : l.successor_code,
      name: successorHere ? l.predecessor_name : l.successor_name,
      kind: l.kind,
      effectiveDate: l.effective_date,
      source: l.source,
      note: l.note,
    };
  });
  // Every observation of a child that was ever under this organisation, so its periods are complete.
  const rows = await db
    .selectFrom('organisation_membership as m')
    .select(['m.child_code', 'm.parent_code', 'm.observed_on', 'm.ended_on'])
    .where('m.parent_kind', '=', kind)
    .where('m.child_code', 'in', (eb) =>
      eb
        .selectFrom('organisation_membership')
        .select('child_code')
        .where('parent_kind', '=', kind)
        .where('parent_code', '=', code),
    )
    .execute();
  const periods = membershipPeriods(
    rows.map((r) => ({
      childCode: r.child_code,
      parentKind: kind,
      parentCode: r.parent_code,
      observedOn: r.observed_on,
      endedOn: r.ended_on,
    })),
  ).filter((p) => p.parentCode === code);
  const names =
    periods.length === 0
      ? new Map<string, { name: string; status: string | null }>()
      : new Map(
          (
            await db
              .selectFrom('organisation')
              .select(['code', 'name', 'status'])
              .where('code', 'in', [...new Set(periods.map((p) => p.childCode))])
              .execute()
          ).map((o) => [o.code, { name: o.name, status: o.status }]),
        );
  const members = periods
    .map((p) => ({
      ...p,
      name: names.get(p.childCode)?.name ?? p.childCode,
      status: names.get(p.childCode)?.status ?? null,
    }))
    .sort((a, b) => (b.validTo ?? '9999').localeCompare(a.validTo ?? '9999') || a.name.localeCompare(b.name));
  return { links, members };
}
