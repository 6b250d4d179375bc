/**
 * Telling people of the steps other areas take that they must act on or are affected by (issue 18):
 * a scheme appeal lodged (the commissioning managers over the practice) and decided (the practice), a
 * committee's decision (its members, and the practices the item names; for a scheme calculation, every
 * practice with a statement), a payable file exported (the practices paid, once per calculation).
 * Each is called by its use case after the transaction commits, and never throws (tellSafely).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { currentAncestors } from '../browse/organisations.ts';
import { tellSafely } from './messages.ts';
import type { NotifyOptions } from './notify.ts';

const PRACTICE_STAFF = ['practice_manager', 'practice_partner'] as const;

async function schemeName(db: Kysely<Database>, calculationId: number): Promise<string> {
  const row = await db
    .selectFrom('calculation')
    .innerJoin('scheme_version', 'scheme_version.id', 'calculation.scheme_version_id')
    .select(['scheme_version.name', 'calculation.period'])
    .where('calculation.id', '=', calculationId)
    .executeTakeFirst();
  return row ? `${row.name} (${row.period})` : `calculation ${calculationId}`;
}

async function above(db: Kysely<Database>, code: string): Promise<string[]> {
  const org = await db
    .selectFrom('organisation')
    .select(['code', 'name', 'kind'])
    .where('code', '=', code)
    .executeTakeFirst();
  return org ? (await currentAncestors(db, org)).map((a) => a.code) : [];
}

export async function announceAppealLodged(
  db: Kysely<Database>,
  appealId: number,
  options: NotifyOptions,
): Promise<void> {
  const appeal = await db
    .selectFrom('scheme_appeal')
    .selectAll()
    .where('id', '=', appealId)
    .executeTakeFirstOrThrow();
  await tellSafely(
    db,
    'appeal_lodged',
    {
      scheme: await schemeName(db, appeal.calculation_id),
      practiceCode: appeal.org_code,
      lineNo: appeal.line_no,
    },
    { roles: ['commissioning_manager'], organisationCodes: await above(db, appeal.org_code) },
    `/schemes/calculations/${appeal.calculation_id}`,
    options,
  );
}

export async function announceAppealDecided(
  db: Kysely<Database>,
  appealId: number,
  options: NotifyOptions,
): Promise<void> {
  const appeal = await db
    .selectFrom('scheme_appeal')
    .selectAll()
    .where('id', '=', appealId)
    .executeTakeFirstOrThrow();
  await tellSafely(
    db,
    'appeal_decided',
    {
      scheme: await schemeName(db, appeal.calculation_id),
      practiceCode: appeal.org_code,
      outcome: appeal.outcome === 'upheld' ? 'upheld' : 'not upheld',
      note: appeal.outcome_note ?? '',
    },
    { roles: PRACTICE_STAFF, organisationCodes: [appeal.org_code] },
    `/schemes/calculations/${appeal.calculation_id}/statements/${appeal.org_code}`,
    options,
  );
}

export async function announceCommitteeDecision(
  db: Kysely<Database>,
  itemId: number,
  options: NotifyOptions,
): Promise<void> {
  const item = await db
    .selectFrom('agenda_item as i')
    .innerJoin('committee_meeting as m', 'm.id', 'i.meeting_id')
    .innerJoin('committee as c', 'c.id', 'm.committee_id')
    .innerJoin('item_decision as d', 'd.item_id', 'i.id')
    .select([
      'i.id',
      'i.title',
      'm.id as meeting_id',
      'c.id as committee_id',
      'c.name',
      'd.outcome',
      'd.decision_text',
      'd.route',
    ])
    .where('i.id', '=', itemId)
    .executeTakeFirstOrThrow();
  const outcome = `${item.outcome === 'carried' ? 'carried' : 'not carried'}${item.route === 'contract_holder' ? ' (a recommendation to the contract holder)' : ''}`;
  const members = await db
    .selectFrom('committee_member as m')
    .innerJoin('governance_person as p', 'p.id', 'm.person_id')
    .select('p.user_id')
    .where('m.committee_id', '=', item.committee_id)
    .where('m.ends_on', 'is', null)
    .where('p.user_id', 'is not', null)
    .execute();
  const named = (
    await db
      .selectFrom('agenda_item_organisation')
      .select('organisation_code')
      .where('item_id', '=', itemId)
      .execute()
  ).map((r) => r.organisation_code);
  const link = `/governance/items/${itemId}`;
  await tellSafely(
    db,
    'committee_decision',
    { committee: item.name, item: item.title, outcome, decision: item.decision_text },
    { userIds: members.map((m) => m.user_id!) },
    link,
    options,
  );
  if (named.length > 0)
    await tellSafely(
      db,
      'committee_decision',
      { committee: item.name, item: item.title, outcome, decision: item.decision_text },
      { roles: PRACTICE_STAFF, organisationCodes: named },
      link,
      options,
    );
  // A scheme calculation put to the committee: every practice with a statement is affected.
  const approval = await db
    .selectFrom('scheme_approval')
    .select('calculation_id')
    .where('agenda_item_id', '=', itemId)
    .executeTakeFirst();
  if (approval) {
    const payees = await db
      .selectFrom('statement_line')
      .select('org_code')
      .distinct()
      .where('calculation_id', '=', approval.calculation_id)
      .execute();
    await tellSafely(
      db,
      'scheme_decided',
      { scheme: await schemeName(db, approval.calculation_id), outcome, decision: item.decision_text },
      { roles: PRACTICE_STAFF, organisationCodes: payees.map((p) => p.org_code) },
      `/schemes/calculations/${approval.calculation_id}`,
      options,
    );
  }
}

/** Once per calculation (the reminder ledger's unique key keeps it so), however often it is exported. */
export async function announcePayableFile(
  db: Kysely<Database>,
  calculationId: number,
  options: NotifyOptions,
): Promise<void> {
  const first = await db
    .insertInto('reminder')
    .values({
      kind: 'payable_file',
      subject_key: `calculation:${calculationId}`,
      step: 'exported',
      due_at: options.now,
      recorded_at: options.now,
      facts: JSON.stringify({ calculationId }),
      delivered_at: options.now,
    })
    .onConflict((oc) => oc.columns(['kind', 'subject_key', 'step']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!first) return;
  const scheme = await schemeName(db, calculationId);
  const payees = await db
    .selectFrom('statement_line')
    .select('org_code')
    .distinct()
    .where('calculation_id', '=', calculationId)
    .execute();
  for (const p of payees)
    await tellSafely(
      db,
      'payable_file',
      { scheme, practiceCode: p.org_code },
      { roles: PRACTICE_STAFF, organisationCodes: [p.org_code] },
      `/schemes/calculations/${calculationId}/statements/${p.org_code}`,
      options,
    );
}
