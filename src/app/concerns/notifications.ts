/**
 * Telling people about a concern's steps, in the app and by e-mail (src/app/notifications/notify.ts).
 * Called by each use case after its transaction commits, so nobody is told of a step that rolled back;
 * e-mail failures are recorded on the notification, never thrown. Who is told:
 *
 * | step | told |
 * |---|---|
 * | raised | the commissioning managers over the practice (they triage); an individual-performer concern: only the region's area team |
 * | practice notified | the practice's manager and partners: a new concern, and the date its reply is due |
 * | reply | the commissioning managers over the practice |
 * | peer review, outcome, close | the practice and invited LMC representatives (an outcome also the commissioners) |
 * | referral (by outcome or later) | the contract holder (the region's area team; the commissioner's managers when it holds contract management at level 3), the practice and the commissioners |
 * | remedial or breach notice | the practice, the commissioning staff over it and the area team |
 * | LMC invited | the representative invited |
 *
 * The person who took the step is not told of it. The words are the table CONCERN_MESSAGES
 * (./messages.ts).
 */

import type { Kysely } from 'kysely';
import type { Role } from '../../domain/roles.ts';
import type { ConcernRow, Database } from '../../store/schema.ts';
import { utcDate } from '../clock.ts';
import { type NotifyOptions, type NotifyOutcome, notify, recipientIds } from '../notifications/notify.ts';
import { contractHolderFor, invitedLmcOf, type PracticeScope, practiceScope } from './context.ts';
import {
  type Audience,
  CONCERN_MESSAGES,
  type ConcernEvent,
  type ConcernEventFacts,
  type ConcernMessage,
} from './messages.ts';

export type { NotifyOptions };

const PRACTICE_STAFF: readonly Role[] = ['practice_manager', 'practice_partner'];

async function idsOfUsernames(db: Kysely<Database>, usernames: readonly string[]): Promise<number[]> {
  if (usernames.length === 0) return [];
  const rows = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', 'in', [...usernames])
    .where('disabled', '=', false)
    .execute();
  return rows.map((r) => r.id);
}

async function audienceIds(
  db: Kysely<Database>,
  row: ConcernRow,
  practice: PracticeScope,
  audience: Audience,
  now: Date,
): Promise<number[]> {
  const ids = new Set<number>();
  const add = (list: number[]) => {
    for (const id of list) ids.add(id);
  };
  const commissionerCodes = practice.ancestors
    .filter((a) => a.kind === 'sub_icb' || a.kind === 'icb')
    .map((a) => a.code);
  const regionCode = practice.ancestors.find((a) => a.kind === 'region')?.code ?? null;
  if (audience.practice)
    add(await recipientIds(db, { roles: PRACTICE_STAFF, organisationCodes: [practice.practiceCode] }));
  if (audience.commissioners) {
    const roles: Role[] = audience.analysts
      ? ['commissioning_manager', 'commissioning_analyst']
      : ['commissioning_manager'];
    add(await recipientIds(db, { roles, organisationCodes: commissionerCodes }));
  }
  if (audience.areaTeam && regionCode)
    add(await recipientIds(db, { roles: ['area_team'], organisationCodes: [regionCode] }));
  if (audience.contractHolder) {
    const holder = await contractHolderFor(db, practice, utcDate(now));
    if (holder.holderCode && holder.holderCode !== regionCode)
      add(
        await recipientIds(db, { roles: ['commissioning_manager'], organisationCodes: [holder.holderCode] }),
      );
    if (regionCode) add(await recipientIds(db, { roles: ['area_team'], organisationCodes: [regionCode] }));
  }
  if (audience.invitedLmc) add(await idsOfUsernames(db, await invitedLmcOf(db, row.id)));
  if (audience.usernames) add(await idsOfUsernames(db, audience.usernames));
  return [...ids].sort((a, b) => a - b);
}

/**
 * Tells the audience of `event` about a concern's step, in the words of its row in CONCERN_MESSAGES.
 * Called by each use case after its transaction commits; `actor` (who took the step) is not told.
 */
export async function announce<E extends ConcernEvent>(
  db: Kysely<Database>,
  event: E,
  concernId: number,
  actor: string | null,
  facts: ConcernEventFacts[E],
  options: NotifyOptions,
): Promise<NotifyOutcome> {
  const row = await db
    .selectFrom('concern')
    .selectAll()
    .where('id', '=', concernId)
    .executeTakeFirstOrThrow();
  const practice = await practiceScope(db, row.practice_code);
  const message = CONCERN_MESSAGES[event] as ConcernMessage<ConcernEventFacts[E]>;
  const said = { row, practice, facts };
  let ids = await audienceIds(db, row, practice, message.audience(said), options.now);
  if (actor) {
    const self = await idsOfUsernames(db, [actor]);
    ids = ids.filter((id) => !self.includes(id));
  }
  return notify(
    db,
    {
      to: { userIds: ids },
      subject: message.subject(said),
      body: message.body(said),
      link: `/concerns/${concernId}`,
    },
    options,
  );
}
