/**
 * Drafting and issuing agreements: a commissioner's manager writes a version (Markdown with tagged
 * clauses) and issues it to the commissioner's member practices. Each change is one transaction
 * with its audit entry; a version once issued never changes (a new version replaces it).
 */

import type { Kysely, Transaction } from 'kysely';
import { parseAgreementDocument } from '../../domain/agreements/document.ts';
import { guidanceChecks } from '../../domain/agreements/guidance.ts';
import type { AgreementKind, Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { utcDate } from '../clock.ts';
import { tellSafely } from '../notifications/messages.ts';
import type { NotifyOptions } from '../notifications/notify.ts';
import { recordObligations } from '../obligations/define.ts';
import { UseCaseError } from '../use-case-error.ts';
import { type Commissioner, findCommissioner, memberPractices } from './members.ts';

export interface VersionInput {
  body: string;
  changeNote?: string | null;
}

export interface NewAgreementInput extends VersionInput {
  commissionerCode: string;
  title: string;
  /** A constitution is signed, vetoed and answered by the LMC just as an agreement is (issue 18). */
  kind?: AgreementKind;
}

export interface IssuedVersion {
  agreementId: number;
  versionId: number;
  version: number;
  members: number;
}

export const MAX_TITLE_LENGTH = 200;

function authoriseManaging(actor: Actor, commissioner: Commissioner): void {
  authorise(actor, 'manage_agreements', {
    organisationCode: commissioner.code,
    ancestors: commissioner.ancestors,
  });
}

function parseOrThrow(body: string) {
  const parsed = parseAgreementDocument(body);
  if (!parsed.ok) {
    const first = parsed.problems[0]!;
    const where = first.line === null ? '' : `line ${first.line}: `;
    const more = parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more)` : '';
    throw new UseCaseError('invalid', `${where}${first.message}${more}`, 'body');
  }
  return parsed.document;
}

async function writeVersion(
  trx: Transaction<Database>,
  actor: Actor,
  agreementId: number,
  version: number,
  commissioner: Commissioner,
  input: VersionInput,
  now: Date,
): Promise<IssuedVersion> {
  const document = parseOrThrow(input.body);
  const members = await memberPractices(trx, commissioner, utcDate(now));
  if (members.length === 0) {
    throw new UseCaseError(
      'invalid',
      `${commissioner.name} has no member practices on record`,
      'commissioner',
    );
  }
  const row = await trx
    .insertInto('agreement_version')
    .values({
      agreement_id: agreementId,
      version,
      body: input.body,
      change_note: input.changeNote?.trim() || null,
      issued_at: now,
      issued_by: actor.username,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('agreement_clause')
    .values(document.clauses.map((c) => ({ version_id: row.id, ...c })))
    .execute();
  // Clauses that carry an obligation (issue 18): recorded with the version, refused with it if wrong.
  const obligations = await recordObligations(trx, row.id, input.body, now);
  await trx
    .insertInto('agreement_member')
    .values(
      members.map((m) => ({ version_id: row.id, practice_code: m.practiceCode, sub_icb_code: m.subIcbCode })),
    )
    .execute();
  await writeAudit(trx, {
    actor: actor.username,
    action: version === 1 ? 'agreement_created' : 'agreement_version_issued',
    entity: 'agreement_version',
    entityId: String(row.id),
    before: null,
    after: {
      agreement_id: agreementId,
      commissioner_code: commissioner.code,
      version,
      clauses: document.clauses.length,
      members: members.length,
      guidance_flags: guidanceChecks(document.clauses).map((f) => f.code),
      obligations,
      change_note: input.changeNote?.trim() || null,
    },
  });
  return { agreementId, versionId: row.id, version, members: members.length };
}

export async function createAgreement(
  db: Kysely<Database>,
  actor: Actor,
  input: NewAgreementInput,
  options: { now: Date } & Partial<NotifyOptions>,
): Promise<IssuedVersion> {
  const title = input.title.trim();
  if (input.kind !== undefined && input.kind !== 'agreement' && input.kind !== 'constitution')
    throw new UseCaseError('invalid', 'Choose an agreement or a constitution', 'kind');
  const issued = await db.transaction().execute(async (trx) => {
    const commissioner = await findCommissioner(trx, input.commissionerCode);
    authoriseManaging(actor, commissioner);
    if (title === '') throw new UseCaseError('invalid', 'Enter a title', 'title');
    if (title.length > MAX_TITLE_LENGTH) {
      throw new UseCaseError('invalid', `The title must be ${MAX_TITLE_LENGTH} characters or fewer`, 'title');
    }
    const now = options.now;
    const agreement = await trx
      .insertInto('agreement')
      .values({
        commissioner_code: commissioner.code,
        title,
        kind: input.kind ?? 'agreement',
        created_at: now,
        created_by: actor.username,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return writeVersion(trx, actor, agreement.id, 1, commissioner, input, now);
  });
  await announceIssued(db, issued, options);
  return issued;
}

/** Tells the member practices a version is there to sign (after the issuing transaction commits). */
async function announceIssued(
  db: Kysely<Database>,
  issued: IssuedVersion,
  options: { now: Date } & Partial<NotifyOptions>,
): Promise<void> {
  const agreement = await db
    .selectFrom('agreement as a')
    .innerJoin('organisation as o', 'o.code', 'a.commissioner_code')
    .select(['a.title', 'a.kind', 'o.name'])
    .where('a.id', '=', issued.agreementId)
    .executeTakeFirstOrThrow();
  const members = await db
    .selectFrom('agreement_member')
    .select('practice_code')
    .where('version_id', '=', issued.versionId)
    .execute();
  await tellSafely(
    db,
    'agreement_issued',
    { title: agreement.title, version: issued.version, kind: agreement.kind, commissioner: agreement.name },
    {
      roles: ['practice_manager', 'practice_partner'],
      organisationCodes: members.map((m) => m.practice_code),
    },
    `/agreements/${issued.agreementId}`,
    options,
  );
}

/** Issues the next version; responses to earlier versions stay on record but no longer count. */
export async function issueVersion(
  db: Kysely<Database>,
  actor: Actor,
  agreementId: number,
  input: VersionInput,
  options: { now: Date } & Partial<NotifyOptions>,
): Promise<IssuedVersion> {
  const issued = await db.transaction().execute(async (trx) => {
    const agreement = await trx
      .selectFrom('agreement')
      .select(['id', 'commissioner_code'])
      .where('id', '=', agreementId)
      .forUpdate()
      .executeTakeFirst();
    if (!agreement) throw new UseCaseError('not_found', `there is no agreement ${agreementId}`);
    const commissioner = await findCommissioner(trx, agreement.commissioner_code);
    authoriseManaging(actor, commissioner);
    const latest = await trx
      .selectFrom('agreement_version')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('agreement_id', '=', agreementId)
      .executeTakeFirst();
    return writeVersion(
      trx,
      actor,
      agreementId,
      (latest?.version ?? 0) + 1,
      commissioner,
      input,
      options.now,
    );
  });
  await announceIssued(db, issued, options);
  return issued;
}
