/**
 * The consent register: a commissioner puts a local contract or scheme, version by version, to its
 * member practices; each practice consents to a version (a partner or its manager, for the practice
 * itself) and may withdraw, with a reason. Who consented to what version, when, on whose authority,
 * and any withdrawal stay on record; a new version needs consent again.
 */

import type { Kysely } from 'kysely';
import { practiceAuthority } from '../../domain/obligations/access.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { findCommissioner, memberPractices } from '../agreements/members.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { utcDate } from '../clock.ts';
import { tellSafely } from '../notifications/messages.ts';
import type { NotifyOptions } from '../notifications/notify.ts';
import { UseCaseError } from '../use-case-error.ts';

export interface NewConsentSubject {
  commissionerCode: string;
  kind: string;
  title: string;
  description: string;
  schemeCode?: string | null;
}

export async function createConsentSubject(
  db: Kysely<Database>,
  actor: Actor,
  input: NewConsentSubject,
  options: { now: Date },
): Promise<{ id: number; version: number }> {
  const commissioner = await findCommissioner(db, input.commissionerCode);
  authorise(actor, 'manage_consent_subjects', {
    organisationCode: commissioner.code,
    ancestors: commissioner.ancestors,
  });
  if (input.kind !== 'local_contract' && input.kind !== 'scheme')
    throw new UseCaseError('invalid', 'Choose a local contract or a scheme', 'kind');
  const title = input.title.trim();
  const description = input.description.trim();
  if (title === '') throw new UseCaseError('invalid', 'Enter a title', 'title');
  if (description === '')
    throw new UseCaseError('invalid', 'Describe what the practices consent to', 'description');
  const kind = input.kind;
  return db.transaction().execute(async (trx) => {
    const latest = await trx
      .selectFrom('consent_subject')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('commissioner_code', '=', commissioner.code)
      .where('kind', '=', kind)
      .where('title', '=', title)
      .executeTakeFirst();
    const version = (latest?.v ?? 0) + 1;
    const row = await trx
      .insertInto('consent_subject')
      .values({
        commissioner_code: commissioner.code,
        kind,
        title,
        version,
        description,
        scheme_code: input.schemeCode?.trim() || null,
        created_by: actor.username,
        created_at: options.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: actor.username,
      action: 'consent_subject_created',
      entity: 'consent_subject',
      entityId: String(row.id),
      before: null,
      after: { commissioner_code: commissioner.code, kind, title, version },
    });
    return { id: row.id, version };
  });
}

async function subjectOf(db: Kysely<Database>, subjectId: number) {
  const s = Number.isSafeInteger(subjectId)
    ? await db.selectFrom('consent_subject').selectAll().where('id', '=', subjectId).executeTakeFirst()
    : undefined;
  if (!s) throw new UseCaseError('not_found', 'There is no such local contract or scheme');
  return s;
}

export async function giveConsent(
  db: Kysely<Database>,
  actor: Actor,
  input: { subjectId: number; practiceCode: string },
  options: NotifyOptions,
): Promise<number> {
  const subject = await subjectOf(db, input.subjectId);
  const practiceCode = input.practiceCode.trim().toUpperCase();
  authorise(actor, 'give_consent', { organisationCode: practiceCode });
  const authority = practiceAuthority(actor.roles, practiceCode);
  if (!authority)
    throw new UseCaseError(
      'forbidden',
      `only a partner or the practice manager of ${practiceCode} may consent for it`,
    );
  const commissioner = await findCommissioner(db, subject.commissioner_code);
  const members = await memberPractices(db, commissioner, utcDate(options.now));
  if (!members.some((m) => m.practiceCode === practiceCode))
    throw new UseCaseError('forbidden', `${practiceCode} is not a member practice of ${commissioner.name}`);
  const id = await db.transaction().execute(async (trx) => {
    const standing = await trx
      .selectFrom('consent')
      .select('id')
      .where('subject_id', '=', subject.id)
      .where('practice_code', '=', practiceCode)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    if (standing)
      throw new UseCaseError(
        'conflict',
        `${practiceCode} has already consented to version ${subject.version}`,
      );
    const row = await trx
      .insertInto('consent')
      .values({
        subject_id: subject.id,
        practice_code: practiceCode,
        consented_by: actor.username,
        authority_role: authority.role,
        consented_at: options.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: actor.username,
      action: 'consent_given',
      entity: 'consent',
      entityId: String(row.id),
      before: null,
      after: {
        subject_id: subject.id,
        title: subject.title,
        version: subject.version,
        practice_code: practiceCode,
      },
    });
    return row.id;
  });
  await tellSafely(
    db,
    'consent_changed',
    { title: subject.title, version: subject.version, practiceCode, change: 'consented to' },
    { roles: ['commissioning_manager'], organisationCodes: [subject.commissioner_code] },
    '/consent',
    options,
  );
  return id;
}

export async function withdrawConsent(
  db: Kysely<Database>,
  actor: Actor,
  input: { consentId: number; reason: string },
  options: NotifyOptions,
): Promise<void> {
  const consent = Number.isSafeInteger(input.consentId)
    ? await db.selectFrom('consent').selectAll().where('id', '=', input.consentId).executeTakeFirst()
    : undefined;
  if (!consent) throw new UseCaseError('not_found', 'There is no such consent');
  authorise(actor, 'give_consent', { organisationCode: consent.practice_code });
  if (!practiceAuthority(actor.roles, consent.practice_code))
    throw new UseCaseError(
      'forbidden',
      `only a partner or the practice manager of ${consent.practice_code} may withdraw its consent`,
    );
  const reason = input.reason.trim();
  if (reason === '')
    throw new UseCaseError('invalid', 'Say why the practice withdraws its consent', 'reason');
  if (consent.withdrawn_at) throw new UseCaseError('conflict', 'This consent has already been withdrawn');
  const subject = await subjectOf(db, consent.subject_id);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('consent')
      .set({ withdrawn_at: options.now, withdrawn_by: actor.username, withdrawal_reason: reason })
      .where('id', '=', consent.id)
      .where('withdrawn_at', 'is', null)
      .execute();
    await writeAudit(trx, {
      actor: actor.username,
      action: 'consent_withdrawn',
      entity: 'consent',
      entityId: String(consent.id),
      before: { withdrawn_at: null },
      after: { reason },
    });
  });
  await tellSafely(
    db,
    'consent_changed',
    {
      title: subject.title,
      version: subject.version,
      practiceCode: consent.practice_code,
      change: 'withdrew its consent to',
    },
    { roles: ['commissioning_manager'], organisationCodes: [subject.commissioner_code] },
    '/consent',
    options,
  );
}

export interface ConsentRegister {
  commissionerCode: string;
  commissionerName: string;
  subjects: {
    id: number;
    kind: 'local_contract' | 'scheme';
    title: string;
    version: number;
    description: string;
    createdAt: Date;
    members: number;
    consents: {
      id: number;
      practiceCode: string;
      practiceName: string;
      consentedBy: string;
      authorityRole: string;
      consentedAt: Date;
      withdrawnAt: Date | null;
      withdrawnBy: string | null;
      reason: string | null;
    }[];
  }[];
}

export async function consentRegister(
  db: Kysely<Database>,
  commissionerCode: string,
  options: { now: Date },
): Promise<ConsentRegister> {
  const commissioner = await findCommissioner(db, commissionerCode);
  const members = (await memberPractices(db, commissioner, utcDate(options.now))).length;
  const subjects = await db
    .selectFrom('consent_subject')
    .selectAll()
    .where('commissioner_code', '=', commissioner.code)
    .orderBy('title')
    .orderBy('version', 'desc')
    .execute();
  const consents =
    subjects.length === 0
      ? []
      : await db
          .selectFrom('consent as c')
          .innerJoin('organisation as o', 'o.code', 'c.practice_code')
          .select([
            'c.id',
            'c.subject_id',
            'c.practice_code',
            'o.name',
            'c.consented_by',
            'c.authority_role',
            'c.consented_at',
            'c.withdrawn_at',
            'c.withdrawn_by',
            'c.withdrawal_reason',
          ])
          .where(
            'c.subject_id',
            'in',
            subjects.map((s) => s.id),
          )
          .orderBy('c.practice_code')
          .orderBy('c.id')
          .execute();
  return {
    commissionerCode: commissioner.code,
    commissionerName: commissioner.name,
    subjects: subjects.map((s) => ({
      id: s.id,
      kind: s.kind,
      title: s.title,
      version: s.version,
      description: s.description,
      createdAt: s.created_at,
      members,
      consents: consents
        .filter((c) => c.subject_id === s.id)
        .map((c) => ({
          id: c.id,
          practiceCode: c.practice_code,
          practiceName: c.name,
          consentedBy: c.consented_by,
          authorityRole: c.authority_role,
          consentedAt: c.consented_at,
          withdrawnAt: c.withdrawn_at,
          withdrawnBy: c.withdrawn_by,
          reason: c.withdrawal_reason,
        })),
    })),
  };
}
