import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  type MembershipObservation,
  type MembershipPeriod,
  membershipOn,
  membershipPeriods,
} from '../../src/domain/membership.ts';
import type { OrganisationKind } from '../../src/domain/records.ts';

const observe = (
  observedOn: string,
  parentCode: string,
  parentKind: OrganisationKind = 'pcn',
  childCode = 'A81001',
): MembershipObservation => ({ childCode, parentKind, parentCode, observedOn });

describe('Membership periods from extract observations', () => {
  it('gives no periods for no observations', () => {
    assert.deepEqual(membershipPeriods([]), []);
  });

  it('makes one open-ended period from a single observation', () => {
    assert.deepEqual(membershipPeriods([observe('2024-04-01', 'U89141')]), [
      {
        childCode: 'A81001',
        parentKind: 'pcn',
        parentCode: 'U89141',
        validFrom: '2024-04-01',
        validTo: null,
        endedOn: null,
        lastObservedOn: '2024-04-01',
      },
    ]);
  });

  it('ends a period the day after a known end (ODS leave or close date), even with no later parent', () => {
    // A81003 (Victoria Medical Practice) closed on 31 October 2017: the 2016 extract saw it in 00K,
    // the 2023 extract says it had joined 00K on 1 April 2013 and left on 31 October 2017.
    const periods = membershipPeriods([
      { ...observe('2016-01-04', '00K', 'sub_icb', 'A81003') },
      { ...observe('2013-04-01', '00K', 'sub_icb', 'A81003'), endedOn: '2017-10-31' },
    ]);
    assert.deepEqual(
      periods.map((p) => [p.parentCode, p.validFrom, p.validTo, p.endedOn]),
      [['00K', '2013-04-01', '2017-11-01', '2017-10-31']],
    );
    assert.deepEqual(membershipOn(periods, '2017-10-31').length, 1);
    assert.deepEqual(membershipOn(periods, '2017-11-01'), []);
  });

  it('starts a new period for a parent seen again after a known end (rejoined), leaving the gap', () => {
    const periods = membershipPeriods([
      { ...observe('2014-01-01', 'U1'), endedOn: '2015-06-30' },
      observe('2019-01-01', 'U1'),
    ]);
    assert.deepEqual(
      periods.map((p) => [p.parentCode, p.validFrom, p.validTo]),
      [
        ['U1', '2014-01-01', '2015-07-01'],
        ['U1', '2019-01-01', null],
      ],
    );
  });

  it('closes at the next parent when it begins before the known end', () => {
    const periods = membershipPeriods([
      { ...observe('2013-04-01', '5E1', 'sub_icb'), endedOn: '2013-06-30' },
      observe('2013-04-01', '00K', 'sub_icb', 'A81002'),
      observe('2013-05-01', '00K', 'sub_icb'),
    ]);
    assert.deepEqual(
      periods.filter((p) => p.childCode === 'A81001').map((p) => [p.parentCode, p.validFrom, p.validTo]),
      [
        ['5E1', '2013-04-01', '2013-05-01'],
        ['00K', '2013-05-01', null],
      ],
    );
  });

  it('merges consecutive observations of the same parent, and a change starts a new period', () => {
    const periods = membershipPeriods([
      observe('2024-01-01', 'U1'),
      observe('2024-04-01', 'U1'),
      observe('2024-07-01', 'U2'),
      observe('2024-10-01', 'U2'),
      observe('2025-01-01', 'U1'),
    ]);
    assert.deepEqual(
      periods.map((p) => [p.parentCode, p.validFrom, p.validTo, p.lastObservedOn]),
      [
        ['U1', '2024-01-01', '2024-07-01', '2024-04-01'],
        ['U2', '2024-07-01', '2025-01-01', '2024-10-01'],
        // Returning to a former parent is a new period, not a continuation of the old one.
        ['U1', '2025-01-01', null, '2025-01-01'],
      ],
    );
  });

  it('does not depend on the order the observations arrive in', () => {
    const ordered = [
      observe('2023-01-01', 'U1'),
      observe('2023-06-01', 'U2'),
      observe('2024-01-01', 'U2'),
      observe('2024-06-01', 'U3'),
    ];
    const shuffled = [ordered[2]!, ordered[0]!, ordered[3]!, ordered[1]!];
    assert.deepEqual(membershipPeriods(shuffled), membershipPeriods(ordered));
  });

  it('keeps a separate history per child and per parent kind', () => {
    const periods = membershipPeriods([
      observe('2024-01-01', 'U1', 'pcn', 'B2'),
      observe('2024-01-01', '16C', 'sub_icb', 'A1'),
      observe('2024-01-01', 'U9', 'pcn', 'A1'),
      observe('2024-04-01', 'U9', 'pcn', 'A1'),
      observe('2024-04-01', '00K', 'sub_icb', 'A1'),
    ]);
    assert.deepEqual(
      periods.map((p) => [p.childCode, p.parentKind, p.parentCode, p.validFrom, p.validTo]),
      [
        ['A1', 'pcn', 'U9', '2024-01-01', null],
        ['A1', 'sub_icb', '16C', '2024-01-01', '2024-04-01'],
        ['A1', 'sub_icb', '00K', '2024-04-01', null],
        ['B2', 'pcn', 'U1', '2024-01-01', null],
      ],
    );
  });

  it('treats a repeated observation of the same parent on one date as one', () => {
    const periods = membershipPeriods([observe('2024-01-01', 'U1'), observe('2024-01-01', 'U1')]);
    assert.equal(periods.length, 1);
  });

  it('refuses two different parents of one kind on the same date', () => {
    assert.throws(
      () => membershipPeriods([observe('2024-01-01', 'U1'), observe('2024-01-01', 'U2')]),
      /A81001 has two pcn parents on 2024-01-01: U1 and U2/,
    );
  });

  it('finds the period in force on a date, the change date belonging to the new period', () => {
    const periods = membershipPeriods([observe('2024-01-01', 'U1'), observe('2024-07-01', 'U2')]);
    const parentOn = (date: string): string[] => membershipOn(periods, date).map((p) => p.parentCode);
    assert.deepEqual(parentOn('2023-12-31'), []);
    assert.deepEqual(parentOn('2024-01-01'), ['U1']);
    assert.deepEqual(parentOn('2024-06-30'), ['U1']);
    assert.deepEqual(parentOn('2024-07-01'), ['U2']);
    assert.deepEqual(parentOn('2030-01-01'), ['U2']);
  });

  it('follows The Densham Surgery (A81001) from CCG 00K to 16C and region Y54 to Y63 in the published files', () => {
    const observations = densham();
    const periods = membershipPeriods(observations);
    const summary = (p: MembershipPeriod): string[] => [
      p.parentKind,
      p.parentCode,
      p.validFrom,
      p.validTo ?? 'open',
      p.lastObservedOn,
    ];
    assert.deepEqual(periods.map(summary), [
      ['region', 'Y54', '2017-03-31', '2019-03-31', '2018-03-31'],
      ['region', 'Y63', '2019-03-31', 'open', '2026-07-01'],
      ['sub_icb', '00K', '2017-03-31', '2020-03-31', '2019-03-31'],
      ['sub_icb', '16C', '2020-03-31', 'open', '2026-07-01'],
    ]);
  });
});

/**
 * A81001's sub-ICB location (CCG) and region in each QOF year's organisation reference (observed at the
 * end of the QOF year) and in the July 2026 registrations practice mapping.
 */
function densham(): MembershipObservation[] {
  const nhs = new URL('../../../shared/data/nhs/', import.meta.url);
  const sources: [file: string, observedOn: string, subIcbColumn: string, regionColumn: string][] = [
    ['qof/ORGANISATION_REFERENCE_1617.csv', '2017-03-31', 'CCG_CODE', 'REGION_CODE'],
    ['qof/ORGANISATION_REFERENCE_1718.csv', '2018-03-31', 'CCG_CODE', 'REGION_CODE'],
    ['qof/ORGANISATION_REFERENCE_1819_v2.csv', '2019-03-31', 'CCG_CODE', 'REGION_CODE'],
    ['qof/MAPPING_NHS_GEOGRAPHIES_1920.csv', '2020-03-31', 'CCG_ODS_CODE', 'REGION_ODS_CODE'],
    ['qof/MAPPING_NHS_GEOGRAPHIES_2021.csv', '2021-03-31', 'CCG_ODS_CODE', 'REGION_ODS_CODE'],
    ['registrations/gp-reg-pat-prac-map.csv', '2026-07-01', 'SUB_ICB_LOCATION_CODE', 'COMM_REGION_CODE'],
  ];
  return sources.flatMap(([file, observedOn, subIcbColumn, regionColumn]) => {
    const lines = readFileSync(new URL(file, nhs), 'utf8').split(/\r?\n/);
    const header = csvFields(lines[0]!);
    const row = csvFields(lines.find((line) => line.startsWith('A81001,') || line.includes(',A81001,'))!);
    const value = (column: string): string => row[header.indexOf(column)]!;
    return [
      observe(observedOn, value(subIcbColumn), 'sub_icb'),
      observe(observedOn, value(regionColumn), 'region'),
    ];
  });
}

/** Splits one CSV line, honouring double quotes (the files quote names that contain commas). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}
