/**
 * Who may see a concern and who may take each step. Pure: built on the policy's scope rule
 * (`scopeCovers`) and the delegation rule (`decideContractAction`), so the answer for a notice follows
 * the commissioner's co-commissioning level the same way the governance pages do.
 */
import { type DelegationState, decideContractAction } from '../governance/delegation.ts';
import { type Decision, type PolicyTarget, type PolicyUser, scopeCovers } from '../policy.ts';
import type { Role } from '../roles.ts';
import type { ConcernState, ConcernType, Step } from './workflow.ts';

/** The concern as the rules see it: the practice (with its ancestry today), type and state. */
export interface ConcernScope {
  type: ConcernType;
  state: ConcernState;
  target: PolicyTarget;
}

const COMMISSIONERS: readonly Role[] = ['commissioning_analyst', 'commissioning_manager'];
const PRACTICE: readonly Role[] = ['practice_manager', 'practice_partner'];

/** Who takes each step (within their organisation's reach of the practice). */
export const STEP_ROLES: Record<Step, readonly Role[]> = {
  triage: COMMISSIONERS,
  notify_practice: ['commissioning_manager'],
  reply: PRACTICE,
  start_peer_review: ['commissioning_manager'],
  record_outcome: ['commissioning_manager'],
  refer: ['commissioning_manager'],
  close: ['commissioning_manager'],
};

/** Before notification the practice does not see its concern: triage may find the flag explained. */
const PRACTICE_SEES_FROM: readonly ConcernState[] = [
  'practice_notified',
  'replied',
  'in_peer_review',
  'explained',
  'support_offered',
  'improvement_plan',
  'referred',
];

function reaching(user: PolicyUser, roles: readonly Role[], target: PolicyTarget): Role | null {
  const hit = user.roles.find(
    (r) => roles.includes(r.role) && r.organisationCode !== null && scopeCovers(r.organisationCode, target),
  );
  return hit?.role ?? null;
}

function isAdministrator(user: PolicyUser): boolean {
  return user.roles.some((r) => r.role === 'administrator');
}

export type Visibility = 'full' | 'status_only' | 'none';

/**
 * How much of a concern the user sees. An individual-performer concern is shown in full only to the
 * area team (its responsible officer); commissioners see that it was routed, and nothing of it.
 */
export function visibilityOf(user: PolicyUser | null, concern: ConcernScope): Visibility {
  if (!user) return 'none';
  if (isAdministrator(user)) return concern.type === 'individual_performer' ? 'status_only' : 'full';
  if (reaching(user, ['area_team'], concern.target)) return 'full';
  if (concern.type === 'individual_performer') {
    return reaching(user, COMMISSIONERS, concern.target) ? 'status_only' : 'none';
  }
  if (reaching(user, [...COMMISSIONERS, 'lmc_representative'], concern.target)) return 'full';
  if (reaching(user, ['committee_lay', 'committee_executive', 'committee_gp'], concern.target)) return 'full';
  if (reaching(user, PRACTICE, concern.target) && PRACTICE_SEES_FROM.includes(concern.state)) return 'full';
  return 'none';
}

/** May the user take `step`? (Whether the step may follow the state is workflow.ts's question.) */
export function mayTakeStep(user: PolicyUser | null, step: Step, concern: ConcernScope): Decision {
  if (!user) return { allowed: false, reason: 'sign in required' };
  if (user.roles.some((r) => r.role === 'observer'))
    return { allowed: false, reason: 'observers cannot change anything' };
  if (concern.type === 'individual_performer')
    return { allowed: false, reason: 'the NHS England responsible officer handles this concern' };
  const role = reaching(user, STEP_ROLES[step], concern.target);
  if (role) return { allowed: true, reason: `${role} may take this step` };
  if (reaching(user, ['lmc_representative'], concern.target))
    return { allowed: false, reason: 'LMC representatives see concerns but take no step in them' };
  return {
    allowed: false,
    reason: `only ${STEP_ROLES[step].join(' or ')} for ${concern.target.organisationCode ?? 'the practice'} may do this`,
  };
}

/** May the user raise a concern about the practice? Commissioning staff and the area team. */
export function mayRaise(user: PolicyUser | null, target: PolicyTarget): Decision {
  if (!user) return { allowed: false, reason: 'sign in required' };
  if (user.roles.some((r) => r.role === 'observer'))
    return { allowed: false, reason: 'observers cannot change anything' };
  const role = reaching(user, [...COMMISSIONERS, 'area_team'], target);
  return role
    ? { allowed: true, reason: `${role} may raise a concern` }
    : {
        allowed: false,
        reason: 'only commissioning staff or the area team for the practice may raise a concern',
      };
}

/**
 * May the user record a remedial or breach notice on the practice's contract? Only the contract
 * holder: the NHS England area team for the practice's region, or a commissioner that holds contract
 * management under delegation at level 3 (acting for NHS England). Joint (level 2) is not enough: a
 * notice is one party's act under the contract.
 */
export function mayIssueNotice(
  user: PolicyUser | null,
  target: PolicyTarget,
  delegation: DelegationState | null,
): Decision {
  if (!user) return { allowed: false, reason: 'sign in required' };
  if (user.roles.some((r) => r.role === 'observer'))
    return { allowed: false, reason: 'observers cannot change anything' };
  if (reaching(user, ['area_team'], target))
    return { allowed: true, reason: 'the NHS England area team holds the contract' };
  if (!reaching(user, ['commissioning_manager'], target)) {
    return { allowed: false, reason: 'only the contract holder may record a notice; others can only refer' };
  }
  if (!delegation)
    return { allowed: false, reason: 'the commissioner holds no delegation: NHS England decides' };
  const contract = decideContractAction(delegation, 'contract_management');
  if (contract.route === 'act') return { allowed: true, reason: contract.reason };
  return { allowed: false, reason: contract.reason };
}
