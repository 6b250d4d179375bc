/**
 * Raising a concern: from a flag in a release (its data pack frozen in the same transaction) or by
 * hand with a reason. A concern about an individual performer is routed at once to the responsible
 * officer of the NHS England area team for the practice's region; the commissioner keeps no hold of it.
 */
import type { Kysely } from 'kysely';
import {
  type ConcernSource,
  type ConcernType,
  initialState,
  isConcernSource,
  isConcernType,
} from '../../domain/concerns/workflow.ts';
import { flagJudgmentWords } from '../../domain/judgment/flag-words.ts';
import type { Database, JsonValue } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { authorise } from '../authorise.ts';
import { UseCaseError } from '../use-case-error.ts';
import { practiceScope } from './context.ts';
import { freezeDataPack } from './data-pack.ts';
import { announce, type NotifyOptions } from './notifications.ts';
import { recordStep } from './timeline.ts';

export interface RaiseInput {
  practiceCode: string;
  type: string;
  source: string;
  title: string;
  reason: string;
  /** Needed unless raised by hand. */
  releaseId: number | null;
  indicatorId: number | null;
  period: string | null;
}

export async function raiseConcern(
  db: Kysely<Database>,
  actor: Actor | null,
  input: RaiseInput,
  options: NotifyOptions,
): Promise<number> {
  const practice = await practiceScope(db, input.practiceCode.trim().toUpperCase());
  authorise(actor, 'raise_concern', practice.target);
  if (!isConcernType(input.type)) throw new UseCaseError('invalid', 'Choose the type of concern', 'type');
  if (!isConcernSource(input.source))
    throw new UseCaseError('invalid', 'Choose where the concern came from', 'source');
  const type: ConcernType = input.type;
  const source: ConcernSource = input.source;
  const title = input.title.trim();
  const reason = input.reason.trim();
  if (source === 'by_hand' && reason === '')
    throw new UseCaseError('invalid', 'Say why you are raising this concern', 'reason');
  const regionCode = practice.ancestors.find((a) => a.kind === 'region')?.code ?? null;
  if (type === 'individual_performer' && regionCode === null) {
    throw new UseCaseError(
      'invalid',
      'The practice has no NHS England region on record to route the concern to',
    );
  }

  const id = await db.transaction().execute(async (trx) => {
    const frozen = await frozenPack(trx, input, practice.practiceCode, source, options.now);
    const state = initialState(type);
    const row = await trx
      .insertInto('concern')
      .values({
        practice_code: practice.practiceCode,
        type,
        source,
        state: 'raised',
        title: title || defaultTitle(frozen?.pack ?? null, input.period, practice.practiceName),
        reason: reason === '' ? `Raised from the flag: ${flagJudgmentWords(frozen?.flag)}` : reason,
        release_id: frozen ? input.releaseId : null,
        indicator_id: frozen ? input.indicatorId : null,
        period: frozen ? input.period : null,
        flag: frozen?.flag ?? null,
        data_pack: frozen ? JSON.stringify(frozen.pack) : null,
        responsible_officer_code: type === 'individual_performer' ? regionCode : null,
        raised_by: actor!.username,
        raised_at: options.now,
        updated_at: options.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordStep(trx, {
      concernId: row.id,
      step: 'raised',
      from: null,
      to: 'raised',
      actor: actor!.username,
      at: options.now,
      note: null,
      detail: { type, source, flag: frozen?.flag ?? null, release_id: frozen ? input.releaseId : null },
    });
    if (state === 'routed_to_responsible_officer') {
      await recordStep(trx, {
        concernId: row.id,
        step: 'route_to_responsible_officer',
        from: 'raised',
        to: state,
        actor: actor!.username,
        at: options.now,
        note: `Routed to the responsible officer, NHS England area team ${regionCode}`,
        detail: { responsible_officer_code: regionCode },
      });
    }
    return row.id;
  });
  try {
    await announce(db, 'raised', id, actor!.username, {}, options);
  } catch (error) {
    console.error(`concern notification failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return id;
}

/** For a concern raised from a flag: the data pack frozen as the release shows it, and its flag. */
async function frozenPack(
  trx: Kysely<Database>,
  input: RaiseInput,
  practiceCode: string,
  source: ConcernSource,
  now: Date,
): Promise<{ flag: string; pack: JsonValue } | null> {
  let frozen: { flag: string; pack: JsonValue } | null = null;
  if (source !== 'by_hand') {
    if (input.releaseId === null || input.indicatorId === null || !input.period) {
      throw new UseCaseError(
        'invalid',
        'A concern raised from a flag names its release, indicator and period',
      );
    }
    frozen = await freezeDataPack(
      trx,
      {
        releaseId: input.releaseId,
        indicatorId: input.indicatorId,
        period: input.period,
        practiceCode,
        source,
      },
      now,
    );
  }
  return frozen;
}

/**
 * The title is optional (docs/concerns.md): left blank, a concern raised from a flag is named by its
 * indicator and period, and one raised by hand by its practice.
 */
function defaultTitle(
  pack: JsonValue | null,
  period: string | null | undefined,
  practiceName: string,
): string {
  const indicator = pack !== null && typeof pack === 'object' && !Array.isArray(pack) ? pack.indicator : null;
  const name =
    indicator !== null && typeof indicator === 'object' && !Array.isArray(indicator) ? indicator.name : null;
  return typeof name === 'string' && period ? `${name}, ${period}` : `Concern about ${practiceName}`;
}
