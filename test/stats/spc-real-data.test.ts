/**
 * SPC on real published data: quarterly registered-list sizes of three practices, April 2013 to
 * March 2016 (12 quarters, shared/data/nhs/registrations/legacy-quarterly). The list size of a
 * practice is the sum of its 18 sex × age-band columns. The A81001 and A81002 expectations were
 * checked by hand from the list sizes (arithmetic in the comments).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { spc } from '../../src/stats/spc.ts';
import { spcSummary } from '../../src/stats/spc-summary.ts';
import type { SpcRow } from '../../src/stats/spc-types.ts';
import { NHS_DATA } from '../support/nhs-data.ts';

const DIR = join(NHS_DATA, 'registrations/legacy-quarterly');
const PRACTICES = new Set(['A81001', 'A81002', 'A81004']);

function listSizes(): SpcRow[] {
  const rows: SpcRow[] = [];
  for (const file of readdirSync(DIR).sort()) {
    const m = /(\d{4})_(\d{2})-\d{2}\.csv$/.exec(file);
    if (!m) continue;
    const date = `${m[1]}-${m[2]}-01`;
    for (const line of readFileSync(`${DIR}/${file}`, 'utf8').split(/\r?\n/).slice(1)) {
      // Names before the practice code may be quoted and hold commas; the code and the 18 counts
      // at the end of the line never do, so count fields from the end.
      const fields = line.split(',');
      if (fields.length < 19) continue;
      const code = fields[fields.length - 19]!;
      if (!PRACTICES.has(code)) continue;
      const value = fields.slice(-18).reduce((s, v) => s + Number(v), 0);
      rows.push({ value, date, facet: code });
    }
  }
  return rows;
}

describe('quarterly list sizes of three practices (real data)', () => {
  const rows = listSizes();
  const chart = spc(rows);
  const of = (facet: string) => chart.points.filter((p) => p.facet === facet);

  it('reads 12 quarters for each practice', () => {
    assert.equal(rows.length, 36);
    assert.deepEqual(
      of('A81001').map((p) => p.y),
      [4088, 4091, 4150, 4178, 4158, 4152, 4186, 4182, 4187, 4196, 4226, 4233],
    );
  });

  it('A81001: mean 50027/12, limits from moving ranges summing to 205 over 11', () => {
    // Moving ranges 3 59 28 20 6 34 4 5 9 30 7 = 205; 205/11 = 18.636; screening threshold 60.9
    // drops none. Limits 4168.9167 ∓ 2.66 × 18.636 = ∓ 49.573 → 4119.344, 4218.489.
    const p = of('A81001')[0]!;
    assert.ok(Math.abs(p.mean! - 50027 / 12) < 1e-9);
    assert.ok(Math.abs(p.lpl! - (50027 / 12 - (2.66 * 205) / 11)) < 1e-9);
    assert.deepEqual(
      of('A81001').map((p) => p.special_cause_type),
      ['Below LCL', 'Below LCL', ...new Array(8).fill('Common Cause'), 'Above UCL', 'Above UCL'],
    );
  });

  it('A81002: a shrinking list is a shift below the mean with two-in-three near the lower limit', () => {
    // Mean 237035/12 = 19752.917. Moving ranges sum 812 → 73.818; LCL 19752.917 − 196.356 = 19556.561;
    // near-LCL 19752.917 − 130.904 = 19622.01. 19555 is beneath the LCL; 19558, 19618, 19601 and 19572
    // are close to it with a neighbour also close, all below the mean; the last 8 points are all below.
    assert.deepEqual(
      of('A81002').map((p) => p.special_cause_type),
      [
        'Above UCL',
        'Above UCL',
        'Above UCL',
        'Common Cause',
        '7 Points Below CL',
        '2 in 3 Below CL',
        'Below LCL',
        '2 in 3 Below CL',
        '2 in 3 Below CL',
        '2 in 3 Below CL',
        '7 Points Below CL',
        '7 Points Below CL',
      ],
    );
    const summary = spcSummary(chart).find((s) => s.facet === 'A81002')!;
    assert.deepEqual(
      [summary.n, summary.common_cause, summary.special_cause_improvement, summary.special_cause_concern],
      [12, 1, 3, 8],
    );
    assert.equal(summary.variation_icon, 'concern_low.svg');
  });

  it('with a target of 20,000 for A81002 the process consistently fails (target above the UCL)', () => {
    const s = spcSummary(spc(rows, { target: { A81002: 20000 } }));
    assert.deepEqual(
      s.map((r) => [r.facet, r.assurance_type]),
      [
        ['A81001', 'inconsistent'],
        ['A81002', 'consistent_fail'],
        ['A81004', 'inconsistent'],
      ],
    );
  });
});
