/**
 * Recording a remedial or breach notice on a referred concern. Only the contract holder may: the NHS
 * England area team for the practice's region, or a commissioner holding contract management under
 * delegation at level 3 on the day (src/domain/concerns/authority.ts). Everyone else can only refer.
 */
import type { Kysely } from 'kysely';
import { isNoticeKind, type NoticeInput, noticeProblem } from '../../domain/concerns/notices.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { authorise } from '../authorise.ts';
import { utcDate } from '../clock.ts';
import { UseCaseError } from '../use-case-error.ts';
import { concernTarget, contractHolderFor, invitedLmcOf, practiceScope } from './context.ts';
import { announce, type NotifyOptions } from './notifications.ts';
import { recordStep } from './timeline.ts';

export interface NoticeForm {
  kind: string;
  breach: string;
  remedy: string;
  remedyPeriodDays: string;
  issuedOn: string;
}

export async function recordNotice(
  db: Kysely<Database>,
  actor: Actor | null,
  concernId: number,
  form: NoticeForm,
  options: NotifyOptions,
): Promise<number> {
  const today = utcDate(options.now);
  const kind = form.kind.trim();
  if (!isNoticeKind(kind)) throw new UseCaseError('invalid', 'Choose the kind of notice', 'kind');
  const days = form.remedyPeriodDays.trim() === '' ? null : Number(form.remedyPeriodDays.trim());
  const notice: NoticeInput = {
    kind,
    breach: form.breach.trim(),
    remedy: kind === 'remedial' ? form.remedy.trim() : null,
    remedyPeriodDays: kind === 'remedial' ? (days !== null && Number.isFinite(days) ? days : null) : null,
    issuedOn: form.issuedOn.trim() || today,
  };
  const id = await db.transaction().execute(async (trx) => {
    const row = Number.isSafeInteger(concernId)
      ? await trx.selectFrom('concern').selectAll().where('id', '=', concernId).forUpdate().executeTakeFirst()
      : undefined;
    if (!row) throw new UseCaseError('not_found', 'There is no such concern');
    const practice = await practiceScope(trx, row.practice_code);
    const holder = await contractHolderFor(trx, practice, today);
    const target = concernTarget(row, practice, await invitedLmcOf(trx, row.id), holder.delegation);
    const authority = authorise(actor, 'record_contract_notice', target);
    if (row.state !== 'referred')
      throw new UseCaseError(
        'conflict',
        'A notice can be recorded only once the concern is referred to the contract holder',
      );
    const problem = noticeProblem(notice);
    if (problem) throw new UseCaseError('invalid', problem.message, problem.field);
    const issuer = actor!.roles.find((r) => r.role === 'area_team')?.organisationCode ?? holder.holderCode;
    const inserted = await trx
      .insertInto('concern_notice')
      .values({
        concern_id: concernId,
        kind: notice.kind,
        breach: notice.breach,
        remedy: notice.remedy,
        remedy_period_days: notice.remedyPeriodDays,
        issued_on: notice.issuedOn,
        issued_by: actor!.username,
        issuing_organisation: issuer,
        authority: authority.reason,
        recorded_at: options.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordStep(trx, {
      concernId,
      step: notice.kind === 'remedial' ? 'remedial_notice' : 'breach_notice',
      from: 'referred',
      to: 'referred',
      actor: actor!.username,
      at: options.now,
      note: notice.breach,
      detail: {
        notice_id: inserted.id,
        kind: notice.kind,
        remedy: notice.remedy,
        remedy_period_days: notice.remedyPeriodDays,
        issued_on: notice.issuedOn,
        authority: authority.reason,
      },
    });
    return inserted.id;
  });
  try {
    await announce(db, 'notice', concernId, actor!.username, notice, options);
  } catch (error) {
    console.error(`concern notification failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return id;
}
