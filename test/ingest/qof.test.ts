import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NHS, ofKind, readAll } from './support.ts';

const PREVALENCE = [
  // file, QOF year, rows, skipped (blank registers), rejected (register > list), A81001 AF register and list
  ['PREVALENCE_1617.csv', '2016-17', 155232, 1304, 0, 106, 4150],
  ['PREVALENCE_1718.csv', '2017-18', 149100, 252, 0, 106, 4086],
  ['PREVALENCE_1819_v2.csv', '2018-19', 144333, 399, 1, 107, 4117],
  ['PREVALENCE_1920.csv', '2019-20', 141120, 0, 6, 105, 4111],
  ['PREVALENCE_2021_v2.csv', '2020-21', 137991, 0, 1, 95, 4098],
  ['PREVALENCE_2425.csv', '2024-25', 129948, 0, 1, 113, 3904],
] as const;

describe('QOF prevalence files of every year layout', () => {
  for (const [file, year, rows, skipped, rejected, register, list] of PREVALENCE) {
    it(`reads ${file} as QOF ${year}: ${rows} rows, A81001 AF register ${register} of ${list}`, async () => {
      const { records, summary } = await readAll(`${NHS}/qof/${file}`);
      const part = summary.parts[0]!;
      assert.equal(part.format.id, 'qof-prevalence');
      assert.equal(part.period, year);
      assert.equal(part.rowsRead, rows);
      assert.equal(part.rowsSkipped, skipped);
      assert.equal(part.rowsRejected, rejected);
      assert.equal(records.length, rows - skipped - rejected);
      const af = ofKind(records, 'qof_prevalence').find(
        (r) => r.practiceCode === 'A81001' && r.groupCode === 'AF',
      );
      assert.deepEqual(af, {
        kind: 'qof_prevalence',
        practiceCode: 'A81001',
        qofYear: year,
        groupCode: 'AF',
        register,
        patientListType: 'TOTAL',
        patientListSize: list,
      });
      if (file === 'PREVALENCE_1920.csv') {
        // The publication itself has registers larger than their list: refused row by row, located.
        assert.equal(
          part.rejections[0]!.message,
          "PREVALENCE_1920.csv line 139632, column REGISTER: expected a register no larger than the TOTAL list of 138, found '197'",
        );
      }
    });
  }
});

describe('QOF indicator mappings of every year', () => {
  const files = [
    ['INDICATOR_MAPPINGS_1819_v2.csv', '2018-19', 77],
    ['INDICATOR_MAPPINGS_2019_2020.csv', '2019-20', 68],
    ['INDICATOR_MAPPINGS_2020_2021.csv', '2020-21', 68],
    ['INDICATOR_MAPPINGS_2021_2022.csv', '2021-22', 72],
    ['INDICATOR_MAPPINGS_2022_2023.csv', '2022-23', 76],
    ['INDICATOR_MAPPINGS_2023_2024.csv', '2023-24', 76],
  ] as const;
  for (const [file, year, count] of files) {
    it(`reads ${file}: ${count} indicators of QOF ${year}`, async () => {
      const { records, summary } = await readAll(`${NHS}/qof/${file}`);
      assert.equal(summary.parts[0]!.format.id, 'qof-indicator-mappings');
      assert.equal(summary.parts[0]!.period, year);
      const indicators = ofKind(records, 'qof_indicator');
      assert.equal(indicators.length, count);
      const af001 = indicators.find((r) => r.indicatorCode === 'AF001');
      assert.equal(af001?.points, 5);
      assert.equal(af001?.groupCode, 'AF');
      assert.equal(af001?.groupDescription, 'Atrial fibrillation');
      assert.equal(af001?.domain, 'CL');
    });
  }

  it('reads the Windows-1252 curly quotes of the 2018-19 file as text, and counts them', async () => {
    const { records, summary } = await readAll(`${NHS}/qof/INDICATOR_MAPPINGS_1819_v2.csv`);
    const can001 = ofKind(records, 'qof_indicator').find((r) => r.indicatorCode === 'CAN001');
    assert.match(
      can001?.description ?? '',
      /defined as a \u2018register of patients with a diagnosis of cancer/,
    );
    assert.equal(summary.parts[0]!.windows1252Fields, 2);
  });

  it('reads the 2019-20 dash saved as U+0096 (Windows-1252 read as ISO-8859-1) as an en dash', async () => {
    const { records } = await readAll(`${NHS}/qof/INDICATOR_MAPPINGS_2019_2020.csv`);
    const cvdpp = ofKind(records, 'qof_indicator').find((r) => r.indicatorCode === 'CVDPP001');
    assert.equal(cvdpp?.groupDescription, 'Cardiovascular disease \u2013 primary prevention');
  });

  it('keeps the 2023-24 indicator list types such as 79UN', async () => {
    const { records } = await readAll(`${NHS}/qof/INDICATOR_MAPPINGS_2023_2024.csv`);
    const hyp008 = ofKind(records, 'qof_indicator').find((r) => r.indicatorCode === 'HYP008');
    assert.deepEqual([hyp008?.points, hyp008?.patientListType], [14, '79UN']);
  });
});

describe('QOF organisation reference (2016-17 to 2018-19) and NHS geographies (2019-20, 2020-21)', () => {
  it('reads ORGANISATION_REFERENCE_1617: A81001 in CCG 00K on 31 March 2017', async () => {
    const { records, summary } = await readAll(`${NHS}/qof/ORGANISATION_REFERENCE_1617.csv`);
    assert.equal(summary.parts[0]!.format.id, 'qof-organisation-reference');
    assert.equal(summary.rowsRead, 7392);
    const practices = ofKind(records, 'organisation').filter((o) => o.organisationKind === 'practice');
    assert.equal(practices.length, 7392);
    const ccg = ofKind(records, 'organisation').find((o) => o.code === '00K');
    assert.deepEqual(
      [ccg?.organisationKind, ccg?.onsCode, ccg?.name],
      ['sub_icb', 'E38000075', 'NHS HARTLEPOOL AND STOCKTON-ON-TEES CCG'],
    );
    const membership = ofKind(records, 'membership').find((m) => m.childCode === 'A81001');
    assert.deepEqual(membership, {
      kind: 'membership',
      childCode: 'A81001',
      parentKind: 'sub_icb',
      parentCode: '00K',
      observedOn: '2017-03-31',
      asOf: '2017-03-31',
      endedOn: null,
    });
  });

  for (const file of ['ORGANISATION_REFERENCE_1718.csv', 'ORGANISATION_REFERENCE_1819_v2.csv']) {
    it(`detects ${file} (its ONS columns were renamed in 2018-19)`, async () => {
      const { summary } = await readAll(`${NHS}/qof/${file}`);
      assert.equal(summary.parts[0]!.format.id, 'qof-organisation-reference');
    });
  }

  it('reads MAPPING_NHS_GEOGRAPHIES_2021 (STP/CCG columns): A81001 → U89141 → 16C → QHM → Y63 on 31 March 2021', async () => {
    const { records, summary } = await readAll(`${NHS}/qof/MAPPING_NHS_GEOGRAPHIES_2021.csv`);
    assert.equal(summary.parts[0]!.format.id, 'qof-nhs-geographies');
    assert.equal(summary.parts[0]!.period, '2020-21');
    assert.equal(
      ofKind(records, 'organisation').filter((o) => o.organisationKind === 'practice').length,
      6571,
    );
    const memberships = ofKind(records, 'membership');
    const parent = (child: string, kind: string) =>
      memberships.find((m) => m.childCode === child && m.parentKind === kind)?.parentCode;
    assert.equal(parent('A81001', 'pcn'), 'U89141');
    assert.equal(parent('A81001', 'sub_icb'), '16C');
    assert.equal(parent('16C', 'icb'), 'QHM');
    assert.equal(parent('QHM', 'region'), 'Y63');
    assert.ok(memberships.every((m) => m.observedOn === '2021-03-31'));
  });

  it('detects MAPPING_NHS_GEOGRAPHIES_1920 as QOF 2019-20', async () => {
    const { summary } = await readAll(`${NHS}/qof/MAPPING_NHS_GEOGRAPHIES_1920.csv`);
    assert.deepEqual(
      [summary.parts[0]!.format.id, summary.parts[0]!.period],
      ['qof-nhs-geographies', '2019-20'],
    );
  });
});
