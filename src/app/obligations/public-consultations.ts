/**
 * Consultations opened to the public and Healthwatch (issue 18): the commissioner opens a member
 * consultation to them too; anyone may answer it while it is open, without an account; Healthwatch
 * (the observer role, src/domain/roles.ts) answers as an organisation, once per account. After it
 * closes, the results are published in summary — counts by option for member practices, the public
 * and Healthwatch, and the commissioner's summary of what was said — never the individual comments.
 */
import type { Kysely } from 'kysely';
import {
  type ConsultationPhase,
  type ConsultationResults,
  consultationPhase,
  tallyVotes,
} from '../../domain/agreements/consultation.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { findCommissioner } from '../agreements/members.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { utcDate } from '../clock.ts';
import { tellSafely } from '../notifications/messages.ts';
import type { NotifyOptions } from '../notifications/notify.ts';
import { UseCaseError } from '../use-case-error.ts';

export const MAX_COMMENT = 4000;

async function consultationOf(db: Kysely<Database>, id: number) {
  const c = Number.isSafeInteger(id)
    ? await db.selectFrom('consultation').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!c) throw new UseCaseError('not_found', 'There is no such consultation');
  return { ...c, options: c.options as string[] };
}

async function commissionerTarget(db: Kysely<Database>, code: string) {
  const commissioner = await findCommissioner(db, code);
  return { organisationCode: commissioner.code, ancestors: commissioner.ancestors };
}

export async function openToPublic(
  db: Kysely<Database>,
  actor: Actor,
  consultationId: number,
  options: { now: Date },
): Promise<void> {
  const c = await consultationOf(db, consultationId);
  authorise(actor, 'publish_consultation_summary', await commissionerTarget(db, c.commissioner_code));
  if (consultationPhase(c.opens_on, c.closes_on, utcDate(options.now)) === 'closed')
    throw new UseCaseError('conflict', 'The consultation has closed');
  if (c.audience === 'public') return;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('consultation').set({ audience: 'public' }).where('id', '=', c.id).execute();
    await writeAudit(trx, {
      actor: actor.username,
      action: 'consultation_opened_to_public',
      entity: 'consultation',
      entityId: String(c.id),
      before: { audience: c.audience },
      after: { audience: 'public' },
    });
  });
}

function readAnswer(c: { options: string[] }, input: { optionIndex: number; comment: string }) {
  if (!Number.isInteger(input.optionIndex) || input.optionIndex < 0 || input.optionIndex >= c.options.length)
    throw new UseCaseError('invalid', 'Choose one of the options', 'option');
  const comment = input.comment.trim();
  if (comment.length > MAX_COMMENT)
    throw new UseCaseError('invalid', `The comment must be ${MAX_COMMENT} characters or fewer`, 'comment');
  return { optionIndex: input.optionIndex, comment: comment || null };
}

function assertOpenToPublic(c: { audience: string; opens_on: string; closes_on: string }, now: Date): void {
  if (c.audience !== 'public')
    throw new UseCaseError('not_found', 'This consultation is not open to the public');
  const phase = consultationPhase(c.opens_on, c.closes_on, utcDate(now));
  if (phase !== 'open')
    throw new UseCaseError(
      'conflict',
      phase === 'closed' ? 'The consultation has closed' : 'The consultation is not open yet',
    );
}

/** A member of the public answers (no account). */
export async function respondAsPublic(
  db: Kysely<Database>,
  input: { consultationId: number; optionIndex: number; comment: string },
  options: { now: Date },
): Promise<number> {
  const c = await consultationOf(db, input.consultationId);
  assertOpenToPublic(c, options.now);
  const answer = readAnswer(c, input);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('consultation_public_response')
      .values({
        consultation_id: c.id,
        respondent: 'public',
        option_index: answer.optionIndex,
        comment: answer.comment,
        submitted_at: options.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: 'public',
      action: 'consultation_public_response',
      entity: 'consultation_public_response',
      entityId: String(row.id),
      before: null,
      after: { consultation_id: c.id, option_index: answer.optionIndex },
    });
    return row.id;
  });
}

export async function respondAsHealthwatch(
  db: Kysely<Database>,
  actor: Actor,
  input: { consultationId: number; optionIndex: number; comment: string; organisation: string },
  options: { now: Date },
): Promise<number> {
  const c = await consultationOf(db, input.consultationId);
  authorise(actor, 'respond_as_healthwatch', await commissionerTarget(db, c.commissioner_code));
  assertOpenToPublic(c, options.now);
  const answer = readAnswer(c, input);
  const organisation = input.organisation.trim();
  if (organisation === '')
    throw new UseCaseError(
      'invalid',
      'Name the Healthwatch (or local authority) you answer for',
      'organisation',
    );
  return db.transaction().execute(async (trx) => {
    const earlier = await trx
      .selectFrom('consultation_public_response')
      .select('id')
      .where('consultation_id', '=', c.id)
      .where('submitted_by', '=', actor.username)
      .executeTakeFirst();
    if (earlier)
      throw new UseCaseError('conflict', 'You have already answered this consultation for your organisation');
    const row = await trx
      .insertInto('consultation_public_response')
      .values({
        consultation_id: c.id,
        respondent: 'healthwatch',
        option_index: answer.optionIndex,
        comment: answer.comment,
        organisation: organisation.slice(0, 200),
        submitted_by: actor.username,
        submitted_at: options.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: actor.username,
      action: 'consultation_healthwatch_response',
      entity: 'consultation_public_response',
      entityId: String(row.id),
      before: null,
      after: { consultation_id: c.id, organisation, option_index: answer.optionIndex },
    });
    return row.id;
  });
}

export async function publishSummary(
  db: Kysely<Database>,
  actor: Actor,
  consultationId: number,
  summary: string,
  options: NotifyOptions,
): Promise<void> {
  const c = await consultationOf(db, consultationId);
  authorise(actor, 'publish_consultation_summary', await commissionerTarget(db, c.commissioner_code));
  if (consultationPhase(c.opens_on, c.closes_on, utcDate(options.now)) !== 'closed')
    throw new UseCaseError('conflict', 'The summary is published after the consultation closes');
  const text = summary.trim();
  if (text === '') throw new UseCaseError('invalid', 'Write the summary of the responses', 'summary');
  if (text.length > 20_000)
    throw new UseCaseError('invalid', 'The summary must be 20,000 characters or fewer', 'summary');
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('consultation')
      .set({ summary: text, summary_published_at: options.now, summary_published_by: actor.username })
      .where('id', '=', c.id)
      .execute();
    await writeAudit(trx, {
      actor: actor.username,
      action: 'consultation_summary_published',
      entity: 'consultation',
      entityId: String(c.id),
      before: { summary: c.summary },
      after: { summary: text },
    });
  });
  const members = await db
    .selectFrom('consultation_member')
    .select('practice_code')
    .where('consultation_id', '=', c.id)
    .execute();
  await tellSafely(
    db,
    'consultation_summary',
    { title: c.title },
    {
      roles: ['practice_manager', 'practice_partner'],
      organisationCodes: members.map((m) => m.practice_code),
    },
    `/public/consultations/${c.id}`,
    options,
  );
}

export interface PublicConsultationView {
  id: number;
  commissionerCode: string;
  commissionerName: string;
  title: string;
  question: string;
  description: string | null;
  options: string[];
  opensOn: string;
  closesOn: string;
  phase: ConsultationPhase;
  audience: 'members' | 'public';
  /** Numbers of responses so far, while open (no direction). */
  responses: { public: number; healthwatch: number };
  /** After close only. */
  results: {
    members: ConsultationResults;
    public: ConsultationResults;
    healthwatch: ConsultationResults & { organisations: string[] };
  } | null;
  summary: string | null;
  summaryPublishedAt: Date | null;
}

export async function publicConsultationView(
  db: Kysely<Database>,
  consultationId: number,
  now: Date,
): Promise<PublicConsultationView> {
  const c = await consultationOf(db, consultationId);
  const org = await db
    .selectFrom('organisation')
    .select('name')
    .where('code', '=', c.commissioner_code)
    .executeTakeFirstOrThrow();
  const answers = await db
    .selectFrom('consultation_public_response')
    .select(['respondent', 'option_index', 'organisation'])
    .where('consultation_id', '=', c.id)
    .execute();
  const phase = consultationPhase(c.opens_on, c.closes_on, utcDate(now));
  let results: PublicConsultationView['results'] = null;
  if (phase === 'closed') {
    const votes = await db
      .selectFrom('consultation_vote')
      .select('option_index')
      .where('consultation_id', '=', c.id)
      .execute();
    const electorate = Number(
      (
        await db
          .selectFrom('consultation_member')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('consultation_id', '=', c.id)
          .executeTakeFirstOrThrow()
      ).n,
    );
    const pub = answers.filter((a) => a.respondent === 'public');
    const hw = answers.filter((a) => a.respondent === 'healthwatch');
    results = {
      members: tallyVotes(
        c.options,
        votes.map((v) => v.option_index),
        electorate,
      ),
      public: tallyVotes(
        c.options,
        pub.map((a) => a.option_index),
        pub.length,
      ),
      healthwatch: {
        ...tallyVotes(
          c.options,
          hw.map((a) => a.option_index),
          hw.length,
        ),
        organisations: hw.map((a) => a.organisation ?? '').filter((o) => o !== ''),
      },
    };
  }
  return {
    id: c.id,
    commissionerCode: c.commissioner_code,
    commissionerName: org.name,
    title: c.title,
    question: c.question,
    description: c.description,
    options: c.options,
    opensOn: c.opens_on,
    closesOn: c.closes_on,
    phase,
    audience: c.audience,
    responses: {
      public: answers.filter((a) => a.respondent === 'public').length,
      healthwatch: answers.filter((a) => a.respondent === 'healthwatch').length,
    },
    results,
    summary: c.summary,
    summaryPublishedAt: c.summary_published_at,
  };
}

export async function listPublicConsultations(db: Kysely<Database>, now: Date) {
  const rows = await db
    .selectFrom('consultation')
    .select(['id', 'title', 'opens_on', 'closes_on', 'commissioner_code'])
    .where('audience', '=', 'public')
    .orderBy('closes_on', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, phase: consultationPhase(r.opens_on, r.closes_on, utcDate(now)) }));
}
