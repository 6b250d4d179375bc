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
 * The person who took the step is not told of it.
 */

import type { Kysely } from 'kysely';
import { NOTICE_LABELS, type NoticeKind, noticeClock } from '../../domain/concerns/notices.ts';
import { STATE_LABELS } from '../../domain/concerns/workflow.ts';
import type { Role } from '../../domain/roles.ts';
import type { ConcernRow, Database } from '../../store/schema.ts';
import { utcDate } from '../clock.ts';
import { type NotifyOptions, type NotifyOutcome, notify, recipientIds } from '../notifications/notify.ts';
import { contractHolderFor, invitedLmcOf, type PracticeScope, practiceScope } from './context.ts';

export type { NotifyOptions };

const PRACTICE_STAFF: readonly Role[] = ['practice_manager', 'practice_partner'];

interface Audience {
  practice?: boolean;
  /** Commissioning managers (and analysts, when `analysts`) of the sub-ICB location and ICB above. */
  commissioners?: boolean;
  analysts?: boolean;
  areaTeam?: boolean;
  /** The contract holder today (area team, or the level-3 commissioner's managers). */
  contractHolder?: boolean;
  invitedLmc?: boolean;
  usernames?: readonly string[];
}

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

async function tell(
  db: Kysely<Database>,
  concernId: number,
  actorUsername: string | null,
  audience: Audience,
  message: (row: ConcernRow, practice: PracticeScope) => { subject: string; body: string },
  options: NotifyOptions,
): Promise<NotifyOutcome> {
  const row = await db
    .selectFrom('concern')
    .selectAll()
    .where('id', '=', concernId)
    .executeTakeFirstOrThrow();
  const practice = await practiceScope(db, row.practice_code);
  let ids = await audienceIds(db, row, practice, audience, options.now);
  if (actorUsername) {
    const self = await idsOfUsernames(db, [actorUsername]);
    ids = ids.filter((id) => !self.includes(id));
  }
  const { subject, body } = message(row, practice);
  return notify(db, { to: { userIds: ids }, subject, body, link: `/concerns/${concernId}` }, options);
}

const who = (p: PracticeScope) => `${p.practiceName} (${p.practiceCode})`;

export function announceRaised(
  db: Kysely<Database>,
  concernId: number,
  actor: string,
  options: NotifyOptions,
): Promise<NotifyOutcome> {
  return db
    .selectFrom('concern')
    .select('type')
    .where('id', '=', concernId)
    .executeTakeFirstOrThrow()
    .then((r) =>
      r.type === 'individual_performer'
        ? tell(
            db,
            concernId,
            actor,
            { areaTeam: true },
            (_row, p) => ({
              subject: `A concern about an individual performer at ${p.practiceCode} is routed to you`,
              body: `A concern about an individual performer at ${who(p)} was raised and routed to the responsible officer of the NHS England area team. The commissioner does not handle it.`,
            }),
            options,
          )
        : tell(
            db,
            concernId,
            actor,
            { commissioners: true },
            (row, p) => ({
              subject: `New concern about ${p.practiceCode}: ${row.title}`,
              body: `${row.raised_by} raised a concern about ${who(p)}: ${row.title}. It is waiting for triage.`,
            }),
            options,
          ),
    );
}

export function announcePracticeNotified(
  db: Kysely<Database>,
  concernId: number,
  actor: string,
  note: string,
  replyBy: string | null,
  options: NotifyOptions,
): Promise<NotifyOutcome> {
  return tell(
    db,
    concernId,
    actor,
    { practice: true },
    (row, p) => ({
      subject: replyBy
        ? `A concern about ${p.practiceCode}: your reply is due by ${replyBy}`
        : `A concern about ${p.practiceCode} needs your reply`,
      body: `The commissioner has raised a concern about ${who(p)}: ${row.title}.${note ? ` ${note}` : ''} You have the right to reply: give the context (population and demographics), any data quality problem, and the actions you have already taken${replyBy ? `, by ${replyBy}` : ''}. You may invite your LMC representative to the concern.`,
    }),
    options,
  );
}

export function announceReply(
  db: Kysely<Database>,
  concernId: number,
  actor: string,
  options: NotifyOptions,
): Promise<NotifyOutcome> {
  return tell(
    db,
    concernId,
    actor,
    { commissioners: true },
    (row, p) => ({
      subject: `${p.practiceCode} replied to concern ${row.id}`,
      body: `${who(p)} replied to the concern “${row.title}”. It can now go to peer review.`,
    }),
    options,
  );
}

export function announcePeerReview(
  db: Kysely<Database>,
  concernId: number,
  actor: string,
  where: string,
  options: NotifyOptions,
): Promise<NotifyOutcome> {
  return tell(
    db,
    concernId,
    actor,
    { practice: true, invitedLmc: true },
    (row) => ({
      subject: `Concern ${row.id} goes to peer review`,
      body: `The concern “${row.title}” and your reply go to peer review: ${where}. Members with a declared interest in the practice are recused.`,
    }),
    options,
  );
}

export function announceOutcome(
  db: Kysely<Database>,
  concernId: number,
  actor: string,
  notes: string,
  options: NotifyOptions,
): Promise<NotifyOutcome> {
  return db
    .selectFrom('concern')
    .select('state')
    .where('id', '=', concernId)
    .executeTakeFirstOrThrow()
    .then((r) =>
      tell(
        db,
        concernId,
        actor,
        {
          practice: true,
          invitedLmc: true,
          commissioners: true,
          contractHolder: r.state === 'referred',
        },
        (row) => ({
          subject: `Outcome of concern ${row.id}: ${STATE_LABELS[row.state as keyof typeof STATE_LABELS] ?? row.state}`,
          body: `The outcome of the concern “${row.title}” is: ${STATE_LABELS[row.state as keyof typeof STATE_LABELS] ?? row.state}. ${notes}`,
        }),
        options,
      ),
    );
}

export function announceReferral(
  db: Kysely<Database>,
  concernId: number,
  actor: string,
  note: string,
  options: NotifyOptions,
): Promise<NotifyOutcome> {
  return tell(
    db,
    concernId,
    actor,
    { contractHolder: true, practice: true, commissioners: true, invitedLmc: true },
    (row, p) => ({
      subject: `Concern ${row.id} about ${p.practiceCode} is referred to the contract holder`,
      body: `The concern “${row.title}” about ${who(p)} is referred to the contract holder. ${note}`,
    }),
    options,
  );
}

export function announceClosed(
  db: Kysely<Database>,
  concernId: number,
  actor: string,
  note: string,
  options: NotifyOptions,
): Promise<NotifyOutcome> {
  return tell(
    db,
    concernId,
    actor,
    { practice: true, invitedLmc: true },
    (row) => ({
      subject: `Concern ${row.id} is closed`,
      body: `The concern “${row.title}” is closed. ${note}`,
    }),
    options,
  );
}

export function announceNotice(
  db: Kysely<Database>,
  concernId: number,
  actor: string,
  notice: {
    kind: NoticeKind;
    breach: string;
    remedy: string | null;
    remedyPeriodDays: number | null;
    issuedOn: string;
  },
  options: NotifyOptions,
): Promise<NotifyOutcome> {
  const clock = noticeClock(notice.issuedOn, notice.remedyPeriodDays, notice.issuedOn);
  return tell(
    db,
    concernId,
    actor,
    { practice: true, commissioners: true, analysts: true, areaTeam: true, invitedLmc: true },
    (_row, p) => ({
      subject: clock
        ? `${NOTICE_LABELS[notice.kind]} to ${p.practiceCode}: remedy by ${clock.dueOn}`
        : `${NOTICE_LABELS[notice.kind]} to ${p.practiceCode}`,
      body: `${NOTICE_LABELS[notice.kind]} issued on ${notice.issuedOn} to ${who(p)}. Breach: ${notice.breach}${
        clock
          ? ` Remedy: ${notice.remedy ?? ''} Remedy period: ${notice.remedyPeriodDays} days, due ${clock.dueOn}.`
          : ''
      }`,
    }),
    options,
  );
}

export function announceLmcInvited(
  db: Kysely<Database>,
  concernId: number,
  actor: string,
  username: string,
  options: NotifyOptions,
): Promise<NotifyOutcome> {
  return tell(
    db,
    concernId,
    actor,
    { usernames: [username] },
    (row, p) => ({
      subject: `You are invited to concern ${row.id} about ${p.practiceCode}`,
      body: `As LMC representative you are invited to the concern “${row.title}” about ${who(p)}. You can now see it, its reply and its outcome.`,
    }),
    options,
  );
}

export function announceProgress(
  db: Kysely<Database>,
  concernId: number,
  actor: string,
  releaseName: string,
  value: number | null,
  targetMet: boolean | null,
  options: NotifyOptions,
): Promise<NotifyOutcome> {
  return tell(
    db,
    concernId,
    actor,
    { practice: true, commissioners: true, invitedLmc: true },
    (row) => ({
      subject: `Release ${releaseName} re-measures the improvement plan of concern ${row.id}`,
      body: `Release ${releaseName} has a new value for the plan of “${row.title}”: ${value ?? 'no value'}${
        targetMet === null ? '' : targetMet ? ' (the target is met)' : ' (the target is not met yet)'
      }. See the concern for the change from the baseline.`,
    }),
    options,
  );
}
