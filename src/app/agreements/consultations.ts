/**
 * Member consultations: the commissioner puts a proposal to its member practices; each practice
 * votes once while the consultation is open; results by option and turnout are shown after it
 * closes. A second vote by the same practice is refused (not replaced) and the refusal says why.
 */

import type { Kysely } from 'kysely';
import { practiceAuthority } from '../../domain/agreements/authority.ts';
import {
  type ConsultationPhase,
  type ConsultationResults,
  checkConsultationDraft,
  consultationPhase,
  tallyVotes,
  utcDay,
} from '../../domain/agreements/consultation.ts';
import { formatRole } from '../../domain/roles.ts';
import type { Database, JsonValue } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { utcDate } from '../clock.ts';
import { UseCaseError } from '../use-case-error.ts';
import { isUniqueViolation } from './errors.ts';
import { findCommissioner, memberPractices } from './members.ts';

export interface NewConsultationInput {
  commissionerCode: string;
  title: string;
  question: string;
  description?: string | null;
  options: string[];
  opensOn: string;
  closesOn: string;
}

export async function createConsultation(
  db: Kysely<Database>,
  actor: Actor,
  input: NewConsultationInput,
  options: { now: Date },
): Promise<{ id: number; members: number }> {
  return db.transaction().execute(async (trx) => {
    const commissioner = await findCommissioner(trx, input.commissionerCode);
    authorise(actor, 'manage_agreements', {
      organisationCode: commissioner.code,
      ancestors: commissioner.ancestors,
    });
    const problems = checkConsultationDraft(input);
    if (problems.length > 0) throw new UseCaseError('invalid', problems[0]!.message, problems[0]!.field);
    const members = await memberPractices(trx, commissioner, utcDate(options.now));
    if (members.length === 0) {
      throw new UseCaseError(
        'invalid',
        `${commissioner.name} has no member practices on record`,
        'commissioner',
      );
    }
    const choices = input.options.map((o) => o.trim()).filter((o) => o !== '');
    const row = await trx
      .insertInto('consultation')
      .values({
        commissioner_code: commissioner.code,
        title: input.title.trim(),
        question: input.question.trim(),
        description: input.description?.trim() || null,
        options: JSON.stringify(choices),
        opens_on: input.opensOn,
        closes_on: input.closesOn,
        created_at: options.now,
        created_by: actor.username,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('consultation_member')
      .values(
        members.map((m) => ({
          consultation_id: row.id,
          practice_code: m.practiceCode,
          sub_icb_code: m.subIcbCode,
        })),
      )
      .execute();
    await writeAudit(trx, {
      actor: actor.username,
      action: 'consultation_created',
      entity: 'consultation',
      entityId: String(row.id),
      before: null,
      after: {
        commissioner_code: commissioner.code,
        title: input.title.trim(),
        question: input.question.trim(),
        options: choices,
        opens_on: input.opensOn,
        closes_on: input.closesOn,
        members: members.length,
      },
    });
    return { id: row.id, members: members.length };
  });
}

function optionsOf(value: JsonValue): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

export async function castVote(
  db: Kysely<Database>,
  actor: Actor,
  input: { consultationId: number; practiceCode: string; optionIndex: number },
  options: { now: Date },
): Promise<void> {
  const practiceCode = input.practiceCode.trim().toUpperCase();
  const now = options.now;
  try {
    await db.transaction().execute(async (trx) => {
      authorise(actor, 'vote_in_consultation', { organisationCode: practiceCode });
      const authority = practiceAuthority(actor.roles, practiceCode);
      if (!authority) {
        throw new UseCaseError(
          'forbidden',
          `only a partner or the practice manager of ${practiceCode} may vote for it`,
        );
      }
      const { c, choices } = await openForVoting(trx, input.consultationId, input.optionIndex, now);
      const member = await trx
        .selectFrom('consultation_member')
        .select('practice_code')
        .where('consultation_id', '=', c.id)
        .where('practice_code', '=', practiceCode)
        .executeTakeFirst();
      if (!member) {
        throw new UseCaseError('forbidden', `${practiceCode} is not one of the member practices consulted`);
      }
      const earlier = await trx
        .selectFrom('consultation_vote')
        .select(['voted_by', 'voted_at'])
        .where('consultation_id', '=', c.id)
        .where('practice_code', '=', practiceCode)
        .executeTakeFirst();
      if (earlier) throw alreadyVoted(practiceCode, earlier.voted_by, earlier.voted_at);
      await trx
        .insertInto('consultation_vote')
        .values({
          consultation_id: c.id,
          practice_code: practiceCode,
          option_index: input.optionIndex,
          voted_by: actor.username,
          authority_role: authority.role,
          authority_code: authority.organisationCode ?? practiceCode,
          voted_at: now,
        })
        .execute();
      await writeAudit(trx, {
        actor: actor.username,
        action: 'consultation_vote_cast',
        entity: 'consultation_vote',
        entityId: `${c.id}:${practiceCode}`,
        before: null,
        after: {
          consultation_id: c.id,
          practice_code: practiceCode,
          option: choices[input.optionIndex]!,
          authority: formatRole(authority),
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyVoted(practiceCode, null, null);
    throw error;
  }
}

/** The consultation, when voting is open on `now` and the option is one of its options. */
async function openForVoting(trx: Kysely<Database>, consultationId: number, optionIndex: number, now: Date) {
  const c = await trx
    .selectFrom('consultation')
    .select(['id', 'options', 'opens_on', 'closes_on'])
    .where('id', '=', consultationId)
    .executeTakeFirst();
  if (!c) throw new UseCaseError('not_found', `there is no consultation ${consultationId}`);
  const phase = consultationPhase(c.opens_on, c.closes_on, utcDay(now));
  if (phase === 'not_yet_open') {
    throw new UseCaseError('conflict', `voting opens on ${c.opens_on}`);
  }
  if (phase === 'closed') throw new UseCaseError('conflict', `voting closed on ${c.closes_on}`);
  const choices = optionsOf(c.options);
  if (!Number.isInteger(optionIndex) || optionIndex < 0 || optionIndex >= choices.length) {
    throw new UseCaseError('invalid', 'Choose one of the options', 'option');
  }
  return { c, choices };
}

function alreadyVoted(practiceCode: string, by: string | null, at: Date | null): UseCaseError {
  const when = by && at ? ` (${by}, ${at.toISOString().slice(0, 10)})` : '';
  return new UseCaseError(
    'conflict',
    `${practiceCode} has already voted in this consultation${when}. Each practice has one vote, and a vote cannot be changed or cast again.`,
  );
}

export interface ConsultationView {
  id: number;
  commissionerCode: string;
  commissionerName: string;
  title: string;
  question: string;
  description: string | null;
  options: string[];
  opensOn: string;
  closesOn: string;
  createdBy: string;
  createdAt: Date;
  phase: ConsultationPhase;
  electorate: number;
  votesCast: number;
  /** Only once voting has closed; null before. */
  results: ConsultationResults | null;
  /** The member practices among those asked about, with the option each chose (or null). */
  practiceVotes: { practiceCode: string; option: string | null; votedAt: Date | null }[];
}

/** `practiceCodes`: the practices whose own votes the viewer may see (those they act for). */
export async function getConsultation(
  db: Kysely<Database>,
  id: number,
  options: { now: Date; practiceCodes?: readonly string[] },
): Promise<ConsultationView> {
  const c = await db
    .selectFrom('consultation as c')
    .leftJoin('organisation as o', 'o.code', 'c.commissioner_code')
    .selectAll('c')
    .select('o.name')
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!c) throw new UseCaseError('not_found', `there is no consultation ${id}`);
  const choices = optionsOf(c.options);
  const phase = consultationPhase(c.opens_on, c.closes_on, utcDay(options.now));
  const electorate = await db
    .selectFrom('consultation_member')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_id', '=', id)
    .executeTakeFirstOrThrow();
  const votes = await db
    .selectFrom('consultation_vote')
    .select(['practice_code', 'option_index', 'voted_at'])
    .where('consultation_id', '=', id)
    .execute();
  const members = new Set(
    options.practiceCodes && options.practiceCodes.length > 0
      ? (
          await db
            .selectFrom('consultation_member')
            .select('practice_code')
            .where('consultation_id', '=', id)
            .where('practice_code', 'in', [...options.practiceCodes])
            .execute()
        ).map((m) => m.practice_code)
      : [],
  );
  const byPractice = new Map(votes.map((v) => [v.practice_code, v]));
  return {
    id: c.id,
    commissionerCode: c.commissioner_code,
    commissionerName: c.name ?? c.commissioner_code,
    title: c.title,
    question: c.question,
    description: c.description,
    options: choices,
    opensOn: c.opens_on,
    closesOn: c.closes_on,
    createdBy: c.created_by,
    createdAt: c.created_at,
    phase,
    electorate: Number(electorate.n),
    votesCast: votes.length,
    results:
      phase === 'closed'
        ? tallyVotes(
            choices,
            votes.map((v) => v.option_index),
            Number(electorate.n),
          )
        : null,
    practiceVotes: [...members].sort().map((code) => {
      const v = byPractice.get(code);
      return {
        practiceCode: code,
        option: v ? (choices[v.option_index] ?? null) : null,
        votedAt: v?.voted_at ?? null,
      };
    }),
  };
}

export interface ConsultationSummary {
  id: number;
  title: string;
  commissionerCode: string;
  commissionerName: string;
  opensOn: string;
  closesOn: string;
  phase: ConsultationPhase;
}

export async function listConsultations(
  db: Kysely<Database>,
  options: { now: Date },
): Promise<ConsultationSummary[]> {
  const today = utcDay(options.now);
  const rows = await db
    .selectFrom('consultation as c')
    .leftJoin('organisation as o', 'o.code', 'c.commissioner_code')
    .select(['c.id', 'c.title', 'c.commissioner_code', 'o.name', 'c.opens_on', 'c.closes_on'])
    .orderBy('c.closes_on', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    commissionerCode: r.commissioner_code,
    commissionerName: r.name ?? r.commissioner_code,
    opensOn: r.opens_on,
    closesOn: r.closes_on,
    phase: consultationPhase(r.opens_on, r.closes_on, today),
  }));
}
