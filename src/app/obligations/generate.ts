/**
 * Generating the due items an agreement's obligations create: for every obligation of the current
 * version of each agreement, every practice that signed that version owes one item per period, from
 * the period in which it signed, each due `due_days` after its period ends. An item exists from the
 * first day of its period (so a practice sees what is coming). A review-meeting item comes with its
 * meeting, scheduled two weeks before its quarter ends until the commissioner moves it.
 * Idempotent (the unique key (obligation, practice, period) refuses a second item), so the sweep can
 * run it as often as it likes, in any process; "today" is the injected clock's.
 */
import type { Kysely } from 'kysely';
import { addDays, periodsOwed } from '../../domain/obligations/periods.ts';
import type { Database } from '../../store/schema.ts';
import { utcDate } from '../clock.ts';

export interface Generated {
  items: number;
  meetings: number;
}

export async function generateDueItems(db: Kysely<Database>, now: Date): Promise<Generated> {
  const today = utcDate(now);
  return db.transaction().execute(async (trx) => {
    const obligations = await trx
      .selectFrom('obligation as o')
      .innerJoin('agreement_version as v', 'v.id', 'o.version_id')
      .select(['o.id', 'o.version_id', 'o.cadence', 'o.evidence', 'o.due_days', 'o.starts_on'])
      .where(({ eb, selectFrom }) =>
        eb(
          'v.version',
          '=',
          selectFrom('agreement_version as latest')
            .select((e) => e.fn.max('latest.version').as('m'))
            .whereRef('latest.agreement_id', '=', 'v.agreement_id'),
        ),
      )
      .where('o.starts_on', '<=', today)
      .execute();
    let items = 0;
    let meetings = 0;
    for (const o of obligations) {
      const signed = await trx
        .selectFrom('agreement_response')
        .select(['practice_code', 'responded_at'])
        .where('version_id', '=', o.version_id)
        .where('decision', '=', 'signed')
        .where('responded_at', '<=', now)
        .execute();
      const rows = signed.flatMap((s) => {
        const from = [utcDate(s.responded_at), o.starts_on].sort()[1]!; // the later day (ISO dates sort)
        return periodsOwed(o.cadence, from, today).map((p) => ({
          obligation_id: o.id,
          practice_code: s.practice_code,
          period_start: p.start,
          period_end: p.end,
          due_on: addDays(p.end, o.due_days),
          generated_at: now,
        }));
      });
      if (rows.length === 0) continue;
      const inserted = await trx
        .insertInto('obligation_item')
        .values(rows)
        .onConflict((oc) => oc.columns(['obligation_id', 'practice_code', 'period_start']).doNothing())
        .returning(['id', 'period_end'])
        .execute();
      items += inserted.length;
      if (o.evidence === 'review_meeting' && inserted.length > 0) {
        await trx
          .insertInto('review_meeting')
          .values(inserted.map((i) => ({ item_id: i.id, scheduled_on: addDays(i.period_end, -14) })))
          .execute();
        meetings += inserted.length;
      }
    }
    return { items, meetings };
  });
}
