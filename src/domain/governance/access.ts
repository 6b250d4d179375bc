/**
 * Who may do what in governance: the rows `can()` (src/domain/policy.ts) adds to its table. A
 * committee's actions are scoped to the commissioner that owns it; delegation actions to the
 * commissioner concerned. Rules about a particular meeting (is this member the chair, recused, a voter)
 * are the domain's (committee-rules.ts, recusal.ts), checked by the use case after `can()` agrees.
 */
import type { ActionRule } from '../policy/terms.ts';
import type { Role } from '../roles.ts';

export const GOVERNANCE_ACTIONS = [
  'view_governance',
  'manage_committee',
  'chair_meeting',
  'cast_vote',
  'declare_interest',
  'view_register',
  'manage_register',
  'request_delegation',
  'decide_delegation',
] as const;

export type GovernanceAction = (typeof GOVERNANCE_ACTIONS)[number];

const COMMITTEE_VOTERS: readonly Role[] = ['committee_lay', 'committee_executive', 'committee_gp'];

export const GOVERNANCE_RULES: Record<GovernanceAction, ActionRule> = {
  // Agenda, papers, members, votes and decisions: members, observers, the LMC and commissioning staff.
  view_governance: {
    about: 'organisation',
    changes: false,
    roles: [
      'commissioning_analyst',
      'commissioning_manager',
      'area_team',
      ...COMMITTEE_VOTERS,
      'observer',
      'lmc_representative',
    ],
  },
  // The secretariat: terms of reference, membership, meetings, agenda, attendance, minutes.
  manage_committee: { about: 'organisation', changes: true, roles: ['commissioning_manager'] },
  // Further recusals and overrides; the use case also checks the user chairs (or deputises).
  chair_meeting: { about: 'organisation', changes: true, roles: COMMITTEE_VOTERS },
  cast_vote: { about: 'organisation', changes: true, roles: COMMITTEE_VOTERS },
  // Everyone with decision rights declares their own interests.
  declare_interest: {
    about: 'national',
    changes: true,
    roles: ['commissioning_manager', 'area_team', ...COMMITTEE_VOTERS, 'practice_partner'],
  },
  // The full register (private notes, overdue reviews, reminders) and recording for someone else: the
  // people of the commissioners a role reaches (their committees' and roles' organisations; issue 11).
  view_register: { about: 'organisation', changes: false, roles: ['commissioning_manager', 'area_team'] },
  manage_register: { about: 'organisation', changes: true, roles: ['commissioning_manager'] },
  request_delegation: { about: 'organisation', changes: true, roles: ['commissioning_manager'] },
  // NHS England's area team approves or refuses for the commissioners in its region.
  decide_delegation: { about: 'organisation', changes: true, roles: ['area_team'] },
};
