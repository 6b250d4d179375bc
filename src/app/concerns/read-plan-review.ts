// Two parts of a concern as read.ts shows it: its improvement plan, with the indicator re-measured in
// each later release, and its peer review (the committee item and who was recused from it).
import type { Kysely } from 'kysely';
import { type ProgressPoint, progressOf } from '../../domain/concerns/progress.ts';
import type { Polarity } from '../../domain/indicators/definition.ts';
import type { ConcernRow, Database } from '../../store/schema.ts';
import { itemState } from '../governance/item-state.ts';

export interface PlanView {
  indicatorId: number;
  indicatorCode: string;
  indicatorName: string;
  polarity: Polarity;
  baselineReleaseId: number | null;
  baselineValue: number | null;
  target: number;
  actions: { action: string; owner: string; dueOn: string }[];
  progress: ProgressPoint[];
}

export interface PeerReviewView {
  agendaItemId: number;
  meetingId: number;
  committeeName: string;
  recused: { name: string; reason: string }[];
}

/** The concern's improvement plan with its progress; null before one is agreed. */
export async function planOf(db: Kysely<Database>, row: ConcernRow): Promise<PlanView | null> {
  const plan = await db
    .selectFrom('concern_plan')
    .selectAll()
    .where('concern_id', '=', row.id)
    .executeTakeFirst();
  if (!plan) return null;
  const indicator = await db
    .selectFrom('indicator')
    .select(['code', 'name', 'polarity'])
    .where('id', '=', plan.indicator_id)
    .executeTakeFirstOrThrow();
  const actions = await db
    .selectFrom('concern_plan_action')
    .selectAll()
    .where('concern_id', '=', row.id)
    .orderBy('id')
    .execute();
  // Each later release's latest period: the indicator re-measured after the plan was agreed.
  const later = await db
    .selectFrom('result')
    .innerJoin('release', 'release.id', 'result.release_id')
    .select(['result.release_id', 'release.name', 'result.period', 'result.value'])
    .where('result.indicator_id', '=', plan.indicator_id)
    .where('result.area_kind', '=', 'practice')
    .where('result.area_code', '=', row.practice_code)
    .where('result.release_id', '>', plan.baseline_release_id ?? 0)
    .orderBy('result.release_id')
    .orderBy('result.period', 'desc')
    .execute();
  const latestPerRelease = later.filter((r, i) => i === 0 || later[i - 1]!.release_id !== r.release_id);
  return {
    indicatorId: plan.indicator_id,
    indicatorCode: indicator.code,
    indicatorName: indicator.name,
    polarity: indicator.polarity,
    baselineReleaseId: plan.baseline_release_id,
    baselineValue: plan.baseline_value,
    target: plan.target,
    actions: actions.map((a) => ({ action: a.action, owner: a.owner, dueOn: a.due_on })),
    progress: progressOf(
      plan.baseline_value,
      plan.target,
      indicator.polarity,
      latestPerRelease.map((r) => ({
        releaseId: r.release_id,
        releaseName: r.name,
        period: r.period,
        value: r.value,
      })),
    ),
  };
}

/** The peer review of the concern at a committee item; null when it was not put to one. */
export async function peerReviewOf(db: Kysely<Database>, row: ConcernRow): Promise<PeerReviewView | null> {
  if (row.agenda_item_id === null) return null;
  const state = await itemState(db, row.agenda_item_id);
  const names = new Map(state.members.map((m) => [m.id, m.name]));
  return {
    agendaItemId: row.agenda_item_id,
    meetingId: state.meeting.id,
    committeeName: state.committee.name,
    recused: state.recusals
      .filter((r) => r.override === null)
      .map((r) => ({ name: names.get(r.memberId) ?? `member ${r.memberId}`, reason: r.reason })),
  };
}
