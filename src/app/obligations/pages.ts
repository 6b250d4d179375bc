/**
 * What each obligations page shows, authorised (issue 17, point 2): the page and its JSON twin under
 * /api/ call the same function here, so they show the same data and refuse alike — a UseCaseError
 * (`forbidden`, `not_found`) that the web turns into a 403/404 page or problem details. The reads
 * themselves are in ./read.ts; who may see what is src/domain/obligations/access.ts.
 */
import type { Kysely } from 'kysely';
import { practiceAuthority } from '../../domain/obligations/access.ts';
import { can } from '../../domain/policy.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { findCommissioner } from '../agreements/members.ts';
import { authorise } from '../authorise.ts';
import { listOutbox, type OutboxMessage, outboxFolder, readOutboxMessage } from '../notifications/outbox.ts';
import { UseCaseError } from '../use-case-error.ts';
import { consentRegister } from './consent.ts';
import { practiceTarget } from './errors.ts';
import { publicConsultationView } from './public-consultations.ts';
import { commissionerDashboard, itemView, meetingView, practiceItems } from './read.ts';

const CODE = /^[A-Za-z0-9]{2,10}$/;

/** Goes on when the policy allows; refuses with its reason otherwise. */
/** The commissioners with obligations the user's roles reach (all of them for an administrator). */
export async function commissionersFor(
  db: Kysely<Database>,
  user: Actor,
): Promise<{ code: string; name: string }[]> {
  const rows = await db
    .selectFrom('agreement as a')
    .innerJoin('organisation as o', 'o.code', 'a.commissioner_code')
    .select(['o.code', 'o.name'])
    .distinct()
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('obligation as ob')
          .innerJoin('agreement_version as v', 'v.id', 'ob.version_id')
          .select('ob.id')
          .whereRef('v.agreement_id', '=', 'a.id'),
      ),
    )
    .orderBy('o.code')
    .execute();
  const out = [];
  for (const r of rows)
    if (can(user, 'view_obligations', await practiceTarget(db, r.code)).allowed) out.push(r);
  return out;
}

export type ObligationsHome =
  /** A practice's own staff with no commissioner to show: their practice's page. */
  | { kind: 'practice'; practiceCode: string }
  | {
      kind: 'commissioner';
      dashboard: Awaited<ReturnType<typeof commissionerDashboard>>;
      commissioners: { code: string; name: string }[];
      canReadOutbox: boolean;
    };

/** /obligations: the chosen (or first) commissioner's dashboard, or the user's practice. */
export async function obligationsHome(
  db: Kysely<Database>,
  user: Actor,
  wanted: string,
  now: Date,
): Promise<ObligationsHome> {
  const practice = user.roles.find(
    (r) => (r.role === 'practice_manager' || r.role === 'practice_partner') && r.organisationCode,
  );
  const commissioners = await commissionersFor(db, user);
  const chosen =
    commissioners.find((o) => o.code === wanted.toUpperCase()) ?? (practice ? undefined : commissioners[0]);
  if (!chosen) {
    if (practice) return { kind: 'practice', practiceCode: practice.organisationCode! };
    throw new UseCaseError(
      'forbidden',
      'None of your roles reaches a commissioner whose agreements oblige practices',
    );
  }
  return {
    kind: 'commissioner',
    dashboard: await commissionerDashboard(db, chosen.code, now),
    commissioners,
    canReadOutbox: can(user, 'read_outbox').allowed,
  };
}

/** /obligations/practices/CODE: a practice's obligations (view_obligations on the practice). */
export async function practiceObligations(db: Kysely<Database>, user: Actor, code: string, now: Date) {
  const upper = code.toUpperCase();
  if (!CODE.test(upper)) throw new UseCaseError('not_found', 'Practice not found');
  authorise(user, 'view_obligations', await practiceTarget(db, upper));
  return practiceItems(db, upper, now);
}

/** /obligations/items/ID: an item with its returns, and what the user may do with it. */
export async function obligationItem(db: Kysely<Database>, user: Actor, itemId: number, now: Date) {
  const view = await itemView(db, itemId, now);
  const target = await practiceTarget(db, view.item.practice_code);
  authorise(user, 'view_obligations', target);
  return {
    view,
    may: {
      submit: can(user, 'submit_return', { organisationCode: view.item.practice_code }).allowed,
      decide: can(user, 'decide_return', target).allowed,
      openConcern: can(user, 'open_concern_from_return', target).allowed,
    },
  };
}

/** /obligations/meetings/ID: a review meeting, and whether the user may manage it. */
export async function obligationMeeting(db: Kysely<Database>, user: Actor, meetingId: number, now: Date) {
  const view = await meetingView(db, meetingId, now);
  const target = await practiceTarget(db, view.practiceCode);
  authorise(user, 'view_obligations', target);
  return { view, mayManage: can(user, 'manage_review_meetings', target).allowed };
}

/** /admin/outbox: the e-mails written to the outbox folder (read_outbox: administrators). */
export async function outboxFor(user: Actor): Promise<{ folder: string | null; messages: OutboxMessage[] }> {
  authorise(user, 'read_outbox');
  const folder = outboxFolder();
  return { folder, messages: folder ? await listOutbox(folder) : [] };
}

/** /admin/outbox/NAME: one e-mail of the outbox. */
export async function outboxMessageFor(user: Actor, name: string): Promise<OutboxMessage> {
  authorise(user, 'read_outbox');
  const folder = outboxFolder();
  const message = folder ? await readOutboxMessage(folder, name) : null;
  if (!message) throw new UseCaseError('not_found', 'There is no such message');
  return message;
}

/**
 * /consent: a commissioner's consent register (the one asked for, else the user's own, else the
 * first) and what the user may do there: its managers add subjects, practices give or withdraw consent.
 */
export async function consentRegisterFor(db: Kysely<Database>, user: Actor, code: string | null, now: Date) {
  const commissioners = await db
    .selectFrom('consent_subject')
    .select('commissioner_code')
    .distinct()
    .orderBy('commissioner_code')
    .execute();
  const fromRoles =
    user.roles.find((r) => r.role.startsWith('commissioning') || r.role === 'lmc_representative')
      ?.organisationCode ?? null;
  const chosen = code || fromRoles || commissioners[0]?.commissioner_code || null;
  if (!chosen) throw new UseCaseError('not_found', 'Nothing has been put to practices for consent yet');
  const register = await consentRegister(db, chosen, { now });
  const practices = user.roles
    .filter((r) => r.organisationCode && practiceAuthority([r], r.organisationCode))
    .map((r) => r.organisationCode!);
  const allowed =
    can(user, 'view_consent_register', { organisationCode: register.commissionerCode }).allowed ||
    practices.length > 0 ||
    can(user, 'view_consent_register', {
      organisationCode: register.commissionerCode,
      ancestors: [],
    }).allowed;
  if (!allowed) throw new UseCaseError('forbidden', 'None of your roles reaches this commissioner');
  return {
    register,
    may: {
      manage: can(user, 'manage_consent_subjects', { organisationCode: register.commissionerCode }).allowed,
      consentFor: practices,
    },
  };
}

/**
 * /public/consultations/ID: a consultation open to the public (anyone, signed in or not), or — for
 * those who may publish its summary — one not yet opened; to everyone else such a one is not found.
 */
export async function publicConsultationFor(db: Kysely<Database>, user: Actor | null, id: number, now: Date) {
  const view = await publicConsultationView(db, id, now);
  const commissioner = await findCommissioner(db, view.commissionerCode);
  const full = { organisationCode: view.commissionerCode, ancestors: commissioner.ancestors };
  const may = {
    healthwatch:
      user !== null &&
      can(user, 'respond_as_healthwatch', full).allowed &&
      !user.roles.some((r) => r.role === 'administrator'),
    manage: user !== null && can(user, 'publish_consultation_summary', full).allowed,
  };
  if (view.audience !== 'public' && !may.manage)
    throw new UseCaseError('not_found', 'This consultation is not open to the public');
  return { view, may };
}
