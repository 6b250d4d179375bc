// The indicator expression language: sums of named fact series, parsed (never evaluated as code).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ExpressionError,
  formatExpression,
  parseExpression,
  splitRatio,
} from '../../src/domain/indicators/expression.ts';
import { normalisePeriod, periodEndDate } from '../../src/domain/indicators/periods.ts';

describe('Indicator expressions', () => {
  it('parses a sum and difference of fact series', () => {
    assert.deepEqual(
      parseExpression('qof_prevalence.register[CHD] + qof_prevalence.register[STIA] - list_size'),
      [
        { sign: 1, ref: { series: 'qof_prevalence.register', key: 'CHD' } },
        { sign: 1, ref: { series: 'qof_prevalence.register', key: 'STIA' } },
        { sign: -1, ref: { series: 'list_size', key: null } },
      ],
    );
    assert.deepEqual(parseExpression('indicator_value.count[91547]'), [
      { sign: 1, ref: { series: 'indicator_value.count', key: 91547 } },
    ]);
  });

  it('writes an expression back in one canonical form, so spacing is not a new version', () => {
    assert.equal(
      formatExpression(parseExpression('  qof_prevalence.register[AF]+local_value.numerator[X]  ')),
      'qof_prevalence.register[AF] + local_value.numerator[X]',
    );
  });

  it('refuses anything but fact series, + and −, naming the position', () => {
    const cases: [string, RegExp][] = [
      ['', /expected a fact series at character 1/],
      ['process.exit()', /unknown fact series 'process.exit'/],
      ['qof_prevalence.register', /needs a key in brackets/],
      ['list_size[AF]', /list_size takes no \[key\] at character 1/],
      ['indicator_value.count[abc]', /needs a Fingertips indicator number/],
      ['list_size * 2', /unexpected '\*' at character 11/],
      ['list_size +', /expected a fact series after the sign/],
      ['list_size list_size', /expected \+ or −, found 'list_size' at character 11/],
      ['- list_size', /cannot start with −/],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => parseExpression(text),
        (e: unknown) => e instanceof ExpressionError && message.test(e.message),
        text,
      );
    }
  });

  it('splits "numerator / denominator" at its one slash', () => {
    assert.deepEqual(splitRatio('qof_prevalence.register[AF] / qof_prevalence.list[AF]'), {
      numerator: 'qof_prevalence.register[AF]',
      denominator: 'qof_prevalence.list[AF]',
    });
    assert.throws(() => splitRatio('a / b / c'), ExpressionError);
  });
});

describe('Periods', () => {
  it('normalises what publishers write, by period type', () => {
    assert.equal(normalisePeriod('2016/17', 'financial_year'), '2016-17');
    assert.equal(normalisePeriod('201617', 'financial_year'), '2016-17');
    assert.equal(normalisePeriod('2016-18', 'financial_year'), null);
    assert.equal(normalisePeriod('2023 Q2', 'quarter'), '2023-Q2');
    assert.equal(normalisePeriod('2011-12', 'month'), '2011-12');
  });

  it('ends a financial year on 31 March, a quarter and a month on their last day', () => {
    assert.equal(periodEndDate('2016-17', 'financial_year'), '2017-03-31');
    assert.equal(periodEndDate('2024-Q1', 'quarter'), '2024-03-31');
    assert.equal(periodEndDate('2024-02', 'month'), '2024-02-29');
    assert.equal(periodEndDate('2011-12', 'month'), '2011-12-31');
    assert.equal(periodEndDate('2011-12', 'financial_year'), '2012-03-31');
  });
});
