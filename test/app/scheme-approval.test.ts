// The approval workflow on both databases, with the real slice (Stockton 16C and Barnet 93C), the
// imported QOF achievement fixtures and the demo committee of 16C, whose GP member Dr Bell is a
// partner at The Densham Surgery (A81001): a calculation put to the committee recuses her, the
// decision approves it, the payable file follows, practices see their own statement only and appeal
// a line; a quality premium earned by 16C is distributed per registered patient by decision.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../../src/app/actor.ts';
import { itemState } from '../../src/app/governance/item-state.ts';
import { castVote, recordDecision } from '../../src/app/governance/items.ts';
import { importPaths } from '../../src/app/import/index.ts';
import { decideAppeal, raiseAppeal, statementFor } from '../../src/app/schemes/appeals.ts';
import { recordOverride, submissionBlocks, submitForApproval } from '../../src/app/schemes/approval.ts';
import { approvalOf } from '../../src/app/schemes/approval-state.ts';
import { distributionsOf, proposeDistribution } from '../../src/app/schemes/distribution.ts';
import {
  calculateAndStore,
  inputsFromAchievement,
  readInputsFile,
  readSchemeFile,
} from '../../src/app/schemes/index.ts';
import { payableFileCsv } from '../../src/app/schemes/payable.ts';
import type { UseCaseError } from '../../src/app/use-case-error.ts';
import { seedGovernanceDemo } from '../../src/demo/governance.ts';
import type { RoleAssignment } from '../../src/domain/roles.ts';
import { emptyCounts, practiceInput, type SchemeInputs } from '../../src/domain/schemes/index.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { seedRealSlice } from '../web/real-slice.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/qof-achievement/', import.meta.url));
const QOF_FILE = fileURLToPath(new URL('../../schemes/examples/qof-2023-24.json', import.meta.url));
const QP_FILE = fileURLToPath(
  new URL('../../schemes/examples/quality-premium-2024-25.json', import.meta.url),
);
const QP_INPUTS = fileURLToPath(
  new URL('../../schemes/examples/inputs/quality-premium-2024-25.json', import.meta.url),
);

const actor = (username: string, ...roles: RoleAssignment[]): Actor => ({
  userId: 0,
  username,
  displayName: username,
  roles,
});
const ADMIN = actor('secretary', { role: 'administrator', organisationCode: null });
const MANAGER = actor('manager', { role: 'commissioning_manager', organisationCode: '16C' });
const OTHER_AREA = actor('manager-36j', { role: 'commissioning_manager', organisationCode: '36J' });
const DENSHAM = actor('densham-pm', { role: 'practice_manager', organisationCode: 'A81001' });
const OBSERVER = actor('healthwatch', { role: 'observer', organisationCode: '16C' });

async function refused(promise: Promise<unknown>, kind: string): Promise<void> {
  await assert.rejects(promise, (e: unknown) => e instanceof Error && (e as UseCaseError).kind === kind);
}

/**
 * The Densham Surgery (16C) and two Barnet practices: an item paying A81002 and E83003 as well would
 * recuse three of the six voting members (Dr Patel and Ms Shah declare interests there) and be inquorate.
 */
async function paidPractices(inputs: Promise<SchemeInputs>): Promise<SchemeInputs> {
  const all = await inputs;
  return {
    ...all,
    practices: all.practices.filter((p) => ['A81001', 'E83005', 'E84012'].includes(p.practiceCode)),
  };
}

const view16C = (rows: { child_code: string }[]): string[] =>
  [...new Set(rows.map((r) => r.child_code))].sort();

forEachDatabase('scheme approval, appeals and the payable file', (store) => {
  const ids = { calculation: 0, meeting: 0, premium: 0 };
  /** Dr Bell's member id, read from an item's members. */
  const bellOf = (state: Awaited<ReturnType<typeof itemState>>): number =>
    state.members.find((m) => m.name.startsWith('Dr Sarah Bell'))!.id;

  before(async () => {
    const db = store().db;
    await seedRealSlice(db);
    await importPaths(store(), [FIXTURES], { actor: 'analyst' });
    await seedGovernanceDemo(db, TEST_NOW);
    const read = await readSchemeFile(QOF_FILE);
    assert.ok(read.ok);
    const outcome = await calculateAndStore(store(), {
      now: TEST_NOW,
      scheme: read.scheme,
      inputs: await paidPractices(inputsFromAchievement(db, read.scheme)),
      sourceKind: 'qof_achievement',
      actor: 'analyst',
    });
    ids.calculation = outcome.calculation.id;
    const meeting = await db
      .selectFrom('committee_meeting')
      .select('id')
      .where('held_on', '=', '2026-12-10')
      .executeTakeFirstOrThrow();
    ids.meeting = meeting.id;
  });

  describe('before approval', () => {
    it('is prepared, and a practice manager cannot yet see the statement', async () => {
      assert.equal((await approvalOf(store().db, ids.calculation)).status, 'prepared');
      await refused(statementFor(store().db, DENSHAM, ids.calculation, 'A81001'), 'not_found');
    });
    it('refuses the payable file until the committee approves', async () => {
      await refused(payableFileCsv(store().db, MANAGER, ids.calculation), 'conflict');
    });
    it('lets neither an observer nor a practice put it to the committee', async () => {
      await refused(
        submitForApproval(
          store().db,
          OBSERVER,
          { calculationId: ids.calculation, meetingId: ids.meeting },
          TEST_NOW,
        ),
        'forbidden',
      );
      await refused(
        submitForApproval(
          store().db,
          DENSHAM,
          { calculationId: ids.calculation, meetingId: ids.meeting },
          TEST_NOW,
        ),
        'forbidden',
      );
      // Issue 11: nor another area's manager (submit_scheme is scoped to the committee's commissioner).
      await refused(
        submitForApproval(
          store().db,
          OTHER_AREA,
          { calculationId: ids.calculation, meetingId: ids.meeting },
          TEST_NOW,
        ),
        'forbidden',
      );
    });
  });

  describe('the committee approves, with recusal', () => {
    let itemId = 0;
    it('puts the calculation on the agenda as an item concerning every practice paid', async () => {
      itemId = await submitForApproval(
        store().db,
        MANAGER,
        {
          calculationId: ids.calculation,
          meetingId: ids.meeting,
        },
        TEST_NOW,
      );
      const state = await itemState(store().db, itemId);
      assert.ok(state.organisationCodes.includes('A81001'));
      assert.equal((await approvalOf(store().db, ids.calculation)).status, 'submitted');
      await refused(
        submitForApproval(
          store().db,
          MANAGER,
          { calculationId: ids.calculation, meetingId: ids.meeting },
          TEST_NOW,
        ),
        'conflict',
      );
    });
    it('recuses the GP member who is a partner at A81001: her vote is refused', async () => {
      const state = await itemState(store().db, itemId);
      const bell = bellOf(state);
      assert.ok(state.recused.has(bell), 'Dr Bell is recused automatically');
      await assert.rejects(
        castVote(store().db, ADMIN, itemId, { memberId: bell, choice: 'for' }, TEST_NOW),
        /recused/,
      );
    });
    it('approves once the other voting members carry the item', async () => {
      const state = await itemState(store().db, itemId);
      for (const m of state.members)
        if (m.voting && !state.recused.has(m.id))
          await castVote(store().db, ADMIN, itemId, { memberId: m.id, choice: 'for' }, TEST_NOW);
      await recordDecision(
        store().db,
        ADMIN,
        itemId,
        {
          decisionText: 'Approved: payments as calculated.',
          public: true,
        },
        TEST_NOW,
      );
      assert.equal((await approvalOf(store().db, ids.calculation)).status, 'approved');
    });
  });

  describe('after approval', () => {
    it('exports the payable file: one row per practice, amounts equal to the statement totals', async () => {
      const csv = await payableFileCsv(store().db, MANAGER, ids.calculation);
      const lines = csv.trim().split('\r\n');
      assert.equal(
        lines[0],
        'calculation_id,scheme,version,period,payee_code,payee_kind,amount,basis,statements_checksum',
      );
      const totals = await store()
        .db.selectFrom('statement_line')
        .select(['org_code', 'amount'])
        .where('calculation_id', '=', ids.calculation)
        .where('line_type', '=', 'total')
        .orderBy('line_no')
        .execute();
      assert.equal(lines.length - 1, totals.length);
      for (const [i, t] of totals.entries()) {
        const f = lines[i + 1]!.split(',');
        assert.equal(f[4], t.org_code);
        assert.equal(f[6], t.amount.toFixed(2));
      }
      await refused(payableFileCsv(store().db, DENSHAM, ids.calculation), 'forbidden');
    });
    it('shows a practice manager their own statement and refuses another practice’s', async () => {
      const view = await statementFor(store().db, DENSHAM, ids.calculation, 'A81001');
      assert.ok(view.lines.length > 1);
      assert.ok(view.lines.every((l) => l.org_code === 'A81001'));
      await refused(statementFor(store().db, DENSHAM, ids.calculation, 'A81002'), 'forbidden');
    });
    it('records an appeal of a line and its outcome', async () => {
      const view = await statementFor(store().db, DENSHAM, ids.calculation, 'A81001');
      const line = view.lines[0]!;
      await refused(
        raiseAppeal(
          store().db,
          DENSHAM,
          {
            calculationId: ids.calculation,
            orgCode: 'A81002',
            lineNo: line.line_no,
            reason: 'x',
          },
          TEST_NOW,
        ),
        'forbidden',
      );
      await refused(
        raiseAppeal(
          store().db,
          DENSHAM,
          {
            calculationId: ids.calculation,
            orgCode: 'A81001',
            lineNo: line.line_no,
            reason: ' ',
          },
          TEST_NOW,
        ),
        'invalid',
      );
      const appealId = await raiseAppeal(
        store().db,
        DENSHAM,
        {
          calculationId: ids.calculation,
          orgCode: 'A81001',
          lineNo: line.line_no,
          reason: 'Our register count was 3 higher at year end.',
        },
        TEST_NOW,
      );
      await refused(
        decideAppeal(store().db, DENSHAM, { appealId, outcome: 'upheld', note: 'mine' }, TEST_NOW),
        'forbidden',
      );
      // Issue 11: another area's manager may not decide it (decide_appeal is scoped to the practice).
      await refused(
        decideAppeal(store().db, OTHER_AREA, { appealId, outcome: 'upheld', note: 'not mine' }, TEST_NOW),
        'forbidden',
      );
      await decideAppeal(
        store().db,
        MANAGER,
        {
          appealId,
          outcome: 'not_upheld',
          note: 'The published extract stands.',
        },
        TEST_NOW,
      );
      await refused(
        decideAppeal(store().db, MANAGER, { appealId, outcome: 'upheld', note: 'again' }, TEST_NOW),
        'conflict',
      );
      const after = await statementFor(store().db, DENSHAM, ids.calculation, 'A81001');
      assert.equal(after.appeals.length, 1);
      assert.equal(after.appeals[0]!.outcome, 'not_upheld');
      assert.equal(after.appeals[0]!.line_no, line.line_no);
    });
  });

  describe('distributing a commissioner-level premium', () => {
    it('pays 16C’s premium per registered patient once the committee decides, pence adding up exactly', async () => {
      const read = await readSchemeFile(QP_FILE);
      assert.ok(read.ok);
      const inputs = await readInputsFile(QP_INPUTS);
      // The example's first commissioner's (illustrative) measures, earned by 16C.
      inputs.commissioners = [
        { ...inputs.commissioners[0]!, commissionerCode: '16C', registeredPatients: 300000 },
      ];
      const premium = await calculateAndStore(store(), {
        now: TEST_NOW,
        scheme: read.scheme,
        inputs,
        sourceKind: 'inputs_file',
        actor: 'analyst',
      });
      const earned = premium.result.statements[0]!.amount;
      assert.ok(earned > 0);
      await refused(
        proposeDistribution(
          store().db,
          OBSERVER,
          {
            calculationId: premium.calculation.id,
            commissionerCode: '16C',
            option: 'per_registered',
            meetingId: ids.meeting,
          },
          TEST_NOW,
        ),
        'forbidden',
      );
      const id = await proposeDistribution(
        store().db,
        MANAGER,
        {
          calculationId: premium.calculation.id,
          commissionerCode: '16C',
          option: 'per_registered',
          meetingId: ids.meeting,
        },
        TEST_NOW,
      );
      let [view] = await distributionsOf(store().db, premium.calculation.id);
      assert.equal(view!.row.id, id);
      assert.equal(view!.result, null, 'no practice statements before the decision');
      const state = await itemState(store().db, view!.row.agenda_item_id);
      assert.ok(state.recused.has(bellOf(state)), 'Dr Bell is recused: A81001 is paid');
      for (const m of state.members)
        if (m.voting && !state.recused.has(m.id))
          await castVote(store().db, ADMIN, state.item.id, { memberId: m.id, choice: 'for' }, TEST_NOW);
      await recordDecision(
        store().db,
        ADMIN,
        state.item.id,
        {
          decisionText: 'Distribute per registered patient.',
          public: true,
        },
        TEST_NOW,
      );
      [view] = await distributionsOf(store().db, premium.calculation.id);
      const result = view!.result!;
      const pence = result.statements.reduce((s, st) => s + Math.round(st.amount * 100), 0);
      assert.equal(pence, Math.round(earned * 100));
      const lists = view!.settings.practices;
      const a = result.statements.find((s) => s.orgCode === 'A81001')!;
      const listA = lists.find((p) => p.orgCode === 'A81001')!.listSize!;
      const all = lists.reduce((s, p) => s + (p.listSize ?? 0), 0);
      assert.ok(Math.abs(a.amount - (earned * listA) / all) < 0.01, 'A81001 gets its share of the list');
    });
    it('proposes per weighted patient from the published weighted lists as of the premium year’s end, refusing when none is held', async () => {
      const db = store().db;
      const premium = await db
        .selectFrom('calculation')
        .innerJoin('scheme_version', 'scheme_version.id', 'calculation.scheme_version_id')
        .select('calculation.id')
        .where('scheme_version.name', 'like', '%remium%')
        .executeTakeFirstOrThrow();
      const propose = () =>
        proposeDistribution(
          db,
          MANAGER,
          {
            calculationId: premium.id,
            commissionerCode: '16C',
            option: 'per_weighted',
            meetingId: ids.meeting,
          },
          TEST_NOW,
        );
      // The slice's population by age and sex is of July 2026, after the year 2024-25 ends: not used.
      await refused(propose(), 'invalid');
      // Weighted lists as a payments file gives them (test figures, dated in the year).
      const batch = await db
        .insertInto('import_batch')
        .values({
          file_name: 'test-payments-2024-25.csv',
          checksum: 'test',
          format: 'nhs-payments',
          publisher: 'test figures, not published data',
          period: '2024-25',
          imported_by: 'test',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const practices = view16C(
        await db
          .selectFrom('organisation_membership')
          .select('child_code')
          .where('parent_code', '=', '16C')
          .execute(),
      );
      await db
        .insertInto('practice_list_figure')
        .values(
          practices.map((code, i) => ({
            practice_code: code,
            extract_date: '2025-01-01',
            measure: 'weighted' as const,
            patients: 5000 + 1000 * i + 0.25,
            label: 'test weighted list at 2025-01-01',
            batch_id: batch.id,
          })),
        )
        .execute();
      const id = await propose();
      const view = (await distributionsOf(db, premium.id)).find((v) => v.row.id === id)!;
      assert.equal(view.row.option, 'per_weighted');
      for (const [i, code] of practices.entries()) {
        const p = view.settings.practices.find((x) => x.orgCode === code)!;
        assert.equal(p.weightedList, 5000 + 1000 * i + 0.25);
        assert.match(
          p.weightNote!,
          /weighted list \d{4}\.25 from test weighted list at 2025-01-01 \(test-payments-2024-25\.csv, import batch \d+\)/,
        );
      }
    });
  });

  describe('a practice with no counts and no list of the year', () => {
    it('is paid nothing whatever its list, so it does not hold the calculation back as stale', async () => {
      const read = await readSchemeFile(QOF_FILE);
      assert.ok(read.ok);
      const calc = await calculateAndStore(store(), {
        now: TEST_NOW,
        scheme: read.scheme,
        inputs: {
          period: '2023-24',
          source: 'test: a practice outside QOF whose only list is of 2016',
          practices: [
            {
              ...practiceInput('A81002', null),
              listSource:
                'no registered list as of 2024-03-31: the latest (5012, registered patients 2016-01-01) is 2981 days old then: not used',
            },
          ],
          commissioners: [],
        },
        sourceKind: 'inputs_file',
        actor: 'analyst',
      });
      const blocks = await submissionBlocks(store().db, calc.calculation.id);
      assert.equal(blocks.length, 1, blocks.join('; '));
      assert.match(blocks[0]!, /no organisation is paid anything/);
    });
  });

  describe('a calculation that pays nobody, on stale inputs', () => {
    it('cannot go to the committee until an override and its reason are recorded', async () => {
      const read = await readSchemeFile(QOF_FILE);
      assert.ok(read.ok);
      const stale: SchemeInputs = {
        period: '2023-24',
        source: 'test: a practice whose only list is of 2016',
        practices: [
          {
            ...practiceInput('A81001', null),
            // Counts to be paid on, but no list of the year to pay them with.
            indicators: { AF006: { ...emptyCounts(), numerator: 40, denominator: 50, exceptions: 2 } },
            listSource:
              'no registered list as of 2024-03-31: the latest (4233, registered patients 2016-01-01) is 2981 days old then: not used',
          },
        ],
        commissioners: [],
      };
      const calc = await calculateAndStore(store(), {
        now: TEST_NOW,
        scheme: read.scheme,
        inputs: stale,
        sourceKind: 'inputs_file',
        actor: 'analyst',
      });
      assert.equal(calc.result.totalAmount, 0);
      const blocks = await submissionBlocks(store().db, calc.calculation.id);
      assert.equal(blocks.length, 2);
      assert.match(blocks[0]!, /no organisation is paid anything \(1 statements, total £0\.00\)/);
      assert.match(
        blocks[1]!,
        /stale inputs: 1 of 1 practices have no registered list as of the period's end \(A81001\)/,
      );
      const submit = () =>
        submitForApproval(
          store().db,
          MANAGER,
          { calculationId: calc.calculation.id, meetingId: ids.meeting },
          TEST_NOW,
        );
      await assert.rejects(
        submit(),
        /without a recorded override and reason: no organisation is paid anything/,
      );
      await refused(
        recordOverride(
          store().db,
          OBSERVER,
          { calculationId: calc.calculation.id, reason: 'because we said so' },
          TEST_NOW,
        ),
        'forbidden',
      );
      await refused(
        recordOverride(store().db, MANAGER, { calculationId: calc.calculation.id, reason: 'ok' }, TEST_NOW),
        'invalid',
      );
      await recordOverride(
        store().db,
        MANAGER,
        {
          calculationId: calc.calculation.id,
          reason: 'The committee is asked to note the scheme pays nothing until lists are imported.',
        },
        TEST_NOW,
      );
      const itemId = await submit();
      const state = await itemState(store().db, itemId);
      assert.match(state.item.paper, /Put to the committee despite: no organisation is paid anything/);
      assert.match(state.item.paper, /Override recorded by manager: The committee is asked to note/);
      const audit = await store()
        .db.selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'scheme_override_recorded')
        .execute();
      assert.equal(audit.length, 1);
    });
  });
});
