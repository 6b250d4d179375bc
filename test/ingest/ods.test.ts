import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { FactRecord } from '../../src/domain/records.ts';
import type { ReadSummary } from '../../src/ingest/read.ts';
import { NHS, ofKind, readAll } from './support.ts';

describe('ODS epraccur (headerless, 27 quoted fields)', () => {
  let records: FactRecord[];
  let summary: ReadSummary;
  before(async () => {
    ({ records, summary } = await readAll(`${NHS}/ods/epraccur.csv`));
  });

  it('is detected by its shape and dated by the latest date in the file (the December 2023 extract)', () => {
    assert.equal(summary.parts[0]!.format.id, 'ods-epraccur');
    assert.equal(summary.parts[0]!.period, '2023-12-04');
  });

  it('reads English GP practices (setting 4) and skips, counting, other settings and Wales', () => {
    const part = summary.parts[0]!;
    assert.equal(part.rowsRead, 15971);
    const practices = ofKind(records, 'organisation');
    assert.equal(practices.length, 8647 - 421);
    assert.equal(part.skipReasons['Welsh practice (national grouping W00)'], 421);
    assert.equal(part.skipReasons['not a GP practice (prescribing setting 0)'], 2550);
    assert.equal(part.rowsSkipped, 15971 - 8647 + 421);
    assert.ok(practices.every((o) => o.organisationKind === 'practice'));
    assert.deepEqual(new Set(practices.map((o) => o.status)), new Set(['active', 'closed', 'dormant']));
  });

  it('reads A81001 with status, postcode and open date, and its sub-ICB from field 24', () => {
    const a81001 = ofKind(records, 'organisation').find((o) => o.code === 'A81001');
    assert.deepEqual(a81001, {
      kind: 'organisation',
      code: 'A81001',
      organisationKind: 'practice',
      asOf: '2023-12-04',
      name: 'THE DENSHAM SURGERY',
      onsCode: null,
      postcode: 'TS18 1HU',
      openDate: '1974-04-01',
      closeDate: null,
      status: 'active',
      contractType: null,
      rurality: null,
    });
    const memberships = ofKind(records, 'membership');
    const on = (childCode: string, parentKind: string, parentCode: string, observedOn: string) => ({
      kind: 'membership',
      childCode,
      parentKind,
      parentCode,
      observedOn,
      asOf: '2023-12-04',
      endedOn: null,
    });
    assert.deepEqual(
      memberships.filter((m) => m.childCode === 'A81001' || m.childCode === '16C' || m.childCode === 'QHM'),
      [
        on('A81001', 'sub_icb', '16C', '2023-12-04'),
        // … and since the date it joined 16C (field 16), when Tees Valley CCG was formed.
        on('A81001', 'sub_icb', '16C', '2020-04-01'),
        on('16C', 'icb', 'QHM', '2023-12-04'),
        on('QHM', 'region', 'Y63', '2023-12-04'),
      ],
    );
  });

  it('ends a closed practice’s membership when it left (field 17), and gives dormant ones none', () => {
    const memberships = ofKind(records, 'membership');
    // A81003 closed on 31 October 2017; the file still names its last CCG and dates.
    assert.deepEqual(
      memberships.filter((m) => m.childCode === 'A81003'),
      [
        {
          kind: 'membership',
          childCode: 'A81003',
          parentKind: 'sub_icb',
          parentCode: '00K',
          observedOn: '2013-04-01',
          asOf: '2023-12-04',
          endedOn: '2017-10-31',
        },
      ],
    );
    const dormant = new Set(
      ofKind(records, 'organisation')
        .filter((o) => o.status === 'dormant')
        .map((o) => o.code),
    );
    assert.ok(dormant.has('A81630'));
    assert.equal(memberships.filter((m) => dormant.has(m.childCode)).length, 0);
  });
});

describe('ODS epraccur with a period option', () => {
  it('observes memberships on the extract date given', async () => {
    const { records } = await readAll(`${NHS}/ods/epraccur.csv`, { period: '2023-12-01' });
    const memberships = ofKind(records, 'membership');
    assert.ok(memberships.every((m) => m.asOf === '2023-12-01'));
    const a81001 = memberships.filter((m) => m.childCode === 'A81001').map((m) => m.observedOn);
    assert.deepEqual(a81001, ['2023-12-01', '2020-04-01']);
  });
});
