/**
 * Practice returns: a practice makes the return an obligation item asks for (a statement, a file, a
 * recorded review of its scorecard figures, a financial return in the template); the commissioner
 * accepts it or queries it with a reason, and a queried return is made again. An item the reminder
 * ladder has taken to "a concern may be opened" can become a concern, through the concerns' own use
 * case (so the practice's right of reply and its LMC invitation work as for any concern). Each step
 * is one transaction with its audit entry; the people concerned are told after it commits.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { practiceAuthority } from '../../domain/obligations/access.ts';
import { readFinancialReturn } from '../../domain/obligations/financial-return.ts';
import { periodLabel } from '../../domain/obligations/periods.ts';
import type { Database, JsonValue } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { utcDate } from '../clock.ts';
import { raiseConcern } from '../concerns/raise.ts';
import { tellSafely } from '../notifications/messages.ts';
import type { NotifyOptions } from '../notifications/notify.ts';
import { UseCaseError } from '../use-case-error.ts';
import { practiceTarget } from './errors.ts';
import { scorecardSnapshot } from './scorecard.ts';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_TEXT = 10_000;

export interface ReturnInput {
  statement: string;
  /** Form fields: per-indicator notes (`note_<CODE>`) of a scorecard review, the financial template's lines. */
  fields: Record<string, string>;
  file?: { name: string; type: string; bytes: Uint8Array } | null;
}

export async function loadItem(db: Kysely<Database>, itemId: number) {
  const item = Number.isSafeInteger(itemId)
    ? await db
        .selectFrom('obligation_item as i')
        .innerJoin('obligation as o', 'o.id', 'i.obligation_id')
        .innerJoin('agreement_version as v', 'v.id', 'o.version_id')
        .innerJoin('agreement as a', 'a.id', 'v.agreement_id')
        .innerJoin('organisation as org', 'org.code', 'i.practice_code')
        .select([
          'i.id',
          'i.practice_code',
          'i.period_start',
          'i.period_end',
          'i.due_on',
          'i.status',
          'i.escalation',
          'i.concern_id',
          'o.id as obligation_id',
          'o.what',
          'o.cadence',
          'o.evidence',
          'o.indicator_codes',
          'o.clause_position',
          'o.version_id',
          'v.version',
          'a.id as agreement_id',
          'a.title as agreement_title',
          'a.commissioner_code',
          'org.name as practice_name',
        ])
        .where('i.id', '=', itemId)
        .executeTakeFirst()
    : undefined;
  if (!item) throw new UseCaseError('not_found', 'There is no such item');
  return { ...item, period: periodLabel(item.cadence, item.period_start) };
}

export type LoadedItem = Awaited<ReturnType<typeof loadItem>>;

const factsOf = (item: LoadedItem) => ({
  practiceCode: item.practice_code,
  practiceName: item.practice_name,
  what: item.what,
  period: item.period,
  dueOn: item.due_on,
});

function text(value: string | undefined, field: string, label: string): string {
  const t = (value ?? '').trim();
  if (t.length > MAX_TEXT)
    throw new UseCaseError('invalid', `${label} must be ${MAX_TEXT} characters or fewer`, field);
  return t;
}

export async function submitReturn(
  db: Kysely<Database>,
  actor: Actor,
  itemId: number,
  input: ReturnInput,
  options: NotifyOptions,
): Promise<number> {
  const item = await loadItem(db, itemId);
  // The practice alone, without its ancestors: a return speaks for the practice.
  authorise(actor, 'submit_return', { organisationCode: item.practice_code });
  const authority = practiceAuthority(actor.roles, item.practice_code);
  if (!authority)
    throw new UseCaseError(
      'forbidden',
      `only a partner or the practice manager of ${item.practice_code} may make its returns`,
    );
  if (item.evidence === 'review_meeting')
    throw new UseCaseError(
      'invalid',
      'A review meeting is recorded by the commissioner at the meeting, not returned',
    );
  if (item.status !== 'due' && item.status !== 'queried')
    throw new UseCaseError(
      'conflict',
      `This return is ${item.status}; it can be made again only if the commissioner queries it`,
    );
  const statement = text(input.statement, 'statement', 'The statement');
  const { content, file } = await readEvidence(db, item, input, statement);
  const id = await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('obligation_item')
      .select('status')
      .where('id', '=', itemId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (current.status !== 'due' && current.status !== 'queried')
      throw new UseCaseError('conflict', `This return is ${current.status} already`);
    const row = await trx
      .insertInto('obligation_submission')
      .values({
        item_id: itemId,
        statement,
        content: JSON.stringify(content),
        file_name: file?.name ?? null,
        file_type: file?.type ?? null,
        file_size: file?.size ?? null,
        file_sha256: file?.sha256 ?? null,
        file_content: file?.bytes ?? null,
        submitted_by: actor.username,
        authority_role: authority.role,
        submitted_at: options.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('obligation_item').set({ status: 'submitted' }).where('id', '=', itemId).execute();
    await writeAudit(trx, {
      actor: actor.username,
      action: 'obligation_return_made',
      entity: 'obligation_submission',
      entityId: String(row.id),
      before: { status: current.status },
      after: {
        item_id: itemId,
        practice_code: item.practice_code,
        evidence: item.evidence,
        file_sha256: file?.sha256 ?? null,
      },
    });
    return row.id;
  });
  await tellSafely(
    db,
    'return_submitted',
    { ...factsOf(item), by: actor.username },
    { roles: ['commissioning_manager'], organisationCodes: [item.commissioner_code] },
    `/obligations/items/${itemId}`,
    options,
  );
  return id;
}

interface ReturnedFile {
  name: string;
  type: string;
  size: number;
  sha256: string;
  bytes: Buffer;
}

/** What the return holds besides its statement, checked against the evidence the item asks for. */
async function readEvidence(
  db: Kysely<Database>,
  item: Awaited<ReturnType<typeof loadItem>>,
  input: ReturnInput,
  statement: string,
): Promise<{ content: JsonValue; file: ReturnedFile | null }> {
  let content: JsonValue = {};
  let file: ReturnedFile | null = null;
  switch (item.evidence) {
    case 'statement':
      if (statement === '') throw new UseCaseError('invalid', 'Write the statement', 'statement');
      break;
    case 'file': {
      const f = input.file;
      if (!f || f.bytes.length === 0) throw new UseCaseError('invalid', 'Choose the file to return', 'file');
      if (f.bytes.length > MAX_FILE_BYTES)
        throw new UseCaseError(
          'invalid',
          `The file must be ${MAX_FILE_BYTES / 1024 / 1024} MB or smaller`,
          'file',
        );
      const bytes = Buffer.from(f.bytes);
      file = {
        name: f.name.replace(/[\\/\r\n]/g, '_').slice(0, 200) || 'return',
        type: f.type || 'application/octet-stream',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes,
      };
      break;
    }
    case 'scorecard_review': {
      if (statement === '')
        throw new UseCaseError(
          'invalid',
          'Record what the review found and what the practice will do',
          'statement',
        );
      const figures = await scorecardSnapshot(db, item.practice_code, item.indicator_codes);
      content = {
        release: figures.release,
        figures: figures.rows.map((r) => ({
          ...r,
          note: text(input.fields[`note_${r.code}`], `note_${r.code}`, `The note on ${r.code}`) || null,
        })),
      } as unknown as JsonValue;
      break;
    }
    case 'financial_return': {
      const read = readFinancialReturn(input.fields);
      if (!read.ok) throw new UseCaseError('invalid', read.problems[0]!.message, read.problems[0]!.field);
      content = read.value as unknown as JsonValue;
      break;
    }
  }
  return { content, file };
}

export async function decideReturn(
  db: Kysely<Database>,
  actor: Actor,
  itemId: number,
  input: { decision: string; note: string },
  options: NotifyOptions,
): Promise<void> {
  const item = await loadItem(db, itemId);
  authorise(actor, 'decide_return', await practiceTarget(db, item.practice_code));
  if (input.decision !== 'accepted' && input.decision !== 'queried')
    throw new UseCaseError('invalid', 'Choose to accept the return or to query it', 'decision');
  const decision = input.decision;
  const note = text(input.note, 'note', 'The note');
  if (decision === 'queried' && note === '')
    throw new UseCaseError('invalid', 'Say what the query is, so the practice can answer it', 'note');
  await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('obligation_item')
      .select('status')
      .where('id', '=', itemId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (current.status !== 'submitted')
      throw new UseCaseError(
        'conflict',
        `There is no return waiting for a decision (it is ${current.status})`,
      );
    const latest = await trx
      .selectFrom('obligation_submission')
      .select('id')
      .where('item_id', '=', itemId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('obligation_submission')
      .set({ decision, decision_note: note || null, decided_by: actor.username, decided_at: options.now })
      .where('id', '=', latest.id)
      .execute();
    await trx.updateTable('obligation_item').set({ status: decision }).where('id', '=', itemId).execute();
    await writeAudit(trx, {
      actor: actor.username,
      action: decision === 'accepted' ? 'obligation_return_accepted' : 'obligation_return_queried',
      entity: 'obligation_submission',
      entityId: String(latest.id),
      before: { status: 'submitted' },
      after: { status: decision, note: note || null },
    });
  });
  const to = {
    roles: ['practice_manager', 'practice_partner'] as const,
    organisationCodes: [item.practice_code],
  };
  if (decision === 'accepted')
    await tellSafely(
      db,
      'return_accepted',
      { ...factsOf(item), note: note || null },
      to,
      `/obligations/items/${itemId}`,
      options,
    );
  else
    await tellSafely(
      db,
      'return_queried',
      { ...factsOf(item), note },
      to,
      `/obligations/items/${itemId}`,
      options,
    );
}

/** Opens a concern about a return the ladder has taken three weeks overdue. */
export async function openConcernFromReturn(
  db: Kysely<Database>,
  actor: Actor,
  itemId: number,
  options: NotifyOptions,
): Promise<number> {
  const item = await loadItem(db, itemId);
  authorise(actor, 'open_concern_from_return', await practiceTarget(db, item.practice_code));
  if (item.concern_id !== null)
    throw new UseCaseError('conflict', `Concern ${item.concern_id} is already open about this return`);
  if (item.escalation !== 'concern_open' || (item.status !== 'due' && item.status !== 'queried'))
    throw new UseCaseError(
      'conflict',
      'A concern can be opened only about a return that is still outstanding three weeks after its due date, once the practice and the commissioning manager have been reminded',
    );
  const concernId = await raiseConcern(
    db,
    actor,
    {
      practiceCode: item.practice_code,
      type: 'practice_performance',
      source: 'by_hand',
      title: `Return not made: ${item.what} (${item.period})`,
      reason: `${item.practice_name} signed “${item.agreement_title}” (version ${item.version}), whose clause ${item.clause_position} obliges it to make this return: ${item.what}, for ${item.period}, due on ${item.due_on}. It was not made, after a reminder on the day after the due date and the commissioning manager's follow-up a week later (as of ${utcDate(options.now)}).`,
      releaseId: null,
      indicatorId: null,
      period: null,
    },
    options,
  );
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('obligation_item')
      .set({ concern_id: concernId })
      .where('id', '=', itemId)
      .execute();
    await writeAudit(trx, {
      actor: actor.username,
      action: 'obligation_concern_opened',
      entity: 'obligation_item',
      entityId: String(itemId),
      before: null,
      after: { concern_id: concernId },
    });
  });
  const target = await practiceTarget(db, item.practice_code);
  await tellSafely(
    db,
    'concern_opened_from_return',
    { ...factsOf(item), concernId },
    {
      roles: ['lmc_representative', 'practice_manager', 'practice_partner'],
      organisationCodes: [item.practice_code, ...(target.ancestors ?? [])],
    },
    `/concerns/${concernId}`,
    options,
  );
  return concernId;
}
