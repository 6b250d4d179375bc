// Standing rules on both databases: stored and changed only by a commissioning manager (or an
// administrator), audited; a local scheme is checked against them and cannot be put to the committee
// while one fails; rules that price the scheme are tested on the achievement of its calculation, and
// "not less than the scheme it replaces" on the replaced scheme's own calculation.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../src/app/actor.ts';
import { recompute } from '../../src/app/compute/recompute.ts';
import { submitForApproval } from '../../src/app/schemes/approval.ts';
import { findCalculation } from '../../src/app/schemes/context.ts';
import { calculateAndStore, findReleaseByName, inputsFromRelease } from '../../src/app/schemes/index.ts';
import {
  addStandingRule,
  listStandingRules,
  removeStandingRule,
  standingRulesFor,
} from '../../src/app/schemes/standing-rules.ts';
import type { UseCaseError } from '../../src/app/use-case-error.ts';
import { seedGovernanceDemo } from '../../src/demo/governance.ts';
import { formatPounds } from '../../src/domain/money.ts';
import type { RoleAssignment } from '../../src/domain/roles.ts';
import type { LocalScheme, SchemeInputs } from '../../src/domain/schemes/index.ts';
import { practiceInput } from '../../src/domain/schemes/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { seedRealSlice } from '../web/real-slice.ts';
import { firstPractices, importSlice, type Slice, writeSlice } from './benchmarking-fixture.ts';

const actor = (username: string, ...roles: RoleAssignment[]): Actor => ({
  userId: 0,
  username,
  displayName: username,
  roles,
});
const MANAGER = actor('manager', { role: 'commissioning_manager', organisationCode: '16C' });
const ANALYST = actor('analyst', { role: 'commissioning_analyst', organisationCode: '16C' });
const OBSERVER = actor('healthwatch', { role: 'observer', organisationCode: '16C' });
const ADMIN = actor('admin', { role: 'administrator', organisationCode: null });

async function refused(promise: Promise<unknown>, kind: string, message?: RegExp): Promise<void> {
  await assert.rejects(
    promise,
    (e: unknown) =>
      e instanceof Error && (e as UseCaseError).kind === kind && (!message || message.test(e.message)),
  );
}

/** A local scheme on one indicator, paying £0.60 a patient for meeting an absolute target of 10%. */
const HYP: LocalScheme = {
  kind: 'local',
  id: 'hyp-local',
  version: 1,
  name: 'Hypertension local scheme',
  year: '2024-25',
  description: null,
  startsOn: '2024-04-01',
  endsOn: '2025-03-31',
  capPerPatient: null,
  replaces: null,
  indicators: [
    {
      code: 'QOF-PREV-HYP',
      name: null,
      polarity: 'higher_is_better',
      target: { relativeTo: 'absolute', value: 10 },
      bands: [{ label: 'Target met', minimumGap: 0, payment: { perPatient: 0.6 } }],
    },
  ],
};

forEachDatabase('standing rules: who sets them, and approval refused while one fails', (store) => {
  let calculationId = 0;
  let meetingId = 0;
  before(async () => {
    const db = store().db;
    await seedRealSlice(db);
    await seedGovernanceDemo(db, new Date());
    // Counts given in a file (A81001 only, so the item stays quorate): 1,000 of 5,000 on the register.
    const practice = practiceInput('A81001', 5000);
    practice.indicators['QOF-PREV-HYP'] = {
      numerator: 1000,
      denominator: 5000,
      exceptions: null,
      register: null,
      achievedPoints: null,
    };
    // Consent recorded, so the calculation pays (one that pays nobody needs an override first).
    practice.participation = { consentedOn: '2024-03-01', joinedOn: null, leftOn: null };
    const inputs: SchemeInputs = {
      period: '2024-25',
      source: 'a test file',
      practices: [practice],
      commissioners: [],
    };
    calculationId = (
      await calculateAndStore(store(), {
        now: new Date(),
        scheme: HYP,
        inputs,
        sourceKind: 'inputs_file',
        actor: 'analyst',
      })
    ).calculation.id;
    meetingId = (
      await db
        .selectFrom('committee_meeting')
        .select('id')
        .where('held_on', '=', '2026-12-10')
        .executeTakeFirstOrThrow()
    ).id;
  });

  it('lets a commissioning manager or an administrator set rules, and nobody else', async () => {
    const db = store().db;
    const rule = { rule: 'covers_indicators', indicators: 'QOF-PREV-HYP, QOF-PREV-CHD' };
    await refused(addStandingRule(db, ANALYST, rule, new Date()), 'forbidden');
    await refused(addStandingRule(db, OBSERVER, rule, new Date()), 'forbidden');
    await refused(addStandingRule(db, null, rule, new Date()), 'forbidden');
    await refused(
      addStandingRule(db, MANAGER, { rule: 'max_total_cost', amount: 'lots' }, new Date()),
      'invalid',
    );
    await refused(addStandingRule(db, MANAGER, { rule: 'sometimes' }, new Date()), 'invalid');
    const id = await addStandingRule(db, MANAGER, rule, new Date());
    const rules = await listStandingRules(db, OBSERVER);
    assert.deepEqual(
      rules.map((r) => r.rule),
      [{ rule: 'covers_indicators', indicators: ['QOF-PREV-HYP', 'QOF-PREV-CHD'] }],
    );
    assert.equal(rules[0]!.id, id);
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('entity', '=', 'scheme_standing_rule')
      .execute();
    assert.deepEqual(audit, [{ actor: 'manager', action: 'scheme_standing_rule_added' }]);
  });

  it('shows the failing rule with its reason, and refuses to put the calculation to the committee', async () => {
    const db = store().db;
    const calculation = await findCalculation(db, calculationId);
    const view = await standingRulesFor(db, HYP, calculation);
    assert.ok(view);
    assert.equal(view.check.passed, false);
    assert.deepEqual(view.check.results[0]!.reasons, ['does not cover required indicator QOF-PREV-CHD']);
    const items = async () =>
      Number(
        (
          await db
            .selectFrom('agenda_item')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await items();
    await refused(
      submitForApproval(db, MANAGER, { calculationId, meetingId }, new Date()),
      'conflict',
      /fails its standing rules.*does not cover required indicator QOF-PREV-CHD/,
    );
    assert.equal(await items(), before, 'no agenda item written');
  });

  it('refuses a rule that prices the scheme when its inputs cannot be gathered again', async () => {
    const db = store().db;
    const [covers] = await listStandingRules(db, MANAGER);
    await removeStandingRule(db, ADMIN, covers!.id);
    const budget = await addStandingRule(
      db,
      MANAGER,
      { rule: 'max_total_cost', amount: '£10,000' },
      new Date(),
    );
    const view = await standingRulesFor(db, HYP, await findCalculation(db, calculationId));
    assert.equal(view!.check.passed, false);
    assert.match(view!.check.results[0]!.reasons[0]!, /inputs file/);
    assert.equal(view!.check.results[0]!.description, 'Costs at most £10,000.00 in all');
    await refused(
      submitForApproval(db, MANAGER, { calculationId, meetingId }, new Date()),
      'conflict',
      /inputs file/,
    );
    await refused(removeStandingRule(db, ANALYST, budget), 'forbidden');
    await removeStandingRule(db, MANAGER, budget);
    await refused(removeStandingRule(db, MANAGER, budget), 'not_found');
  });

  it('puts it to the committee once every rule passes, the rules and reasons written into the paper', async () => {
    const db = store().db;
    await addStandingRule(db, MANAGER, { rule: 'covers_indicators', indicators: 'QOF-PREV-HYP' }, new Date());
    const itemId = await submitForApproval(db, MANAGER, { calculationId, meetingId }, new Date());
    const item = await db
      .selectFrom('agenda_item')
      .select('paper')
      .where('id', '=', itemId)
      .executeTakeFirstOrThrow();
    assert.match(
      item.paper,
      /Standing rules \(tested on nothing: no rule needs achievement\): Covers the indicators QOF-PREV-HYP: passed \(covers every required indicator \(QOF-PREV-HYP\)\)/,
    );
    const audit = await db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'scheme_submitted')
      .executeTakeFirstOrThrow();
    const after = (typeof audit.after === 'string' ? JSON.parse(audit.after) : audit.after) as {
      standing_rules: { passed: boolean }[];
    };
    assert.deepEqual(
      after.standing_rules.map((r) => r.passed),
      [true],
    );
  });
});

// Two local schemes on the real 2018-19 and 2019-20 AF registers of 30 practices, both from one
// release: the one under test pays £0.10 a patient when recorded prevalence did not fall and replaces
// "af-generous", which pays £0.20 a patient for the same achievement.
const AF: LocalScheme = {
  kind: 'local',
  id: 'af-case-finding',
  version: 1,
  name: 'AF case finding',
  year: '2019-20',
  description: null,
  startsOn: '2019-04-01',
  endsOn: '2020-03-31',
  capPerPatient: null,
  replaces: 'af-generous',
  indicators: [
    {
      code: 'QOF-PREV-AF',
      name: null,
      polarity: 'higher_is_better',
      target: { relativeTo: 'own_baseline', change: 0, ceiling: null },
      bands: [{ label: 'No fall in recorded prevalence', minimumGap: 0, payment: { perPatient: 0.1 } }],
    },
  ],
};
const GENEROUS: LocalScheme = {
  ...AF,
  id: 'af-generous',
  name: 'AF generous',
  replaces: null,
  indicators: [
    { ...AF.indicators[0]!, bands: [{ ...AF.indicators[0]!.bands[0]!, payment: { perPatient: 0.2 } }] },
  ],
};

describe('Standing rules that price a scheme, on a release', () => {
  let slice: Slice;
  before(async () => {
    slice = await writeSlice({
      prevalence: ['PREVALENCE_1819_v2.csv', 'PREVALENCE_1920.csv'],
      groups: ['AF'],
      hierarchy: ['ORGANISATION_REFERENCE_1819_v2.csv'],
      practices: firstPractices('PREVALENCE_1920.csv', 30),
    });
  });
  after(async () => {
    await slice.remove();
  });

  forEachDatabase('priced standing rules', (store) => {
    it('names each practice paid less than under the replaced scheme, and prices the scheme against a budget', async () => {
      const db = store().db;
      await importSlice(store(), slice);
      await recompute(store(), { now: new Date(), actor: 'test', release: 'R1' });
      const release = await findReleaseByName(db, 'R1');
      const ours = await calculateAndStore(store(), {
        now: new Date(),
        scheme: AF,
        inputs: await inputsFromRelease(db, AF, release),
        sourceKind: 'release',
        releaseId: release.id,
        actor: 't',
      });
      await addStandingRule(db, MANAGER, { rule: 'not_less_than_replaced', tolerance: '' }, new Date());
      await addStandingRule(db, MANAGER, { rule: 'max_total_cost', amount: '1000000' }, new Date());
      // The replaced scheme has not been calculated: nothing to compare with, so the rule fails.
      const calculation = await findCalculation(db, ours.calculation.id);
      let view = await standingRulesFor(db, AF, calculation);
      assert.deepEqual(view!.check.results[0]!.reasons, [
        'af-generous, the scheme it replaces, has no calculation in Fairview to compare with',
      ]);
      // Every practice takes part all year (no participants given), so the price is the calculation's total.
      assert.deepEqual(view!.check.results[1]!.reasons, [
        `costs ${formatPounds(ours.calculation.total_amount)}, within £1,000,000.00`,
      ]);
      assert.equal(view!.check.results[1]!.passed, true);
      await calculateAndStore(store(), {
        now: new Date(),
        scheme: GENEROUS,
        inputs: await inputsFromRelease(db, GENEROUS, release),
        sourceKind: 'release',
        releaseId: release.id,
        actor: 't',
      });
      view = await standingRulesFor(db, AF, calculation);
      const result = view!.check.results[0]!;
      assert.equal(result.passed, false);
      // Each practice paid: £0.10 a patient against £0.20 — half, so short by its own amount.
      const paid = ours.result.statements.filter((s) => s.amount > 0);
      assert.ok(paid.length > 0);
      assert.equal(result.reasons.length, paid.length);
      for (const [i, s] of paid.entries())
        assert.equal(
          result.reasons[i],
          `${s.orgCode} would be paid ${formatPounds(s.amount)}, ${formatPounds(s.amount)} less than ${formatPounds(2 * s.amount)} under af-generous v1`,
        );
      assert.match(view!.testedOn, /af-generous v1 on the achievement of its calculation/);
    });
  });
});
