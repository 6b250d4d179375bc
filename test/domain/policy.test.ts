import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CONCERN_ACTIONS,
  type ConcernAction,
  type ConcernFacts,
} from '../../src/domain/concerns/authority.ts';
import type { DelegationState } from '../../src/domain/governance/delegation.ts';
import {
  ACTIONS,
  type Action,
  actionChangesData,
  can,
  type PolicyTarget,
  type PolicyUser,
} from '../../src/domain/policy.ts';
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
    view_peer_names: ALL,
    view_peer_review_groups: ALL,
    manage_peer_review_groups: ALL,
    rename_peer_review_group: ALL,
    delete_peer_review_group: ALL,
    join_peer_review_group: ALL,
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
    view_peer_names: ['A81001', 'A81002'],
    view_peer_review_groups: ['A81001', 'A81002'],
    manage_peer_review_groups: NONE,
    rename_peer_review_group: NONE,
    delete_peer_review_group: NONE,
    join_peer_review_group: NONE,
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
    view_peer_names: ['A81001', 'A81002'],
    view_peer_review_groups: ['A81001', 'A81002'],
    manage_peer_review_groups: ['A81001', 'A81002'],
    rename_peer_review_group: ['A81001', 'A81002'],
    delete_peer_review_group: ['A81001', 'A81002'],
    join_peer_review_group: NONE,
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
    view_peer_names: NONE,
    view_peer_review_groups: NONE,
    manage_peer_review_groups: NONE,
    rename_peer_review_group: NONE,
    delete_peer_review_group: NONE,
    join_peer_review_group: ['A81001'],
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
    view_peer_names: NONE,
    view_peer_review_groups: NONE,
    manage_peer_review_groups: NONE,
    rename_peer_review_group: NONE,
    delete_peer_review_group: NONE,
    join_peer_review_group: ['A81001'],
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
    view_peer_names: NONE,
    view_peer_review_groups: ['A81001', 'A81002'],
    manage_peer_review_groups: NONE,
    rename_peer_review_group: NONE,
    delete_peer_review_group: NONE,
    join_peer_review_group: NONE,
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
    view_peer_names: NONE,
    view_peer_review_groups: NONE,
    manage_peer_review_groups: NONE,
    rename_peer_review_group: NONE,
    delete_peer_review_group: NONE,
    join_peer_review_group: NONE,
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
    view_peer_names: NONE,
    view_peer_review_groups: NONE,
    manage_peer_review_groups: NONE,
    rename_peer_review_group: NONE,
    delete_peer_review_group: NONE,
    join_peer_review_group: NONE,
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
    view_peer_names: NONE,
    view_peer_review_groups: NONE,
    manage_peer_review_groups: NONE,
    rename_peer_review_group: NONE,
    delete_peer_review_group: NONE,
    join_peer_review_group: NONE,
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
    view_peer_names: NONE,
    view_peer_review_groups: NONE,
    manage_peer_review_groups: NONE,
    rename_peer_review_group: NONE,
    delete_peer_review_group: NONE,
    join_peer_review_group: NONE,
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
    view_peer_names: NONE,
    view_peer_review_groups: NONE,
    manage_peer_review_groups: NONE,
    rename_peer_review_group: NONE,
    delete_peer_review_group: NONE,
    join_peer_review_group: NONE,
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

describe('concern actions, decided by can() with the concern rules', () => {
  const A81001 = PRACTICES.A81001!;
  const as = (spec: string, username = spec) => ({ roles: [parseRoleSpec(spec)], username });
  const delegation = (level: 1 | 2 | 3 | null, granted = true): DelegationState => ({
    commissionerCode: '16C',
    level,
    grantedFunctions: granted && level !== null && level > 1 ? ['contract_management'] : [],
    contractHolderCode: 'Y63',
  });
  const about = (facts: Partial<ConcernFacts> = {}): PolicyTarget => ({
    ...A81001,
    concern: { type: 'practice_performance', state: 'triaged', invitedLmc: [], delegation: null, ...facts },
  });
  const allowed = (user: PolicyUser | null, action: ConcernAction, target: PolicyTarget) =>
    can(user, action, target).allowed;

  it('answers every concern step through can(), for every role as held in the demo', () => {
    // The step's state is one the step may follow; who may take it is the policy's question.
    const stateFor: Record<ConcernAction, ConcernFacts['state']> = {
      view_concern: 'in_peer_review',
      raise_concern: 'raised',
      triage_concern: 'raised',
      notify_practice_of_concern: 'triaged',
      reply_to_concern: 'practice_notified',
      peer_review_concern: 'replied',
      record_concern_outcome: 'in_peer_review',
      refer_concern: 'improvement_plan',
      close_concern: 'improvement_plan',
      record_contract_notice: 'referred',
      invite_lmc_to_concern: 'practice_notified',
    };
    const expected: Record<ConcernAction, Role[]> = {
      view_concern: [
        'administrator',
        'commissioning_analyst',
        'commissioning_manager',
        'practice_manager',
        'practice_partner',
        'area_team',
        'committee_lay',
        'committee_executive',
        'committee_gp',
      ],
      raise_concern: ['commissioning_analyst', 'commissioning_manager', 'area_team'],
      triage_concern: ['commissioning_analyst', 'commissioning_manager'],
      notify_practice_of_concern: ['commissioning_manager'],
      reply_to_concern: ['practice_manager', 'practice_partner'],
      peer_review_concern: ['commissioning_manager'],
      record_concern_outcome: ['commissioning_manager'],
      refer_concern: ['commissioning_manager'],
      close_concern: ['commissioning_manager'],
      record_contract_notice: ['commissioning_manager', 'area_team'],
      invite_lmc_to_concern: ['commissioning_manager', 'practice_manager', 'practice_partner'],
    };
    for (const action of CONCERN_ACTIONS) {
      const target = about({ state: stateFor[action], delegation: delegation(3) });
      const got = ROLES.filter((role) => allowed({ roles: [HOLDERS[role]], username: role }, action, target));
      assert.deepEqual(got, expected[action], action);
      assert.equal(can(null, action, target).allowed, false, `${action} signed out`);
    }
  });

  it('lets only the contract holder record a notice, at each delegation level', () => {
    const manager = as('commissioning_manager:16C');
    const areaTeam = as('area_team:Y63');
    for (const level of [null, 1, 2, 3] as const) {
      const target = about({ state: 'referred', delegation: delegation(level) });
      assert.equal(allowed(areaTeam, 'record_contract_notice', target), true, `area team at ${level}`);
      assert.equal(allowed(manager, 'record_contract_notice', target), level === 3, `manager at ${level}`);
      // Another region's area team never does.
      assert.equal(allowed(as('area_team:Y56'), 'record_contract_notice', target), false);
      for (const spec of ['commissioning_analyst:16C', 'lmc_representative:16C', 'practice_partner:A81001']) {
        assert.equal(allowed(as(spec), 'record_contract_notice', target), false, `${spec} at ${level}`);
      }
    }
    // Level 3 without contract management granted is not enough, and says why.
    const partial = can(manager, 'record_contract_notice', about({ delegation: delegation(3, false) }));
    assert.equal(partial.allowed, false);
    const joint = can(manager, 'record_contract_notice', about({ delegation: delegation(2) }));
    assert.match(joint.reason, /joint/);
    // Below level 3 the commissioner may still refer (its own workflow), never act on the contract.
    assert.equal(
      allowed(manager, 'refer_concern', about({ state: 'improvement_plan', delegation: delegation(1) })),
      true,
    );
  });

  it('routes a concern about an individual performer to the area team’s responsible officer', () => {
    const target = about({ type: 'individual_performer', state: 'routed_to_responsible_officer' });
    assert.equal(allowed(as('area_team:Y63'), 'view_concern', target), true);
    const manager = can(as('commissioning_manager:16C'), 'view_concern', target);
    assert.equal(manager.allowed, true);
    assert.match(manager.reason, /only that the concern was routed/);
    for (const action of CONCERN_ACTIONS.filter((a) => a !== 'view_concern' && a !== 'raise_concern')) {
      if (action === 'record_contract_notice') continue;
      const d = can(as('commissioning_manager:16C'), action, target);
      assert.equal(d.allowed, false, action);
      assert.match(d.reason, /responsible officer/, action);
    }
    for (const spec of ['lmc_representative:16C', 'practice_manager:A81001', 'committee_gp:QHM']) {
      assert.equal(allowed(as(spec), 'view_concern', target), false, spec);
    }
  });

  it('shows the LMC a concern only when it is invited, and lets it take no step', () => {
    const lmc = as('lmc_representative:16C', 'cleveland-lmc');
    const uninvited = can(lmc, 'view_concern', about());
    assert.equal(uninvited.allowed, false);
    assert.match(uninvited.reason, /invited/);
    const invited = about({ state: 'in_peer_review', invitedLmc: ['cleveland-lmc'] });
    assert.equal(allowed(lmc, 'view_concern', invited), true);
    assert.equal(allowed(as('lmc_representative:93C', 'cleveland-lmc'), 'view_concern', invited), false);
    for (const action of CONCERN_ACTIONS.filter((a) => a !== 'view_concern'))
      assert.equal(allowed(lmc, action, invited), false, action);
  });

  it('keeps the practice out until it is notified, and refuses a concern action with no concern named', () => {
    const practice = as('practice_manager:A81001');
    assert.equal(allowed(practice, 'view_concern', about({ state: 'triaged' })), false);
    assert.equal(allowed(practice, 'invite_lmc_to_concern', about({ state: 'triaged' })), false);
    assert.equal(allowed(practice, 'view_concern', about({ state: 'practice_notified' })), true);
    assert.equal(allowed(practice, 'invite_lmc_to_concern', about({ state: 'practice_notified' })), true);
    assert.equal(can(as('commissioning_manager:16C'), 'triage_concern', A81001).allowed, false);
    // Observers change nothing here either.
    const observer = { roles: [HOLDERS.observer, parseRoleSpec('commissioning_manager:16C')] };
    for (const action of CONCERN_ACTIONS.filter((a) => actionChangesData(a)))
      assert.equal(allowed(observer, action, about({ delegation: delegation(3) })), false, action);
  });
});
