import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  confidenceLabel,
  confidenceLevels,
  levelKey,
  limitColumns,
  limitsAsColumns,
  zFor,
} from '../../src/stats/confidence.ts';
import { StatsInputError } from '../../src/stats/errors.ts';

describe('confidence levels', () => {
  it('accepts fractions and percentages for one level', () => {
    assert.deepEqual(confidenceLevels(95), [0.95]);
    assert.deepEqual(confidenceLevels(0.95), [0.95]);
    assert.deepEqual(confidenceLevels(99.8), [0.998]);
    assert.deepEqual(confidenceLevels([0.9]), [0.9]);
    assert.deepEqual(confidenceLevels(1), [1]);
  });

  it('accepts the pair 95% and 99.8% only, in either order and either scale', () => {
    assert.deepEqual(confidenceLevels([95, 99.8]), [0.95, 0.998]);
    assert.deepEqual(confidenceLevels([0.998, 0.95]), [0.95, 0.998]);
  });

  it('treats null as "value only"', () => {
    assert.deepEqual(confidenceLevels(null), []);
    assert.equal(confidenceLabel([]), null);
  });

  it('rejects levels outside [0.9, 1] and [90, 100] with R’s message', () => {
    for (const bad of [0.8, 89, 101, 5, Number.NaN]) {
      assert.throws(
        () => confidenceLevels(bad),
        (e: unknown) =>
          e instanceof StatsInputError &&
          e.message === 'confidence level must be between 90 and 100 or between 0.9 and 1' &&
          e.row === null &&
          e.field === 'confidence',
      );
    }
  });

  it('rejects any other pair, and more than two levels', () => {
    for (const bad of [
      [0.9, 0.95],
      [0.95, 0.99],
      [0.95, 0.998, 0.999],
    ]) {
      assert.throws(() => confidenceLevels(bad), {
        message: 'two confidence levels can only be assigned as 0.95 and 0.998',
      });
    }
  });

  it('names columns lower_95, upper_95, lower_99_8, upper_99_8', () => {
    assert.equal(levelKey(0.95), '95');
    assert.equal(levelKey(0.998), '99_8');
    assert.deepEqual(limitColumns([0.95, 0.998]), ['lower_95', 'upper_95', 'lower_99_8', 'upper_99_8']);
    assert.deepEqual(limitsAsColumns([{ level: 0.998, key: '99_8', lower: 1, upper: null }]), {
      lower_99_8: 1,
      upper_99_8: null,
    });
  });

  it('labels levels as R does', () => {
    assert.equal(confidenceLabel([0.95, 0.998]), '95%, 99.8%');
    assert.equal(confidenceLabel([0.998]), '99.8%');
  });

  it('uses z = qnorm(conf + (1 − conf)/2)', () => {
    assert.equal(zFor(0.95), 1.9599639845400536);
    assert.equal(zFor(0.998), 3.090232306167813);
  });
});
