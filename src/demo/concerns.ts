/**
 * The concern story of the demo (issue 6, "Done when"), told through the same use cases as the pages,
 * with the demo accounts as the actors, so the timelines and the audit log read as if people had done it:
 *
 * 1. The commissioning analyst (16C) raises a concern from a red flag of The Densham Surgery (A81001) in
 *    release "demo" (its data pack frozen) and triages it; the commissioning manager notifies the
 *    practice (reply due in 28 days); the practice manager invites the LMC representative and replies
 *    (population, data quality, actions already taken, with a small audit file); the manager takes it
 *    to a peer review meeting of the 16C committee, where Dr Bell (partner at A81001 on the register
 *    of interests) is recused automatically; the committee recommends an improvement plan, which the
 *    manager records with actions (owners, dates), the indicator to re-measure and a target.
 * 2. A contract matter at Queens Park Medical Centre (A81002), raised by hand, goes through the same
 *    steps (a peer review group this time) and is referred to the contract holder; 16C holds contract
 *    management at level 3 in the governance demo, so its commissioning manager, acting for NHS England,
 *    records a remedial notice (breach, remedy, 42 days) whose clock runs from today.
 *
 * `seedConcernsDemoAfter` runs once release "demo-2" is published: the plan's progress is read live
 * from later releases; it records the re-measurement on the timeline and tells the practice.
 *
 * Every seeded title starts with "Demo:" and every text says it is demo data. Both functions are
 * idempotent and resumable: each step is taken only if the concern has not reached it yet.
 */

import { type Kysely, sql } from 'kysely';
import type { Actor } from '../app/actor.ts';
import { createUser } from '../app/auth/users.ts';
import { utcDate } from '../app/clock.ts';
import { contractHolderFor, practiceScope } from '../app/concerns/context.ts';
import { inviteLmc } from '../app/concerns/lmc.ts';
import { recordNotice } from '../app/concerns/notices.ts';
import type { NotifyOptions } from '../app/concerns/notifications.ts';
import { recordPlanProgress } from '../app/concerns/progress.ts';
import { raiseConcern } from '../app/concerns/raise.ts';
import {
  notifyPractice,
  recordOutcome,
  replyToConcern,
  startPeerReview,
  triage,
} from '../app/concerns/steps.ts';
import { castVote, itemState, recordDecision } from '../app/governance/items.ts';
import { createMeeting, recordAttendance } from '../app/governance/meetings.ts';
import type { ConcernState } from '../domain/concerns/workflow.ts';
import type { RoleAssignment } from '../domain/roles.ts';
import type { Store } from '../store/database.ts';
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

export interface ConcernsDemoOptions {
  /** The indicator of the first concern; default: the demo's synthetic indicator, else A81001's first red flag. */
  indicatorCode?: string;
  /** When the story happens (the caller's clock): reply dates, the meeting and the notice's clock. */
  now: Date;
  /** Where notification e-mail goes; default from the environment (the outbox folder in the demo). */
  mailer?: NotifyOptions['mailer'];
}

export interface ConcernsDemoOutcome {
  seeded: boolean;
  planConcernId: number | null;
  referralConcernId: number | null;
  notes: string[];
}

const WORSE_99_8: Record<string, string> = { lower_is_better: 'high_99_8', higher_is_better: 'low_99_8' };

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

async function actorFor(db: Kysely<Database>, username: string): Promise<Actor | null> {
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
async function syntheticIndicatorCode(): Promise<string | null> {
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

interface Flag {
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
async function findFlag(db: Kysely<Database>, releaseId: number, code: string | null): Promise<Flag | null> {
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

async function stateOf(db: Kysely<Database>, id: number): Promise<ConcernState> {
  const row = await db.selectFrom('concern').select('state').where('id', '=', id).executeTakeFirstOrThrow();
  return row.state as ConcernState;
}

async function hasStep(db: Kysely<Database>, id: number, step: string): Promise<boolean> {
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
async function findPlanConcern(db: Kysely<Database>): Promise<number | null> {
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

async function findReferralConcern(db: Kysely<Database>): Promise<number | null> {
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
async function peerReviewMeeting(db: Kysely<Database>, manager: Actor, now: Date): Promise<number | null> {
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
async function recommendPlan(
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

export async function seedConcernsDemoBefore(
  store: Store,
  options: ConcernsDemoOptions,
): Promise<ConcernsDemoOutcome> {
  const db = store.db;
  const today = utcDate(options.now);
  const mail: NotifyOptions = {
    now: options.now,
    ...(options.mailer === undefined ? {} : { mailer: options.mailer }),
  };
  const outcome: ConcernsDemoOutcome = {
    seeded: false,
    planConcernId: null,
    referralConcernId: null,
    notes: [],
  };
  const release = await db
    .selectFrom('release')
    .select(['id', 'status'])
    .where('name', '=', DEMO_RELEASE)
    .executeTakeFirst();
  if (release?.status !== 'published') {
    outcome.notes.push(`no published release "${DEMO_RELEASE}": no concerns seeded`);
    return outcome;
  }
  const analyst = await actorFor(db, 'demo-commissioning-analyst');
  const manager = await actorFor(db, 'demo-commissioning-manager');
  const practiceManager = await actorFor(db, 'demo-practice-manager');
  const lmcUser = await actorFor(db, 'demo-lmc-representative');
  if (!analyst || !manager || !practiceManager) {
    outcome.notes.push('the demo accounts are missing: no concerns seeded');
    return outcome;
  }
  const before = await auditCount(db);

  // 1. A red flag of A81001 → reply → committee peer review with a recused member → improvement plan.
  let planId = await findPlanConcern(db);
  if (planId === null) {
    const requested = options.indicatorCode ?? (await syntheticIndicatorCode());
    let flag = requested ? await findFlag(db, release.id, requested) : null;
    if (requested && !flag) {
      if (options.indicatorCode)
        outcome.notes.push(`${requested} shows no flag for ${DEMO_PLAN_PRACTICE} in "${DEMO_RELEASE}"`);
      flag = await findFlag(db, release.id, null);
    }
    flag ??= await findFlag(db, release.id, null);
    if (!flag) {
      outcome.notes.push(
        `${DEMO_PLAN_PRACTICE} has no red flag in release "${DEMO_RELEASE}": first concern not seeded`,
      );
    } else {
      planId = await raiseConcern(
        db,
        analyst,
        {
          practiceCode: DEMO_PLAN_PRACTICE,
          type: 'practice_performance',
          source: 'funnel_outlier',
          title: `Demo: ${flag.indicatorName} worse than England at 99.8%`,
          reason: `Demo data. Raised from the red flag on the practice’s scorecard in release “${DEMO_RELEASE}” (${flag.indicatorCode}, ${flag.period}).`,
          releaseId: flag.releaseId,
          indicatorId: flag.indicatorId,
          period: flag.period,
        },
        mail,
      );
    }
  }
  if (planId !== null) {
    outcome.planConcernId = planId;
    await walkPlanConcern(db, planId, { analyst, manager, practiceManager, lmcUser }, today, mail, outcome);
  }

  // 2. A contract matter at A81002 → referral → remedial notice by the contract holder.
  const referralId = await walkReferralConcern(db, { analyst, manager }, today, mail, outcome);
  outcome.referralConcernId = referralId;
  outcome.seeded = (await auditCount(db)) !== before;
  return outcome;
}

async function auditCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function walkPlanConcern(
  db: Kysely<Database>,
  id: number,
  people: { analyst: Actor; manager: Actor; practiceManager: Actor; lmcUser: Actor | null },
  today: string,
  mail: NotifyOptions,
  outcome: ConcernsDemoOutcome,
): Promise<void> {
  const { analyst, manager, practiceManager, lmcUser } = people;
  if ((await stateOf(db, id)) === 'raised')
    await triage(
      db,
      analyst,
      id,
      'Demo: a red flag at 99.8% in the latest period; worth asking the practice.',
      mail.now,
    );
  if ((await stateOf(db, id)) === 'triaged')
    await notifyPractice(
      db,
      manager,
      id,
      'Demo: please give us your view of this figure, including anything about your list or your data that explains it.',
      addDays(today, 28),
      mail,
    );
  if (lmcUser && !(await hasStep(db, id, 'invite_lmc')))
    await inviteLmc(
      db,
      practiceManager,
      id,
      lmcUser.username,
      'Demo: the practice asked for its LMC representative to follow the concern.',
      mail,
    );
  if ((await stateOf(db, id)) === 'practice_notified')
    await replyToConcern(
      db,
      practiceManager,
      id,
      {
        populationContext:
          'Demo data. Our list grew by 900 patients in the year, many of them students and young families registering at the new estate, who attend less predictably.',
        dataQuality:
          'Demo data. Appointments booked by the extended access hub were counted against the practice, and some cancellations were recorded as missed appointments.',
        actionsTaken:
          'Demo data. Text reminders two days before every appointment since September; the hub bookings are now coded separately.',
      },
      [
        {
          fileName: 'demo-appointment-audit.csv',
          contentType: 'text/csv',
          bytes: new TextEncoder().encode(
            'month,booked,missed,of which hub bookings\n2026-08,4120,412,160\n2026-09,4302,380,151\n2026-10,4388,341,96\n',
          ),
        },
      ],
      mail,
    );
  if ((await stateOf(db, id)) === 'replied') {
    const meetingId = await peerReviewMeeting(db, manager, mail.now);
    await startPeerReview(
      db,
      manager,
      id,
      meetingId === null
        ? { groupName: 'Stockton peer review group (demo)', meetingId: null, notes: 'Demo: peer review.' }
        : {
            groupName: null,
            meetingId,
            notes: 'Demo: the committee reviews the figure, the data pack and the practice’s reply.',
          },
      mail,
    );
  }
  if ((await stateOf(db, id)) === 'in_peer_review') {
    try {
      await recommendPlan(db, manager, id, mail.now);
    } catch (error) {
      outcome.notes.push(
        `committee decision not recorded: ${error instanceof Error ? error.message : error}`,
      );
    }
    const concern = await db
      .selectFrom('concern')
      .innerJoin('indicator', 'indicator.id', 'concern.indicator_id')
      .select(['concern.indicator_id', 'concern.release_id', 'concern.period', 'indicator.polarity'])
      .where('concern.id', '=', id)
      .executeTakeFirstOrThrow();
    const value = await db
      .selectFrom('result')
      .select('value')
      .where('release_id', '=', concern.release_id!)
      .where('indicator_id', '=', concern.indicator_id!)
      .where('area_kind', '=', 'practice')
      .where('area_code', '=', DEMO_PLAN_PRACTICE)
      .where('period', '=', concern.period!)
      .executeTakeFirst();
    const england = await db
      .selectFrom('result')
      .select('value')
      .where('release_id', '=', concern.release_id!)
      .where('indicator_id', '=', concern.indicator_id!)
      .where('area_kind', '=', 'country')
      .where('period', '=', concern.period!)
      .executeTakeFirst();
    const baseline = value?.value ?? null;
    const target = planTarget(baseline, england?.value ?? null, concern.polarity);
    await recordOutcome(
      db,
      manager,
      id,
      {
        outcome: 'improvement_plan',
        notes:
          'Demo: the committee accepted that part of the figure is explained by the hub bookings, and recommends an improvement plan for the rest.',
        plan: {
          indicatorId: concern.indicator_id!,
          target,
          actions: [
            {
              action: 'Demo: send text reminders for every appointment and audit them monthly',
              owner: 'Practice manager, The Densham Surgery',
              dueOn: addDays(today, 30),
            },
            {
              action: 'Demo: code extended access hub bookings separately from the practice’s own',
              owner: 'Commissioning analyst, 16C',
              dueOn: addDays(today, 45),
            },
            {
              action: 'Demo: review the figure in the next release with the practice and the LMC',
              owner: 'Commissioning manager, 16C',
              dueOn: addDays(today, 90),
            },
          ],
        },
      },
      mail,
    );
  }
}

/** A target between the practice's value and England's, rounded to one decimal place. */
function planTarget(baseline: number | null, england: number | null, polarity: string): number {
  const round = (v: number) => Math.round(v * 10) / 10;
  if (baseline === null) return round(england ?? 0);
  if (england !== null && england !== baseline) return round((baseline + england) / 2);
  return round(polarity === 'higher_is_better' ? baseline * 1.1 : baseline * 0.9);
}

async function walkReferralConcern(
  db: Kysely<Database>,
  people: { analyst: Actor; manager: Actor },
  today: string,
  mail: NotifyOptions,
  outcome: ConcernsDemoOutcome,
): Promise<number | null> {
  const { analyst, manager } = people;
  const practice = await db
    .selectFrom('organisation')
    .select('code')
    .where('code', '=', DEMO_REFERRAL_PRACTICE)
    .executeTakeFirst();
  if (!practice) {
    outcome.notes.push(`${DEMO_REFERRAL_PRACTICE} is not in the store: second concern not seeded`);
    return null;
  }
  let id = await findReferralConcern(db);
  if (id === null) {
    id = await raiseConcern(
      db,
      analyst,
      {
        practiceCode: DEMO_REFERRAL_PRACTICE,
        type: 'contract_matter',
        source: 'by_hand',
        title: DEMO_REFERRAL_TITLE,
        reason:
          'Demo data. Three patient complaints and two visits found the practice closed from 13:00 on Wednesdays, inside contracted core hours (08:00–18:30).',
        releaseId: null,
        indicatorId: null,
        period: null,
      },
      mail,
    );
  }
  if ((await stateOf(db, id)) === 'raised')
    await triage(db, analyst, id, 'Demo: a contract matter; the practice must be asked first.', mail.now);
  if ((await stateOf(db, id)) === 'triaged')
    await notifyPractice(
      db,
      manager,
      id,
      'Demo: please tell us how core hours are covered on Wednesday afternoons.',
      addDays(today, 14),
      mail,
    );
  if ((await stateOf(db, id)) === 'practice_notified') {
    const replier = await practiceAccount(db, mail.now);
    await replyToConcern(
      db,
      replier,
      id,
      {
        populationContext: '',
        dataQuality: '',
        actionsTaken:
          'Demo data. The afternoon is used for staff training; the phone line diverts to the out-of-hours service. We believed this was agreed.',
      },
      [],
      mail,
    );
  }
  if ((await stateOf(db, id)) === 'replied')
    await startPeerReview(
      db,
      manager,
      id,
      {
        groupName: 'Stockton peer review group (demo)',
        meetingId: null,
        notes: 'Demo: reviewed with two neighbouring practices.',
      },
      mail,
    );
  if ((await stateOf(db, id)) === 'in_peer_review')
    await recordOutcome(
      db,
      manager,
      id,
      {
        outcome: 'referred',
        notes:
          'Demo: no agreement for the closure exists; the peer review group found no support that would resolve it. Referred to the contract holder.',
        plan: null,
      },
      mail,
    );
  const notices = await db
    .selectFrom('concern_notice')
    .select('id')
    .where('concern_id', '=', id)
    .executeTakeFirst();
  if ((await stateOf(db, id)) === 'referred' && !notices) {
    // The contract holder: 16C holds contract management at level 3 in the governance demo, so its
    // commissioning manager acts for NHS England; otherwise the region's area team.
    const holder = await contractHolderActor(db, manager, today);
    if (!holder) outcome.notes.push('no contract holder account: remedial notice not recorded');
    else
      await recordNotice(
        db,
        holder,
        id,
        {
          kind: 'remedial',
          breach:
            'Demo: the practice is closed on Wednesday afternoons, inside core hours, without the commissioner’s agreement.',
          remedy:
            'Demo: open for the whole of core hours on every weekday, or apply for a variation of the contract.',
          remedyPeriodDays: '42',
          issuedOn: today,
        },
        mail,
      );
  }
  return id;
}

/** The account that replies for A81002: a practice manager made for the demo (once; no password shown). */
async function practiceAccount(db: Kysely<Database>, now: Date): Promise<Actor> {
  const existing = await actorFor(db, DEMO_A81002_MANAGER);
  if (existing) return existing;
  await createUser(db, {
    username: DEMO_A81002_MANAGER,
    displayName: 'Demo practice manager (Queens Park Medical Centre)',
    roles: [{ role: 'practice_manager', organisationCode: DEMO_REFERRAL_PRACTICE }],
    actor: 'demo',
    now,
    cost: { N: 2 ** 14, r: 8, p: 1 },
  });
  return (await actorFor(db, DEMO_A81002_MANAGER))!;
}

async function contractHolderActor(
  db: Kysely<Database>,
  manager: Actor,
  today: string,
): Promise<Actor | null> {
  const practice = await practiceScope(db, DEMO_REFERRAL_PRACTICE);
  const holder = await contractHolderFor(db, practice, today);
  if (
    holder.decision?.route === 'act' &&
    holder.holderCode &&
    manager.roles.some((r) => r.organisationCode === holder.holderCode)
  )
    return manager;
  return actorFor(db, 'demo-area-team');
}

/**
 * After release "demo-2" is published: the first concern's plan is re-measured (read live from the
 * later release on the concern page); this records it on the timeline and tells the practice.
 */
export async function seedConcernsDemoAfter(
  store: Store,
  options: Pick<ConcernsDemoOptions, 'mailer' | 'now'> & { releaseName?: string },
): Promise<ConcernsDemoOutcome> {
  const db = store.db;
  const mail: NotifyOptions = {
    now: options.now,
    ...(options.mailer === undefined ? {} : { mailer: options.mailer }),
  };
  const outcome: ConcernsDemoOutcome = {
    seeded: false,
    planConcernId: await findPlanConcern(db),
    referralConcernId: await findReferralConcern(db),
    notes: [],
  };
  const name = options.releaseName ?? DEMO_LATER_RELEASE;
  const noted = await recordPlanProgress(db, name, 'demo', mail);
  outcome.seeded = noted.length > 0;
  for (const n of noted)
    outcome.notes.push(
      `concern ${n.concernId}: release ${name} re-measured at ${n.value === null ? 'no value' : n.value.toFixed(1)}${
        n.targetMet === null ? '' : n.targetMet ? ' (target met)' : ' (target not met yet)'
      }`,
    );
  return outcome;
}
