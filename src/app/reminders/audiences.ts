/**
 * Who a reminder reaches, resolved when it is delivered (so a role granted or removed since the
 * reminder fell due counts): each `Audience` of src/domain/obligations/escalation.ts as user ids.
 */
import type { Kysely } from 'kysely';
import type { Audience } from '../../domain/obligations/escalation.ts';
import type { Role } from '../../domain/roles.ts';
import type { Database } from '../../store/schema.ts';
import { currentAncestors } from '../browse/organisations.ts';
import { recipientIds } from '../notifications/notify.ts';

export interface AudienceFacts {
  practiceCode?: string;
  /** The commissioner (sub-ICB location or ICB) when there is no practice, e.g. a consultation. */
  commissionerCode?: string;
  personId?: number;
  committeeId?: number;
  consultationId?: number;
}

const PRACTICE_STAFF: readonly Role[] = ['practice_manager', 'practice_partner'];

async function aboveCodes(
  db: Kysely<Database>,
  facts: AudienceFacts,
): Promise<{ commissioners: string[]; region: string[] }> {
  if (facts.practiceCode) {
    const org = await db
      .selectFrom('organisation')
      .select(['code', 'name', 'kind'])
      .where('code', '=', facts.practiceCode)
      .executeTakeFirst();
    if (!org) return { commissioners: [], region: [] };
    const ancestors = await currentAncestors(db, org);
    return {
      commissioners: ancestors.filter((a) => a.kind === 'sub_icb' || a.kind === 'icb').map((a) => a.code),
      region: ancestors.filter((a) => a.kind === 'region').map((a) => a.code),
    };
  }
  if (facts.commissionerCode) {
    const org = await db
      .selectFrom('organisation')
      .select(['code', 'name', 'kind'])
      .where('code', '=', facts.commissionerCode)
      .executeTakeFirst();
    if (!org) return { commissioners: [], region: [] };
    const ancestors = await currentAncestors(db, org);
    return {
      commissioners: [org.code, ...ancestors.filter((a) => a.kind === 'icb').map((a) => a.code)],
      region: ancestors.filter((a) => a.kind === 'region').map((a) => a.code),
    };
  }
  return { commissioners: [], region: [] };
}

async function consultationPractices(
  db: Kysely<Database>,
  consultationId: number,
  notVoted: boolean,
): Promise<string[]> {
  let q = db
    .selectFrom('consultation_member as m')
    .select('m.practice_code')
    .where('m.consultation_id', '=', consultationId);
  if (notVoted)
    q = q.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('consultation_vote as v')
            .select('v.practice_code')
            .whereRef('v.consultation_id', '=', 'm.consultation_id')
            .whereRef('v.practice_code', '=', 'm.practice_code'),
        ),
      ),
    );
  return (await q.execute()).map((r) => r.practice_code);
}

export async function audienceIds(
  db: Kysely<Database>,
  audiences: readonly Audience[],
  facts: AudienceFacts,
): Promise<number[]> {
  const ids = new Set<number>();
  const add = (list: number[]) => {
    for (const id of list) ids.add(id);
  };
  const above = await aboveCodes(db, facts);
  for (const audience of audiences) {
    switch (audience) {
      case 'practice':
        if (facts.practiceCode)
          add(await recipientIds(db, { roles: PRACTICE_STAFF, organisationCodes: [facts.practiceCode] }));
        break;
      case 'commissioning_managers':
        add(
          await recipientIds(db, {
            roles: ['commissioning_manager'],
            organisationCodes: above.commissioners,
          }),
        );
        break;
      case 'commissioning_analysts':
        add(
          await recipientIds(db, {
            roles: ['commissioning_analyst'],
            organisationCodes: above.commissioners,
          }),
        );
        break;
      case 'lmc':
        add(
          await recipientIds(db, { roles: ['lmc_representative'], organisationCodes: above.commissioners }),
        );
        break;
      case 'contract_holder':
        add(await recipientIds(db, { roles: ['area_team'], organisationCodes: above.region }));
        break;
      case 'person': {
        if (facts.personId === undefined) break;
        const person = await db
          .selectFrom('governance_person')
          .select('user_id')
          .where('id', '=', facts.personId)
          .executeTakeFirst();
        if (person?.user_id) add([person.user_id]);
        break;
      }
      case 'committee': {
        if (facts.committeeId === undefined) break;
        const rows = await db
          .selectFrom('committee_member as m')
          .innerJoin('governance_person as p', 'p.id', 'm.person_id')
          .innerJoin('app_user as u', 'u.id', 'p.user_id')
          .select('u.id')
          .where('m.committee_id', '=', facts.committeeId)
          .where('m.ends_on', 'is', null)
          .where('u.disabled', '=', false)
          .execute();
        add(rows.map((r) => r.id));
        break;
      }
      case 'members':
      case 'members_not_voted': {
        if (facts.consultationId === undefined) break;
        const practices = await consultationPractices(
          db,
          facts.consultationId,
          audience === 'members_not_voted',
        );
        add(await recipientIds(db, { roles: PRACTICE_STAFF, organisationCodes: practices }));
        break;
      }
    }
  }
  return [...ids].sort((a, b) => a - b);
}
