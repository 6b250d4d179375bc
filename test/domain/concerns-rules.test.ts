import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ConcernScope,
  mayIssueNotice,
  mayTakeStep,
  visibilityOf,
} from '../../src/domain/concerns/authority.ts';
import { MINIMUM_REMEDY_DAYS, noticeClock, noticeProblem } from '../../src/domain/concerns/notices.ts';
import { progressOf } from '../../src/domain/concerns/progress.ts';
import { attachmentProblem, replyProblem } from '../../src/domain/concerns/reply.ts';
import { initialState, nextState } from '../../src/domain/concerns/workflow.ts';
import type { DelegationState } from '../../src/domain/governance/delegation.ts';
import { parseRoleSpec } from '../../src/domain/roles.ts';

// A81001 (The Densham Surgery) under sub-ICB location 16C (Tees Valley), ICB QHM and region Y63; the
// PCN code is only a placeholder: these rules read codes, not the database.
const target = { organisationCode: 'A81001', ancestors: ['U19390', '16C', 'QHM', 'Y63'] };
const user = (...specs: string[]) => ({ roles: specs.map(parseRoleSpec) });
const concern = (over: Partial<ConcernScope> = {}): ConcernScope => ({
  type: 'practice_performance',
  state: 'raised',
  target,
  ...over,
});
const delegation = (level: 1 | 2 | 3 | null, granted = true): DelegationState => ({
  commissionerCode: '16C',
  level,
  grantedFunctions: granted && level !== null && level > 1 ? ['contract_management'] : [],
  contractHolderCode: 'Y63',
});

describe('the concern workflow', () => {
  it('walks triage → practice notified → reply → peer review → outcome', () => {
    const steps = [
      ['raised', 'triage', 'triaged'],
      ['triaged', 'notify_practice', 'practice_notified'],
      ['practice_notified', 'reply', 'replied'],
      ['replied', 'start_peer_review', 'in_peer_review'],
    ] as const;
    for (const [from, step, to] of steps) {
      assert.deepEqual(nextState('practice_performance', from, step), { ok: true, to });
    }
    for (const outcome of ['explained', 'support_offered', 'improvement_plan', 'referred'] as const) {
      assert.deepEqual(nextState('contract_matter', 'in_peer_review', 'record_outcome', outcome), {
        ok: true,
        to: outcome,
      });
    }
  });

  it('refuses illegal steps: skipping the reply, notifying twice, acting on a closed concern', () => {
    assert.equal(nextState('practice_performance', 'practice_notified', 'start_peer_review').ok, false);
    assert.equal(nextState('practice_performance', 'raised', 'notify_practice').ok, false);
    assert.equal(nextState('practice_performance', 'practice_notified', 'notify_practice').ok, false);
    assert.equal(nextState('practice_performance', 'explained', 'triage').ok, false);
    assert.equal(nextState('practice_performance', 'referred', 'record_outcome', 'explained').ok, false);
    assert.equal(nextState('practice_performance', 'raised', 'refer').ok, false);
  });

  it('lets triage close a plainly explained flag, but nothing else without peer review', () => {
    assert.deepEqual(nextState('practice_performance', 'triaged', 'record_outcome', 'explained'), {
      ok: true,
      to: 'explained',
    });
    const r = nextState('practice_performance', 'triaged', 'record_outcome', 'referred');
    assert.equal(r.ok, false);
  });

  it('lets an improvement plan that is not working be referred', () => {
    assert.deepEqual(nextState('practice_performance', 'improvement_plan', 'refer'), {
      ok: true,
      to: 'referred',
    });
  });

  it('routes a concern about an individual performer at once and gives the commissioner no step in it', () => {
    assert.equal(initialState('individual_performer'), 'routed_to_responsible_officer');
    assert.equal(nextState('individual_performer', 'routed_to_responsible_officer', 'triage').ok, false);
    const scope = concern({ type: 'individual_performer', state: 'routed_to_responsible_officer' });
    assert.equal(mayTakeStep(user('commissioning_manager:16C'), 'triage', scope).allowed, false);
    assert.equal(visibilityOf(user('commissioning_manager:16C'), scope), 'status_only');
    assert.equal(visibilityOf(user('commissioning_analyst:16C'), scope), 'status_only');
    assert.equal(visibilityOf(user('area_team:Y63'), scope), 'full');
    assert.equal(visibilityOf(user('lmc_representative:16C'), scope), 'none');
    assert.equal(visibilityOf(user('practice_manager:A81001'), scope), 'none');
  });
});

describe('who may take each step', () => {
  it('lets commissioning staff triage and only the practice reply', () => {
    assert.equal(mayTakeStep(user('commissioning_analyst:16C'), 'triage', concern()).allowed, true);
    assert.equal(mayTakeStep(user('practice_manager:A81001'), 'triage', concern()).allowed, false);
    const notified = concern({ state: 'practice_notified' });
    assert.equal(mayTakeStep(user('practice_partner:A81001'), 'reply', notified).allowed, true);
    assert.equal(mayTakeStep(user('practice_partner:A81002'), 'reply', notified).allowed, false);
    assert.equal(mayTakeStep(user('commissioning_manager:16C'), 'reply', notified).allowed, false);
  });

  it('keeps commissioners of another area out', () => {
    assert.equal(mayTakeStep(user('commissioning_manager:93C'), 'triage', concern()).allowed, false);
  });
});

describe('LMC visibility', () => {
  it('shows an LMC representative a concern only once invited to it, read only', () => {
    const lmc = { ...user('lmc_representative:16C'), username: 'lmc-rep' };
    assert.equal(visibilityOf(lmc, concern()), 'none');
    assert.equal(visibilityOf(lmc, concern({ invitedLmc: ['someone-else'] })), 'none');
    assert.equal(visibilityOf(lmc, concern({ invitedLmc: ['lmc-rep'] })), 'full');
    // Invited by name, but representing another area: still nothing.
    const elsewhere = { ...user('lmc_representative:93C'), username: 'lmc-rep' };
    assert.equal(visibilityOf(elsewhere, concern({ invitedLmc: ['lmc-rep'] })), 'none');
    // Never an individual-performer concern, invited or not.
    assert.equal(
      visibilityOf(lmc, concern({ type: 'individual_performer', invitedLmc: ['lmc-rep'] })),
      'none',
    );
    const d = mayTakeStep(lmc, 'triage', concern({ invitedLmc: ['lmc-rep'] }));
    assert.equal(d.allowed, false);
    assert.match(d.reason, /LMC/);
  });

  it('shows the practice its concern only once it is notified', () => {
    assert.equal(visibilityOf(user('practice_manager:A81001'), concern({ state: 'triaged' })), 'none');
    assert.equal(
      visibilityOf(user('practice_manager:A81001'), concern({ state: 'practice_notified' })),
      'full',
    );
  });
});

describe('who may issue a remedial or breach notice, at each delegation level', () => {
  const manager = user('commissioning_manager:16C');
  it('lets the NHS England area team for the region issue one whatever the delegation', () => {
    for (const level of [null, 1, 2, 3] as const) {
      assert.equal(mayIssueNotice(user('area_team:Y63'), target, delegation(level)).allowed, true);
    }
    assert.equal(mayIssueNotice(user('area_team:Y56'), target, delegation(null)).allowed, false);
  });

  it('lets a commissioner issue one only with contract management delegated at level 3', () => {
    assert.equal(mayIssueNotice(manager, target, delegation(3)).allowed, true);
    assert.equal(mayIssueNotice(manager, target, delegation(3, false)).allowed, false);
    assert.equal(mayIssueNotice(manager, target, delegation(2)).allowed, false);
    assert.equal(mayIssueNotice(manager, target, delegation(1)).allowed, false);
    assert.equal(mayIssueNotice(manager, target, delegation(null)).allowed, false);
  });

  it('never lets an analyst, the LMC, the practice or an observer issue one', () => {
    for (const spec of [
      'commissioning_analyst:16C',
      'lmc_representative:16C',
      'practice_partner:A81001',
      'observer:16C',
    ]) {
      assert.equal(mayIssueNotice(user(spec), target, delegation(3)).allowed, false, spec);
    }
  });
});

describe('the remedial notice and its clock', () => {
  const notice = {
    kind: 'remedial' as const,
    breach: 'Cervical screening below contract',
    remedy: 'Recall plan',
    issuedOn: '2026-11-02',
  };
  it('needs a remedy period of at least 28 days', () => {
    assert.equal(MINIMUM_REMEDY_DAYS, 28);
    assert.equal(noticeProblem({ ...notice, remedyPeriodDays: 27 })?.field, 'remedy_period_days');
    assert.equal(noticeProblem({ ...notice, remedyPeriodDays: 28 }), null);
    assert.equal(noticeProblem({ ...notice, remedy: '', remedyPeriodDays: 28 })?.field, 'remedy');
    assert.equal(noticeProblem({ ...notice, kind: 'breach', remedy: null, remedyPeriodDays: null }), null);
  });

  it('counts the days remaining and turns overdue after the due date', () => {
    assert.deepEqual(noticeClock('2026-11-02', 28, '2026-11-02'), {
      dueOn: '2026-11-30',
      daysRemaining: 28,
      overdue: false,
    });
    assert.deepEqual(noticeClock('2026-11-02', 28, '2026-11-30'), {
      dueOn: '2026-11-30',
      daysRemaining: 0,
      overdue: false,
    });
    assert.deepEqual(noticeClock('2026-11-02', 28, '2026-12-03'), {
      dueOn: '2026-11-30',
      daysRemaining: -3,
      overdue: true,
    });
    // Across the clocks going back (25 October 2026): whole days, no hour lost.
    assert.equal(noticeClock('2026-10-20', 28, '2026-10-27')?.daysRemaining, 21);
    assert.equal(noticeClock('2026-11-02', null, '2026-11-02'), null);
  });
});

describe('the right of reply', () => {
  it('needs at least one part of the structured reply', () => {
    assert.notEqual(replyProblem({ populationContext: ' ', dataQuality: '', actionsTaken: '' }), null);
    assert.equal(
      replyProblem({ populationContext: '', dataQuality: 'Coding fixed in May', actionsTaken: '' }),
      null,
    );
  });

  it('accepts small files of the listed types whose bytes match, and refuses the rest', () => {
    const pdf = new TextEncoder().encode('%PDF-1.4 reply');
    assert.equal(
      attachmentProblem({ fileName: 'reply.pdf', contentType: 'application/pdf', bytes: pdf }),
      null,
    );
    assert.match(
      attachmentProblem({
        fileName: 'x.pdf',
        contentType: 'application/pdf',
        bytes: new Uint8Array([1, 2, 3]),
      }) ?? '',
      /does not contain/,
    );
    assert.match(
      attachmentProblem({ fileName: 'x.exe', contentType: 'application/x-msdownload', bytes: pdf }) ?? '',
      /not a file type/,
    );
    const big = new Uint8Array(2 * 1024 * 1024 + 1).fill(65);
    assert.match(
      attachmentProblem({ fileName: 'big.txt', contentType: 'text/plain', bytes: big }) ?? '',
      /larger/,
    );
  });
});

describe('improvement plan progress', () => {
  it('reads later releases against the target in the indicator’s direction', () => {
    const p = progressOf(33.2, 30, 'lower_is_better', [
      { releaseId: 2, releaseName: 'R2', period: '2024-25', value: 31 },
      { releaseId: 3, releaseName: 'R3', period: '2025-26', value: 29.5 },
      { releaseId: 4, releaseName: 'R4', period: '2026-27', value: null },
    ]);
    assert.deepEqual(
      p.map((m) => [m.targetMet, m.change === null ? null : Number(m.change.toFixed(1))]),
      [
        [false, -2.2],
        [true, -3.7],
        [null, null],
      ],
    );
  });
});
