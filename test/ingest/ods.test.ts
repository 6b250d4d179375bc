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
    assert.deepEqual(
      memberships.filter((m) => m.childCode === 'A81001' || m.childCode === '16C' || m.childCode === 'QHM'),
      [
        {
          kind: 'membership',
          childCode: 'A81001',
          parentKind: 'sub_icb',
          parentCode: '16C',
          observedOn: '2023-12-04',
        },
        {
          kind: 'membership',
          childCode: '16C',
          parentKind: 'icb',
          parentCode: 'QHM',
          observedOn: '2023-12-04',
        },
        {
          kind: 'membership',
          childCode: 'QHM',
          parentKind: 'region',
          parentCode: 'Y63',
          observedOn: '2023-12-04',
        },
      ],
    );
  });

  it('gives closed and dormant practices no membership', () => {
    const closed = new Set(
      ofKind(records, 'organisation')
        .filter((o) => o.status === 'closed' || o.status === 'dormant')
        .map((o) => o.code),
    );
    assert.ok(closed.has('A81003') && closed.has('A81630'));
    assert.equal(ofKind(records, 'membership').filter((m) => closed.has(m.childCode)).length, 0);
  });
});

describe('ODS epraccur with a period option', () => {
  it('observes memberships on the extract date given', async () => {
    const { records } = await readAll(`${NHS}/ods/epraccur.csv`, { period: '2023-12-01' });
    assert.ok(ofKind(records, 'membership').every((m) => m.observedOn === '2023-12-01'));
  });
});
