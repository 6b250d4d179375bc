/**
 * The commissioners that may have agreements and consultations (sub-ICB locations and ICBs), and
 * their member practices today: every open practice whose latest membership of that kind names the
 * commissioner, with the sub-ICB location it belongs to (for the per-sub-ICB dashboard).
 */
import { type Kysely, sql } from 'kysely';
import type { MemberPractice } from '../../domain/agreements/status.ts';
import type { Database, Organisation } from '../../store/schema.ts';
import { currentAncestors } from '../browse/organisations.ts';
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

export async function memberPractices(
  db: Kysely<Database>,
  commissioner: Pick<Commissioner, 'code' | 'kind'>,
): Promise<MemberPractice[]> {
  const rows = await sql<{ practice_code: string; sub_icb_code: string | null }>`
    with latest as (
      select distinct on (m.child_code, m.parent_kind) m.child_code, m.parent_kind, m.parent_code
      from organisation_membership m
      where m.parent_kind in ('sub_icb', ${commissioner.kind})
        and m.child_code in (
          select child_code from organisation_membership
          where parent_kind = ${commissioner.kind} and parent_code = ${commissioner.code})
      order by m.child_code, m.parent_kind, m.observed_on desc
    )
    select a.child_code as practice_code, s.parent_code as sub_icb_code
    from latest a
    join organisation o on o.code = a.child_code and o.kind = 'practice'
    left join latest s on s.child_code = a.child_code and s.parent_kind = 'sub_icb'
    where a.parent_kind = ${commissioner.kind} and a.parent_code = ${commissioner.code}
      and o.status is distinct from 'closed'
    order by a.child_code`.execute(db);
  return rows.rows.map((r) => ({ practiceCode: r.practice_code, subIcbCode: r.sub_icb_code }));
}
