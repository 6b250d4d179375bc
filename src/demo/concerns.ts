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

import { utcDate } from '../app/clock.ts';
import type { NotifyOptions } from '../app/concerns/notifications.ts';
import { recordPlanProgress } from '../app/concerns/progress.ts';
import { raiseConcern } from '../app/concerns/raise.ts';
import type { Store } from '../store/database.ts';
import { walkPlanConcern } from './concerns-plan-story.ts';
import { walkReferralConcern } from './concerns-referral-story.ts';
import {
  actorFor,
  auditCount,
  type ConcernsDemoOutcome,
  DEMO_LATER_RELEASE,
  DEMO_PLAN_PRACTICE,
  DEMO_RELEASE,
  findFlag,
  findPlanConcern,
  findReferralConcern,
  syntheticIndicatorCode,
} from './concerns-shared.ts';

// The names the stories seed under and the outcome type, for the callers that look them up.
export {
  type ConcernsDemoOutcome,
  DEMO_A81002_MANAGER,
  DEMO_LATER_RELEASE,
  DEMO_PEER_REVIEW_MEETING,
  DEMO_PLAN_PRACTICE,
  DEMO_REFERRAL_PRACTICE,
  DEMO_REFERRAL_TITLE,
  DEMO_RELEASE,
} from './concerns-shared.ts';

export interface ConcernsDemoOptions {
  /** The indicator of the first concern; default: the demo's synthetic indicator, else A81001's first red flag. */
  indicatorCode?: string;
  /** When the story happens (the caller's clock): reply dates, the meeting and the notice's clock. */
  now: Date;
  /** Where notification e-mail goes; default from the environment (the outbox folder in the demo). */
  mailer?: NotifyOptions['mailer'];
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
