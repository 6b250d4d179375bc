/**
 * A member practice signs or vetoes the current version of an agreement, and the LMC records its
 * consultation response. Each is final for that version (a changed mind needs a new version), is
 * recorded with who, when and on whose authority, and is one transaction with its audit entry.
 */
import type { Kysely, Transaction } from 'kysely';
import { lmcAuthority, practiceAuthority } from '../../domain/agreements/authority.ts';
import { formatRole } from '../../domain/roles.ts';
import { inSentence } from '../../domain/words.ts';
import type { AgreementDecision, Database, LmcPosition } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { tellSafely } from '../notifications/messages.ts';
import type { NotifyOptions } from '../notifications/notify.ts';
import { UseCaseError } from '../use-case-error.ts';
import { isUniqueViolation } from './errors.ts';
import { findCommissioner } from './members.ts';

export const MAX_REASON_LENGTH = 5000;
export const LMC_POSITIONS: readonly LmcPosition[] = ['supports', 'supports_with_changes', 'opposes'];
export const LMC_POSITION_LABELS: Record<LmcPosition, string> = {
  supports: 'Supports the agreement',
  supports_with_changes: 'Supports it with changes',
  opposes: 'Opposes the agreement',
};

export interface PracticeResponseInput {
  versionId: number;
  practiceCode: string;
  decision: AgreementDecision;
  reason?: string | null;
}

async function versionRow(trx: Transaction<Database>, versionId: number) {
  const row = await trx
    .selectFrom('agreement_version as v')
    .innerJoin('agreement as a', 'a.id', 'v.agreement_id')
    .select(['v.id', 'v.version', 'v.agreement_id', 'a.commissioner_code'])
    .where('v.id', '=', versionId)
    .executeTakeFirst();
  if (!row) throw new UseCaseError('not_found', `there is no agreement version ${versionId}`);
  const latest = await trx
    .selectFrom('agreement_version')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('agreement_id', '=', row.agreement_id)
    .executeTakeFirstOrThrow();
  if (latest.version !== row.version) {
    throw new UseCaseError(
      'conflict',
      `version ${row.version} has been replaced by version ${latest.version}: respond to the current version`,
    );
  }
  return row;
}

export async function respondToAgreement(
  db: Kysely<Database>,
  actor: Actor,
  input: PracticeResponseInput,
  options: { now: Date } & Partial<NotifyOptions>,
): Promise<void> {
  const practiceCode = input.practiceCode.trim().toUpperCase();
  if (input.decision !== 'signed' && input.decision !== 'vetoed') {
    throw new UseCaseError('invalid', 'Choose whether the practice signs or vetoes', 'decision');
  }
  const reason = input.reason?.trim() || null;
  if (reason && reason.length > MAX_REASON_LENGTH) {
    throw new UseCaseError(
      'invalid',
      `The reason must be ${MAX_REASON_LENGTH} characters or fewer`,
      'reason',
    );
  }
  try {
    await db.transaction().execute(async (trx) => {
      // The practice alone, without its ancestors: authority to bind a practice is never inherited.
      authorise(actor, 'respond_to_agreement', { organisationCode: practiceCode });
      const authority = practiceAuthority(actor.roles, practiceCode);
      if (!authority) {
        throw new UseCaseError(
          'forbidden',
          `only a partner or the practice manager of ${practiceCode} may sign or veto for it`,
        );
      }
      const version = await memberVersion(trx, input.versionId, practiceCode);
      const row = {
        version_id: version.id,
        practice_code: practiceCode,
        decision: input.decision,
        reason,
        responded_by: actor.username,
        authority_role: authority.role,
        authority_code: authority.organisationCode ?? practiceCode,
        responded_at: options.now,
      };
      await trx.insertInto('agreement_response').values(row).execute();
      await writeAudit(trx, {
        actor: actor.username,
        action: input.decision === 'signed' ? 'agreement_signed' : 'agreement_vetoed',
        entity: 'agreement_response',
        entityId: `${version.id}:${practiceCode}`,
        before: null,
        after: {
          agreement_id: version.agreement_id,
          version: version.version,
          practice_code: practiceCode,
          decision: input.decision,
          reason,
          authority: formatRole(authority),
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new UseCaseError('conflict', `${practiceCode} has already responded to this version`);
    }
    throw error;
  }
  // A veto is something the commissioner must act on (issue 18): its managers are told.
  if (input.decision === 'vetoed') {
    const about = await aboutVersion(db, input.versionId);
    await tellSafely(
      db,
      'agreement_vetoed',
      { title: about.title, version: about.version, practiceCode, reason },
      { roles: ['commissioning_manager'], organisationCodes: [about.commissioner_code] },
      `/agreements/${about.agreement_id}`,
      options,
    );
  }
}

/** The version, when the practice is one it was issued to and has not answered yet (a response is final). */
async function memberVersion(trx: Transaction<Database>, versionId: number, practiceCode: string) {
  const version = await versionRow(trx, versionId);
  const member = await trx
    .selectFrom('agreement_member')
    .select('practice_code')
    .where('version_id', '=', version.id)
    .where('practice_code', '=', practiceCode)
    .executeTakeFirst();
  if (!member) {
    throw new UseCaseError(
      'forbidden',
      `${practiceCode} is not one of the member practices this version was issued to`,
    );
  }
  const earlier = await trx
    .selectFrom('agreement_response')
    .select(['decision', 'responded_by', 'responded_at'])
    .where('version_id', '=', version.id)
    .where('practice_code', '=', practiceCode)
    .executeTakeFirst();
  if (earlier) {
    throw new UseCaseError(
      'conflict',
      `${practiceCode} has already ${earlier.decision} version ${version.version} (${earlier.responded_by}, ${earlier.responded_at.toISOString().slice(0, 10)}); a response is final, and a new version can be issued to ask again`,
    );
  }
  return version;
}

async function aboutVersion(db: Kysely<Database>, versionId: number) {
  return db
    .selectFrom('agreement_version as v')
    .innerJoin('agreement as a', 'a.id', 'v.agreement_id')
    .select(['a.title', 'a.commissioner_code', 'v.version', 'v.agreement_id'])
    .where('v.id', '=', versionId)
    .executeTakeFirstOrThrow();
}

export interface LmcResponseInput {
  versionId: number;
  position: LmcPosition;
  response: string;
}

export async function recordLmcResponse(
  db: Kysely<Database>,
  actor: Actor,
  input: LmcResponseInput,
  options: { now: Date } & Partial<NotifyOptions>,
): Promise<void> {
  const response = checkedLmcResponse(input);
  try {
    await db.transaction().execute(async (trx) => {
      const version = await versionRow(trx, input.versionId);
      const commissioner = await findCommissioner(trx, version.commissioner_code);
      authorise(actor, 'respond_as_lmc', {
        organisationCode: commissioner.code,
        ancestors: commissioner.ancestors,
      });
      const authority = lmcAuthority(actor.roles, commissioner.code, commissioner.ancestors);
      if (!authority) {
        throw new UseCaseError(
          'forbidden',
          `only an LMC representative for ${commissioner.code} may respond for the LMC`,
        );
      }
      const earlier = await trx
        .selectFrom('agreement_lmc_response')
        .select('responded_by')
        .where('version_id', '=', version.id)
        .executeTakeFirst();
      if (earlier) {
        throw new UseCaseError(
          'conflict',
          `the LMC has already responded to version ${version.version} (${earlier.responded_by})`,
        );
      }
      const row = await trx
        .insertInto('agreement_lmc_response')
        .values({
          version_id: version.id,
          position: input.position,
          response,
          responded_by: actor.username,
          authority_code: authority.organisationCode ?? commissioner.code,
          responded_at: options.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        actor: actor.username,
        action: 'agreement_lmc_response_recorded',
        entity: 'agreement_lmc_response',
        entityId: String(row.id),
        before: null,
        after: {
          agreement_id: version.agreement_id,
          version: version.version,
          position: input.position,
          response,
          authority: formatRole(authority),
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new UseCaseError('conflict', 'the LMC has already responded to this version');
    }
    throw error;
  }
  const about = await aboutVersion(db, input.versionId);
  await tellSafely(
    db,
    'agreement_lmc_response',
    {
      title: about.title,
      version: about.version,
      position: inSentence(LMC_POSITION_LABELS[input.position]),
    },
    { roles: ['commissioning_manager'], organisationCodes: [about.commissioner_code] },
    `/agreements/${about.agreement_id}`,
    options,
  );
}

/** The LMC's response text, once its position is one of the positions and the text is given and not too long. */
function checkedLmcResponse(input: LmcResponseInput): string {
  if (!LMC_POSITIONS.includes(input.position)) {
    throw new UseCaseError('invalid', 'Choose the LMC’s position', 'position');
  }
  const response = input.response.trim();
  if (response === '') throw new UseCaseError('invalid', 'Enter the LMC’s response', 'response');
  if (response.length > MAX_REASON_LENGTH) {
    throw new UseCaseError(
      'invalid',
      `The response must be ${MAX_REASON_LENGTH} characters or fewer`,
      'response',
    );
  }
  return response;
}
