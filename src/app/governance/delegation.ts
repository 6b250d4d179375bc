/**
 * Co-commissioning delegation: a commissioner asks for a level (and functions) for a period; NHS
 * England's area team approves or refuses each. Each change is one transaction with its audit entry.
 */
import type { Kysely } from 'kysely';
import {
  type CoCommissioningLevel,
  type DelegatedFunction,
  type DelegationState,
  grantProblem,
  isCoCommissioningLevel,
  isDelegatedFunction,
} from '../../domain/governance/delegation.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { currentAncestors, findOrganisation } from '../browse/organisations.ts';
import { UseCaseError } from '../use-case-error.ts';
import { targetFor } from './context.ts';

export interface DelegationFunctionRecord {
  id: number;
  function: DelegatedFunction;
  status: 'requested' | 'granted' | 'refused';
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  note: string | null;
}

export interface DelegationPeriodRecord {
  id: number;
  commissionerCode: string;
  startsOn: string;
  endsOn: string | null;
  level: CoCommissioningLevel;
  contractHolderCode: string | null;
  status: 'requested' | 'approved' | 'refused';
  requestedBy: string;
  requestedAt: Date;
  requestNote: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  functions: DelegationFunctionRecord[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The NHS England region above the commissioner: the contract holder when nothing is delegated. */
export async function contractHolderOf(db: Kysely<Database>, code: string): Promise<string | null> {
  const org = await findOrganisation(db, code);
  if (!org) return null;
  return (await currentAncestors(db, org)).find((a) => a.kind === 'region')?.code ?? null;
}

export async function delegationHistory(
  db: Kysely<Database>,
  commissionerCode: string,
): Promise<DelegationPeriodRecord[]> {
  const periods = await db
    .selectFrom('delegation_period')
    .selectAll()
    .where('commissioner_code', '=', commissionerCode.toUpperCase())
    .orderBy('starts_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  if (periods.length === 0) return [];
  const functions = await db
    .selectFrom('delegation_function')
    .selectAll()
    .where(
      'period_id',
      'in',
      periods.map((p) => p.id),
    )
    .orderBy('id')
    .execute();
  return periods.map((p) => ({
    id: p.id,
    commissionerCode: p.commissioner_code,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    level: p.level as CoCommissioningLevel,
    contractHolderCode: p.contract_holder_code,
    status: p.status,
    requestedBy: p.requested_by,
    requestedAt: p.requested_at,
    requestNote: p.request_note,
    decidedBy: p.decided_by,
    decidedAt: p.decided_at,
    decisionNote: p.decision_note,
    functions: functions
      .filter((f) => f.period_id === p.id)
      .map((f) => ({
        id: f.id,
        function: f.function as DelegatedFunction,
        status: f.status,
        requestedBy: f.requested_by,
        requestedAt: f.requested_at,
        decidedBy: f.decided_by,
        decidedAt: f.decided_at,
        note: f.note,
      })),
  }));
}

/** What the commissioner holds on `day`: the approved period covering it and its granted functions. */
export async function delegationState(
  db: Kysely<Database>,
  commissionerCode: string,
  day: string,
): Promise<DelegationState> {
  const code = commissionerCode.toUpperCase();
  const history = await delegationHistory(db, code);
  const current = history.find(
    (p) => p.status === 'approved' && p.startsOn <= day && (p.endsOn === null || p.endsOn >= day),
  );
  return {
    commissionerCode: code,
    level: current?.level ?? null,
    grantedFunctions: current?.functions.filter((f) => f.status === 'granted').map((f) => f.function) ?? [],
    contractHolderCode: current?.contractHolderCode ?? (await contractHolderOf(db, code)),
  };
}

export interface DelegationSummary {
  commissionerCode: string;
  commissionerName: string | null;
  state: DelegationState;
}

/** Every commissioner with an approved arrangement today, for the public overview. */
export async function listDelegations(db: Kysely<Database>, day: string): Promise<DelegationSummary[]> {
  const codes = await db
    .selectFrom('delegation_period')
    .select('commissioner_code')
    .distinct()
    .orderBy('commissioner_code')
    .execute();
  const out: DelegationSummary[] = [];
  for (const { commissioner_code: code } of codes) {
    const org = await findOrganisation(db, code);
    out.push({
      commissionerCode: code,
      commissionerName: org?.name ?? null,
      state: await delegationState(db, code, day),
    });
  }
  return out;
}

export interface DelegationRequestInput {
  commissionerCode: string;
  level: number;
  startsOn: string;
  endsOn: string | null;
  functions: string[];
  note: string | null;
}

/** A commissioner asks for a level and functions for a period. */
export async function requestDelegation(
  db: Kysely<Database>,
  actor: Actor | null,
  input: DelegationRequestInput,
  now: Date,
): Promise<number> {
  const code = input.commissionerCode.toUpperCase();
  const org = await findOrganisation(db, code);
  if (!org || (org.kind !== 'sub_icb' && org.kind !== 'icb')) {
    throw new UseCaseError('not_found', `There is no sub-ICB location or ICB with the code ${code}`);
  }
  authorise(actor, 'request_delegation', await targetFor(db, code));
  if (!isCoCommissioningLevel(input.level)) throw new UseCaseError('invalid', 'Select a level', 'level');
  if (!ISO_DATE.test(input.startsOn))
    throw new UseCaseError('invalid', 'Enter the start date like 2026-04-01', 'starts_on');
  if (input.endsOn !== null && (!ISO_DATE.test(input.endsOn) || input.endsOn < input.startsOn)) {
    throw new UseCaseError('invalid', 'Enter an end date on or after the start date', 'ends_on');
  }
  const functions = [...new Set(input.functions)];
  for (const fn of functions) {
    if (!isDelegatedFunction(fn)) throw new UseCaseError('invalid', `'${fn}' is not a function`, 'functions');
    const problem = grantProblem(input.level, fn);
    if (problem) throw new UseCaseError('invalid', `Cannot request this: ${problem}`, 'functions');
  }
  const holder = await contractHolderOf(db, code);
  return db.transaction().execute(async (trx) => {
    const period = await trx
      .insertInto('delegation_period')
      .values({
        commissioner_code: code,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        level: input.level,
        contract_holder_code: holder,
        status: 'requested',
        requested_by: actor!.username,
        requested_at: now,
        request_note: input.note,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (functions.length > 0) {
      await trx
        .insertInto('delegation_function')
        .values(
          functions.map((fn) => ({
            period_id: period.id,
            function: fn,
            status: 'requested' as const,
            requested_by: actor!.username,
            requested_at: now,
          })),
        )
        .execute();
    }
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'delegation_requested',
      entity: 'delegation_period',
      entityId: String(period.id),
      before: null,
      after: {
        commissioner_code: code,
        level: input.level,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        functions,
        note: input.note,
      },
    });
    return period.id;
  });
}

export interface DelegationDecisionInput {
  periodId: number;
  approve: boolean;
  /** Functions to grant (the rest of those requested are refused); ignored when refusing. */
  grantFunctions: string[];
  note: string | null;
}

/** NHS England's area team approves or refuses a request, function by function. */
export async function decideDelegation(
  db: Kysely<Database>,
  actor: Actor | null,
  input: DelegationDecisionInput,
  now: Date,
): Promise<void> {
  const period = await db
    .selectFrom('delegation_period')
    .selectAll()
    .where('id', '=', input.periodId)
    .executeTakeFirst();
  if (!period) throw new UseCaseError('not_found', 'There is no such delegation request');
  authorise(actor, 'decide_delegation', await targetFor(db, period.commissioner_code));
  if (period.status !== 'requested') {
    throw new UseCaseError('conflict', `This request was already ${period.status}`);
  }
  const functions = await db
    .selectFrom('delegation_function')
    .selectAll()
    .where('period_id', '=', period.id)
    .execute();
  const grant = new Set(input.approve ? input.grantFunctions : []);
  for (const fn of grant) {
    if (!functions.some((f) => f.function === fn))
      throw new UseCaseError('invalid', `'${fn}' was not requested`, 'functions');
  }
  await db.transaction().execute(async (trx) => {
    const status = input.approve ? ('approved' as const) : ('refused' as const);
    await trx
      .updateTable('delegation_period')
      .set({ status, decided_by: actor!.username, decided_at: now, decision_note: input.note })
      .where('id', '=', period.id)
      .execute();
    for (const f of functions) {
      await trx
        .updateTable('delegation_function')
        .set({
          status: grant.has(f.function) ? 'granted' : 'refused',
          decided_by: actor!.username,
          decided_at: now,
        })
        .where('id', '=', f.id)
        .execute();
    }
    // An approved period closes the one it follows, so one arrangement is in force on any day.
    if (input.approve) {
      const dayBefore = new Date(`${period.starts_on}T00:00:00Z`);
      dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
      await trx
        .updateTable('delegation_period')
        .set({ ends_on: dayBefore.toISOString().slice(0, 10) })
        .where('commissioner_code', '=', period.commissioner_code)
        .where('status', '=', 'approved')
        .where('id', '<>', period.id)
        .where('starts_on', '<', period.starts_on)
        .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', period.starts_on)]))
        .execute();
    }
    await writeAudit(trx, {
      actor: actor!.username,
      action: input.approve ? 'delegation_approved' : 'delegation_refused',
      entity: 'delegation_period',
      entityId: String(period.id),
      before: { status: period.status, functions: functions.map((f) => f.function) },
      after: { status, granted: [...grant], note: input.note },
    });
  });
}
