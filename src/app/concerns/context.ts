/**
 * What the concern use cases share: the error they raise, loading a concern with the practice's
 * ancestry (the scope the rules in src/domain/concerns/authority.ts need), and who holds the practice's
 * contract today (the area team, or a commissioner with contract management delegated at level 3).
 */
import type { Kysely } from 'kysely';
import type { ConcernFacts, ConcernScope } from '../../domain/concerns/authority.ts';
import type { ConcernState } from '../../domain/concerns/workflow.ts';
import {
  type ContractActionDecision,
  type DelegationState,
  decideContractAction,
} from '../../domain/governance/delegation.ts';
import type { PolicyTarget } from '../../domain/policy.ts';
import type { ConcernRow, Database } from '../../store/schema.ts';
import { currentAncestors, findOrganisation, type OrganisationRef } from '../browse/organisations.ts';
import { delegationState } from '../governance/delegation.ts';
import { UseCaseError } from '../use-case-error.ts';

export interface PracticeScope {
  practiceCode: string;
  practiceName: string;
  ancestors: OrganisationRef[];
  target: PolicyTarget;
}

export async function practiceScope(db: Kysely<Database>, code: string): Promise<PracticeScope> {
  const org = /^[A-Za-z0-9]{3,10}$/.test(code) ? await findOrganisation(db, code) : null;
  if (org?.kind !== 'practice')
    throw new UseCaseError('not_found', `There is no practice with the code ${code}`);
  const ancestors = await currentAncestors(db, org);
  return {
    practiceCode: org.code,
    practiceName: org.name,
    ancestors,
    target: { organisationCode: org.code, ancestors: ancestors.map((a) => a.code) },
  };
}

export async function loadConcern(db: Kysely<Database>, id: number): Promise<ConcernRow> {
  const row = Number.isSafeInteger(id)
    ? await db.selectFrom('concern').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row) throw new UseCaseError('not_found', 'There is no such concern');
  return row;
}

/** The LMC representatives invited to the concern (usernames), from its timeline. */
export async function invitedLmcOf(db: Kysely<Database>, concernId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('concern_event')
    .select('detail')
    .where('concern_id', '=', concernId)
    .where('step', '=', 'invite_lmc')
    .orderBy('id')
    .execute();
  const names: string[] = [];
  for (const r of rows) {
    const d = r.detail as { username?: unknown } | null;
    if (d && typeof d.username === 'string' && !names.includes(d.username)) names.push(d.username);
  }
  return names;
}

export function scopeOf(
  row: ConcernRow,
  practice: PracticeScope,
  invitedLmc: readonly string[] = [],
): ConcernScope {
  return { type: row.type, state: row.state as ConcernState, target: practice.target, invitedLmc };
}

/**
 * The policy target of an action on this concern: the practice with its ancestry, and the concern's
 * facts `can()` reads (type, state, LMC invitations, and the delegation in force when a notice is asked).
 */
export function concernTarget(
  row: ConcernRow,
  practice: PracticeScope,
  invitedLmc: readonly string[],
  delegation: DelegationState | null = null,
): PolicyTarget {
  const concern: ConcernFacts = { type: row.type, state: row.state as ConcernState, invitedLmc, delegation };
  return { ...practice.target, concern };
}

export interface ContractHolder {
  /** The NHS England region (area team) above the practice. */
  regionCode: string | null;
  /** The commissioner whose delegation decides, and its state today (null when none is known). */
  delegation: DelegationState | null;
  decision: ContractActionDecision | null;
  /** Who records notices: the commissioner acting under level 3, or the region's area team. */
  holderCode: string | null;
  holderLabel: string;
}

/**
 * The practice's contract holder today. A sub-ICB location or ICB above the practice that holds
 * contract management at level 3 acts for NHS England; otherwise the region's area team holds it.
 */
export async function contractHolderFor(
  db: Kysely<Database>,
  practice: PracticeScope,
  day: string,
): Promise<ContractHolder> {
  const regionCode = practice.ancestors.find((a) => a.kind === 'region')?.code ?? null;
  // The sub-ICB location first: it is the commissioner nearest the practice, whose level is reported.
  const commissioners = [
    ...practice.ancestors.filter((a) => a.kind === 'sub_icb'),
    ...practice.ancestors.filter((a) => a.kind === 'icb'),
  ];
  let first: { delegation: DelegationState; decision: ContractActionDecision } | null = null;
  for (const c of commissioners) {
    const delegation = await delegationState(db, c.code, day);
    const decision = decideContractAction(delegation, 'contract_management');
    if (decision.route === 'act') {
      return {
        regionCode,
        delegation,
        decision,
        holderCode: c.code,
        holderLabel: `${c.name} (${c.code}), under delegated commissioning (level 3)`,
      };
    }
    first ??= { delegation, decision };
  }
  return {
    regionCode,
    delegation: first?.delegation ?? null,
    decision: first?.decision ?? null,
    holderCode: regionCode,
    holderLabel: regionCode ? `NHS England area team (${regionCode})` : 'NHS England area team',
  };
}
