/**
 * Reading concerns as a person may see them: the list, one concern with its timeline, data pack,
 * reply, plan and its progress in later releases, the referral and its notices with their clocks,
 * and what the person may do next. An individual-performer concern shows a commissioner only that
 * it was routed, and to whom.
 */
import type { Kysely } from 'kysely';
import { STEP_ACTIONS, type Visibility, visibilityOf } from '../../domain/concerns/authority.ts';
import { type NoticeClock, noticeClock } from '../../domain/concerns/notices.ts';
import { type ConcernState, nextState, STEPS, type Step } from '../../domain/concerns/workflow.ts';
import { can, type PolicyTarget } from '../../domain/policy.ts';
import type { ConcernEventRow, ConcernNoticeRow, ConcernRow, Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { authorise } from '../authorise.ts';
import { UseCaseError } from '../use-case-error.ts';
import {
  type ContractHolder,
  concernTarget,
  contractHolderFor,
  invitedLmcOf,
  loadConcern,
  type PracticeScope,
  practiceScope,
  scopeOf,
} from './context.ts';
import { type LmcCandidate, lmcRepresentativesFor } from './lmc.ts';
import { type PeerReviewView, type PlanView, peerReviewOf, planOf } from './read-plan-review.ts';

export interface ConcernSummary {
  id: number;
  practiceCode: string;
  practiceName: string;
  type: ConcernRow['type'];
  state: ConcernState;
  /** null when the viewer sees only that an individual-performer concern was routed. */
  title: string | null;
  raisedAt: Date;
  visibility: Visibility;
}

export async function listConcerns(db: Kysely<Database>, actor: Actor | null): Promise<ConcernSummary[]> {
  if (!actor) return [];
  const rows = await db
    .selectFrom('concern')
    .innerJoin('organisation', 'organisation.code', 'concern.practice_code')
    .select([
      'concern.id',
      'concern.practice_code',
      'organisation.name',
      'concern.type',
      'concern.state',
      'concern.title',
      'concern.raised_at',
    ])
    .orderBy('concern.id', 'desc')
    .limit(500)
    .execute();
  const invitations = new Map<number, string[]>();
  if (rows.length > 0) {
    const invites = await db
      .selectFrom('concern_event')
      .select(['concern_id', 'detail'])
      .where('step', '=', 'invite_lmc')
      .where(
        'concern_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    for (const i of invites) {
      const name = (i.detail as { username?: unknown } | null)?.username;
      if (typeof name !== 'string') continue;
      invitations.set(i.concern_id, [...(invitations.get(i.concern_id) ?? []), name]);
    }
  }
  const scopes = new Map<string, PracticeScope>();
  const out: ConcernSummary[] = [];
  for (const r of rows) {
    let scope = scopes.get(r.practice_code);
    if (!scope) {
      scope = await practiceScope(db, r.practice_code);
      scopes.set(r.practice_code, scope);
    }
    const facts = { type: r.type, state: r.state as ConcernState, invitedLmc: invitations.get(r.id) ?? [] };
    if (!can(actor, 'view_concern', { ...scope.target, concern: facts }).allowed) continue;
    const visibility = visibilityOf(actor, { ...facts, target: scope.target });
    if (visibility === 'none') continue;
    out.push({
      id: r.id,
      practiceCode: r.practice_code,
      practiceName: r.name,
      type: r.type,
      state: r.state as ConcernState,
      title: visibility === 'full' ? r.title : null,
      raisedAt: r.raised_at,
      visibility,
    });
  }
  return out;
}

export interface AttachmentRef {
  id: number;
  eventId: number;
  fileName: string;
  contentType: string;
  size: number;
}

export interface NoticeView extends ConcernNoticeRow {
  clock: NoticeClock | null;
}

export interface ConcernView {
  row: ConcernRow;
  practice: PracticeScope;
  visibility: Visibility;
  indicator: { id: number; code: string; name: string } | null;
  releaseName: string | null;
  events: ConcernEventRow[];
  attachments: AttachmentRef[];
  plan: PlanView | null;
  notices: NoticeView[];
  peerReview: PeerReviewView | null;
  contractHolder: ContractHolder;
  /** Steps the viewer may take now (allowed by the workflow and by who they are). */
  steps: Step[];
  /** LMC representatives invited to the concern (they see it), with who may still be invited. */
  lmcInvited: LmcCandidate[];
  /** Non-empty only when the viewer may invite: the practice's LMC representatives not yet invited. */
  lmcInvitable: LmcCandidate[];
  mayRecordNotice: boolean;
  /** Why not, when the concern is referred and the viewer may not record a notice. */
  noticeRefusal: string | null;
  today: string;
}

/** A concern's timeline, its attachments (without their content) and its notices, oldest first. */
async function concernRecords(db: Kysely<Database>, id: number) {
  const events = await db
    .selectFrom('concern_event')
    .selectAll()
    .where('concern_id', '=', id)
    .orderBy('id')
    .execute();
  const attachments = await db
    .selectFrom('concern_attachment')
    .select(['id', 'event_id', 'file_name', 'content_type', 'size'])
    .where('concern_id', '=', id)
    .orderBy('id')
    .execute();
  const notices = await db
    .selectFrom('concern_notice')
    .selectAll()
    .where('concern_id', '=', id)
    .orderBy('id')
    .execute();
  return {
    events,
    attachments: attachments.map(
      (a): AttachmentRef => ({
        id: a.id,
        eventId: a.event_id,
        fileName: a.file_name,
        contentType: a.content_type,
        size: a.size,
      }),
    ),
    notices,
  };
}

/** The workflow steps the actor may take on the concern now (recording the outcome among them). */
function stepsOpenTo(actor: Actor | null, row: ConcernRow, target: PolicyTarget): Step[] {
  const steps = STEPS.filter(
    (s) =>
      s !== 'record_outcome' &&
      can(actor, STEP_ACTIONS[s], target).allowed &&
      nextState(row.type, row.state as ConcernState, s).ok,
  );
  if (
    can(actor, 'record_concern_outcome', target).allowed &&
    ['triaged', 'in_peer_review'].includes(row.state)
  ) {
    steps.push('record_outcome');
  }
  return steps;
}

export async function getConcern(
  db: Kysely<Database>,
  actor: Actor | null,
  id: number,
  today: string,
): Promise<ConcernView> {
  const row = await loadConcern(db, id);
  const practice = await practiceScope(db, row.practice_code);
  const invited = await invitedLmcOf(db, row.id);
  const scope = scopeOf(row, practice, invited);
  const contractHolder = await contractHolderFor(db, practice, today);
  const target = concernTarget(row, practice, invited, contractHolder.delegation);
  authorise(actor, 'view_concern', target);
  const visibility = visibilityOf(actor, scope);
  const base: ConcernView = {
    row,
    practice,
    visibility,
    indicator: null,
    releaseName: null,
    events: [],
    attachments: [],
    plan: null,
    notices: [],
    peerReview: null,
    contractHolder,
    steps: [],
    lmcInvited: [],
    lmcInvitable: [],
    mayRecordNotice: false,
    noticeRefusal: null,
    today,
  };
  if (visibility === 'status_only') {
    // Routed to the responsible officer: the commissioner learns where it went, nothing of it.
    return {
      ...base,
      row: {
        ...row,
        title: 'Concern about an individual performer',
        reason: '',
        data_pack: null,
        flag: null,
      },
    };
  }
  const { indicator, releaseName } = await indicatorAndRelease(db, row);
  const { events, attachments, notices } = await concernRecords(db, id);
  const steps = stepsOpenTo(actor, row, target);
  const authority = can(actor, 'record_contract_notice', target);
  const representatives = await lmcRepresentativesFor(db, practice);
  const lmcInvited = invited.map(
    (u) => representatives.find((r) => r.username === u) ?? { username: u, displayName: u },
  );
  const lmcInvitable = can(actor, 'invite_lmc_to_concern', target).allowed
    ? representatives.filter((r) => !invited.includes(r.username))
    : [];
  return {
    ...base,
    indicator,
    releaseName,
    events,
    attachments,
    plan: await planOf(db, row),
    notices: notices.map((n) => ({ ...n, clock: noticeClock(n.issued_on, n.remedy_period_days, today) })),
    peerReview: await peerReviewOf(db, row),
    steps,
    lmcInvited,
    lmcInvitable,
    mayRecordNotice: row.state === 'referred' && authority.allowed,
    noticeRefusal: row.state === 'referred' && !authority.allowed ? authority.reason : null,
  };
}

/** The indicator and the release a concern raised from a flag names (null for one raised by hand). */
async function indicatorAndRelease(db: Kysely<Database>, row: ConcernRow) {
  const indicator = row.indicator_id
    ? ((await db
        .selectFrom('indicator')
        .select(['id', 'code', 'name'])
        .where('id', '=', row.indicator_id)
        .executeTakeFirst()) ?? null)
    : null;
  const releaseName = row.release_id
    ? ((await db.selectFrom('release').select('name').where('id', '=', row.release_id).executeTakeFirst())
        ?.name ?? null)
    : null;
  return { indicator, releaseName };
}

export interface AttachmentFile {
  fileName: string;
  contentType: string;
  content: Uint8Array;
}

export async function getAttachment(
  db: Kysely<Database>,
  actor: Actor | null,
  concernId: number,
  attachmentId: number,
  today: string,
): Promise<AttachmentFile> {
  const view = await getConcern(db, actor, concernId, today);
  if (view.visibility !== 'full') throw new UseCaseError('forbidden', 'You cannot see this concern');
  const a = Number.isSafeInteger(attachmentId)
    ? await db
        .selectFrom('concern_attachment')
        .select(['file_name', 'content_type', 'content'])
        .where('id', '=', attachmentId)
        .where('concern_id', '=', concernId)
        .executeTakeFirst()
    : undefined;
  if (!a) throw new UseCaseError('not_found', 'There is no such attachment');
  return { fileName: a.file_name, contentType: a.content_type, content: new Uint8Array(a.content) };
}

/** The newest version of an indicator, by code: the plan form of a concern raised by hand names one. */
export async function indicatorIdByCode(db: Kysely<Database>, code: string): Promise<number | null> {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(code)) return null;
  const row = await db
    .selectFrom('indicator')
    .select('id')
    .where('code', '=', code)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * The ids a flag link names by code: the release by name, and the version of the indicator (by code)
 * that the release computed. Null for either when it cannot be found (the raise form then says so).
 */
export async function resolveFlagRef(
  db: Kysely<Database>,
  releaseName: string,
  indicatorCode: string,
): Promise<{ releaseId: number | null; indicatorId: number | null }> {
  const release =
    releaseName !== '' && releaseName.length <= 100
      ? await db.selectFrom('release').select('id').where('name', '=', releaseName).executeTakeFirst()
      : undefined;
  if (!release) return { releaseId: null, indicatorId: null };
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(indicatorCode))
    return { releaseId: release.id, indicatorId: null };
  const indicator = await db
    .selectFrom('indicator')
    .innerJoin('release_indicator', 'release_indicator.indicator_id', 'indicator.id')
    .select('indicator.id')
    .where('release_indicator.release_id', '=', release.id)
    .where('indicator.code', '=', indicatorCode)
    .executeTakeFirst();
  return { releaseId: release.id, indicatorId: indicator?.id ?? null };
}
