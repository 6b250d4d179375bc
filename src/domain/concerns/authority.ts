/**
 * Who may see a concern and who may take each step: the concern rows of the policy. `can()`
 * (src/domain/policy.ts) hands every concern action to `decideConcernAction` below, so the web, the
 * use cases and the tests ask one function; the rules here are its implementation. Pure: built on the
 * scope rule (a role reaches its organisation and everything beneath it) and the delegation rule
 * (`decideContractAction`), so the answer for a notice follows the commissioner's co-commissioning
 * level the same way the governance pages do.
 */
import { type DelegationState, decideContractAction } from '../governance/delegation.ts';
import {
  type ActionRule,
  type Decision,
  isAdministrator,
  isObserver,
  type PolicyTarget,
  type PolicyUser,
  reachingRole as reaching,
} from '../policy/terms.ts';
import type { Role } from '../roles.ts';
import type { ConcernState, ConcernType, Step } from './workflow.ts';

/** The concern as the rules see it: the practice (with its ancestry today), type and state. */
export interface ConcernScope {
  type: ConcernType;
  state: ConcernState;
  target: PolicyTarget;
  /** Usernames of the LMC representatives invited to the concern: only they, of the LMC, see it. */
  invitedLmc?: readonly string[];
}

/** What `can()` needs to know about the concern an action is about (on `PolicyTarget.concern`). */
export interface ConcernFacts {
  type: ConcernType;
  state: ConcernState;
  invitedLmc?: readonly string[];
  /** The commissioner's delegation today: decides who records a contract notice. */
  delegation?: DelegationState | null;
}

export const CONCERN_ACTIONS = [
  'view_concern',
  'raise_concern',
  'triage_concern',
  'notify_practice_of_concern',
  'reply_to_concern',
  'peer_review_concern',
  'record_concern_outcome',
  'refer_concern',
  'close_concern',
  'record_contract_notice',
  'invite_lmc_to_concern',
] as const;
export type ConcernAction = (typeof CONCERN_ACTIONS)[number];

export function isConcernAction(action: string): action is ConcernAction {
  return (CONCERN_ACTIONS as readonly string[]).includes(action);
}

/** The policy action for each workflow step. */
export const STEP_ACTIONS: Record<Step, ConcernAction> = {
  triage: 'triage_concern',
  notify_practice: 'notify_practice_of_concern',
  reply: 'reply_to_concern',
  start_peer_review: 'peer_review_concern',
  record_outcome: 'record_concern_outcome',
  refer: 'refer_concern',
  close: 'close_concern',
};

const COMMISSIONERS: readonly Role[] = ['commissioning_analyst', 'commissioning_manager'];
const PRACTICE: readonly Role[] = ['practice_manager', 'practice_partner'];
const COMMITTEE: readonly Role[] = ['committee_lay', 'committee_executive', 'committee_gp'];

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

/**
 * The role × organisation part of each concern action, in the shape of the policy's own tables (so
 * `actionChangesData` and the matrix tests read them). The state-dependent rules (individual-performer
 * route, the practice before notification, LMC invitations, notices by delegation) are applied on top
 * by `decideConcernAction`.
 */
export const CONCERN_RULES: Record<ConcernAction, ActionRule> = {
  view_concern: {
    about: 'organisation',
    changes: false,
    roles: [...COMMISSIONERS, 'area_team', ...COMMITTEE, 'lmc_representative', ...PRACTICE],
  },
  raise_concern: { about: 'organisation', changes: true, roles: [...COMMISSIONERS, 'area_team'] },
  triage_concern: { about: 'organisation', changes: true, roles: STEP_ROLES.triage },
  notify_practice_of_concern: { about: 'organisation', changes: true, roles: STEP_ROLES.notify_practice },
  reply_to_concern: { about: 'organisation', changes: true, roles: STEP_ROLES.reply },
  peer_review_concern: { about: 'organisation', changes: true, roles: STEP_ROLES.start_peer_review },
  record_concern_outcome: { about: 'organisation', changes: true, roles: STEP_ROLES.record_outcome },
  refer_concern: { about: 'organisation', changes: true, roles: STEP_ROLES.refer },
  close_concern: { about: 'organisation', changes: true, roles: STEP_ROLES.close },
  // The contract holder: the area team, or a commissioning manager under level 3 (checked below).
  record_contract_notice: {
    about: 'organisation',
    changes: true,
    roles: ['area_team', 'commissioning_manager'],
  },
  // The commissioner, or the practice itself once it has been told (it may want the LMC beside it).
  invite_lmc_to_concern: {
    about: 'organisation',
    changes: true,
    roles: ['commissioning_manager', ...PRACTICE],
  },
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

/** An LMC representative for the practice who has been invited to the concern. */
function invitedLmc(user: PolicyUser & { username?: string }, concern: ConcernScope): boolean {
  if (!reaching(user, ['lmc_representative'], concern.target)) return false;
  return user.username !== undefined && (concern.invitedLmc ?? []).includes(user.username);
}

export type Visibility = 'full' | 'status_only' | 'none';

/**
 * How much of a concern the user sees. An individual-performer concern is shown in full only to the
 * area team (its responsible officer); commissioners see that it was routed, and nothing of it. An LMC
 * representative sees a concern only once invited to it.
 */
export function visibilityOf(
  user: (PolicyUser & { username?: string }) | null,
  concern: ConcernScope,
): Visibility {
  if (!user) return 'none';
  if (isAdministrator(user)) return concern.type === 'individual_performer' ? 'status_only' : 'full';
  if (reaching(user, ['area_team'], concern.target)) return 'full';
  if (concern.type === 'individual_performer') {
    return reaching(user, COMMISSIONERS, concern.target) ? 'status_only' : 'none';
  }
  if (reaching(user, COMMISSIONERS, concern.target)) return 'full';
  if (reaching(user, COMMITTEE, concern.target)) return 'full';
  if (invitedLmc(user, concern)) return 'full';
  if (reaching(user, PRACTICE, concern.target) && PRACTICE_SEES_FROM.includes(concern.state)) return 'full';
  return 'none';
}

/** May the user take `step`? (Whether the step may follow the state is workflow.ts's question.) */
export function mayTakeStep(user: PolicyUser | null, step: Step, concern: ConcernScope): Decision {
  if (!user) return { allowed: false, reason: 'sign in required' };
  if (isObserver(user)) return { allowed: false, reason: 'observers cannot change anything' };
  if (concern.type === 'individual_performer')
    return { allowed: false, reason: 'the NHS England responsible officer handles this concern' };
  const role = reaching(user, STEP_ROLES[step], concern.target);
  if (role) {
    if (PRACTICE.includes(role) && !PRACTICE_SEES_FROM.includes(concern.state))
      return { allowed: false, reason: 'the practice has not been notified of this concern yet' };
    return { allowed: true, reason: `${role} may take this step` };
  }
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
  if (isObserver(user)) return { allowed: false, reason: 'observers cannot change anything' };
  const role = reaching(user, CONCERN_RULES.raise_concern.roles, target);
  return role
    ? { allowed: true, reason: `${role} may raise a concern` }
    : {
        allowed: false,
        reason: 'only commissioning staff or the area team for the practice may raise a concern',
      };
}

/**
 * May the user invite the practice's LMC representative? The commissioning manager, or the practice
 * once it has been told of the concern; never on an individual-performer concern (the LMC does not see
 * those), and not after the concern is closed as explained.
 */
export function mayInviteLmc(user: PolicyUser | null, concern: ConcernScope): Decision {
  if (!user) return { allowed: false, reason: 'sign in required' };
  if (isObserver(user)) return { allowed: false, reason: 'observers cannot change anything' };
  if (concern.type === 'individual_performer')
    return { allowed: false, reason: 'the NHS England responsible officer handles this concern' };
  if (concern.state === 'explained') return { allowed: false, reason: 'the concern is closed as explained' };
  if (reaching(user, ['commissioning_manager'], concern.target))
    return { allowed: true, reason: 'commissioning_manager may invite the LMC' };
  const practice = reaching(user, PRACTICE, concern.target);
  if (practice && PRACTICE_SEES_FROM.includes(concern.state))
    return { allowed: true, reason: `${practice} may invite its LMC representative` };
  return {
    allowed: false,
    reason: 'only the commissioning manager, or the practice once notified, may invite the LMC',
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
  if (isObserver(user)) return { allowed: false, reason: 'observers cannot change anything' };
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

/**
 * The concern rows of `can()`. `target.concern` carries the concern's type, state, LMC invitations
 * and (for notices) the commissioner's delegation; `raise_concern` needs none of it. A concern action
 * about a concern that is not described is refused rather than guessed.
 */
export function decideConcernAction(
  user: (PolicyUser & { username?: string }) | null,
  action: ConcernAction,
  target: PolicyTarget & { concern?: ConcernFacts },
): Decision {
  if (action === 'raise_concern') return mayRaise(user, target);
  if (action === 'record_contract_notice')
    return mayIssueNotice(user, target, target.concern?.delegation ?? null);
  const facts = target.concern;
  if (!facts) return { allowed: false, reason: 'no concern named' };
  const scope: ConcernScope = {
    type: facts.type,
    state: facts.state,
    target,
    invitedLmc: facts.invitedLmc ?? [],
  };
  switch (action) {
    case 'view_concern': {
      const seen = visibilityOf(user, scope);
      if (seen === 'full') return { allowed: true, reason: 'may see the concern' };
      if (seen === 'status_only')
        return {
          allowed: true,
          reason: 'may see only that the concern was routed to the responsible officer',
        };
      if (!user) return { allowed: false, reason: 'sign in required' };
      if (reaching(user, ['lmc_representative'], target))
        return { allowed: false, reason: 'the LMC sees a concern only when invited to it' };
      return { allowed: false, reason: 'you cannot see this concern' };
    }
    case 'invite_lmc_to_concern':
      return mayInviteLmc(user, scope);
    default: {
      const step = (Object.keys(STEP_ACTIONS) as Step[]).find((s) => STEP_ACTIONS[s] === action)!;
      return mayTakeStep(user, step, scope);
    }
  }
}
