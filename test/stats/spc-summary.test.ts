/**
 * The chart summary, assurance against a target and the Making Data Count icon names. The charts
 * reuse the hand-worked 12-point example of spc.test.ts: mean 13.5, limits 9.389091 … 17.610909.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spc } from '../../src/stats/spc.ts';
import { assuranceTypeOf, spcIcons, spcSummary, variationIconOf } from '../../src/stats/spc-summary.ts';
import type { ImprovementDirection, SpcOptions, SpcRow } from '../../src/stats/spc-types.ts';

function month(i: number): string {
  return `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
}
function series(values: (number | null)[], facet?: string): SpcRow[] {
  return values.map((value, i) =>
    facet === undefined ? { value, date: month(i) } : { value, date: month(i), facet },
  );
}
const base = [10, 12, 11, 13, 12, 14, 13, 15, 14, 16, 15, 17];
const summaryOf = (rows: SpcRow[], options: SpcOptions = {}) => spcSummary(spc(rows, options));

describe('summary rows', () => {
  it('gives one row per chart with the mean, limits and n', () => {
    const [row, ...rest] = summaryOf(series(base));
    assert.equal(rest.length, 0);
    assert.equal(row!.facet, null);
    assert.equal(row!.rebase_group, 0);
    assert.equal(row!.mean, 13.5);
    assert.ok(Math.abs(row!.upl! - 17.61090909090909) < 1e-12);
    assert.equal(row!.n, 12);
    assert.equal(row!.common_cause, 12);
    assert.equal(row!.variation_type, 'common_cause');
    assert.equal(row!.variation_icon, 'common_cause.svg');
  });

  it('counts common cause, improvement and concern points', () => {
    // The screening example of spc.test.ts: 20 is Above UCL; at run length 6 the first six points
    // are a shift below the mean.
    const y = [5, 6, 5, 6, 5, 6, 20, 6, 5, 6, 5, 6];
    const [seven] = summaryOf(series(y));
    assert.deepEqual(
      [seven!.common_cause, seven!.special_cause_improvement, seven!.special_cause_concern],
      [11, 1, 0],
    );
    const [six] = summaryOf(series(y), { runLength: 6 });
    assert.deepEqual(
      [six!.common_cause, six!.special_cause_improvement, six!.special_cause_concern],
      [5, 1, 6],
    );
    const [down] = summaryOf(series(y), { runLength: 6, improvementDirection: 'decrease' });
    assert.deepEqual([down!.special_cause_improvement, down!.special_cause_concern], [6, 1]);
    const [neutral] = summaryOf(series(y), { runLength: 6, improvementDirection: 'neutral' });
    assert.deepEqual(
      [neutral!.common_cause, neutral!.special_cause_improvement, neutral!.special_cause_concern],
      [5, 0, 0],
    );
  });

  it('gives one row per facet and rebase group, in chart order', () => {
    const rows = [...series([...base, ...base], 'b'), ...series(base, 'a')];
    const s = summaryOf(rows, { rebase: { b: [month(12)] } });
    assert.deepEqual(
      s.map((r) => [r.facet, r.rebase_group, r.n]),
      [
        ['a', 0, 12],
        ['b', 0, 12],
        ['b', 1, 12],
      ],
    );
  });

  it('counts missing points in n and n_missing but in no category, and takes the variation from the latest value', () => {
    const [row] = summaryOf(series([...base, 30, null]));
    assert.equal(row!.n, 14);
    assert.equal(row!.n_missing, 1);
    assert.equal(row!.common_cause + row!.special_cause_improvement + row!.special_cause_concern, 13);
    assert.equal(row!.variation_type, 'special_cause_improvement');
  });
});

describe('variation icons from the latest point', () => {
  // Ending in 30: mean (162 + 30)/13 = 14.77; the moving range 13 is screened (threshold 8.17), so
  // the UCL is 14.77 + 4.11 = 18.88 and 30 is above it. Ending in −10: mean 11.69, LCL 7.58.
  const high = series([...base, 30]);
  const low = series([...base, -10]);
  const icon = (rows: SpcRow[], improvementDirection: ImprovementDirection) =>
    spcSummary(spc(rows, { improvementDirection }))[0]!.variation_icon;

  it('points up for a high point and down for a low one, coloured by direction', () => {
    assert.equal(icon(high, 'increase'), 'improvement_high.svg');
    assert.equal(icon(high, 'decrease'), 'concern_high.svg');
    assert.equal(icon(high, 'neutral'), 'neutral_high.svg');
    assert.equal(icon(low, 'increase'), 'concern_low.svg');
    assert.equal(icon(low, 'decrease'), 'improvement_low.svg');
    assert.equal(icon(low, 'neutral'), 'neutral_low.svg');
  });

  it('maps every point type', () => {
    assert.equal(variationIconOf('common_cause', 'decrease'), 'common_cause.svg');
    assert.equal(variationIconOf('special_cause_improvement', 'increase'), 'improvement_high.svg');
  });
});

describe('assurance against a target', () => {
  it('is consistent fail / pass for a target beyond the upper limit, by direction', () => {
    assert.equal(summaryOf(series(base), { target: 20 })[0]!.assurance_type, 'consistent_fail');
    const down = summaryOf(series(base), { target: 20, improvementDirection: 'decrease' })[0]!;
    assert.equal(down.assurance_type, 'consistent_pass');
    assert.equal(down.assurance_icon, 'pass.svg');
  });

  it('is consistent pass / fail for a target beneath the lower limit, by direction', () => {
    assert.equal(summaryOf(series(base), { target: 5 })[0]!.assurance_type, 'consistent_pass');
    const down = summaryOf(series(base), { target: 5, improvementDirection: 'decrease' })[0]!;
    assert.equal(down.assurance_type, 'consistent_fail');
    assert.equal(down.assurance_icon, 'fail.svg');
  });

  it('is inconsistent for a target between the limits', () => {
    const row = summaryOf(series(base), { target: 13 })[0]!;
    assert.equal(row.assurance_type, 'inconsistent');
    assert.equal(row.assurance_icon, 'inconsistent.svg');
  });

  it('is null with a neutral direction, and when no target option is given', () => {
    assert.equal(
      summaryOf(series(base), { target: 20, improvementDirection: 'neutral' })[0]!.assurance_type,
      null,
    );
    const none = summaryOf(series(base))[0]!;
    assert.equal(none.assurance_type, null);
    assert.equal(none.assurance_icon, null);
  });

  it('is inconsistent for a facet that has no target when other facets have one', () => {
    const s = summaryOf([...series(base, 'a'), ...series(base, 'b')], { target: { a: 20 } });
    assert.deepEqual(
      s.map((r) => r.assurance_type),
      ['consistent_fail', 'inconsistent'],
    );
  });

  it('is judged on the latest rebase group only, and empty for earlier groups', () => {
    // Second group is the example shifted up by 10: limits 19.389 … 27.611. A target of 18 is above
    // the first group's UCL (fail) but beneath the latest group's LCL (pass).
    const rows = series([...base, ...base.map((v) => v + 10)]);
    const s = summaryOf(rows, { target: 18, rebase: [month(12)] });
    assert.deepEqual(
      s.map((r) => r.assurance_type),
      [null, 'consistent_pass'],
    );
  });

  it('falls through to inconsistent when the limits are missing (a flat series)', () => {
    assert.equal(assuranceTypeOf(3, null, null, 'increase'), 'inconsistent');
    assert.equal(assuranceTypeOf(null, 1, 2, 'decrease'), 'inconsistent');
  });
});

describe('icons per facet', () => {
  it('gives each facet the icons of its latest group', () => {
    const rows = [...series([...base, 30], 'up'), ...series([...base, -10], 'down')];
    assert.deepEqual(spcIcons(spc(rows, { target: { up: 13 } })), [
      { facet: 'down', variation_icon: 'concern_low.svg', assurance_icon: 'inconsistent.svg' },
      { facet: 'up', variation_icon: 'improvement_high.svg', assurance_icon: 'inconsistent.svg' },
    ]);
    assert.deepEqual(spcIcons(spc(series(base))), [
      { facet: null, variation_icon: 'common_cause.svg', assurance_icon: null },
    ]);
  });
});
