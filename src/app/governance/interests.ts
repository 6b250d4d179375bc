/**
 * The register of interests: declarations (nil returns included), the yearly review, the published
 * register and its CSV export, and the list of reviews overdue or due soon (for reminders).
 */
import type { Kysely } from 'kysely';
import {
  type DeclaredInterest,
  declarationProblems,
  type InterestKind,
  type ReviewState,
  reviewState,
} from '../../domain/governance/interests.ts';
import { canSomewhere } from '../../domain/policy.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { UseCaseError } from '../use-case-error.ts';
import { personForActor } from './people.ts';
import { authoriseForPerson, inScope, registerScope } from './register-scope.ts';

export interface DeclarationForm {
  kind: string;
  organisationCode: string | null;
  providerName: string | null;
  description: string;
  privateNote: string | null;
  startsOn: string | null;
  endsOn: string | null;
  /** The secretariat records for a person without an account; null: the actor declares their own. */
  personId: number | null;
}

/** Records one declaration (a nil return is kind 'nil'); it also counts as the person's review. */
export async function declareInterest(
  db: Kysely<Database>,
  actor: Actor | null,
  form: DeclarationForm,
  now: Date,
): Promise<number> {
  if (form.personId === null) authorise(actor, 'declare_interest');
  else await authoriseForPerson(db, actor, 'manage_register', form.personId);
  const organisationCode = form.organisationCode?.trim().toUpperCase() || null;
  const input = {
    kind: form.kind,
    organisationCode,
    providerName: form.providerName?.trim() || null,
    description:
      form.kind === 'nil' ? form.description.trim() || 'No interests to declare' : form.description.trim(),
    startsOn: form.startsOn?.trim() || null,
    endsOn: form.endsOn?.trim() || null,
  };
  const problem = declarationProblems(input)[0];
  if (problem) throw new UseCaseError('invalid', problem.message, problem.field);
  return db.transaction().execute(async (trx) => {
    let personId = form.personId;
    if (personId === null) personId = await personForActor(trx, actor!, now);
    else {
      const person = await trx
        .selectFrom('governance_person')
        .select('id')
        .where('id', '=', personId)
        .executeTakeFirst();
      if (!person)
        throw new UseCaseError('not_found', 'There is no such person on the register', 'person_id');
    }
    const row = await trx
      .insertInto('interest_declaration')
      .values({
        person_id: personId,
        kind: input.kind,
        organisation_code: input.organisationCode,
        provider_name: input.providerName,
        description: input.description,
        private_note: form.privateNote?.trim() || null,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        declared_by: actor!.username,
        declared_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: actor!.username,
      action: input.kind === 'nil' ? 'nil_return_made' : 'interest_declared',
      entity: 'interest_declaration',
      entityId: String(row.id),
      before: null,
      after: {
        person_id: personId,
        kind: input.kind,
        organisation_code: input.organisationCode,
        provider_name: input.providerName,
        description: input.description,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
      },
    });
    return row.id;
  });
}

/** "My declarations are complete and correct": the yearly review, without a new declaration. */
export async function confirmReview(
  db: Kysely<Database>,
  actor: Actor | null,
  personId: number | null,
  now: Date,
): Promise<void> {
  if (personId === null) authorise(actor, 'declare_interest');
  else await authoriseForPerson(db, actor, 'manage_register', personId);
  await db.transaction().execute(async (trx) => {
    const id = personId ?? (await personForActor(trx, actor!, now));
    await trx
      .insertInto('interest_review')
      .values({ person_id: id, reviewed_by: actor!.username, reviewed_at: now })
      .execute();
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'interests_reviewed',
      entity: 'governance_person',
      entityId: String(id),
      before: null,
      after: { person_id: id },
    });
  });
}

export interface RegisterEntry extends DeclaredInterest {
  personName: string;
  declaredAt: Date;
  /** Only in the full register; never published. */
  privateNote: string | null;
}

export async function interestsOf(
  db: Kysely<Database>,
  personIds: readonly number[],
): Promise<RegisterEntry[]> {
  if (personIds.length === 0) return [];
  return (await registerRows(db)).filter((e) => personIds.includes(e.personId));
}

async function registerRows(db: Kysely<Database>): Promise<RegisterEntry[]> {
  const rows = await db
    .selectFrom('interest_declaration as d')
    .innerJoin('governance_person as p', 'p.id', 'd.person_id')
    .select([
      'd.id',
      'd.person_id',
      'p.display_name',
      'd.kind',
      'd.organisation_code',
      'd.provider_name',
      'd.description',
      'd.private_note',
      'd.starts_on',
      'd.ends_on',
      'd.declared_at',
    ])
    .orderBy('p.display_name')
    .orderBy('d.declared_at')
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    personName: r.display_name,
    kind: r.kind as InterestKind,
    organisationCode: r.organisation_code,
    providerName: r.provider_name,
    description: r.description,
    privateNote: r.private_note,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    declaredAt: r.declared_at,
  }));
}

/** The published register: every declaration and nil return, without private notes. */
export async function publishedRegister(db: Kysely<Database>): Promise<RegisterEntry[]> {
  return (await registerRows(db)).map((e) => ({ ...e, privateNote: null }));
}

/**
 * The full register, private notes included: the entries of the people view_register reaches for this
 * actor (register-scope.ts); refused when it reaches nobody.
 */
export async function fullRegister(db: Kysely<Database>, actor: Actor | null): Promise<RegisterEntry[]> {
  const scope = await registerScope(db, actor, 'view_register');
  if (!canSomewhere(actor, 'view_register')) authorise(actor, 'view_register'); // throws the policy's reason
  return (await registerRows(db)).filter((e) => inScope(scope, e.personId, null));
}

/** The review reminders of the people view_register reaches for this actor. */
export async function visibleReviewReminders(
  db: Kysely<Database>,
  actor: Actor | null,
  day: string,
): Promise<ReviewReminder[]> {
  const scope = await registerScope(db, actor, 'view_register');
  return (await reviewReminders(db, day)).filter((r) => inScope(scope, r.personId, r.username));
}

function csvField(value: string | null): string {
  if (value === null) return '';
  // A leading = + - @ would be read as a formula by spreadsheets: quote it as text.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const REGISTER_CSV_HEADER = [
  'name',
  'kind',
  'organisation_code',
  'provider_name',
  'description',
  'starts_on',
  'ends_on',
  'declared_on',
];

/** The published register as CSV (RFC 4180, CRLF line ends). */
export function registerCsv(entries: readonly RegisterEntry[]): string {
  const lines = [REGISTER_CSV_HEADER.join(',')];
  for (const e of entries) {
    lines.push(
      [
        e.personName,
        e.kind,
        e.organisationCode,
        e.providerName,
        e.description,
        e.startsOn,
        e.endsOn,
        e.declaredAt.toISOString().slice(0, 10),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

export interface ReviewReminder {
  /** null: holds a role with decision rights but has never been on the register. */
  personId: number | null;
  name: string;
  /** Username to notify; null for someone without an account (the secretariat writes to them). */
  username: string | null;
  lastReviewed: string | null;
  review: ReviewState;
  /** Why the person must declare: committee seats held, roles with decision rights. */
  because: string[];
}

/**
 * Everyone who must declare (committee members, holders of roles with decision rights) whose yearly
 * review is overdue, due within the reminder window, or who has never declared. For the page and for
 * the reminder job (CLI / notifications) alike.
 */
export async function reviewReminders(db: Kysely<Database>, day: string): Promise<ReviewReminder[]> {
  const people = await db
    .selectFrom('governance_person as p')
    .leftJoin('app_user as u', 'u.id', 'p.user_id')
    .select(['p.id', 'p.display_name', 'u.username'])
    .execute();
  const seats = await db
    .selectFrom('committee_member as m')
    .innerJoin('committee as c', 'c.id', 'm.committee_id')
    .select(['m.person_id', 'c.name', 'm.role'])
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
    .execute();
  const deciders = await db
    .selectFrom('app_user as u')
    .innerJoin('role_assignment as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.username', 'u.display_name', 'r.role', 'r.organisation_code'])
    .where('u.disabled', '=', false)
    .where('r.role', 'in', [
      'commissioning_manager',
      'area_team',
      'committee_lay',
      'committee_executive',
      'committee_gp',
    ])
    .execute();
  const last = new Map<number, string>();
  const note = (id: number, at: Date): void => {
    const d = at.toISOString().slice(0, 10);
    if ((last.get(id) ?? '') < d) last.set(id, d);
  };
  for (const r of await db.selectFrom('interest_declaration').select(['person_id', 'declared_at']).execute())
    note(r.person_id, r.declared_at);
  for (const r of await db.selectFrom('interest_review').select(['person_id', 'reviewed_at']).execute())
    note(r.person_id, r.reviewed_at);

  const out: ReviewReminder[] = [];
  const byUser = new Map<number, number>();
  for (const p of await db.selectFrom('governance_person').select(['id', 'user_id']).execute())
    if (p.user_id !== null) byUser.set(p.user_id, p.id);
  for (const p of people) {
    const because = seats
      .filter((s) => s.person_id === p.id && s.role !== 'observer')
      .map((s) => `member of ${s.name}`);
    const userId = [...byUser].find(([, pid]) => pid === p.id)?.[0];
    for (const d of deciders.filter((x) => x.id === userId))
      because.push(`${d.role} for ${d.organisation_code}`);
    if (because.length === 0) continue;
    const lastReviewed = last.get(p.id) ?? null;
    const review = reviewState(lastReviewed, day);
    if (review.status !== 'current')
      out.push({ personId: p.id, name: p.display_name, username: p.username, lastReviewed, review, because });
  }
  // Decision-makers who have never been on the register at all.
  for (const d of deciders) {
    if (byUser.has(d.id)) continue;
    const existing = out.find((o) => o.username === d.username && o.personId === null);
    if (existing) existing.because.push(`${d.role} for ${d.organisation_code}`);
    else
      out.push({
        personId: null,
        name: d.display_name,
        username: d.username,
        lastReviewed: null,
        review: { status: 'never', dueOn: null },
        because: [`${d.role} for ${d.organisation_code}`],
      });
  }
  const order = { never: 0, overdue: 1, due_soon: 2, current: 3 };
  return out.sort((a, b) => order[a.review.status] - order[b.review.status] || a.name.localeCompare(b.name));
}
