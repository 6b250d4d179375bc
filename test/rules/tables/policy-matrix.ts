import { CONCERN_ACTIONS } from '../../../src/domain/concerns/authority.ts';
import { GOVERNANCE_ACTIONS } from '../../../src/domain/governance/access.ts';
import { OBLIGATION_ACTIONS } from '../../../src/domain/obligations/access.ts';
import { OPENNESS_ACTIONS } from '../../../src/domain/openness/access.ts';
import { ACTIONS, type AnyAction, can, type PolicyTarget } from '../../../src/domain/policy.ts';
import { ROLES, type Role } from '../../../src/domain/roles.ts';
import { SCHEME_ACTIONS } from '../../../src/domain/schemes/access.ts';
import type { RuleTable } from '../rule-table.ts';

/**
 * Every action of every policy table, decided for each role held where that role is held for the
 * practice A81001 (a practice role for the practice itself, NHS England's area team for its region,
 * every other role for its sub-ICB location 16C). Concern actions are asked of a practice-performance
 * concern the practice has been told of (the LMC not invited), and a notice with 16C at level 3 holding
 * contract management; the notice table above gives the other levels. Another area's roles are refused
 * everything but the national rules: test/domain/authority-scoped.test.ts.
 */
const PRACTICE: PolicyTarget = { organisationCode: 'A81001', ancestors: ['U07842', '16C', 'QHM', 'Y63'] };

const SCOPE: Record<Role, string | null> = {
  administrator: null,
  commissioning_analyst: '16C',
  commissioning_manager: '16C',
  practice_manager: 'A81001',
  practice_partner: 'A81001',
  area_team: 'Y63',
  committee_lay: '16C',
  committee_executive: '16C',
  committee_gp: '16C',
  observer: '16C',
  lmc_representative: '16C',
};

/** Every action `can()` decides, from every area's table: a new action without a row fails. */
export const EVERY_ACTION: readonly string[] = [
  ...ACTIONS,
  ...GOVERNANCE_ACTIONS,
  ...CONCERN_ACTIONS,
  ...SCHEME_ACTIONS,
  ...OBLIGATION_ACTIONS,
  ...OPENNESS_ACTIONS,
];

function decideFor(role: Role, action: string): boolean {
  const user = { roles: [{ role, organisationCode: SCOPE[role] }], username: `a-${role}` };
  return can(user, action as AnyAction, {
    ...PRACTICE,
    concern: {
      type: 'practice_performance',
      state: 'practice_notified',
      invitedLmc: [],
      delegation: {
        commissionerCode: '16C',
        level: 3,
        grantedFunctions: ['contract_management'],
        contractHolderCode: 'Y63',
      },
    },
  }).allowed;
}

const SHORT: Record<Role, string> = {
  administrator: 'admin',
  commissioning_analyst: 'analyst',
  commissioning_manager: 'manager',
  practice_manager: 'practice manager',
  practice_partner: 'partner',
  area_team: 'area team',
  committee_lay: 'lay',
  committee_executive: 'executive',
  committee_gp: 'GP member',
  observer: 'observer',
  lmc_representative: 'LMC',
};

const Y = '✓';
const N = '·';

export const policyMatrix: RuleTable = {
  id: 'policy-matrix',
  title: 'Who may do what: every action × every role',
  says:
    `${Y} allowed, ${N} refused, for a role held where it applies to the practice A81001: a practice ` +
    'role for the practice itself, the NHS England area team for its region (Y63), every other role ' +
    'for its sub-ICB location 16C. Concern actions are asked of a practice-performance concern the ' +
    'practice has been told of (the LMC not invited); a notice with 16C at level 3 holding contract ' +
    'management. The same roles held for another area are refused everything except the national ' +
    'rules (test/domain/authority-scoped.test.ts).',
  source: 'src/domain/policy.ts, src/domain/*/access.ts, src/domain/concerns/authority.ts',
  columns: ['action', ...ROLES.map((r) => SHORT[r])],
  inputs: 1,
  rows: [
    // action, then: admin, analyst, manager, practice manager, partner, area team, lay, executive, GP member, observer, LMC
    ['`view_public`', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '✓'],
    ['`view_restricted_practice`', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '·', '✓'],
    ['`view_imports`', '✓', '✓', '✓', '·', '·', '✓', '·', '·', '·', '·', '·'],
    ['`run_import`', '✓', '✓', '·', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`manage_users`', '✓', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`edit_lineage`', '✓', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`view_audit_log`', '✓', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`view_agreements`', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '✓'],
    ['`manage_agreements`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`respond_to_agreement`', '✓', '·', '·', '✓', '✓', '·', '·', '·', '·', '·', '·'],
    ['`respond_as_lmc`', '✓', '·', '·', '·', '·', '·', '·', '·', '·', '·', '✓'],
    ['`vote_in_consultation`', '✓', '·', '·', '✓', '✓', '·', '·', '·', '·', '·', '·'],
    ['`set_data_sharing`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`view_peer_names`', '✓', '✓', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`view_peer_review_groups`', '✓', '✓', '✓', '·', '·', '✓', '·', '·', '·', '·', '·'],
    ['`manage_peer_review_groups`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`rename_peer_review_group`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`delete_peer_review_group`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`join_peer_review_group`', '✓', '·', '·', '✓', '✓', '·', '·', '·', '·', '·', '·'],
    ['`view_governance`', '✓', '✓', '✓', '·', '·', '✓', '✓', '✓', '✓', '✓', '✓'],
    ['`manage_committee`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`chair_meeting`', '✓', '·', '·', '·', '·', '·', '✓', '✓', '✓', '·', '·'],
    ['`cast_vote`', '✓', '·', '·', '·', '·', '·', '✓', '✓', '✓', '·', '·'],
    ['`declare_interest`', '✓', '·', '✓', '·', '✓', '✓', '✓', '✓', '✓', '·', '·'],
    ['`view_register`', '✓', '·', '✓', '·', '·', '✓', '·', '·', '·', '·', '·'],
    ['`manage_register`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`request_delegation`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`decide_delegation`', '✓', '·', '·', '·', '·', '✓', '·', '·', '·', '·', '·'],
    ['`view_concern`', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '·', '·'],
    ['`raise_concern`', '·', '✓', '✓', '·', '·', '✓', '·', '·', '·', '·', '·'],
    ['`triage_concern`', '·', '✓', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`notify_practice_of_concern`', '·', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`reply_to_concern`', '·', '·', '·', '✓', '✓', '·', '·', '·', '·', '·', '·'],
    ['`peer_review_concern`', '·', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`record_concern_outcome`', '·', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`refer_concern`', '·', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`close_concern`', '·', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`record_contract_notice`', '·', '·', '✓', '·', '·', '✓', '·', '·', '·', '·', '·'],
    ['`invite_lmc_to_concern`', '·', '·', '✓', '✓', '✓', '·', '·', '·', '·', '·', '·'],
    ['`view_schemes`', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '✓', '✓'],
    ['`view_calculation`', '✓', '✓', '✓', '·', '·', '✓', '✓', '✓', '✓', '✓', '·'],
    ['`view_statement`', '✓', '✓', '✓', '✓', '✓', '✓', '·', '·', '·', '·', '·'],
    ['`run_what_if`', '✓', '✓', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`submit_scheme`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`export_payable`', '✓', '✓', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`appeal_statement`', '✓', '·', '·', '✓', '✓', '·', '·', '·', '·', '·', '·'],
    ['`decide_appeal`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`manage_standing_rules`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`view_obligations`', '✓', '✓', '✓', '✓', '✓', '✓', '·', '·', '·', '·', '✓'],
    ['`submit_return`', '✓', '·', '·', '✓', '✓', '·', '·', '·', '·', '·', '·'],
    ['`decide_return`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`manage_review_meetings`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`open_concern_from_return`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`view_consent_register`', '✓', '✓', '✓', '✓', '✓', '·', '·', '·', '·', '✓', '✓'],
    ['`give_consent`', '✓', '·', '·', '✓', '✓', '·', '·', '·', '·', '·', '·'],
    ['`manage_consent_subjects`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`respond_as_healthwatch`', '✓', '·', '·', '·', '·', '·', '·', '·', '·', '✓', '·'],
    ['`publish_consultation_summary`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`read_outbox`', '✓', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`raise_data_query`', '✓', '·', '·', '✓', '✓', '·', '·', '·', '·', '·', '·'],
    ['`answer_data_query`', '✓', '✓', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`publish_release`', '✓', '✓', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
    ['`publish_over_open_queries`', '✓', '·', '✓', '·', '·', '·', '·', '·', '·', '·', '·'],
  ],
  decide: ([action]) => ROLES.map((role) => (decideFor(role, action!.replace(/`/g, '')) ? Y : N)),
};
