/**
 * Inviting the practice's LMC representative to a concern. The LMC sees no concern uninvited; once
 * invited, the representative sees it in full (read only) and is told of its later steps. The
 * invitation is a step on the timeline (`invite_lmc`, the state unchanged) and in the audit log, and
 * the policy (`can(…, 'invite_lmc_to_concern', …)`) decides who may invite: the commissioning manager,
 * or the practice once it has been notified.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { authorise } from '../authorise.ts';
import { UseCaseError } from '../use-case-error.ts';
import { concernTarget, invitedLmcOf, type PracticeScope, practiceScope } from './context.ts';
import { announce, type NotifyOptions } from './notifications.ts';
import { recordStep } from './timeline.ts';

export interface LmcCandidate {
  username: string;
  displayName: string;
}

/** Enabled accounts holding the LMC representative role for the practice or an organisation above it. */
export async function lmcRepresentativesFor(
  db: Kysely<Database>,
  practice: PracticeScope,
): Promise<LmcCandidate[]> {
  const codes = [practice.practiceCode, ...practice.ancestors.map((a) => a.code)];
  const rows = await db
    .selectFrom('role_assignment')
    .innerJoin('app_user', 'app_user.id', 'role_assignment.user_id')
    .select(['app_user.username', 'app_user.display_name'])
    .distinct()
    .where('role_assignment.role', '=', 'lmc_representative')
    .where('role_assignment.organisation_code', 'in', codes)
    .where('app_user.disabled', '=', false)
    .orderBy('app_user.username')
    .execute();
  return rows.map((r) => ({ username: r.username, displayName: r.display_name }));
}

/**
 * Invites an LMC representative for the practice (by username; empty picks the only one there is).
 * Returns the event's id.
 */
export async function inviteLmc(
  db: Kysely<Database>,
  actor: Actor | null,
  concernId: number,
  username: string,
  note = '',
  options: NotifyOptions,
): Promise<number> {
  const eventId = await db.transaction().execute(async (trx) => {
    const row = Number.isSafeInteger(concernId)
      ? await trx.selectFrom('concern').selectAll().where('id', '=', concernId).forUpdate().executeTakeFirst()
      : undefined;
    if (!row) throw new UseCaseError('not_found', 'There is no such concern');
    const practice = await practiceScope(trx, row.practice_code);
    const invited = await invitedLmcOf(trx, row.id);
    authorise(actor, 'invite_lmc_to_concern', concernTarget(row, practice, invited));
    const candidates = await lmcRepresentativesFor(trx, practice);
    const wanted = username.trim();
    const open = candidates.filter((c) => !invited.includes(c.username));
    const chosen =
      wanted === ''
        ? open.length === 1
          ? open[0]
          : undefined
        : candidates.find((c) => c.username === wanted);
    if (!chosen) {
      if (wanted === '' && candidates.length > 0 && open.length === 0)
        throw new UseCaseError('conflict', 'The LMC representative is already invited');
      throw new UseCaseError(
        'invalid',
        candidates.length === 0
          ? `No LMC representative for ${practice.practiceCode} has an account`
          : wanted === ''
            ? 'Choose the LMC representative to invite'
            : `${wanted} is not an LMC representative for ${practice.practiceCode}`,
        'lmc_username',
      );
    }
    if (invited.includes(chosen.username))
      throw new UseCaseError('conflict', `${chosen.displayName} is already invited to this concern`);
    return recordStep(trx, {
      concernId,
      step: 'invite_lmc',
      from: row.state as never,
      to: row.state as never,
      actor: actor!.username,
      at: options.now,
      note: note.trim() || `Invited ${chosen.displayName} (LMC representative)`,
      detail: { username: chosen.username, display_name: chosen.displayName },
    });
  });
  const detail = await db
    .selectFrom('concern_event')
    .select('detail')
    .where('id', '=', eventId)
    .executeTakeFirstOrThrow();
  const invitedName = (detail.detail as { username: string }).username;
  try {
    await announce(db, 'lmc_invited', concernId, actor!.username, { username: invitedName }, options);
  } catch (error) {
    console.error(`concern notification failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return eventId;
}
