import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTIONS, type Action, actionChangesData, can, type PolicyTarget } from '../../src/domain/policy.ts';
import { parseRoleSpec, ROLES, type Role, type RoleAssignment } from '../../src/domain/roles.ts';

// Real organisations from the July 2026 registrations mapping file.
const PRACTICES: Record<string, PolicyTarget> = {
  // The Densham Surgery, Stockton PCN, sub-ICB 16C, North East and North Cumbria ICB, North East and Yorkshire
  A81001: { organisationCode: 'A81001', ancestors: ['U89141', '16C', 'QHM', 'Y63'] },
  // Queens Park Medical Centre: same sub-ICB, a different PCN
  A81002: { organisationCode: 'A81002', ancestors: ['U07032', '16C', 'QHM', 'Y63'] },
  // Oakleigh Road Health Centre, Barnet, London
  E83003: { organisationCode: 'E83003', ancestors: ['U33392', '93C', 'Z9B2Z', 'Y56'] },
};

const HOLDERS: Record<Role, RoleAssignment> = {
  administrator: { role: 'administrator', organisationCode: null },
  commissioning_analyst: { role: 'commissioning_analyst', organisationCode: '16C' },
  commissioning_manager: { role: 'commissioning_manager', organisationCode: '16C' },
  practice_manager: { role: 'practice_manager', organisationCode: 'A81001' },
  practice_partner: { role: 'practice_partner', organisationCode: 'A81001' },
  area_team: { role: 'area_team', organisationCode: 'Y63' },
  committee_lay: { role: 'committee_lay', organisationCode: 'QHM' },
  committee_executive: { role: 'committee_executive', organisationCode: 'QHM' },
  committee_gp: { role: 'committee_gp', organisationCode: 'QHM' },
  observer: { role: 'observer', organisationCode: 'QHM' },
  lmc_representative: { role: 'lmc_representative', organisationCode: '16C' },
};

/** The whole matrix, written out: for each role (as held above), which practices each action reaches. */
const ALL = Object.keys(PRACTICES);
const NONE: string[] = [];
const EXPECTED: Record<Role, Record<Action, string[]>> = {
  administrator: {
    view_public: ALL,
    view_restricted_practice: ALL,
    view_imports: ALL,
    run_import: ALL,
    manage_users: ALL,
    edit_lineage: ALL,
    view_audit_log: ALL,
    view_agreements: ALL,
    manage_agreements: ALL,
    respond_to_agreement: ALL,
    respond_as_lmc: ALL,
    vote_in_consultation: ALL,
    set_data_sharing: ALL,
  },
  commissioning_analyst: {
    view_public: ALL,
    view_restricted_practice: ['A81001', 'A81002'],
    view_imports: ALL,
    run_import: ALL,
    manage_users: NONE,
    edit_lineage: NONE,
    view_audit_log: NONE,
    view_agreements: ALL,
    manage_agreements: NONE,
    respond_to_agreement: NONE,
    respond_as_lmc: NONE,
    vote_in_consultation: NONE,
    set_data_sharing: NONE,
  },
  commissioning_manager: {
    view_public: ALL,
    view_restricted_practice: ['A81001', 'A81002'],
    view_imports: ALL,
    run_import: NONE,
    manage_users: NONE,
    edit_lineage: NONE,
    view_audit_log: NONE,
    view_agreements: ALL,
    manage_agreements: ['A81001', 'A81002'],
    respond_to_agreement: NONE,
    respond_as_lmc: NONE,
    vote_in_consultation: NONE,
    set_data_sharing: ['A81001', 'A81002'],
  },
  practice_manager: {
    view_public: ALL,
    view_restricted_practice: ['A81001'],
    view_imports: NONE,
    run_import: NONE,
    manage_users: NONE,
    edit_lineage: NONE,
    view_audit_log: NONE,
    view_agreements: ALL,
    manage_agreements: NONE,
    respond_to_agreement: ['A81001'],
    respond_as_lmc: NONE,
    vote_in_consultation: ['A81001'],
    set_data_sharing: NONE,
  },
  practice_partner: {
    view_public: ALL,
    view_restricted_practice: ['A81001'],
    view_imports: NONE,
    run_import: NONE,
    manage_users: NONE,
    edit_lineage: NONE,
    view_audit_log: NONE,
    view_agreements: ALL,
    manage_agreements: NONE,
    respond_to_agreement: ['A81001'],
    respond_as_lmc: NONE,
    vote_in_consultation: ['A81001'],
    set_data_sharing: NONE,
  },
  area_team: {
    view_public: ALL,
    view_restricted_practice: ['A81001', 'A81002'],
    view_imports: ALL,
    run_import: NONE,
    manage_users: NONE,
    edit_lineage: NONE,
    view_audit_log: NONE,
    view_agreements: ALL,
    manage_agreements: NONE,
    respond_to_agreement: NONE,
    respond_as_lmc: NONE,
    vote_in_consultation: NONE,
    set_data_sharing: NONE,
  },
  committee_lay: {
    view_public: ALL,
    view_restricted_practice: ['A81001', 'A81002'],
    view_imports: NONE,
    run_import: NONE,
    manage_users: NONE,
    edit_lineage: NONE,
    view_audit_log: NONE,
    view_agreements: ALL,
    manage_agreements: NONE,
    respond_to_agreement: NONE,
    respond_as_lmc: NONE,
    vote_in_consultation: NONE,
    set_data_sharing: NONE,
  },
  committee_executive: {
    view_public: ALL,
    view_restricted_practice: ['A81001', 'A81002'],
    view_imports: NONE,
    run_import: NONE,
    manage_users: NONE,
    edit_lineage: NONE,
    view_audit_log: NONE,
    view_agreements: ALL,
    manage_agreements: NONE,
    respond_to_agreement: NONE,
    respond_as_lmc: NONE,
    vote_in_consultation: NONE,
    set_data_sharing: NONE,
  },
  committee_gp: {
    view_public: ALL,
    view_restricted_practice: ['A81001', 'A81002'],
    view_imports: NONE,
    run_import: NONE,
    manage_users: NONE,
    edit_lineage: NONE,
    view_audit_log: NONE,
    view_agreements: ALL,
    manage_agreements: NONE,
    respond_to_agreement: NONE,
    respond_as_lmc: NONE,
    vote_in_consultation: NONE,
    set_data_sharing: NONE,
  },
  observer: {
    view_public: ALL,
    view_restricted_practice: NONE,
    view_imports: NONE,
    run_import: NONE,
    manage_users: NONE,
    edit_lineage: NONE,
    view_audit_log: NONE,
    view_agreements: ALL,
    manage_agreements: NONE,
    respond_to_agreement: NONE,
    respond_as_lmc: NONE,
    vote_in_consultation: NONE,
    set_data_sharing: NONE,
  },
  lmc_representative: {
    view_public: ALL,
    view_restricted_practice: ['A81001', 'A81002'],
    view_imports: NONE,
    run_import: NONE,
    manage_users: NONE,
    edit_lineage: NONE,
    view_audit_log: NONE,
    view_agreements: ALL,
    manage_agreements: NONE,
    respond_to_agreement: NONE,
    respond_as_lmc: ['A81001', 'A81002'],
    vote_in_consultation: NONE,
    set_data_sharing: NONE,
  },
};

describe('the authorisation policy (role × organisation × action)', () => {
  for (const role of ROLES) {
    const holder = HOLDERS[role];
    describe(`a ${role}${holder.organisationCode ? ` for ${holder.organisationCode}` : ''}`, () => {
      for (const action of ACTIONS) {
        const reached = EXPECTED[role][action];
        it(`may ${action} for ${reached.length ? reached.join(', ') : 'no practice'} and nothing else`, () => {
          for (const [code, target] of Object.entries(PRACTICES)) {
            const decision = can({ roles: [holder] }, action, target);
            assert.equal(
              decision.allowed,
              reached.includes(code),
              `${role} ${action} ${code}: ${decision.reason}`,
            );
            assert.ok(decision.reason.length > 0, 'every decision gives a reason');
          }
        });
      }
    });
  }

  it('lets a signed-out visitor see published data and nothing else', () => {
    for (const action of ACTIONS) {
      const decision = can(null, action, PRACTICES.A81001);
      assert.equal(decision.allowed, action === 'view_public', `${action}: ${decision.reason}`);
    }
    assert.equal(can(null, 'view_imports').reason, 'sign in required');
  });

  it('never lets an observer change anything, even when holding another role as well', () => {
    const observerAndAnalyst = {
      roles: [HOLDERS.observer, { role: 'commissioning_analyst' as const, organisationCode: 'QHM' }],
    };
    for (const action of ACTIONS.filter(actionChangesData)) {
      assert.equal(can(observerAndAnalyst, action, PRACTICES.A81001).allowed, false, action);
    }
    assert.equal(can(observerAndAnalyst, 'view_imports').allowed, true);
  });

  it('lets a role reach the organisation it is scoped to, not only what lies beneath it', () => {
    const analyst = { roles: [HOLDERS.commissioning_analyst] };
    assert.equal(
      can(analyst, 'view_restricted_practice', { organisationCode: '16C', ancestors: ['QHM'] }).allowed,
      true,
    );
    assert.equal(
      can(analyst, 'view_restricted_practice', { organisationCode: 'QHM', ancestors: ['Y63'] }).allowed,
      false,
    );
  });

  it('denies organisation actions that name no organisation, and accounts with no role', () => {
    assert.equal(can({ roles: [HOLDERS.area_team] }, 'view_restricted_practice', {}).allowed, false);
    assert.equal(can({ roles: [] }, 'view_imports').allowed, false);
  });

  it('unions the reach of several roles', () => {
    const twoPractices = {
      roles: [HOLDERS.practice_manager, { role: 'practice_manager' as const, organisationCode: 'E83003' }],
    };
    const reached = ALL.filter((c) => can(twoPractices, 'view_restricted_practice', PRACTICES[c]).allowed);
    assert.deepEqual(reached, ['A81001', 'E83003']);
  });
});

describe('role specifications as typed on the command line', () => {
  it('reads ROLE:ORGANISATION and upper-cases the code', () => {
    assert.deepEqual(parseRoleSpec('practice_manager:a81001'), {
      role: 'practice_manager',
      organisationCode: 'A81001',
    });
    assert.deepEqual(parseRoleSpec('commissioning-analyst:16C'), {
      role: 'commissioning_analyst',
      organisationCode: '16C',
    });
    assert.deepEqual(parseRoleSpec('administrator'), { role: 'administrator', organisationCode: null });
  });

  it('refuses unknown roles, scoped roles without an organisation and administrators with one', () => {
    assert.throws(() => parseRoleSpec('superuser'), /not a role/);
    assert.throws(() => parseRoleSpec('observer'), /needs an organisation/);
    assert.throws(() => parseRoleSpec('administrator:Y63'), /takes no organisation/);
    assert.throws(() => parseRoleSpec('observer:QHM:extra'), /expected ROLE/);
  });
});
