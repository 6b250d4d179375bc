import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkComposition,
  checkQuorum,
  DEFAULT_QUORUM,
  tallyVotes,
} from '../../src/domain/governance/committee-rules.ts';
import { decideContractAction, grantProblem } from '../../src/domain/governance/delegation.ts';
import {
  type DeclaredInterest,
  declarationProblems,
  reviewState,
} from '../../src/domain/governance/interests.ts';
import { findConflicts, recusalStates, recusedMemberIds } from '../../src/domain/governance/recusal.ts';
import { can, decideDelegatedAction } from '../../src/domain/policy.ts';
import { DEMO_COMMITTEE } from '../support/demo-committee.ts';

const MEMBERS = DEMO_COMMITTEE;
const ALL_PRESENT = new Set(MEMBERS.map((m) => m.id));

const interest = (over: Partial<DeclaredInterest>): DeclaredInterest => ({
  id: 1,
  personId: 5,
  kind: 'practice_partnership',
  organisationCode: 'A81001',
  providerName: null,
  description: 'GP partner',
  startsOn: '2015-04-01',
  endsOn: null,
  ...over,
});
// The Densham Surgery A81001 is in Stockton PCN U89141 (July 2026 mapping).
const ITEM_ABOUT_A81001 = {
  organisationCodes: ['A81001'],
  parentCodes: { A81001: ['U89141'] },
  providerNames: [],
};

describe('automatic recusal', () => {
  it('recuses a GP member whose own practice the item concerns, and the quorum recomputes without them', () => {
    const conflicts = findConflicts(
      [
        { memberId: 5, interests: [interest({})] },
        { memberId: 6, interests: [interest({ id: 2, personId: 6, organisationCode: 'A81002' })] },
      ],
      ITEM_ABOUT_A81001,
      '2026-12-10',
    );
    assert.deepEqual(
      conflicts.map((c) => c.memberId),
      [5],
    );
    assert.match(conflicts[0]!.reason, /A81001/);
    const recused = recusedMemberIds(recusalStates(conflicts, [], []));
    const before = checkQuorum(DEFAULT_QUORUM, MEMBERS, ALL_PRESENT, new Set());
    const after = checkQuorum(DEFAULT_QUORUM, MEMBERS, ALL_PRESENT, recused);
    assert.equal(before.counted, 6);
    assert.equal(after.counted, 5, 'the recused GP counts as absent');
    assert.ok(!after.countedMemberIds.includes(5));
    assert.equal(after.threshold, 4, 'a majority of the 6 voting members');
    assert.equal(after.quorate, true);
  });

  it('makes a thin meeting inquorate when the recused member was needed', () => {
    const present = new Set([1, 3, 5, 6]); // exactly 4 of 6: quorate until the GP is recused
    assert.equal(checkQuorum(DEFAULT_QUORUM, MEMBERS, present, new Set()).quorate, true);
    const q = checkQuorum(DEFAULT_QUORUM, MEMBERS, present, new Set([5]));
    assert.equal(q.quorate, false);
    assert.match(q.reasons[0]!, /3 voting members are present and not recused; the quorum is 4/);
  });

  it('reaches a PCN role through the practice’s PCN, and providers by name', () => {
    const pcn = interest({ kind: 'pcn_role', organisationCode: 'U89141', description: 'Clinical director' });
    assert.equal(
      findConflicts([{ memberId: 5, interests: [pcn] }], ITEM_ABOUT_A81001, '2026-12-10').length,
      1,
    );
    const fed = interest({
      kind: 'provider_financial',
      organisationCode: null,
      providerName: 'Tees Valley GP Federation',
    });
    const item = { organisationCodes: [], parentCodes: {}, providerNames: ['tees valley  gp federation'] };
    assert.equal(findConflicts([{ memberId: 5, interests: [fed] }], item, '2026-12-10').length, 1);
  });

  it('ignores interests that ended before the meeting or start after it, and nil returns', () => {
    const ended = interest({ endsOn: '2024-03-31' });
    const future = interest({ startsOn: '2027-01-01' });
    const nil = interest({ kind: 'nil', organisationCode: 'A81001' });
    for (const i of [ended, future, nil]) {
      assert.equal(
        findConflicts([{ memberId: 5, interests: [i] }], ITEM_ABOUT_A81001, '2026-12-10').length,
        0,
      );
    }
  });

  it('lets an override lift a recusal only as a recorded, visible state; the chair can add recusals', () => {
    const conflicts = [{ memberId: 5, interestId: 1, reason: 'declared interest in A81001' }];
    const override = {
      memberId: 5,
      reason: 'Only the practice’s list size is discussed',
      overriddenBy: 'chair',
      overriddenAt: new Date(),
    };
    const states = recusalStates(
      conflicts,
      [{ memberId: 3, reason: 'Line manager of the applicant', recordedBy: 'chair' }],
      [override],
    );
    assert.deepEqual([...recusedMemberIds(states)], [3]);
    assert.deepEqual(states.find((s) => s.memberId === 5)?.override, override);
    assert.equal(states.find((s) => s.memberId === 3)?.source, 'chair');
  });
});

describe('committee composition', () => {
  it('accepts a lay chair with lay and executive members holding most votes', () => {
    assert.deepEqual(checkComposition(MEMBERS, DEFAULT_QUORUM), { ok: true, problems: [] });
  });

  it('refuses a GP chair, a missing chair, a clinical majority, a voting observer and an impossible quorum', () => {
    const gpChair = MEMBERS.map((m) =>
      m.id === 1
        ? { ...m, position: 'member' as const }
        : m.id === 5
          ? { ...m, position: 'chair' as const }
          : m,
    );
    assert.match(
      checkComposition(gpChair, DEFAULT_QUORUM).problems.join(),
      /chair \(GP 1\) must be a lay member/,
    );
    const noChair = MEMBERS.map((m) => (m.id === 1 ? { ...m, position: 'member' as const } : m));
    assert.match(checkComposition(noChair, DEFAULT_QUORUM).problems.join(), /no chair/);
    const clinical = [
      ...MEMBERS,
      { id: 9, name: 'Dr X', role: 'gp' as const, voting: true, position: 'member' as const },
      { id: 10, name: 'Dr Y', role: 'gp' as const, voting: true, position: 'member' as const },
    ];
    assert.match(
      checkComposition(clinical, DEFAULT_QUORUM).problems.join(),
      /hold 4 of 8 votes; they must hold a majority/,
    );
    const votingObserver = MEMBERS.map((m) => (m.id === 7 ? { ...m, voting: true } : m));
    assert.match(
      checkComposition(votingObserver, DEFAULT_QUORUM).problems.join(),
      /observer and cannot have a vote/,
    );
    assert.match(
      checkComposition(MEMBERS, { ...DEFAULT_QUORUM, minimumVoting: 7 }).problems.join(),
      /quorum of 7 cannot be met by 6/,
    );
  });

  it('needs the chair or deputy and a lay member for the default quorum, and lets a committee configure it', () => {
    const noLay = checkQuorum(DEFAULT_QUORUM, MEMBERS, new Set([3, 4, 5, 6]), new Set());
    assert.equal(noLay.quorate, false);
    assert.deepEqual(noLay.reasons, [
      'neither the chair nor the deputy chair is present and not recused',
      'no lay member is present and not recused',
    ]);
    const relaxed = { minimumVoting: 3, requireChairOrDeputy: false, requireLay: false };
    assert.equal(checkQuorum(relaxed, MEMBERS, new Set([3, 4, 5]), new Set()).quorate, true);
  });

  it('counts only the votes of members present and not recused; a tie does not carry', () => {
    const votes = [
      { memberId: 1, choice: 'for' as const },
      { memberId: 3, choice: 'against' as const },
      { memberId: 5, choice: 'for' as const },
    ];
    const t = tallyVotes(votes, [1, 2, 3, 4, 6]);
    assert.deepEqual(t, { for: 1, against: 1, abstain: 0, discounted: 1, carried: false });
  });
});

describe('delegation decides who takes a contract action', () => {
  const level1 = {
    commissionerCode: '93C',
    level: 1 as const,
    grantedFunctions: [],
    contractHolderCode: 'Y56',
  };
  const level3 = {
    commissionerCode: '16C',
    level: 3 as const,
    grantedFunctions: ['performance_management' as const, 'contract_management' as const],
    contractHolderCode: 'Y63',
  };

  it('sends a level-3 action from a level-1 commissioner to the contract holder', () => {
    const d = decideContractAction(level1, 'performance_management');
    assert.equal(d.route, 'contract_holder');
    assert.equal(d.actorCode, 'Y56');
    assert.match(d.reason, /93C is at level 1 \(influence only\).*contract holder \(NHS England, Y56\)/);
  });

  it('lets a level-3 commissioner act on a granted function, and decide jointly at level 2', () => {
    assert.equal(decideContractAction(level3, 'performance_management').route, 'act');
    assert.equal(decideContractAction(level3, 'premises_budgets').route, 'contract_holder', 'not granted');
    assert.equal(decideContractAction({ ...level3, level: 2 }, 'contract_management').route, 'joint');
    assert.equal(
      decideContractAction({ ...level3, level: null }, 'contract_management').route,
      'contract_holder',
    );
  });

  it('refuses to grant functions at level 1', () => {
    assert.match(grantProblem(1, 'pms_reviews') ?? '', /level 1/);
    assert.equal(grantProblem(3, 'pms_reviews'), null);
  });

  it('combines the policy with delegation: a manager of a level-1 commissioner is routed to the contract holder', () => {
    const manager = { roles: [{ role: 'commissioning_manager' as const, organisationCode: '93C' }] };
    const target = { organisationCode: '93C', ancestors: ['Z9B2Z', 'Y56'] };
    const d = decideDelegatedAction(manager, 'manage_committee', target, level1, 'performance_management');
    assert.equal(d.allowed, false);
    assert.equal(d.contract.route, 'contract_holder');
    const m16 = { roles: [{ role: 'commissioning_manager' as const, organisationCode: '16C' }] };
    const t16 = { organisationCode: '16C', ancestors: ['QHM', 'Y63'] };
    assert.equal(
      decideDelegatedAction(m16, 'manage_committee', t16, level3, 'performance_management').allowed,
      true,
    );
  });
});

describe('the governance rows of the policy', () => {
  const target = { organisationCode: '16C', ancestors: ['QHM', 'Y63'] };
  it('never lets an observer change anything, but lets them read the committee', () => {
    const observer = { roles: [{ role: 'observer' as const, organisationCode: 'QHM' }] };
    for (const action of [
      'manage_committee',
      'chair_meeting',
      'cast_vote',
      'declare_interest',
      'manage_register',
      'request_delegation',
      'decide_delegation',
    ] as const) {
      assert.equal(can(observer, action, target).allowed, false, action);
    }
    assert.equal(can(observer, 'view_governance', target).allowed, true);
  });
  it('lets the area team decide delegation within its region only', () => {
    const areaTeam = { roles: [{ role: 'area_team' as const, organisationCode: 'Y63' }] };
    assert.equal(can(areaTeam, 'decide_delegation', target).allowed, true);
    assert.equal(
      can(areaTeam, 'decide_delegation', { organisationCode: '93C', ancestors: ['Z9B2Z', 'Y56'] }).allowed,
      false,
    );
  });
});

describe('declarations and their yearly review', () => {
  it('asks for a practice code for a partnership and accepts a nil return as it is', () => {
    const base = {
      organisationCode: null,
      providerName: null,
      description: 'x',
      startsOn: null,
      endsOn: null,
    };
    assert.equal(
      declarationProblems({ ...base, kind: 'practice_partnership' })[0]?.field,
      'organisation_code',
    );
    assert.deepEqual(declarationProblems({ ...base, kind: 'nil', description: '' }), []);
    assert.equal(
      declarationProblems({ ...base, kind: 'other', startsOn: '2026-05-01', endsOn: '2026-04-01' })[0]?.field,
      'ends_on',
    );
  });
  it('is due a year after the last declaration, with a reminder window of 30 days', () => {
    assert.deepEqual(reviewState('2025-06-30', '2026-11-24'), { status: 'overdue', dueOn: '2026-06-30' });
    assert.equal(reviewState('2025-12-01', '2026-11-24').status, 'due_soon');
    assert.equal(reviewState('2026-04-02', '2026-11-24').status, 'current');
    assert.equal(reviewState(null, '2026-11-24').status, 'never');
  });
});
