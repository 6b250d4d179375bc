// The one money formatter (src/domain/money.ts): what a finance lead reads on every page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPounds, formatRate } from '../../src/domain/money.ts';

describe('Money for people: £843,750.00', () => {
  const table: [number | null, string][] = [
    [843750, '£843,750.00'],
    [14089.73, '£14,089.73'],
    [5203.805, '£5,203.81'],
    [0, '£0.00'],
    [0.004, '£0.00'],
    [-12.5, '−£12.50'],
    [-0.004, '£0.00'],
    [1234567.891, '£1,234,567.89'],
    [999.995, '£1,000.00'],
    [null, ''],
  ];
  for (const [amount, expected] of table)
    it(`${amount} → ${expected === '' ? '(blank)' : expected}`, () =>
      assert.equal(formatPounds(amount), expected));

  it('writes rates with the decimals they have, at least two', () => {
    assert.equal(formatRate(213.43), '£213.43');
    assert.equal(formatRate(0.6), '£0.60');
    assert.equal(formatRate(5), '£5');
    assert.equal(formatRate(1500), '£1,500');
  });
});
