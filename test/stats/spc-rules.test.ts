/**
 * The special-cause rules on their own, one rule at a time, each shown firing and not firing, with
 * the run length at the reference's 7 and at Making Data Count's 6. The inputs are short enough to
 * check by eye: each expectation is read straight off the rule text in spec section 5.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  partOfRun,
  pointTypeOf,
  type RuleInput,
  type Side,
  shiftSigns,
  specialCauseTypes,
  trendDirections,
  trendSigns,
  twoInThree,
} from '../../src/stats/spc-rules.ts';

const list = (t: Int8Array) => [...t];

describe('trend (T_i over successive differences)', () => {
  it('marks the 7th point of 7 strictly rising points and nothing before it', () => {
    assert.deepEqual(list(trendSigns([1, 2, 3, 4, 5, 6, 7], 7)), [0, 0, 0, 0, 0, 0, 1]);
  });

  it('marks a falling run with -1 and keeps marking while the run continues', () => {
    assert.deepEqual(list(trendSigns([9, 8, 7, 6, 5, 4, 3, 2], 7)), [0, 0, 0, 0, 0, 0, -1, -1]);
  });

  it('does not fire on 6 rising points when the run length is 7', () => {
    assert.deepEqual(list(trendSigns([1, 2, 3, 4, 5, 6], 7)), [0, 0, 0, 0, 0, 0]);
  });

  it('fires on 6 rising points when the run length is 6 (5 differences)', () => {
    assert.deepEqual(list(trendSigns([1, 2, 3, 4, 5, 6], 6)), [0, 0, 0, 0, 0, 1]);
  });

  it('is broken by a tie: two equal neighbours are neither rising nor falling', () => {
    assert.deepEqual(list(trendSigns([1, 2, 3, 3, 4, 5, 6, 7], 7)), [0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('is broken by a single step the other way', () => {
    assert.deepEqual(list(trendSigns([1, 2, 3, 2, 4, 5, 6, 7], 7)).includes(1), false);
  });
});

describe('part of a run (a run ends at any of points i … i + runLength − 1)', () => {
  it('marks the run-end and the runLength − 1 points before it', () => {
    const ends = Int8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    assert.deepEqual(partOfRun(ends, 7), [false, false, true, true, true, true, true, true, true, false]);
  });

  it('marks a run ending on the last point back to its start', () => {
    assert.deepEqual(partOfRun(Int8Array.from([0, 0, 0, -1]), 3), [false, true, true, true]);
  });
});

describe('shift (runLength points in a row on one side of the mean)', () => {
  it('fires on the 7th of 7 points above the mean', () => {
    assert.deepEqual(list(shiftSigns([1, 1, 1, 1, 1, 1, 1], 7)), [0, 0, 0, 0, 0, 0, 1]);
  });

  it('fires below the mean with -1', () => {
    assert.deepEqual(list(shiftSigns([-1, -1, -1, -1, -1, -1, -1, -1], 7)), [0, 0, 0, 0, 0, 0, -1, -1]);
  });

  it('does not fire on 6 points when the run length is 7, but does when it is 6', () => {
    const side: Side[] = [1, 1, 1, 1, 1, 1];
    assert.deepEqual(list(shiftSigns(side, 7)), [0, 0, 0, 0, 0, 0]);
    assert.deepEqual(list(shiftSigns(side, 6)), [0, 0, 0, 0, 0, 1]);
  });

  it('is broken by a point exactly on the mean', () => {
    assert.deepEqual(list(shiftSigns([1, 1, 1, 0, 1, 1, 1, 1], 7)), [0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('is broken by a point with no mean (null)', () => {
    assert.deepEqual(list(shiftSigns([1, 1, 1, null, 1, 1, 1, 1], 7)), [0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('is broken by a point on the other side', () => {
    assert.deepEqual(list(shiftSigns([1, 1, 1, -1, 1, 1, 1, 1], 7)).includes(1), false);
  });
});

describe('two in three', () => {
  it('flags the two close points of a same-side window of three, not the one in between', () => {
    assert.deepEqual(twoInThree([true, false, true], [1, 1, 1]), [true, false, true]);
  });

  it('needs all three points of the window on the same side', () => {
    assert.deepEqual(twoInThree([true, false, true], [1, -1, 1]), [false, false, false]);
    assert.deepEqual(twoInThree([true, true, false], [1, 1, 0]), [false, false, false]);
  });

  it('does not fire on one close point in every window', () => {
    assert.deepEqual(twoInThree([true, false, false, true], [1, 1, 1, 1]), [false, false, false, false]);
  });

  it('does not count windows that run past the ends of the group', () => {
    assert.deepEqual(twoInThree([true, true], [-1, -1]), [false, false]);
  });

  it('finds the window on either side of the point', () => {
    // Point 2 is close; window (0,1,2) has only it close, window (2,3,4) has 2 and 3 close.
    const close = [false, false, true, true, false];
    assert.deepEqual(twoInThree(close, [1, 1, -1, -1, -1]), [false, false, true, true, false]);
  });

  it('treats unknown closeness (no limits) as not close', () => {
    assert.deepEqual(twoInThree([null, null, null], [1, 1, 1]), [false, false, false]);
  });
});

describe('trend direction', () => {
  it('looks to the next point when this and the next are both part of a trend', () => {
    // Up 7 then down 7 sharing the peak (value 7): the peak is followed by a trend point, so its
    // direction is the step to the next point, downwards.
    const y = [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1];
    const part = partOfRun(trendSigns(y, 7), 7);
    assert.deepEqual(part, new Array(13).fill(true));
    const dir = trendDirections(y, part);
    assert.deepEqual(dir, [1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1]);
  });

  it('names a flat step between two trends "Decreasing", as the reference does (sign 0 is not 1)', () => {
    // 1…7 rises, then 7 7 is a tie, then 7…1 falls: the first 7 ends the rise and the next point
    // starts the fall, so its direction is the tie to the next point, 0.
    const y = [1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1];
    const none = new Array(14).fill(false);
    const types = specialCauseTypes({ y, side: new Array(14).fill(0), close: none, outside: none }, 7);
    assert.equal(types[5], '7 Point Trend (Increasing)');
    assert.equal(types[6], '7 Point Trend (Decreasing)');
    assert.equal(types[7], '7 Point Trend (Decreasing)');
  });

  it('looks back to the previous point at the end of a trend', () => {
    const y = [1, 2, 3, 4, 5, 6, 7, 0];
    const part = partOfRun(trendSigns(y, 7), 7);
    assert.deepEqual(trendDirections(y, part).slice(0, 7), [1, 1, 1, 1, 1, 1, 1]);
  });
});

describe('special cause type: labels and precedence', () => {
  const input = (y: number[], side: Side[], close: boolean[], outside: boolean[]): RuleInput => ({
    y,
    side,
    close,
    outside,
  });

  it('labels a point outside the limits Above UCL / Below LCL before anything else', () => {
    // Points 0..6 rise (a trend) and are all above the mean; point 6 is also above the UCL.
    const y = [1, 2, 3, 4, 5, 6, 7];
    const types = specialCauseTypes(
      input(
        y,
        [1, 1, 1, 1, 1, 1, 1],
        [false, false, false, false, true, true, false],
        [false, false, false, false, false, false, true],
      ),
      7,
    );
    assert.equal(types[6], 'Above UCL');
    // Trend beats two-in-three (points 4, 5) and shift (all seven).
    assert.deepEqual(types.slice(0, 6), new Array(6).fill('7 Point Trend (Increasing)'));
    const below = specialCauseTypes(input([5], [-1], [false], [true]), 7);
    assert.deepEqual(below, ['Below LCL']);
  });

  it('prefers two-in-three over a shift', () => {
    // Seven points below the mean, not trending, the 3rd and 4th close to the lower limit.
    const y = [3, 2, 1, 1, 2, 3, 2];
    const types = specialCauseTypes(
      input(
        y,
        [-1, -1, -1, -1, -1, -1, -1],
        [false, false, true, true, false, false, false],
        new Array(7).fill(false),
      ),
      7,
    );
    assert.deepEqual(types, [
      '7 Points Below CL',
      '7 Points Below CL',
      '2 in 3 Below CL',
      '2 in 3 Below CL',
      '7 Points Below CL',
      '7 Points Below CL',
      '7 Points Below CL',
    ]);
  });

  it('names the run length it was given', () => {
    const y = [1, 2, 3, 4, 5, 6];
    const side: Side[] = [1, 1, 1, 1, 1, 1];
    const none = new Array(6).fill(false);
    assert.deepEqual(
      specialCauseTypes(input(y, side, none, none), 6),
      new Array(6).fill('6 Point Trend (Increasing)'),
    );
    const flat = [2, 1, 2, 1, 2, 1];
    assert.deepEqual(
      specialCauseTypes(input(flat, side, none, none), 6),
      new Array(6).fill('6 Points Above CL'),
    );
    assert.deepEqual(specialCauseTypes(input(flat, side, none, none), 7), new Array(6).fill('Common Cause'));
  });

  it('says Common Cause when no rule fires, and treats unknown (null) tests as false', () => {
    const types = specialCauseTypes(
      { y: [1, 2, 1], side: [null, null, null], close: [null, null, null], outside: [null, null, null] },
      7,
    );
    assert.deepEqual(types, ['Common Cause', 'Common Cause', 'Common Cause']);
  });
});

describe('point type by improvement direction', () => {
  it('reads Above/Increasing as high and Below/Decreasing as low', () => {
    assert.equal(pointTypeOf('Above UCL', 'increase'), 'special_cause_improvement');
    assert.equal(pointTypeOf('7 Point Trend (Increasing)', 'increase'), 'special_cause_improvement');
    assert.equal(pointTypeOf('2 in 3 Below CL', 'increase'), 'special_cause_concern');
    assert.equal(pointTypeOf('7 Point Trend (Decreasing)', 'increase'), 'special_cause_concern');
  });

  it('turns round for decrease', () => {
    assert.equal(pointTypeOf('Above UCL', 'decrease'), 'special_cause_concern');
    assert.equal(pointTypeOf('6 Points Below CL', 'decrease'), 'special_cause_improvement');
  });

  it('gives neutral high / low with no judgement', () => {
    assert.equal(pointTypeOf('Above UCL', 'neutral'), 'special_cause_neutral_high');
    assert.equal(pointTypeOf('7 Point Trend (Decreasing)', 'neutral'), 'special_cause_neutral_low');
    assert.equal(pointTypeOf('Common Cause', 'neutral'), 'common_cause');
  });

  it('gives common cause for Common Cause in every direction', () => {
    assert.equal(pointTypeOf('Common Cause', 'increase'), 'common_cause');
    assert.equal(pointTypeOf('Common Cause', 'decrease'), 'common_cause');
  });
});
