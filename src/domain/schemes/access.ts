// Who may do what with schemes: the same shape of rule as src/domain/policy.ts (role × organisation ×
// action, observers never change anything), kept here so the schemes area owns its table; `can()`
// decides it. A practice role reaches only its own practice's statement; commissioning roles reach
// what lies beneath them.
import type { AreaRule } from '../policy/terms.ts';
import type { Role } from '../roles.ts';

export const SCHEME_ACTIONS = [
  'view_schemes',
  'view_calculation',
  'view_statement',
  'run_what_if',
  'submit_scheme',
  'export_payable',
  'appeal_statement',
  'decide_appeal',
  'manage_standing_rules',
] as const;

export type SchemeAction = (typeof SCHEME_ACTIONS)[number];

const COMMISSIONING: readonly Role[] = ['commissioning_analyst', 'commissioning_manager', 'area_team'];
const COMMITTEE: readonly Role[] = ['committee_lay', 'committee_executive', 'committee_gp'];

export const SCHEME_RULES: Record<SchemeAction, AreaRule> = {
  // Definitions are the published rules: every role may read them.
  view_schemes: {
    about: 'national',
    changes: false,
    roles: [
      ...COMMISSIONING,
      ...COMMITTEE,
      'practice_manager',
      'practice_partner',
      'observer',
      'lmc_representative',
    ],
  },
  // Every practice's statement at once: the commissioner, its committee and the observers holding it to account.
  view_calculation: {
    about: 'national',
    changes: false,
    roles: [...COMMISSIONING, ...COMMITTEE, 'observer'],
  },
  // One practice's statement: its own partners and manager, or a commissioning role above it.
  view_statement: {
    about: 'organisation',
    changes: false,
    roles: [...COMMISSIONING, 'practice_manager', 'practice_partner'],
  },
  run_what_if: {
    about: 'national',
    changes: false,
    roles: ['commissioning_analyst', 'commissioning_manager'],
  },
  // Putting a calculation or a distribution to the committee: the secretariat (it writes the agenda),
  // of the commissioner that owns the committee (issue 11: no longer national).
  submit_scheme: { about: 'organisation', changes: true, roles: ['commissioning_manager'] },
  export_payable: {
    about: 'national',
    changes: false,
    roles: ['commissioning_analyst', 'commissioning_manager'],
  },
  appeal_statement: { about: 'organisation', changes: true, roles: ['practice_manager', 'practice_partner'] },
  // An appeal is decided by the commissioner above the appealing practice (issue 11: not national).
  decide_appeal: { about: 'organisation', changes: true, roles: ['commissioning_manager'] },
  // The standing rules every local scheme must pass: the commissioner's managers set them for their
  // commissioner (administrators, as for everything, for all); the scheme's author, an analyst, does not
  // set its own bar. Decided against the rule's commissioner (migration 012).
  manage_standing_rules: { about: 'organisation', changes: true, roles: ['commissioning_manager'] },
};
