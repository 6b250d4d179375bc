// The one "as of" rule in the store, on both databases: the practices of 16C open on a date, with
// their lists and extracts, are the same practices a QOF-style calculation scoped to 16C pays, a
// premium distribution shares among, and the organisation page and heat map count. Dormant, closed,
// merged and moved practices are left out with their reason; a stale list is refused, and the
// statement says so.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { memberPractices } from '../../src/app/agreements/members.ts';
import { childrenOf } from '../../src/app/browse/organisations.ts';
import { loadPracticesAsOf } from '../../src/app/population/practices-as-of.ts';
import { findCalculation } from '../../src/app/schemes/context.ts';
import { commissionerPractices } from '../../src/app/schemes/distribution.ts';
import {
  calculateAndStore,
  inputsFromAchievement,
  readSchemeFile,
  withCommissionerLists,
} from '../../src/app/schemes/index.ts';
import { inputsAgain } from '../../src/app/schemes/what-if.ts';
import { calculateScheme } from '../../src/domain/schemes/calculate.ts';
import { distributePremium } from '../../src/domain/schemes/distribution.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';

const QOF_FILE = fileURLToPath(new URL('../../schemes/examples/qof-2023-24.json', import.meta.url));
const PREMIUM_FILE = fileURLToPath(
  new URL('../../schemes/examples/quality-premium-2024-25.json', import.meta.url),
);

const PRACTICES: [
  code: string,
  extra: { close?: string; status?: string; memberships: [string, string, string | null][] },
][] = [
  // [parent, observed on, ended on]
  ['P00001', { memberships: [['16C', '2013-04-01', null]] }],
  ['P00002', { status: 'dormant', memberships: [['16C', '2013-04-01', null]] }],
  ['P00003', { close: '2017-10-31', memberships: [['16C', '2013-04-01', '2017-10-31']] }],
  ['P00004', { close: '2019-09-30', memberships: [['16C', '2013-04-01', '2019-09-30']] }],
  [
    'P00005',
    {
      memberships: [
        ['16C', '2013-04-01', null],
        ['00K', '2020-04-01', null],
      ],
    },
  ],
  [
    'P00006',
    {
      memberships: [
        ['00K', '2013-04-01', null],
        ['16C', '2020-04-01', null],
      ],
    },
  ],
  ['P00007', { memberships: [['16C', '2013-04-01', null]] }],
];

forEachDatabase('practices of an organisation as of a date', (store) => {
  before(async () => {
    const db = store().db;
    const batch = await db
      .insertInto('import_batch')
      .values({
        file_name: 'as-of-fixture.csv',
        checksum: 'x',
        format: 'test',
        publisher: 'test',
        period: null,
        imported_by: 'test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('organisation')
      .values([
        { code: '16C', kind: 'sub_icb', name: 'Tees Valley', batch_id: batch.id },
        { code: '00K', kind: 'sub_icb', name: 'Hartlepool and Stockton', batch_id: batch.id },
        ...PRACTICES.map(([code, p]) => ({
          code,
          kind: 'practice' as const,
          name: `Practice ${code}`,
          close_date: p.close ?? null,
          status: (p.status ?? 'active') as 'active' | 'dormant',
          batch_id: batch.id,
        })),
      ])
      .execute();
    await db
      .insertInto('organisation_observation')
      .values(
        PRACTICES.map(([code, p]) => ({
          code,
          batch_id: batch.id,
          as_of: '2023-12-01',
          kind: 'practice' as const,
          status: (p.status ?? (p.close ? 'closed' : 'active')) as 'active' | 'dormant' | 'closed',
        })),
      )
      .execute();
    await db
      .insertInto('organisation_membership')
      .values(
        PRACTICES.flatMap(([code, p]) =>
          p.memberships.map(([parent, observed, ended]) => ({
            child_code: code,
            parent_kind: 'sub_icb' as const,
            parent_code: parent,
            observed_on: observed,
            ended_on: ended,
            batch_id: batch.id,
          })),
        ),
      )
      .execute();
    // Two PCNs of 16C: P00007 moved from U00001 to U00002 at the start of 2023.
    await db
      .insertInto('organisation')
      .values(
        ['U00001', 'U00002'].map((code) => ({
          code,
          kind: 'pcn' as const,
          name: `PCN ${code}`,
          batch_id: batch.id,
        })),
      )
      .execute();
    await db
      .insertInto('organisation_membership')
      .values(
        (
          [
            ['P00001', 'U00001', '2019-07-01'],
            ['P00007', 'U00001', '2019-07-01'],
            ['P00007', 'U00002', '2023-01-01'],
          ] as const
        ).map(([child, parent, observed]) => ({
          child_code: child,
          parent_kind: 'pcn' as const,
          parent_code: parent,
          observed_on: observed,
          batch_id: batch.id,
        })),
      )
      .execute();
    // Lists: a 2016 list for all; the payments file's 1 January 2023 list for P00001 and P00006 only.
    await db
      .insertInto('list_size')
      .values(
        PRACTICES.map(([code]) => ({
          practice_code: code,
          extract_date: '2016-01-01',
          patients: 4000,
          batch_id: batch.id,
        })),
      )
      .execute();
    await db
      .insertInto('practice_list_figure')
      .values(
        ['P00001', 'P00006'].flatMap((code) => [
          {
            practice_code: code,
            extract_date: '2023-01-01',
            measure: 'registered' as const,
            patients: 4029.25,
            label: 'payments 2022-23 registered',
            batch_id: batch.id,
          },
          {
            practice_code: code,
            extract_date: '2023-01-01',
            measure: 'weighted' as const,
            patients: 4579.78,
            label: 'payments 2022-23 weighted',
            batch_id: batch.id,
          },
        ]),
      )
      .execute();
    // QOF achievement for 2023-24 for every practice, even those that closed or moved.
    await db
      .insertInto('qof_achievement')
      .values(
        PRACTICES.flatMap(([code]) =>
          (['NUMERATOR', 'DENOMINATOR'] as const).map((measure) => ({
            practice_code: code,
            qof_year: '2023-24',
            indicator_code: 'CS005',
            measure,
            value: measure === 'NUMERATOR' ? 80 : 100,
            batch_id: batch.id,
          })),
        ),
      )
      .execute();
  });

  it('counts the practices open on 31 March 2024 and says why the others are left out', async () => {
    const rule = await loadPracticesAsOf(store().db, '16C', '2024-03-31');
    assert.deepEqual(
      rule.practices.map((p) => p.code),
      ['P00001', 'P00006', 'P00007'],
    );
    const why = new Map(rule.leftOut.map((p) => [p.code, p.reason]));
    assert.match(why.get('P00002')!, /^dormant/);
    assert.match(why.get('P00003')!, /closed 2017-10-31|left 16C/);
    assert.match(why.get('P00004')!, /closed 2019-09-30|left 16C/);
    assert.match(why.get('P00005')!, /in 00K on 2024-03-31, not 16C \(moved\)/);
    const p1 = rule.practices.find((p) => p.code === 'P00001')!;
    assert.equal(p1.list!.patients, 4029.25);
    assert.match(p1.list!.source, /payments 2022-23 registered \(as-of-fixture\.csv, import batch \d+\)/);
    assert.equal(p1.weightedList!.patients, 4579.78);
    const p7 = rule.practices.find((p) => p.code === 'P00007')!;
    assert.equal(p7.list, null, 'a 2016 list is not a 2024 list');
    assert.equal(p7.staleList!.extractDate, '2016-01-01');
  });

  it('gives a 2016 count for 2016: the practices closed and moved since were open then', async () => {
    const rule = await loadPracticesAsOf(store().db, '16C', '2016-03-31');
    assert.deepEqual(
      rule.practices.map((p) => p.code),
      // P00002 is said dormant only in 2023 and its 2016 list shows patients then.
      ['P00001', 'P00002', 'P00003', 'P00004', 'P00005', 'P00007'],
    );
  });

  it('counts each open practice under the PCN it was in on the date, not the one it is in now', async () => {
    const db = store().db;
    const sixteenC = { code: '16C', kind: 'sub_icb' as const, name: 'Tees Valley' };
    const pcnsOn = async (date: string) => {
      const open = new Set((await loadPracticesAsOf(db, '16C', date)).practices.map((p) => p.code));
      const children = await childrenOf(db, sixteenC, { date, practices: open });
      return Object.fromEntries(children.map((c) => [c.code, c.practices]));
    };
    assert.deepEqual(await pcnsOn('2022-03-31'), { U00001: 2 });
    assert.deepEqual(await pcnsOn('2024-03-31'), { U00001: 1, U00002: 1 });
    // Before any PCN existed, no practice is placed in one (a PCN membership is never taken back).
    assert.deepEqual(await pcnsOn('2018-03-31'), {});
  });

  it('pays, distributes to and what-ifs exactly the same practices, naming each list’s extract', async () => {
    const db = store().db;
    const read = await readSchemeFile(QOF_FILE);
    assert.ok(read.ok);
    const inputs = await inputsFromAchievement(db, read.scheme, '2023-24', '16C');
    assert.deepEqual(
      inputs.practices.map((p) => p.practiceCode),
      ['P00001', 'P00006', 'P00007'],
    );
    assert.deepEqual(
      inputs.asOf!.leftOut.map((p) => p.code),
      ['P00002', 'P00003', 'P00004', 'P00005'],
    );
    const shares = await commissionerPractices(db, '16C', '2024-03-31');
    assert.deepEqual(
      shares.map((p) => p.orgCode),
      ['P00001', 'P00006', 'P00007'],
    );
    const stored = await calculateAndStore(store(), {
      scheme: read.scheme,
      inputs,
      sourceKind: 'qof_achievement',
      actor: 'test',
      now: TEST_NOW,
    });
    assert.equal(stored.calculation.scope_code, '16C');
    const totals = new Map(
      stored.result.statements.map((s) => [s.orgCode, s.lines.find((l) => l.lineType === 'total')!]),
    );
    assert.match(totals.get('P00001')!.note, /registered list 4029\.25 from payments 2022-23 registered/);
    assert.match(
      totals.get('P00007')!.note,
      /no registered list as of 2024-03-31: the latest \(4000, registered patients 2016-01-01 .*\) is 3012 days old then: not used/,
    );
    assert.equal(totals.get('P00007')!.amount, 0);
    assert.ok(totals.get('P00001')!.amount > 0);
    const again = await inputsAgain(db, await findCalculation(db, stored.calculation.id), read.scheme);
    assert.deepEqual(again, inputs, 'the what-if starts from exactly the calculated practices and inputs');
  });

  it('traces a quality premium’s statement lines and its distribution to dated lists and their extracts', async () => {
    const db = store().db;
    const read = await readSchemeFile(PREMIUM_FILE);
    assert.ok(read.ok && read.scheme.kind === 'quality_premium');
    const commissioner = {
      commissionerCode: '16C',
      measures: {},
      gateways: { FINANCE: true, QUALITY: true },
      standards: {},
    };
    // No figure given: the list is the sum of the lists of 16C's practices open at the year's end.
    const traced = await withCommissionerLists(db, {
      period: '2023-24',
      source: 'test measures',
      practices: [],
      commissioners: [{ ...commissioner, registeredPatients: null }],
    });
    const c = traced.commissioners[0]!;
    assert.equal(c.registeredPatients, 8058.5, 'P00001 and P00006; P00007’s 2016 list is not counted');
    assert.match(
      c.listSource!,
      /^registered patients 8058\.5 as of 2024-03-31: the lists of the 3 practices of 16C/,
    );
    assert.match(
      c.listSource!,
      /payments 2022-23 registered \(as-of-fixture\.csv, import batch \d+\), dated 2023-01-01/,
    );
    assert.match(c.listSource!, /1 with no list as of 2024-03-31 not counted/);
    const statement = calculateScheme(read.scheme, traced).statements[0]!;
    for (const line of statement.lines.filter((l) => l.listSize !== null))
      assert.match(line.note, /as of 2024-03-31: .*as-of-fixture\.csv.*dated 2023-01-01/, line.itemCode);
    // A figure given in the inputs is used, and its statement says it was given, beside what is held.
    const given = await withCommissionerLists(db, {
      period: '2023-24',
      source: 'test measures',
      practices: [],
      commissioners: [{ ...commissioner, registeredPatients: 9000 }],
    });
    assert.match(
      given.commissioners[0]!.listSource!,
      /^registered patients 9000 as given in the inputs \(test measures\), not from a dated extract; the lists of the 3 practices of 16C open on 2024-03-31 add up to 8058\.5/,
    );
    // Hand-made inputs with no source: the line says the list is untraced rather than nothing.
    const untraced = calculateScheme(read.scheme, {
      period: '2023-24',
      source: 'test',
      practices: [],
      commissioners: [{ ...commissioner, registeredPatients: 9000 }],
    }).statements[0]!;
    assert.match(
      untraced.lines.at(-1)!.note,
      /registered patients 9000 as given, with no date or extract named/,
    );
    // Distributed to the practices: every option's line names the list, its date and its extract.
    const practices = (await commissionerPractices(db, '16C', '2024-03-31')).map((p) => ({
      orgCode: p.orgCode,
      listSize: p.listSize,
      listNote: p.listNote,
      weightedList: p.weightedList,
      weightNote: p.weightedNote,
      conditionMet: true,
      conditionNote: 'CS005 achievement 80.0%',
    }));
    for (const option of ['per_registered', 'per_weighted', 'conditional'] as const) {
      const shared = distributePremium('16C', 1000, option, practices);
      const p1 = shared.statements.find((s) => s.orgCode === 'P00001')!.lines[0]!;
      assert.match(p1.note, /as-of-fixture\.csv, import batch \d+\), dated 2023-01-01/, option);
      const p7 = shared.statements.find((s) => s.orgCode === 'P00007')!.lines[0]!;
      assert.match(p7.note, /no (registered|weighted) list (as of|on or before) 2024-03-31/, option);
    }
  });

  it('takes an agreement’s members by the same rule, each with its sub-ICB location on the date', async () => {
    const db = store().db;
    const batch = await db.selectFrom('import_batch').select('id').executeTakeFirstOrThrow();
    await db
      .insertInto('organisation')
      .values({ code: 'QHM', kind: 'icb', name: 'North East and North Cumbria', batch_id: batch.id })
      .execute();
    await db
      .insertInto('organisation_membership')
      .values(
        ['P00001', 'P00002', 'P00003', 'P00005', 'P00006'].map((code) => ({
          child_code: code,
          parent_kind: 'icb' as const,
          parent_code: 'QHM',
          observed_on: '2013-04-01',
          ended_on: null,
          batch_id: batch.id,
        })),
      )
      .execute();
    assert.deepEqual(await memberPractices(db, { code: 'QHM', kind: 'icb' }, '2024-03-31'), [
      { practiceCode: 'P00001', subIcbCode: '16C' },
      { practiceCode: 'P00005', subIcbCode: '00K' },
      { practiceCode: 'P00006', subIcbCode: '16C' },
    ]);
    // A sub-ICB location's members are the rule's practices: not the dormant, closed or moved one.
    assert.deepEqual(
      (await memberPractices(db, { code: '16C', kind: 'sub_icb' }, '2024-03-31')).map((m) => m.practiceCode),
      ['P00001', 'P00006', 'P00007'],
    );
  });
});
