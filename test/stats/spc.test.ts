/**
 * XmR charts end to end (spec section 5 and the "Deliberate differences"). Every expected number in
 * the worked examples was worked out on paper from the rule text: the comment above each example
 * shows the arithmetic (sums, moving ranges, limits) so it can be rechecked with a calculator.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatsInputError } from '../../src/stats/errors.ts';
import { spc } from '../../src/stats/spc.ts';
import type { SpcOptions, SpcPoint, SpcRow } from '../../src/stats/spc-types.ts';

/** The first of the month, `i` months after January 2020. */
function month(i: number): string {
  const y = 2020 + Math.floor(i / 12);
  const m = (i % 12) + 1;
  return `${y}-${String(m).padStart(2, '0')}-01`;
}

function series(values: (number | null)[], facet?: string): SpcRow[] {
  return values.map((value, i) =>
    facet === undefined ? { value, date: month(i) } : { value, date: month(i), facet },
  );
}

function close(actual: number | null, expected: number, tol = 1e-12): void {
  assert.ok(actual !== null, `expected ${expected}, got null`);
  assert.ok(
    Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)),
    `${actual} is not ${expected}`,
  );
}

const types = (points: SpcPoint[]) => points.map((p) => p.special_cause_type);

describe('a worked 12-point chart', () => {
  // y = 10 12 11 13 12 14 13 15 14 16 15 17. Sum 162, mean 13.5.
  // Moving ranges (11): 2 1 2 1 2 1 2 1 2 1 2 = 17, average 17/11 = 1.545454…
  // Screening threshold 3.267 × 1.5454 = 5.05: nothing screened.
  // Limits 13.5 ∓ 2.66 × 17/11 = 13.5 ∓ 4.110909… → 9.389090…, 17.610909…
  // Near limits 13.5 ∓ 1.773333 × 17/11 = 13.5 ∓ 2.740606… → 10.759393…, 16.240606…
  const y = [10, 12, 11, 13, 12, 14, 13, 15, 14, 16, 15, 17];
  const chart = spc(series(y));

  it('has the mean and limits worked out by hand', () => {
    for (const p of chart.points) {
      close(p.mean, 13.5);
      close(p.lpl, 9.38909090909091);
      close(p.upl, 17.61090909090909);
    }
  });

  it('marks only 10 and 17 as close to the limits (beyond 10.7594 / 16.2406) and nothing outside', () => {
    assert.deepEqual(
      chart.points.map((p) => p.close_to_limits),
      [true, false, false, false, false, false, false, false, false, false, false, true],
    );
    assert.ok(chart.points.every((p) => p.outside_limits === false));
  });

  it('gives each point its side of the mean', () => {
    assert.deepEqual(
      chart.points.map((p) => p.relative_to_mean),
      [-1, -1, -1, -1, -1, 1, -1, 1, 1, 1, 1, 1],
    );
  });

  it('finds only common cause: no window of 3 has 2 close points, runs are at most 5, no trend', () => {
    assert.ok(
      chart.points.every((p) => p.special_cause_type === 'Common Cause' && p.special_cause_flag === false),
    );
    assert.ok(chart.points.every((p) => p.point_type === 'common_cause'));
  });

  it('warns that a group of 12 (< 13) points is short, carries fix_y and no target', () => {
    assert.ok(chart.points.every((p) => p.short_group_warning));
    assert.deepEqual(
      chart.points.map((p) => p.fix_y),
      y,
    );
    assert.ok(chart.points.every((p) => p.target === null && p.facet === null && p.rebase_group === 0));
    assert.deepEqual(
      chart.points.map((p) => p.x),
      y.map((_, i) => month(i)),
    );
  });

  it('does not warn on a group of 13', () => {
    const c = spc(series([...y, 14]));
    assert.ok(c.points.every((p) => !p.short_group_warning));
  });
});

describe('moving-range screening and the run length', () => {
  // y = 5 6 5 6 5 6 20 6 5 6 5 6. Sum 81, mean 6.75.
  // Moving ranges: 1 1 1 1 1 14 14 1 1 1 1 = 37 over 11 → 3.363636…; 3.267 × that = 10.989:
  // both 14s are screened out, leaving nine 1s → average 1 (the mean is not recomputed).
  // Limits 6.75 ∓ 2.66 → 4.09, 9.41; near 6.75 ∓ 1.773333 → 4.976667, 8.523333 (5 and 6 not close).
  const y = [5, 6, 5, 6, 5, 6, 20, 6, 5, 6, 5, 6];

  it('drops moving ranges >= 3.267 × average once and recomputes the average from the rest', () => {
    const chart = spc(series(y));
    close(chart.points[0]!.mean, 6.75);
    close(chart.points[0]!.lpl, 4.09);
    close(chart.points[0]!.upl, 9.41);
  });

  it('keeps every moving range when screening is off: limits 6.75 ∓ 2.66 × 37/11', () => {
    const chart = spc(series(y), { screenOutliers: false });
    close(chart.points[0]!.lpl, 6.75 - 8.947272727272727);
    close(chart.points[0]!.upl, 6.75 + 8.947272727272727);
  });

  it('flags 20 Above UCL; six points below the mean are no shift at run length 7', () => {
    const chart = spc(series(y));
    assert.equal(chart.points[6]!.special_cause_type, 'Above UCL');
    assert.equal(chart.points[6]!.point_type, 'special_cause_improvement');
    assert.deepEqual(
      types(chart.points).filter((t) => t !== 'Common Cause'),
      ['Above UCL'],
    );
  });

  it('sees the first six points (all below 6.75) as a shift at run length 6', () => {
    const chart = spc(series(y), { runLength: 6 });
    assert.deepEqual(types(chart.points), [
      ...new Array(6).fill('6 Points Below CL'),
      'Above UCL',
      ...new Array(5).fill('Common Cause'),
    ]);
    assert.equal(chart.points[0]!.point_type, 'special_cause_concern');
    assert.equal(chart.runLength, 6);
  });

  it('has no limits for a flat series (every moving range is 0 >= 0 and screened), only common cause', () => {
    const chart = spc(series(new Array(14).fill(5)));
    for (const p of chart.points) {
      assert.equal(p.mean, 5);
      assert.equal(p.lpl, null);
      assert.equal(p.upl, null);
      assert.equal(p.outside_limits, null);
      assert.equal(p.close_to_limits, null);
      assert.equal(p.relative_to_mean, 0);
      assert.equal(p.special_cause_type, 'Common Cause');
    }
  });

  it('has zero-width limits for a flat series without screening, and nothing outside them', () => {
    const chart = spc(series(new Array(14).fill(5)), { screenOutliers: false });
    assert.ok(chart.points.every((p) => p.lpl === 5 && p.upl === 5 && p.outside_limits === false));
  });
});

describe('a trend inside wide limits', () => {
  // y = 0 10 0 10 0 10 1 2 3 4 5 6 7 0. Sum 58, mean 4.142857.
  // Moving ranges 10 10 10 10 10 9 1 1 1 1 1 1 7 = 72 over 13 → 5.538; threshold 18.1, none screened.
  // Limits 4.142857 ∓ 14.73 → −10.59, 18.88; near limits ∓ 9.82 → nothing is close.
  // Sides: − + − + − + − − − − + + + −: at most 4 in a row, so no shift.
  // Points 7..13 (values 1..7) rise 6 times in a row: a 7-point trend.
  const y = [0, 10, 0, 10, 0, 10, 1, 2, 3, 4, 5, 6, 7, 0];

  it('labels the seven rising points as an increasing trend and nothing else', () => {
    const chart = spc(series(y));
    assert.deepEqual(types(chart.points), [
      ...new Array(6).fill('Common Cause'),
      ...new Array(7).fill('7 Point Trend (Increasing)'),
      'Common Cause',
    ]);
  });

  it('is not a trend when two neighbours tie (…3, 3…)', () => {
    const tied = [...y];
    tied[9] = 3;
    const chart = spc(series(tied));
    assert.ok(types(chart.points).every((t) => t === 'Common Cause'));
  });

  it('is a concern when lower is better and neutral_high with no direction', () => {
    assert.equal(
      spc(series(y), { improvementDirection: 'decrease' }).points[8]!.point_type,
      'special_cause_concern',
    );
    assert.equal(
      spc(series(y), { improvementDirection: 'neutral' }).points[8]!.point_type,
      'special_cause_neutral_high',
    );
    assert.equal(
      spc(series(y), { improvementDirection: 'increase' }).points[8]!.point_type,
      'special_cause_improvement',
    );
  });
});

describe('shift and two-in-three end to end', () => {
  it('flags 7 points above the mean, and not when the 4th sits exactly on the mean', () => {
    // y = 6 8 6 8 6 8 6 | 2 0 2 0 2 0 2: sum 48 + 8 = 56, mean exactly 4.
    // Moving ranges 2 ×6, 4, 2 ×6 = 28 over 13 → 2.1538; limits 4 ∓ 5.729 → −1.73, 9.73;
    // near limits 4 ∓ 3.819 → 0.181, 7.819: the 8s are close (above) and the 0s close (below), so
    // two-in-three fires on the 8s and 0s and the shift shows on the 6s and 2s.
    const y = [6, 8, 6, 8, 6, 8, 6, 2, 0, 2, 0, 2, 0, 2];
    const chart = spc(series(y));
    close(chart.points[0]!.mean, 4);
    close(chart.points[0]!.upl, 4 + 2.66 * (28 / 13));
    assert.deepEqual(types(chart.points), [
      '7 Points Above CL',
      '2 in 3 Above CL',
      '7 Points Above CL',
      '2 in 3 Above CL',
      '7 Points Above CL',
      '2 in 3 Above CL',
      '7 Points Above CL',
      '7 Points Below CL',
      '2 in 3 Below CL',
      '7 Points Below CL',
      '2 in 3 Below CL',
      '7 Points Below CL',
      '2 in 3 Below CL',
      '7 Points Below CL',
    ]);
    // Put the 4th point exactly on the mean (4) and lift the 11th to keep the mean at 4 (8 − 4 = 4
    // removed, so 0 → 4 added back on the other side): the run above is broken at both ends.
    const broken = [6, 8, 6, 4, 6, 8, 6, 2, 0, 2, 4, 2, 0, 2];
    const b = spc(series(broken));
    close(b.points[0]!.mean, 4);
    assert.ok(types(b.points).every((t) => !t!.startsWith('7 Points')));
  });
});

describe('rebase', () => {
  // Two copies of the 12-point worked example, the second shifted up by 10: each group on its own
  // has mean 13.5 (then 23.5) and limits ∓ 4.110909 (the moving ranges are the same).
  const base = [10, 12, 11, 13, 12, 14, 13, 15, 14, 16, 15, 17];
  const rows = series([...base, ...base.map((v) => v + 10)]);

  it('starts a new group at the rebase date, which is the first point of the new group', () => {
    const chart = spc(rows, { rebase: [month(12)] });
    assert.deepEqual(
      chart.points.map((p) => p.rebase_group),
      [...new Array(12).fill(0), ...new Array(12).fill(1)],
    );
    close(chart.points[11]!.mean, 13.5);
    close(chart.points[12]!.mean, 23.5);
    close(chart.points[12]!.lpl, 23.5 - 4.110909090909091);
    close(chart.points[12]!.upl, 23.5 + 4.110909090909091);
    assert.ok(chart.points.every((p) => p.special_cause_type === 'Common Cause'));
  });

  it('without a rebase sees the step as special cause', () => {
    const chart = spc(rows);
    assert.ok(chart.points.some((p) => p.special_cause_flag));
  });

  it('ignores rebase dates that are not in the data', () => {
    const chart = spc(rows, { rebase: ['2020-06-15', '2031-01-01'] });
    assert.ok(chart.points.every((p) => p.rebase_group === 0));
  });

  it('counts a rebase on the very first date as group 1, as a running sum does', () => {
    const chart = spc(rows, { rebase: [month(0), month(12)] });
    assert.equal(chart.points[0]!.rebase_group, 1);
    assert.equal(chart.points[23]!.rebase_group, 2);
  });

  it('accepts Date objects for rebase dates', () => {
    const chart = spc(rows, { rebase: [new Date(Date.UTC(2021, 0, 1))] });
    assert.equal(chart.points[12]!.rebase_group, 1);
  });

  it('rebases per facet when given facet → dates, leaving other facets alone', () => {
    const two = [...series(base.concat(base), 'A'), ...series(base.concat(base), 'B')];
    const chart = spc(two, { rebase: { B: [month(12)] } });
    const groups = (f: string) => chart.points.filter((p) => p.facet === f).map((p) => p.rebase_group);
    assert.ok(groups('A').every((g) => g === 0));
    assert.deepEqual(groups('B'), [...new Array(12).fill(0), ...new Array(12).fill(1)]);
  });
});

describe('fix after n points', () => {
  // The 12-point worked example followed by three 30s: fixed after 12, the mean and limits are those
  // of the first 12 (13.5, 9.389, 17.611) and the 30s are above the UCL.
  const y = [10, 12, 11, 13, 12, 14, 13, 15, 14, 16, 15, 17, 30, 30, 30];

  it('computes the mean and limits from the first n rows only', () => {
    const chart = spc(series(y), { fixAfterN: 12 });
    close(chart.points[14]!.mean, 13.5);
    close(chart.points[14]!.upl, 17.61090909090909);
    assert.deepEqual(
      chart.points.map((p) => p.fix_y),
      [...y.slice(0, 12), null, null, null],
    );
    assert.deepEqual(types(chart.points).slice(12), ['Above UCL', 'Above UCL', 'Above UCL']);
  });

  it('uses every row when not fixed', () => {
    const chart = spc(series(y));
    close(chart.points[0]!.mean, (162 + 90) / 15);
  });

  it('counts rows by position, missing ones included', () => {
    // Row 3 is missing, so the first 12 rows hold 11 values: 162 − 13 = 149 over 11.
    const gap: (number | null)[] = [...y];
    gap[3] = null;
    const chart = spc(series(gap), { fixAfterN: 12 });
    close(chart.points[0]!.mean, 149 / 11);
    assert.equal(chart.points[12]!.fix_y, null);
  });

  it('fixes each rebase group separately', () => {
    const chart = spc(series([...y, ...y]), { fixAfterN: 12, rebase: [month(15)] });
    close(chart.points[15]!.mean, 13.5);
    assert.equal(chart.points[27]!.fix_y, null);
  });
});

describe('facets', () => {
  const a = [10, 12, 11, 13, 12, 14, 13, 15, 14, 16, 15, 17];
  const b = [0, 10, 0, 10, 0, 10, 1, 2, 3, 4, 5, 6, 7, 0];

  it('charts each facet on its own, as if it were alone', () => {
    const chart = spc([...series(b, 'trend'), ...series(a, 'flat')]);
    const alone = (rows: SpcRow[]) =>
      spc(rows).points.map((p) => [p.mean, p.lpl, p.upl, p.special_cause_type]);
    const part = (f: string) =>
      chart.points.filter((p) => p.facet === f).map((p) => [p.mean, p.lpl, p.upl, p.special_cause_type]);
    assert.deepEqual(part('flat'), alone(series(a)));
    assert.deepEqual(part('trend'), alone(series(b)));
  });

  it('sorts facets in C-locale byte order (upper case before lower case, accents last), then by date', () => {
    const rows: SpcRow[] = [];
    for (const f of ['b', 'é', 'B', 'a', 'Z']) rows.push(...series([3, 1, 2], f).reverse());
    const chart = spc(rows);
    assert.deepEqual([...new Set(chart.points.map((p) => p.facet))], ['B', 'Z', 'a', 'b', 'é']);
    assert.deepEqual(
      chart.points.filter((p) => p.facet === 'a').map((p) => p.x),
      [month(0), month(1), month(2)],
    );
  });

  it('orders characters beyond the Basic Multilingual Plane after U+FFxx, as UTF-8 bytes do', () => {
    const chart = spc([...series([1], '\u{1F600}'), ...series([1], '\uFF21')]);
    assert.deepEqual(
      chart.points.map((p) => p.facet),
      ['\uFF21', '\u{1F600}'],
    );
  });

  it('allows the same date in different facets', () => {
    assert.doesNotThrow(() => spc([...series([1, 2], 'x'), ...series([1, 2], 'y')]));
  });
});

describe('missing values (a Fairview deliberate difference)', () => {
  // The worked example with a gap after the 5th point (13 rows):
  // values 10 12 11 13 12 _ 14 13 15 14 16 15 17: sum 162 over 12 values, mean 13.5.
  // Moving ranges 2 1 2 1 [_ _] 1 2 1 2 1 2 (the two next to the gap are missing) = 15 over 10 = 1.5.
  // Limits 13.5 ∓ 2.66 × 1.5 = 13.5 ∓ 3.99 → 9.51, 17.49; near 13.5 ∓ 2.66 → 10.84, 16.16.
  const y = [10, 12, 11, 13, 12, null, 14, 13, 15, 14, 16, 15, 17];

  it('never raises an error and computes the limits over the values present', () => {
    const chart = spc(series(y));
    close(chart.points[0]!.mean, 13.5);
    close(chart.points[0]!.lpl, 9.51);
    close(chart.points[0]!.upl, 17.49);
    assert.deepEqual(
      chart.points.map((p) => p.close_to_limits),
      [true, false, false, false, false, null, false, false, false, false, false, false, true],
    );
  });

  it('keeps the missing point at its date with the group mean and limits but no verdict', () => {
    const p = spc(series(y)).points[5]!;
    assert.equal(p.x, month(5));
    assert.equal(p.y, null);
    assert.equal(p.fix_y, null);
    close(p.mean, 13.5);
    close(p.upl, 17.49);
    for (const field of [
      'outside_limits',
      'relative_to_mean',
      'close_to_limits',
      'special_cause_type',
      'special_cause_flag',
      'point_type',
    ] as const) {
      assert.equal(p[field], null, field);
    }
  });

  it('skips a missing point inside a trend instead of failing (R errors here)', () => {
    // The trend example with a gap between 3 and 4: the six present values 1 2 3 4 5 6 7 still rise
    // seven times in a row once the gap is skipped.
    const trend: (number | null)[] = [0, 10, 0, 10, 0, 10, 1, 2, 3, null, 4, 5, 6, 7, 0];
    const chart = spc(series(trend));
    assert.deepEqual(types(chart.points), [
      ...new Array(6).fill('Common Cause'),
      ...new Array(3).fill('7 Point Trend (Increasing)'),
      null,
      ...new Array(4).fill('7 Point Trend (Increasing)'),
      'Common Cause',
    ]);
  });

  it('skips a missing point inside a shift', () => {
    // 6 8 6 8 _ 6 8 6 | 2 0 2 0 2 0 2: seven present values above the mean on each side of the gap.
    const shift = [6, 8, 6, 8, null, 6, 8, 6, 2, 0, 2, 0, 2, 0, 2];
    const chart = spc(series(shift));
    const labels = types(chart.points);
    assert.equal(labels[4], null);
    assert.equal(labels[0], '7 Points Above CL');
    assert.equal(labels[7], '7 Points Above CL');
  });

  it('handles a group with no values at all', () => {
    const chart = spc(series([null, null, null]));
    assert.ok(chart.points.every((p) => p.mean === null && p.lpl === null && p.special_cause_type === null));
  });

  it('handles a single value (no moving range, so no limits)', () => {
    const chart = spc(series([4]));
    assert.equal(chart.points[0]!.mean, 4);
    assert.equal(chart.points[0]!.upl, null);
    assert.equal(chart.points[0]!.special_cause_type, 'Common Cause');
  });

  it('returns an empty chart for no rows', () => {
    assert.deepEqual(spc([]).points, []);
  });
});

describe('targets on points', () => {
  const rows = [...series([1, 2, 3], 'a'), ...series([1, 2, 3], 'b')];

  it('puts a single target on every row', () => {
    assert.ok(spc(rows, { target: 2.5 }).points.every((p) => p.target === 2.5));
  });

  it('joins a per-facet target by facet, leaving other facets without one', () => {
    const chart = spc(rows, { target: { b: 7 } });
    assert.deepEqual(
      chart.points.map((p) => p.target),
      [null, null, null, 7, 7, 7],
    );
    assert.equal(chart.hasTarget, true);
  });
});

describe('input errors name the row and field', () => {
  function throws(f: () => unknown, row: number | null, field: string, message: RegExp): void {
    assert.throws(f, (e: unknown) => {
      assert.ok(e instanceof StatsInputError, 'a StatsInputError');
      assert.equal(e.row, row);
      assert.equal(e.field, field);
      assert.match(e.message, message);
      return true;
    });
  }
  const ok = series([1, 2, 3, 4]);

  it('rejects a duplicate date within a facet, naming the second row', () => {
    throws(() => spc([...ok, { value: 5, date: month(1) }]), 4, 'date', /duplicate date 2020-02-01/);
    throws(
      () => spc([...series([1, 2], 'a'), { value: 5, date: month(0), facet: 'a' }]),
      2,
      'date',
      /facet 'a'/,
    );
  });

  it('treats a Date and the same ISO day as the same date', () => {
    throws(() => spc([...ok, { value: 5, date: new Date(Date.UTC(2020, 0, 1)) }]), 4, 'date', /duplicate/);
  });

  it('rejects dates that are not dates', () => {
    throws(() => spc([{ value: 1, date: '2020-02-30' }]), 0, 'date', /not a date/);
    throws(() => spc([...ok, { value: 1, date: '01/02/2020' }]), 4, 'date', /YYYY-MM-DD/);
    throws(() => spc([{ value: 1, date: new Date('nonsense') }]), 0, 'date', /invalid Date/);
    throws(() => spc([{ value: 1, date: 20200101 } as unknown as SpcRow]), 0, 'date', /must be a date/);
  });

  it('knows leap years and early years', () => {
    assert.doesNotThrow(() =>
      spc([
        { value: 1, date: '2020-02-29' },
        { value: 1, date: '2000-02-29' },
      ]),
    );
    throws(() => spc([{ value: 1, date: '2021-02-29' }]), 0, 'date', /not a date/);
    throws(() => spc([{ value: 1, date: '1900-02-29' }]), 0, 'date', /not a date/);
    // Years below 100 are years, not 19xx: 0099 sorts before 1999.
    const chart = spc([
      { value: 1, date: '1999-01-01' },
      { value: 2, date: '0099-01-01' },
    ]);
    assert.deepEqual(
      chart.points.map((p) => p.x),
      ['0099-01-01', '1999-01-01'],
    );
  });

  it('writes a Date at UTC midnight as YYYY-MM-DD and any other instant in full', () => {
    const chart = spc([
      { value: 1, date: new Date(Date.UTC(2020, 0, 1)) },
      { value: 2, date: new Date(Date.UTC(2020, 0, 1, 12)) },
    ]);
    assert.deepEqual(
      chart.points.map((p) => p.x),
      ['2020-01-01', '2020-01-01T12:00:00.000Z'],
    );
  });

  it('rejects values that are not numbers', () => {
    throws(() => spc([{ value: '3' } as unknown as SpcRow]), 0, 'value', /not a number/);
    throws(() => spc([...ok, { value: Number.NaN, date: month(9) }]), 4, 'value', /not a number/);
    throws(() => spc([{ value: Number.POSITIVE_INFINITY, date: month(9) }]), 0, 'value', /not a number/);
  });

  it('rejects fix after n points below 12', () => {
    throws(() => spc(ok, { fixAfterN: 11 }), null, 'fixAfterN', />= 12/);
    assert.doesNotThrow(() => spc(ok, { fixAfterN: 12 }));
  });

  it('rejects rebase and target names that are not facets', () => {
    const rows = [...series([1, 2], 'a'), ...series([1, 2], 'b')];
    throws(() => spc(rows, { rebase: { c: [month(1)] } }), null, 'rebase', /not in the data: c/);
    throws(() => spc(rows, { target: { a: 1, z: 2 } }), null, 'target', /not in the data: z/);
    throws(() => spc(ok, { target: { a: 1 } }), null, 'target', /not in the data: a/);
  });

  it('rejects a bad rebase date, run length, direction or target', () => {
    throws(() => spc(ok, { rebase: ['2020-13-01'] }), null, 'rebase', /not a date/);
    throws(() => spc(ok, { runLength: 5 as 6 }), null, 'runLength', /6 or 7/);
    throws(
      () => spc(ok, { improvementDirection: 'up' } as unknown as SpcOptions),
      null,
      'improvementDirection',
      /increase/,
    );
    throws(() => spc(ok, { target: Number.NaN }), null, 'target', /finite/);
  });

  it('rejects a facet given on some rows but not others', () => {
    throws(() => spc([...series([1], 'a'), { value: 2, date: month(3) }]), 1, 'facet', /missing/);
  });
});

describe('agreement with the published NHSRplotthedots test snapshot', () => {
  // tests/testthat/_snaps/ptd_spc_standard.md of NHSRplotthedots 0.2.x prints, to 7 significant
  // digits, the limits for x = 2020-01-02 … 2020-01-21 and y = rnorm(20) after set.seed(123)
  // (values below as R prints them, to 8 decimals): r1 as is; r2 with y[15] = 10 (screened);
  // r3 the same unscreened.
  const y = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621, -1.26506123,
    -0.68685285, -0.44566197, 1.2240818, 0.35981383, 0.40077145, 0.11068272, -0.55584113, 1.78691314,
    0.49785048, -1.96661716, 0.7013559, -0.47279168,
  ];
  const rows = (v: number[]) => v.map((value, i) => ({ value, date: new Date(Date.UTC(2020, 0, 2 + i)) }));
  const y2 = [...y];
  y2[14] = 10;

  for (const [name, values, screenOutliers, mean, lpl, upl] of [
    ['r1', y, true, 0.1416238, -3.01138, 3.294627],
    ['r2', y2, true, 0.6694159, -2.383666, 3.722497],
    ['r3', y2, false, 0.6694159, -4.596625, 5.935457],
  ] as const) {
    it(`reproduces ${name}: mean ${mean}, limits ${lpl} … ${upl}`, () => {
      const chart = spc(rows([...values]), { screenOutliers });
      close(chart.points[0]!.mean, mean, 1e-6);
      close(chart.points[0]!.lpl, lpl, 1e-6);
      close(chart.points[0]!.upl, upl, 1e-6);
    });
  }

  it('finds y[18] = -1.9666 close to the lower limit in r1 (near limit by hand: 0.14162 − 1.77333 × 1.18534 = −1.96041)', () => {
    const p = spc(rows(y)).points[17]!;
    assert.equal(p.y, -1.96661716);
    assert.equal(p.close_to_limits, true);
    assert.equal(p.special_cause_type, 'Common Cause');
  });

  it('reproduces the printed sides of the mean for r1 and r2', () => {
    assert.deepEqual(
      spc(rows(y))
        .points.slice(0, 15)
        .map((p) => p.relative_to_mean),
      [-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1],
    );
    assert.deepEqual(
      spc(rows(y2))
        .points.slice(0, 14)
        .map((p) => p.relative_to_mean),
      [-1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, -1, -1],
    );
  });
});
