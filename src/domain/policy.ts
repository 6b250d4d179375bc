/**
 * The one place that decides whether a request may go ahead: role × organisation × action.
 * Pure: the caller supplies the user's roles and the target's ancestry (its current PCN, sub-ICB
 * location, ICB and region codes), so the same rule answers the web, the CLI and the tests.
 *
 * The registry: the core table below and each area's own table (governance, concerns, schemes,
 * obligations, openness), all in the shared terms of ./policy/terms.ts. Every action is decided by `can()`;
 * docs/rules.md shows the whole matrix, checked by test/rules/rule-tables.test.ts.
 */

import {
  CONCERN_RULES,
  type ConcernAction,
  type ConcernFacts,
  decideConcernAction,
  isConcernAction,
} from './concerns/authority.ts';
import { GOVERNANCE_RULES, type GovernanceAction } from './governance/access.ts';
import {
  type ContractActionDecision,
  type DelegatedFunction,
  type DelegationState,
  decideContractAction,
} from './governance/delegation.ts';
import { OBLIGATION_RULES, type ObligationAction } from './obligations/access.ts';
import { OPENNESS_RULES, type OpennessAction } from './openness/access.ts';
import {
  type ActionRule,
  type AreaRule,
  type PolicyTarget as BaseTarget,
  type Decision,
  decideAreaRule,
  isAdministrator,
  type PolicyUser,
  scopeCovers,
} from './policy/terms.ts';
import type { Role } from './roles.ts';
import { SCHEME_RULES, type SchemeAction } from './schemes/access.ts';

export type { ActionRule, AreaRule, Decision, PolicyUser };
export { decideAreaRule, scopeCovers };

/** What an action is about; for concern actions, the concern's type, state, LMC invitations and delegation. */
export interface PolicyTarget extends BaseTarget {
  concern?: ConcernFacts;
}

export const ACTIONS = [
  'view_public',
  'view_restricted_practice',
  'view_imports',
  'run_import',
  'manage_users',
  'edit_lineage',
  'view_audit_log',
  // Inter-practice agreements and member consultations (src/domain/agreements/).
  'view_agreements',
  'manage_agreements',
  'respond_to_agreement',
  'respond_as_lmc',
  'vote_in_consultation',
  // The sub-ICB location's data-sharing setting: peers shown by name or pseudonymised.
  'set_data_sharing',
  // Peers and peer review groups (issue 17, docs/openness.md).
  'view_peer_names',
  'view_peer_review_groups',
  'manage_peer_review_groups',
  'rename_peer_review_group',
  'delete_peer_review_group',
  'join_peer_review_group',
] as const;

export type Action = (typeof ACTIONS)[number];

const EVERY_SCOPED_READER: readonly Role[] = [
  'commissioning_analyst',
  'commissioning_manager',
  'practice_manager',
  'practice_partner',
  'area_team',
  'committee_lay',
  'committee_executive',
  'committee_gp',
  'lmc_representative',
];

const RULES: Record<Action, ActionRule> = {
  // Published open data: anyone, signed in or not.
  view_public: { about: 'anything', changes: false, roles: [] },
  // Unpublished figures about a practice: people who work with that practice. Observers see
  // what is published, nothing more.
  view_restricted_practice: { about: 'organisation', changes: false, roles: EVERY_SCOPED_READER },
  // Import files are national and their rejections can name any practice: commissioning staff only.
  view_imports: {
    about: 'national',
    changes: false,
    roles: ['commissioning_analyst', 'commissioning_manager', 'area_team'],
  },
  run_import: { about: 'national', changes: true, roles: ['commissioning_analyst'] },
  manage_users: { about: 'national', changes: true, roles: [] },
  edit_lineage: { about: 'national', changes: true, roles: [] },
  view_audit_log: { about: 'national', changes: false, roles: [] },
  // Agreements and consultations are shared between a commissioner, its member practices, the LMC and
  // the observers who hold it to account: any role may read them (individual votes stay private).
  view_agreements: { about: 'national', changes: false, roles: [...EVERY_SCOPED_READER, 'observer'] },
  // Drafting agreements and putting proposals to the members: the commissioner's managers.
  manage_agreements: { about: 'organisation', changes: true, roles: ['commissioning_manager'] },
  // Signing, vetoing and voting bind a practice: its partners and manager only. Callers name the
  // practice without its ancestors, so a role must be held for that practice itself.
  respond_to_agreement: {
    about: 'organisation',
    changes: true,
    roles: ['practice_partner', 'practice_manager'],
  },
  respond_as_lmc: { about: 'organisation', changes: true, roles: ['lmc_representative'] },
  vote_in_consultation: {
    about: 'organisation',
    changes: true,
    roles: ['practice_partner', 'practice_manager'],
  },
  // Whether a sub-ICB location shows its practices' peers by name: its commissioning managers decide.
  set_data_sharing: { about: 'organisation', changes: true, roles: ['commissioning_manager'] },
  // A practice's peers by name, whatever the data-sharing setting: the commissioners of the sub-ICB
  // location (or above it) who chose the peers and answer for the comparison. Target: the sub-ICB
  // location with its ancestors. Everyone else sees them as the setting or a shared group says.
  view_peer_names: {
    about: 'organisation',
    changes: false,
    roles: ['commissioning_analyst', 'commissioning_manager'],
  },
  // Peer review groups of a sub-ICB location (target: that location with its ancestors): its
  // commissioners and the area team see them all; a practice sees those of its own location (below).
  view_peer_review_groups: {
    about: 'organisation',
    changes: false,
    roles: ['commissioning_analyst', 'commissioning_manager', 'area_team'],
  },
  // Creating a group and taking a practice out of it: the location's commissioning managers.
  manage_peer_review_groups: { about: 'organisation', changes: true, roles: ['commissioning_manager'] },
  // Renaming a group, and deleting it (its members' agreements go with it, audited): the same managers.
  rename_peer_review_group: { about: 'organisation', changes: true, roles: ['commissioning_manager'] },
  delete_peer_review_group: { about: 'organisation', changes: true, roles: ['commissioning_manager'] },
  // Joining or leaving a group binds the practice to share identified data: its partners and manager,
  // for that practice itself (callers name the practice without its ancestors).
  join_peer_review_group: {
    about: 'organisation',
    changes: true,
    roles: ['practice_partner', 'practice_manager'],
  },
};

/** Every action `can()` decides: the core table above and each area's own. */
export type AnyAction =
  | Action
  | GovernanceAction
  | ConcernAction
  | SchemeAction
  | ObligationAction
  | OpennessAction;

/** The area tables decided by the common area rule (never open to visitors). */
type AreaAction = SchemeAction | ObligationAction | OpennessAction;

const AREA_RULES: Readonly<Record<AreaAction, AreaRule>> = {
  ...SCHEME_RULES,
  ...OBLIGATION_RULES,
  ...OPENNESS_RULES,
};

function isAreaAction(action: string): action is AreaAction {
  return Object.hasOwn(AREA_RULES, action);
}

export function ruleFor(action: AnyAction): ActionRule {
  if (isConcernAction(action)) return CONCERN_RULES[action];
  if (isAreaAction(action)) return AREA_RULES[action];
  return action in GOVERNANCE_RULES ? GOVERNANCE_RULES[action as GovernanceAction] : RULES[action as Action];
}

export function actionChangesData(action: AnyAction): boolean {
  return ruleFor(action).changes;
}

/** Decides one request. `user` is null when nobody is signed in. */
export function can(user: PolicyUser | null, action: AnyAction, target: PolicyTarget = {}): Decision {
  // Concern actions depend on the concern's type and state, LMC invitations and delegation: their rules
  // (src/domain/concerns/authority.ts) decide them, administrators included.
  if (isConcernAction(action)) return decideConcernAction(user, action, target);
  if (isAreaAction(action)) return decideAreaRule(user, action, AREA_RULES[action], target);
  const rule = ruleFor(action);
  if (rule.about === 'anything') return { allowed: true, reason: 'published data is open to everyone' };
  if (!user) return { allowed: false, reason: 'sign in required' };
  if (user.roles.length === 0) return { allowed: false, reason: 'the account holds no role' };

  if (rule.changes && user.roles.some((r) => r.role === 'observer') && !isAdministrator(user)) {
    // An observer account is read only even if someone also gave it another role by mistake.
    return { allowed: false, reason: 'observers cannot change anything' };
  }
  if (isAdministrator(user)) return { allowed: true, reason: 'administrator' };

  const granting = user.roles.filter((r) => rule.roles.includes(r.role));
  if (granting.length === 0) return { allowed: false, reason: `no role held permits ${action}` };
  if (rule.about === 'national') return { allowed: true, reason: `${granting[0]!.role} may ${action}` };

  if (!target.organisationCode) return { allowed: false, reason: 'no organisation named' };
  const reaching = granting.find(
    (r) => r.organisationCode !== null && scopeCovers(r.organisationCode, target),
  );
  if (reaching) {
    return {
      allowed: true,
      reason: `${reaching.role} for ${reaching.organisationCode} covers ${target.organisationCode}`,
    };
  }
  return {
    allowed: false,
    reason: `no role held reaches ${target.organisationCode} (held: ${granting
      .map((r) => `${r.role} for ${r.organisationCode}`)
      .join(', ')})`,
  };
}

/**
 * Whether the user may take `action` at some organisation (one their roles name): for offering a link
 * or a menu entry. The action itself is still decided against the organisation it is about.
 */
export function canSomewhere(user: PolicyUser | null, action: AnyAction): boolean {
  if (!user) return false;
  if (isAdministrator(user)) return can(user, action, { organisationCode: 'E92000001' }).allowed;
  return user.roles.some(
    (r) => r.organisationCode !== null && can(user, action, { organisationCode: r.organisationCode }).allowed,
  );
}

export interface DelegatedDecision extends Decision {
  /** Who takes the action: here, jointly, or the contract holder (NHS England). */
  contract: ContractActionDecision;
}

/**
 * A contract action needing delegated function `fn`, asked of the commissioner in `delegation`:
 * allowed only when the user may take `action` there and the commissioner holds the function (level 2
 * jointly, level 3 alone); otherwise the contract holder decides, and `contract.reason` says so.
 */
export function decideDelegatedAction(
  user: PolicyUser | null,
  action: AnyAction,
  target: PolicyTarget,
  delegation: DelegationState,
  fn: DelegatedFunction,
): DelegatedDecision {
  const contract = decideContractAction(delegation, fn);
  const decision = can(user, action, target);
  if (!decision.allowed) return { ...decision, contract };
  if (contract.route === 'contract_holder') return { allowed: false, reason: contract.reason, contract };
  return { allowed: true, reason: contract.reason, contract };
}

export { decideContractAction };
