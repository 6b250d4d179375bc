// The obligations' pure rules as tables: periods, the clause syntax, the reminder ladder, the
// financial template, the agenda and who may do what.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OBLIGATION_ACTIONS } from '../../src/domain/obligations/access.ts';
import { buildAgenda } from '../../src/domain/obligations/agenda.ts';
import { parseObligations } from '../../src/domain/obligations/clause-obligation.ts';
import {
  escalationAt,
  REMINDER_STEPS,
  stepDueAt,
  stepsOf,
  stepToSend,
} from '../../src/domain/obligations/escalation.ts';
import { readFinancialReturn } from '../../src/domain/obligations/financial-return.ts';
import { periodContaining, periodsOwed } from '../../src/domain/obligations/periods.ts';
import { can } from '../../src/domain/policy.ts';
import { parseRoleSpec } from '../../src/domain/roles.ts';

describe('periods', () => {
  const cases: [Parameters<typeof periodContaining>[0], string, string, string, string][] = [
    ['monthly', '2026-02-14', '2026-02-01', '2026-02-28', 'February 2026'],
    ['monthly', '2028-02-29', '2028-02-01', '2028-02-29', 'February 2028'],
    ['quarterly', '2026-04-01', '2026-04-01', '2026-06-30', 'Q1 2026-27 (April to June 2026)'],
    ['quarterly', '2027-03-31', '2027-01-01', '2027-03-31', 'Q4 2026-27 (January to March 2027)'],
    ['annual', '2027-03-31', '2026-04-01', '2027-03-31', '2026-27'],
    ['annual', '2026-04-01', '2026-04-01', '2027-03-31', '2026-27'],
  ];
  for (const [cadence, date, start, end, label] of cases)
    it(`${cadence} ${date} → ${start}…${end}`, () => {
      assert.deepEqual(periodContaining(cadence, date), { start, end, label });
    });
  it('owes every period begun by today, from the one containing the day of signature', () => {
    assert.deepEqual(
      periodsOwed('monthly', '2026-06-11', '2026-08-01').map((p) => p.start),
      ['2026-06-01', '2026-07-01', '2026-08-01'],
    );
    assert.deepEqual(
      periodsOwed('quarterly', '2026-06-11', '2026-06-30').map((p) => p.label),
      ['Q1 2026-27 (April to June 2026)'],
    );
  });
});

describe('an obligation in a clause', () => {
  const doc = (lines: string) => `# A\n\n## 1. Review {benchmarking}\nText.\n\n${lines}\n`;
  it('reads cadence, evidence, indicators and due days', () => {
    const { obligations, problems } = parseObligations(
      doc(
        'Obligation: Monthly review\n- Cadence: Monthly\n- Evidence: Scorecard review\n- Indicators: qof-prev-dm, DEMO-DNA\n- Due: 10 days after each month',
      ),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(obligations[0], {
      clausePosition: 1,
      what: 'Monthly review',
      cadence: 'monthly',
      evidence: 'scorecard_review',
      indicatorCodes: ['QOF-PREV-DM', 'DEMO-DNA'],
      dueDays: 10,
      line: 6,
      indicatorsLine: 9,
    });
  });
  const refused: [string, string, RegExp][] = [
    ['no cadence', 'Obligation: X\n- Evidence: statement', /line 6: the obligation needs "- Cadence:"/],
    ['a bad cadence', 'Obligation: X\n- Cadence: fortnightly\n- Evidence: statement', /line 7: .*Cadence/],
    [
      'a review with no indicators',
      'Obligation: X\n- Cadence: monthly\n- Evidence: scorecard review',
      /needs "- Indicators:"/,
    ],
    [
      'an unknown key',
      'Obligation: X\n- Cadence: monthly\n- Evidence: file\n- Owner: PM',
      /line 9: 'Owner' is not an obligation key/,
    ],
    [
      'a bad due date',
      'Obligation: X\n- Cadence: monthly\n- Evidence: file\n- Due: soon',
      /line 9: write the due date/,
    ],
    ['no words', 'Obligation:\n- Cadence: monthly\n- Evidence: file', /say what the obligation is/],
  ];
  for (const [name, text, message] of refused)
    it(`refuses ${name}`, () => {
      const { problems } = parseObligations(doc(text));
      assert.match(`line ${problems[0]?.line}: ${problems[0]?.message}`, message);
    });
  it('a review meeting is due at the end of its quarter unless told otherwise', () => {
    const { obligations } = parseObligations(
      doc('Obligation: Meet\n- Cadence: quarterly\n- Evidence: review meeting'),
    );
    assert.equal(obligations[0]!.dueDays, 0);
  });
});

describe('the reminder ladder', () => {
  it('a return: 3 days before, the day after, a week after, three weeks after', () => {
    assert.deepEqual(
      stepsOf('return', () => '2026-07-10').map((s) => [s.step, s.dueAt.toISOString().slice(0, 10)]),
      [
        ['due_soon', '2026-07-07'],
        ['overdue', '2026-07-11'],
        ['manager', '2026-07-18'],
        ['concern', '2026-08-01'],
      ],
    );
    assert.equal(escalationAt('2026-07-10', new Date('2026-07-10T23:59:59Z')), 'none');
    assert.equal(escalationAt('2026-07-10', new Date('2026-07-18T00:00:00Z')), 'manager');
  });
  const steps = stepsOf('return', () => '2026-07-10');
  const cases: [string, string, string[], string | null][] = [
    ['nothing due yet', '2026-07-01', [], null],
    ['the first step', '2026-07-08', [], 'due_soon'],
    ['already sent', '2026-07-08', ['due_soon'], null],
    ['found late: only the latest step', '2026-07-30', [], 'manager'],
    ['never an earlier step after a later one', '2026-07-30', ['manager'], null],
    ['the next one when due', '2026-08-01', ['due_soon', 'overdue', 'manager'], 'concern'],
  ];
  for (const [name, day, recorded, expected] of cases)
    it(name, () => {
      assert.equal(stepToSend(steps, new Date(`${day}T09:00:00Z`), recorded)?.step ?? null, expected);
    });
  it('every step says who is told and why', () => {
    for (const s of REMINDER_STEPS) assert.ok(s.tells.length > 0 && s.why.length > 10, `${s.kind}/${s.step}`);
    assert.equal(stepDueAt('2026-07-10', -3).toISOString(), '2026-07-07T00:00:00.000Z');
  });
});

describe('the financial return template', () => {
  const full = {
    income_core: '£100,000',
    income_qof: '20000.50',
    income_enhanced: '0',
    income_other: '5',
    spend_clinical_staff: '70000',
    spend_admin_staff: '30000',
    spend_premises: '10000.25',
    spend_other: '0',
  };
  it('adds up the lines', () => {
    const read = readFinancialReturn(full);
    assert.ok(read.ok);
    assert.deepEqual(
      [read.value.totalIncome, read.value.totalExpenditure, read.value.balance],
      [120005.5, 110000.25, 10005.25],
    );
  });
  it('names a missing or negative line', () => {
    const read = readFinancialReturn({ ...full, spend_premises: '-5', income_other: '' });
    assert.ok(!read.ok);
    assert.deepEqual(
      read.problems.map((p) => p.field),
      ['income_other', 'spend_premises'],
    );
  });
});

describe('a review meeting agenda', () => {
  it('follows up open actions first, then flags, then overdue returns', () => {
    const agenda = buildAgenda({
      practiceName: 'The Densham Surgery',
      releaseName: 'demo',
      flags: [
        { indicatorCode: 'DEMO-DNA', indicatorName: 'DNA', period: '2026-05', flag: 'high_99_8', value: 7.1 },
      ],
      overdue: [{ itemId: 3, what: 'Review', period: 'May 2026', dueOn: '2026-06-10' }],
      openActions: [
        { actionId: 9, action: 'Audit', owner: 'PM', dueOn: '2026-07-01', fromMeetingOn: '2026-06-16' },
      ],
    });
    assert.deepEqual(
      agenda.map((e) => e.kind),
      ['standing', 'follow_up', 'flag', 'overdue', 'standing'],
    );
    assert.match(agenda[2]!.detail, /above the 99\.8% limit/);
  });
});

describe('who may do what with obligations', () => {
  const user = (spec: string) => ({ roles: [parseRoleSpec(spec)] });
  const practice = { organisationCode: 'A81001', ancestors: ['16C', 'QHM', 'Y63'] };
  const table: [string, (typeof OBLIGATION_ACTIONS)[number], boolean][] = [
    ['practice_manager:A81001', 'submit_return', true],
    ['practice_manager:16C', 'view_obligations', true],
    ['commissioning_manager:16C', 'submit_return', false],
    ['commissioning_manager:16C', 'decide_return', true],
    ['commissioning_analyst:16C', 'decide_return', false],
    ['lmc_representative:16C', 'view_obligations', true],
    ['observer:QHM', 'decide_return', false],
    ['observer:QHM', 'respond_as_healthwatch', true],
    ['commissioning_manager:16C', 'read_outbox', false],
    ['administrator', 'read_outbox', true],
  ];
  for (const [spec, action, allowed] of table)
    it(`${spec} ${allowed ? 'may' : 'may not'} ${action}`, () => {
      assert.equal(can(user(spec), action, practice).allowed, allowed);
    });
  it('a return is never made on a role inherited from above the practice', () => {
    assert.equal(
      can(user('practice_manager:16C'), 'submit_return', { organisationCode: 'A81001' }).allowed,
      false,
    );
  });
});
