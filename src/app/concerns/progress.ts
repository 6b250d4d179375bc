/**
 * When a release is published, every improvement plan it re-measures gets the new value on its
 * timeline (`progress_measured`: the release, period, value, change from the baseline and whether the
 * target is met) and the practice and the commissioning managers over it are told. The plan's progress
 * table itself is read live from later releases (read.ts), so this adds the record and the message,
 * not the numbers. Idempotent: a release is noted once per concern.
 */
import type { Kysely } from 'kysely';
import { progressOf } from '../../domain/concerns/progress.ts';
import type { ConcernState } from '../../domain/concerns/workflow.ts';
import type { Database } from '../../store/schema.ts';
import { announce, type NotifyOptions } from './notifications.ts';
import { recordStep } from './timeline.ts';

export interface ProgressNoted {
  concernId: number;
  value: number | null;
  targetMet: boolean | null;
}

export async function recordPlanProgress(
  db: Kysely<Database>,
  releaseName: string,
  actor: string,
  options: NotifyOptions,
): Promise<ProgressNoted[]> {
  const release = await db
    .selectFrom('release')
    .select(['id', 'name', 'status'])
    .where('name', '=', releaseName)
    .executeTakeFirst();
  if (release?.status !== 'published') return [];
  const plans = await plansMadeBefore(db, release.id);
  const noted: ProgressNoted[] = [];
  for (const plan of plans) {
    const latest = await db
      .selectFrom('result')
      .select(['period', 'value'])
      .where('release_id', '=', release.id)
      .where('indicator_id', '=', plan.indicator_id)
      .where('area_kind', '=', 'practice')
      .where('area_code', '=', plan.practice_code)
      .orderBy('period', 'desc')
      .executeTakeFirst();
    if (!latest) continue;
    const [point] = progressOf(plan.baseline_value, plan.target, plan.polarity, [
      { releaseId: release.id, releaseName: release.name, period: latest.period, value: latest.value },
    ]);
    const written = await db.transaction().execute(async (trx) => {
      const events = await trx
        .selectFrom('concern_event')
        .select('detail')
        .where('concern_id', '=', plan.id)
        .where('step', '=', 'progress_measured')
        .execute();
      if (events.some((e) => (e.detail as { release?: unknown } | null)?.release === release.name))
        return false;
      const state = plan.state as ConcernState;
      await recordStep(trx, {
        concernId: plan.id,
        step: 'progress_measured',
        from: state,
        to: state,
        actor,
        at: options.now,
        note: `Release ${release.name}: ${plan.code} ${latest.period} = ${point!.value ?? 'no value'} (target ${plan.target}${
          point!.targetMet === null ? '' : point!.targetMet ? ', met' : ', not met yet'
        })`,
        detail: {
          release: release.name,
          release_id: release.id,
          period: latest.period,
          value: point!.value,
          change: point!.change,
          target: plan.target,
          target_met: point!.targetMet,
        },
      });
      return true;
    });
    if (!written) continue;
    noted.push({ concernId: plan.id, value: point!.value, targetMet: point!.targetMet });
    try {
      await announce(
        db,
        'progress',
        plan.id,
        actor,
        { releaseName: release.name, value: point!.value, targetMet: point!.targetMet },
        options,
      );
    } catch (error) {
      console.error(`concern notification failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return noted;
}

/** The improvement plans whose baseline comes from a release before this one, in concern order. */
async function plansMadeBefore(db: Kysely<Database>, releaseId: number) {
  return db
    .selectFrom('concern_plan')
    .innerJoin('concern', 'concern.id', 'concern_plan.concern_id')
    .innerJoin('indicator', 'indicator.id', 'concern_plan.indicator_id')
    .select([
      'concern.id',
      'concern.practice_code',
      'concern.state',
      'concern_plan.indicator_id',
      'concern_plan.baseline_release_id',
      'concern_plan.baseline_value',
      'concern_plan.target',
      'indicator.polarity',
      'indicator.code',
    ])
    .where('concern_plan.baseline_release_id', '<', releaseId)
    .orderBy('concern.id')
    .execute();
}
