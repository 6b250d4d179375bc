// Every real vintage and layout (issue 13, points 1, 3 and 8), read from small excerpts of the
// published files (test/fixtures/real-vintages/README.md says which and where from).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { MembershipRecord } from '../../src/domain/records.ts';
import { ofKind, readAll, TempDir } from './support.ts';

const REAL = fileURLToPath(new URL('../fixtures/real-vintages/', import.meta.url));
const temp = new TempDir();
after(() => temp.remove());

const memberships = (records: MembershipRecord[], child: string) =>
  records
    .filter((m) => m.childCode === child)
    .map((m) => [m.parentKind, m.parentCode, m.observedOn, m.endedOn])
    .sort((a, b) => String(a[2]).localeCompare(String(b[2])));

describe('ODS epraccur of every era', () => {
  it('2016: field 4 is an area team, not an ICB; the CCG sits directly in its NHS England region', async () => {
    const { records, summary } = await readAll(`${REAL}ods/epraccur-2016-01.csv`, { period: '2016-01-04' });
    const m = ofKind(records, 'membership');
    assert.deepEqual(memberships(m, 'A81001'), [
      ['sub_icb', '00K', '2013-04-01', null],
      ['sub_icb', '00K', '2016-01-04', null],
    ]);
    assert.deepEqual(
      m.filter((x) => x.childCode === '00K').map((x) => [x.parentKind, x.parentCode]),
      [['region', 'Y54']],
    );
    assert.equal(
      m.filter((x) => x.parentKind === 'icb').length,
      0,
      'no area team (Q74, Q49) is taken for an ICB',
    );
    assert.equal(
      summary.parts[0]!.notes[
        'practices whose field 4 is an NHS England area team or local office, not an ICB (not kept)'
      ],
      13,
    );
  });

  it('2019: a practice closed in 2017 belongs to its CCG only until it closed', async () => {
    const { records } = await readAll(`${REAL}ods/epraccur-2019-10.csv`, { period: '2019-10-01' });
    const m = ofKind(records, 'membership');
    assert.deepEqual(memberships(m, 'A81003'), [['sub_icb', '00K', '2013-04-01', '2017-10-31']]);
    assert.deepEqual(
      m.filter((x) => x.childCode === '00K').map((x) => [x.parentKind, x.parentCode]),
      [['region', 'Y63']],
    );
    const a81003 = ofKind(records, 'organisation').find((o) => o.code === 'A81003')!;
    assert.deepEqual([a81003.status, a81003.closeDate, a81003.asOf], ['closed', '2017-10-31', '2019-10-01']);
  });

  it('2023: field 4 is the ICB; 16C joins QHM in region Y63', async () => {
    const { records } = await readAll(`${REAL}ods/epraccur-2023-12.csv`, { period: '2023-12-04' });
    const m = ofKind(records, 'membership');
    assert.deepEqual(
      m.filter((x) => x.childCode === '16C' || x.childCode === 'QHM').map((x) => [x.childCode, x.parentCode]),
      [
        ['16C', 'QHM'],
        ['QHM', 'Y63'],
      ],
    );
    // A82011 closed on 31 May 2016; the file still names its CCG and the day it left.
    assert.deepEqual(memberships(m, 'A82011'), [['sub_icb', '01H', '2013-04-01', '2016-05-31']]);
  });
});

describe('ODS epcmem: each practice’s commissioners since 1999', () => {
  it('reads a membership per row, from the join date to the leave date, dated by the extract', async () => {
    const { records, summary } = await readAll(`${REAL}ods/epcmem-2019-10.csv`, { period: '2019-10-01' });
    assert.equal(summary.parts[0]!.format.id, 'ods-epcmem');
    const m = ofKind(records, 'membership');
    assert.deepEqual(memberships(m, 'A81001'), [
      ['sub_icb', '4QP36', '1999-04-01', '2001-03-31'],
      ['sub_icb', '5E1', '2001-04-01', '2013-03-31'],
      ['sub_icb', '00K', '2013-04-01', null],
    ]);
    assert.ok(m.every((x) => x.asOf === '2019-10-01'));
  });

  it('is dated by its latest date when no period is given', async () => {
    const { summary } = await readAll(`${REAL}ods/epcmem-2019-10.csv`);
    assert.equal(summary.parts[0]!.period, '2017-10-31');
  });
});

describe('Registrations of every layout', () => {
  it('2013–16 quarterly lists: the CCG of each practice (01H00 → 01H) and its NHS England region', async () => {
    const { records } = await readAll(`${REAL}registrations/Patient_List_Size_2014_04-06.csv`);
    const m = ofKind(records, 'membership');
    assert.deepEqual(memberships(m, 'A82011'), [['sub_icb', '01H', '2014-04-01', null]]);
    assert.deepEqual(
      m.filter((x) => x.childCode === '01H').map((x) => [x.parentKind, x.parentCode]),
      [['region', 'Y54']],
    );
    const ccg = ofKind(records, 'organisation').find((o) => o.code === '01H')!;
    assert.deepEqual([ccg.organisationKind, ccg.name, ccg.asOf], ['sub_icb', 'CUMBRIA CCG', '2014-04-01']);
    const list = ofKind(records, 'list_size').find((l) => l.practiceCode === 'A82011')!;
    assert.equal(list.patients, 2692);
  });

  it('the all-persons layout (TYPE, CCG_CODE, CODE, AGE): list sizes, CCGs and postcodes', async () => {
    const { records, summary } = await readAll(`${REAL}registrations/gp-reg-pat-prac-all-2021-01.csv`);
    assert.equal(summary.parts[0]!.format.id, 'gp-reg-single-age');
    assert.equal(summary.parts[0]!.period, '2021-01-01');
    assert.deepEqual(
      ofKind(records, 'list_size').find((l) => l.practiceCode === 'A82072'),
      { kind: 'list_size', practiceCode: 'A82072', extractDate: '2021-01-01', patients: 6520 },
    );
    assert.deepEqual(memberships(ofKind(records, 'membership'), 'A82072'), [
      ['sub_icb', '01K', '2021-01-01', null],
    ]);
    const a82072 = ofKind(records, 'organisation').find((o) => o.code === 'A82072')!;
    assert.deepEqual([a82072.postcode, a82072.asOf], ['LA14 2LB', '2021-01-01']);
  });

  it('single year of age, summed into five-year bands (a file built in the published layout)', async () => {
    // Built, not published: no single-age file is in the shared data. The layout is the metadata
    // page's (data-formats.md §b); the practice and its all-persons total are A82072's of January 2021.
    const header = 'PUBLICATION,EXTRACT_DATE,ORG_TYPE,ORG_CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS';
    const rows = [header];
    for (let age = 0; age <= 94; age++)
      rows.push(`GP_PRAC_PAT_LIST,01JAN2021,GP,A82072,LA14 2LB,FEMALE,${age},${age < 5 ? 30 : 10}`);
    rows.push('GP_PRAC_PAT_LIST,01JAN2021,GP,A82072,LA14 2LB,FEMALE,95+,12');
    rows.push('GP_PRAC_PAT_LIST,01JAN2021,GP,A82072,LA14 2LB,FEMALE,ALL,1062');
    const path = temp.write('gp-reg-pat-prac-sing-age-female.csv', `${rows.join('\r\n')}\r\n`);
    const { records, summary } = await readAll(path);
    assert.equal(summary.parts[0]!.format.id, 'gp-reg-single-age');
    const bands = ofKind(records, 'population');
    assert.equal(bands.length, 20);
    assert.deepEqual(
      bands.slice(0, 2).map((b) => [b.sex, b.ageBand, b.patients]),
      [
        ['female', '0-4', 150],
        ['female', '5-9', 50],
      ],
    );
    assert.deepEqual(bands.at(-1)!.ageBand, '95+');
    assert.equal(summary.parts[0]!.skipReasons['sex subtotal (AGE ALL)'], 1);
  });
});

describe('NHS Payments to General Practice of every layout', () => {
  it('2014-15: no rurality column, `-` for no date, the CCG in place of the sub-ICB', async () => {
    const { records, summary } = await readAll(
      `${REAL}payments/nhs-payments-to-general-practice-2014-15.csv`,
    );
    assert.equal(summary.parts[0]!.format.id, 'nhs-payments');
    assert.equal(summary.parts[0]!.period, '2014-15');
    const a81001 = ofKind(records, 'organisation').find((o) => o.code === 'A81001')!;
    assert.deepEqual([a81001.openDate, a81001.rurality, a81001.asOf], [null, null, '2015-03-31']);
    const lines = new Set(ofKind(records, 'payment').map((p) => p.line));
    assert.ok(lines.has('Global Sum'));
    assert.ok(!lines.has('Quarter used for patient data'));
  });

  it('2021-22: the PCN columns are not payment lines', async () => {
    const { records } = await readAll(`${REAL}payments/nhs-payments-to-general-practice-2021-22.csv`);
    const lines = new Set(ofKind(records, 'payment').map((p) => p.line));
    assert.ok(lines.has('Global Sum') && !lines.has('PCN Code') && !lines.has('PCN Name'));
  });
});

describe('QOF practice points and the two-column organisation reference', () => {
  it('2017-18 points (`:` where not available) and the 2022-23 header with line breaks in names', async () => {
    const old = await readAll(`${REAL}qof/qof-points-by-practice-2017-18.csv`);
    assert.equal(old.summary.parts[0]!.format.id, 'qof-practice-points');
    const a81001 = ofKind(old.records, 'qof_practice').find((p) => p.practiceCode === 'A81001')!;
    assert.deepEqual(
      [a81001.qofYear, a81001.achievedPoints, a81001.maxPointsAvailable],
      ['2017-18', 557.94, 559],
    );
    assert.equal(old.summary.parts[0]!.notes["points shown as ':' (not available) read as blank"], 22);
    const recent = await readAll(`${REAL}qof/qof-points-by-practice-2022-23.csv`);
    const row = ofKind(recent.records, 'qof_practice').find((p) => p.practiceCode === 'A82072')!;
    assert.equal(row.qofYear, '2022-23');
    assert.ok(row.achievedPoints !== null && row.listSize !== null);
    assert.deepEqual(
      memberships(ofKind(recent.records, 'membership'), 'A82072')
        .map((m) => m[0])
        .sort(),
      ['pcn', 'sub_icb'],
    );
  });

  it('ORGANISATION_REFERENCE from 2019-20 on: PRACTICE_CODE, REVISED_MAX_POINTS', async () => {
    // Built in the published two-column layout (data-formats.md §a) for real practices.
    const path = temp.write(
      'ORGANISATION_REFERENCE_2223.csv',
      'PRACTICE_CODE,REVISED_MAX_POINTS\r\nA81001,635\r\nA81002,631.12\r\n',
    );
    const { records, summary } = await readAll(path);
    assert.equal(summary.parts[0]!.format.id, 'qof-max-points');
    assert.deepEqual(
      ofKind(records, 'qof_practice').map((p) => [p.practiceCode, p.qofYear, p.revisedMaxPoints]),
      [
        ['A81001', '2022-23', 635],
        ['A81002', '2022-23', 631.12],
      ],
    );
  });
});

describe('Fingertips exports of every vintage', () => {
  it('an IMD 2019 export of 2021 whose practices are Area Type `GP` gives their scores', async () => {
    const { records } = await readAll(`${REAL}fingertips/imd-2019-export-area-type-gp.csv`);
    const scores = ofKind(records, 'imd_score');
    assert.deepEqual(
      scores.find((s) => s.practiceCode === 'A81001'),
      { kind: 'imd_score', practiceCode: 'A81001', imdYear: 2019, score: 32.3609392614188 },
    );
    assert.equal(scores.length, 12);
  });
});
