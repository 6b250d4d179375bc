// Who may do what with obligations, returns, review meetings, consent and public consultations: the
// same shape of rule as src/domain/policy.ts (role × organisation × action; observers never change
// anything; administrators may do everything the policy lets them), kept here so this area owns its
// table, as the schemes area does (src/domain/schemes/access.ts); `can()` decides it.
import type { AreaRule, PolicyUser } from '../policy/terms.ts';
import type { Role } from '../roles.ts';

export const OBLIGATION_ACTIONS = [
  'view_obligations',
  'submit_return',
  'decide_return',
  'manage_review_meetings',
  'open_concern_from_return',
  'view_consent_register',
  'give_consent',
  'manage_consent_subjects',
  'respond_as_healthwatch',
  'publish_consultation_summary',
  'read_outbox',
] as const;

export type ObligationAction = (typeof OBLIGATION_ACTIONS)[number];

const PRACTICE: readonly Role[] = ['practice_manager', 'practice_partner'];

export const OBLIGATION_RULES: Record<ObligationAction, AreaRule> = {
  // A practice's obligations and returns: its own staff, the commissioning staff above it and the LMC.
  view_obligations: {
    about: 'organisation',
    changes: false,
    roles: [...PRACTICE, 'commissioning_manager', 'commissioning_analyst', 'area_team', 'lmc_representative'],
  },
  // A return binds the practice: its partners and manager, for that practice itself (no ancestors).
  submit_return: { about: 'organisation', changes: true, roles: PRACTICE },
  decide_return: { about: 'organisation', changes: true, roles: ['commissioning_manager'] },
  manage_review_meetings: { about: 'organisation', changes: true, roles: ['commissioning_manager'] },
  open_concern_from_return: { about: 'organisation', changes: true, roles: ['commissioning_manager'] },
  view_consent_register: {
    about: 'organisation',
    changes: false,
    roles: [...PRACTICE, 'commissioning_manager', 'commissioning_analyst', 'lmc_representative', 'observer'],
  },
  give_consent: { about: 'organisation', changes: true, roles: PRACTICE },
  manage_consent_subjects: { about: 'organisation', changes: true, roles: ['commissioning_manager'] },
  // The observer role is Healthwatch or the local authority (src/domain/roles.ts): it may answer a
  // public consultation as an organisation. It changes nothing of the commissioner's, so observers pass.
  respond_as_healthwatch: { about: 'organisation', changes: false, roles: ['observer'] },
  publish_consultation_summary: { about: 'organisation', changes: true, roles: ['commissioning_manager'] },
  // The demo's outbox holds everyone's mail: administrators only.
  read_outbox: { about: 'national', changes: false, roles: [] },
};

/** The practice role a return or consent rests on: held for the practice itself, never inherited. */
export function practiceAuthority(
  roles: PolicyUser['roles'],
  practiceCode: string,
): { role: Role; organisationCode: string } | null {
  const r = roles.find(
    (x) =>
      (x.role === 'practice_partner' || x.role === 'practice_manager') && x.organisationCode === practiceCode,
  );
  return r ? { role: r.role, organisationCode: practiceCode } : null;
}
