/**
 * What both concern stories of the demo (concerns.ts) share: the names they seed under, the demo
 * accounts as actors, the red flag a concern is raised from, finding a seeded concern again, and the
 * committee's peer review meeting and recommendation.
 */

import { type Kysely, sql } from 'kysely';
import type { Actor } from '../app/actor.ts';
import { utcDate } from '../app/clock.ts';
import { itemState } from '../app/governance/item-state.ts';
import { castVote, recordDecision } from '../app/governance/items.ts';
import { createMeeting, recordAttendance } from '../app/governance/meetings.ts';
import type { ConcernState } from '../domain/concerns/workflow.ts';
import type { RoleAssignment } from '../domain/roles.ts';
import type { Database } from '../store/schema.ts';
import { DEMO_COMMITTEE_NAME } from './governance.ts';

export const DEMO_RELEASE = 'demo';
export const DEMO_LATER_RELEASE = 'demo-2';
export const DEMO_PLAN_PRACTICE = 'A81001';
export const DEMO_REFERRAL_PRACTICE = 'A81002';
export const DEMO_REFERRAL_TITLE = 'Demo: core hours not covered on Wednesday afternoons';
/** The account that replies for A81002 (the demo's own practice accounts are for A81001). */
export const DEMO_A81002_MANAGER = 'demo-practice-manager-a81002';
export const DEMO_PEER_REVIEW_MEETING = 'Demo: peer review of performance concerns';

export interface ConcernsDemoOutcome {
  seeded: boolean;
  planConcernId: number | null;
  referralConcernId: number | null;
  notes: string[];
}

export const WORSE_99_8: Record<string, string> = {
  lower_is_better: 'high_99_8',
  higher_is_better: 'low_99_8',
};

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function actorFor(db: Kysely<Database>, username: string): Promise<Actor | null> {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name'])
    .where('username', '=', username)
    .where('disabled', '=', false)
    .executeTakeFirst();
  if (!user) return null;
  const roles = await db
    .selectFrom('role_assignment')
    .select(['role', 'organisation_code'])
    .where('user_id', '=', user.id)
    .execute();
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    roles: roles.map((r): RoleAssignment => ({ role: r.role, organisationCode: r.organisation_code })),
  };
}

/** The demo's synthetic monthly indicator, when src/demo/synthetic.ts exists (built elsewhere). */
export async function syntheticIndicatorCode(): Promise<string | null> {
  const specifier = './synthetic.ts';
  try {
    const module = (await import(specifier)) as { DEMO_SYNTHETIC_INDICATOR?: unknown };
    const v = module.DEMO_SYNTHETIC_INDICATOR;
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && typeof (v as { code?: unknown }).code === 'string')
      return (v as { code: string }).code;
    return null;
  } catch {
    return null;
  }
}

export interface Flag {
  releaseId: number;
  indicatorId: number;
  indicatorCode: string;
  indicatorName: string;
  polarity: string;
  period: string;
  flag: string;
  value: number | null;
}

/**
 * A81001's flag to raise the concern from: on the chosen indicator (its latest flagged period), or the
 * first indicator (by code) whose latest period is worse than England at 99.8%.
 */
export async function findFlag(
  db: Kysely<Database>,
  releaseId: number,
  code: string | null,
): Promise<Flag | null> {
  const rows = await db
    .selectFrom('result')
    .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
    .select([
      'result.indicator_id',
      'indicator.code',
      'indicator.name',
      'indicator.polarity',
      'result.period',
      'result.headline_flag',
      'result.value',
    ])
    .where('result.release_id', '=', releaseId)
    .where('result.area_kind', '=', 'practice')
    .where('result.area_code', '=', DEMO_PLAN_PRACTICE)
    .$if(code !== null, (q) => q.where('indicator.code', '=', code!))
    .orderBy('indicator.code')
    .orderBy('result.period', 'desc')
    .execute();
  const toFlag = (r: (typeof rows)[number]): Flag => ({
    releaseId,
    indicatorId: r.indicator_id,
    indicatorCode: r.code,
    indicatorName: r.name,
    polarity: r.polarity,
    period: r.period,
    flag: r.headline_flag!,
    value: r.value,
  });
  if (code !== null) {
    const flagged = rows.find((r) => r.headline_flag !== null && r.headline_flag !== 'none');
    return flagged ? toFlag(flagged) : null;
  }
  // The latest period of each indicator, worse than England at 99.8%.
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.code)) continue;
    seen.add(r.code);
    if (r.headline_flag !== null && r.headline_flag === WORSE_99_8[r.polarity]) return toFlag(r);
  }
  return null;
}

export async function stateOf(db: Kysely<Database>, id: number): Promise<ConcernState> {
  const row = await db.selectFrom('concern').select('state').where('id', '=', id).executeTakeFirstOrThrow();
  return row.state as ConcernState;
}

export async function hasStep(db: Kysely<Database>, id: number, step: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('concern_event')
      .select('id')
      .where('concern_id', '=', id)
      .where('step', '=', step)
      .executeTakeFirst()) !== undefined
  );
}

/** The demo's first concern (A81001, raised from a flag by the demo analyst), if it was seeded. */
export async function findPlanConcern(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom('concern')
    .select('id')
    .where('practice_code', '=', DEMO_PLAN_PRACTICE)
    .where('raised_by', '=', 'demo-commissioning-analyst')
    .where('title', 'like', 'Demo:%')
    .orderBy('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function findReferralConcern(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom('concern')
    .select('id')
    .where('practice_code', '=', DEMO_REFERRAL_PRACTICE)
    .where('title', '=', DEMO_REFERRAL_TITLE)
    .orderBy('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** A peer review meeting of the demo committee on `day`, all members present (made once). */
export async function peerReviewMeeting(
  db: Kysely<Database>,
  manager: Actor,
  now: Date,
): Promise<number | null> {
  const day = utcDate(now);
  const committee = await db
    .selectFrom('committee')
    .select('id')
    .where('name', '=', DEMO_COMMITTEE_NAME)
    .executeTakeFirst();
  if (!committee) return null;
  const existing = await db
    .selectFrom('committee_meeting')
    .select('id')
    .where('committee_id', '=', committee.id)
    .where('title', '=', DEMO_PEER_REVIEW_MEETING)
    .executeTakeFirst();
  if (existing) return existing.id;
  const meetingId = await createMeeting(
    db,
    manager,
    committee.id,
    {
      title: DEMO_PEER_REVIEW_MEETING,
      heldOn: day,
      location: 'Teesside Lodge, Middlesbrough (demo)',
    },
    now,
  );
  const members = await db
    .selectFrom('committee_member')
    .select('id')
    .where('committee_id', '=', committee.id)
    .orderBy('id')
    .execute();
  await recordAttendance(
    db,
    manager,
    meetingId,
    members.map((m) => m.id),
    now,
  );
  return meetingId;
}

/** The committee's recommendation on the concern's item: votes of the members not recused, then the decision. */
export async function recommendPlan(
  db: Kysely<Database>,
  manager: Actor,
  concernId: number,
  now: Date,
): Promise<void> {
  const row = await db
    .selectFrom('concern')
    .select('agenda_item_id')
    .where('id', '=', concernId)
    .executeTakeFirstOrThrow();
  if (row.agenda_item_id === null) return;
  const state = await itemState(db, row.agenda_item_id);
  if (state.decision) return;
  const voted = new Set(state.votes.map((v) => v.memberId));
  for (const m of state.members) {
    if (!m.voting || state.recused.has(m.id) || !state.present.has(m.id) || voted.has(m.id)) continue;
    await castVote(db, manager, row.agenda_item_id, { memberId: m.id, choice: 'for' }, now);
  }
  await recordDecision(
    db,
    manager,
    row.agenda_item_id,
    {
      decisionText:
        'Demo: the committee recommends an improvement plan, re-measured in the next release, with the LMC kept informed.',
      public: false,
    },
    now,
  );
}

export async function auditCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
