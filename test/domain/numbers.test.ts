// Numbers read from files (plain decimals only) and written for people (en-GB, kept formatters).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decimalPlaces, formatEnGB, parseDecimal } from '../../src/domain/numbers.ts';

describe('parseDecimal', () => {
  it('reads plain decimals and refuses hex, exponents and words', () => {
    assert.equal(parseDecimal(' 12 '), 12);
    assert.equal(parseDecimal('+4.50'), 4.5);
    assert.equal(parseDecimal('.5'), 0.5);
    for (const t of ['0x10', '1e23', '0b11', 'Infinity', '', ' ', '1,234'])
      assert.equal(parseDecimal(t), null, t);
    assert.equal(parseDecimal('1,234,567.89', { thousands: true }), 1234567.89);
    assert.equal(decimalPlaces('557.86'), 2);
    assert.equal(decimalPlaces('113.0'), 0);
  });
});

describe('formatEnGB', () => {
  it('writes what toLocaleString writes, for every option set the pages use', () => {
    const options = [
      {},
      { maximumFractionDigits: 0 },
      { maximumFractionDigits: 1 },
      { minimumFractionDigits: 2, maximumFractionDigits: 2 },
      { minimumFractionDigits: 0, maximumFractionDigits: 2 },
      { minimumFractionDigits: 3, maximumFractionDigits: 3 },
    ];
    const values = [0, -0.005, 0.125, 1.005, 12.5, 999.995, 1234.5678, -98765.4321, 1e9 + 0.5];
    for (const o of options)
      for (const v of values)
        assert.equal(formatEnGB(v, o), v.toLocaleString('en-GB', o), `${v} ${JSON.stringify(o)}`);
  });

  it('keeps one formatter per option set (the same answer on the second call)', () => {
    const o = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
    assert.equal(formatEnGB(1234.56, o), '1,234.6');
    assert.equal(formatEnGB(1234.56, o), '1,234.6');
  });
});
