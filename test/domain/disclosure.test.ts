/**
 * Statistical disclosure control (src/domain/disclosure/): no published figure reveals a count of 1–7,
 * neither directly, nor by rounding, nor by subtracting the other figures of a row or column from its
 * total. Properties over random tables (fast-check), with small counts made common on purpose.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  DEFAULT_DISCLOSURE_RULE,
  type DisclosureRule,
  describeRule,
  type PublishedCount,
  protectTable,
  publishCount,
  publishDerived,
  roundCount,
} from '../../src/domain/disclosure/index.ts';

const count = fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 400 }));
const tableArb = fc
  .record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 5 }) })
  .chain(({ rows, cols }) =>
    fc.record({
      cells: fc.array(fc.array(count, { minLength: cols, maxLength: cols }), {
        minLength: rows,
        maxLength: rows,
      }),
      rowTotals: fc.boolean(),
      columnTotals: fc.boolean(),
    }),
  );
const ruleArb = fc.record({
  suppressFrom: fc.constant(1),
  suppressTo: fc.integer({ min: 3, max: 10 }),
  roundTo: fc.constantFrom(1, 5, 10),
  zeroIsDisclosive: fc.boolean(),
});

function isSuppressed(c: PublishedCount | null): boolean {
  return c?.kind === 'suppressed';
}

/** Every published line with its total, as lists of published figures (total last). */
function lines(
  t: ReturnType<typeof protectTable>,
  rowTotals: boolean,
  columnTotals: boolean,
): PublishedCount[][] {
  const out: PublishedCount[][] = [];
  const cols = t.cells[0]?.length ?? 0;
  if (rowTotals) {
    for (const [r, row] of t.cells.entries()) out.push([...row, t.rowTotals[r]!]);
    if (columnTotals) out.push([...t.columnTotals, t.grandTotal!]);
  }
  if (columnTotals) {
    for (let c = 0; c < cols; c++) out.push([...t.cells.map((row) => row[c]!), t.columnTotals[c]!]);
    if (rowTotals) out.push([...t.rowTotals, t.grandTotal!]);
  }
  return out;
}

describe('disclosure control of a single count', () => {
  it('suppresses 1 to 7 and rounds everything else to the nearest 5 by default', () => {
    const shown = [0, 1, 7, 8, 12, 13, 102].map((n) => publishCount(DEFAULT_DISCLOSURE_RULE, n));
    assert.deepEqual(shown, [
      { kind: 'shown', value: 0 },
      { kind: 'suppressed' },
      { kind: 'suppressed' },
      { kind: 'shown', value: 10 },
      { kind: 'shown', value: 10 },
      { kind: 'shown', value: 15 },
      { kind: 'shown', value: 100 },
    ]);
  });

  it('shows 0 by default and suppresses it when the rule says zero is disclosive', () => {
    assert.deepEqual(publishCount(DEFAULT_DISCLOSURE_RULE, 0), { kind: 'shown', value: 0 });
    const strict: DisclosureRule = { ...DEFAULT_DISCLOSURE_RULE, zeroIsDisclosive: true };
    assert.deepEqual(publishCount(strict, 0), { kind: 'suppressed' });
  });

  it('never rounds a count of 8 or more down into the suppressed range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 100_000 }), (n) => {
        const v = roundCount(DEFAULT_DISCLOSURE_RULE, n);
        assert.ok(v >= 10 && v % 5 === 0 && Math.abs(v - n) <= 2.5);
      }),
    );
  });

  it('hides a percentage whose count is suppressed', () => {
    const numerator = publishCount(DEFAULT_DISCLOSURE_RULE, 3);
    const denominator = publishCount(DEFAULT_DISCLOSURE_RULE, 120);
    assert.equal(publishDerived(3 / 120, [numerator, denominator]), null);
    assert.equal(publishDerived(60 / 120, [publishCount(DEFAULT_DISCLOSURE_RULE, 60), denominator]), 0.5);
    assert.equal(publishDerived(Number.NaN, [denominator]), null);
  });

  it('describes the rule in plain English', () => {
    const text = describeRule(DEFAULT_DISCLOSURE_RULE);
    assert.match(text, /from 1 to 7 are not shown/);
    assert.match(text, /rounded to the nearest 5/);
    assert.match(text, /subtracting/);
  });
});

describe('disclosure control of a table with totals', () => {
  it('suppresses a second cell in a row whose only small cell is suppressed', () => {
    const t = protectTable(DEFAULT_DISCLOSURE_RULE, {
      cells: [[3, 40, 12]],
      rowTotals: true,
      columnTotals: false,
    });
    assert.deepEqual(
      t.cells[0]!.map((c) => c.kind),
      ['suppressed', 'shown', 'suppressed'],
    );
    assert.deepEqual(t.rowTotals[0], { kind: 'shown', value: 55 });
  });

  it('suppresses the total when a line has no other cell to hide', () => {
    const t = protectTable(DEFAULT_DISCLOSURE_RULE, {
      cells: [[4], [50]],
      rowTotals: true,
      columnTotals: true,
    });
    assert.equal(t.rowTotals[0]!.kind, 'suppressed');
    // Column: 4 and its row total are hidden; the column total 54 alone with 50 would give 4 back, so a
    // further figure in the column is hidden too.
    const column = [t.cells[0]![0]!, t.cells[1]![0]!, t.columnTotals[0]!];
    assert.notEqual(column.filter(isSuppressed).length, 1);
  });

  it('prefers a non-zero cell over a zero as the second cell to hide', () => {
    const t = protectTable(DEFAULT_DISCLOSURE_RULE, {
      cells: [[2, 0, 30, 25]],
      rowTotals: true,
      columnTotals: false,
    });
    assert.deepEqual(
      t.cells[0]!.map((c) => c.kind),
      ['suppressed', 'shown', 'shown', 'suppressed'],
    );
  });

  it('never shows a count from the suppressed range, and every shown count is a multiple of the rounding base', () => {
    fc.assert(
      fc.property(ruleArb, tableArb, (rule, table) => {
        const t = protectTable(rule, table);
        const all = [
          ...t.cells.flat(),
          ...t.rowTotals,
          ...t.columnTotals,
          ...(t.grandTotal ? [t.grandTotal] : []),
        ];
        for (const c of all) {
          if (c.kind !== 'shown') continue;
          assert.ok(c.value === 0 || c.value > rule.suppressTo, `shown ${c.value}`);
          assert.equal(c.value % rule.roundTo, 0);
          if (c.value === 0) assert.equal(rule.zeroIsDisclosive, false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never leaves exactly one suppressed figure in a line with a total, so nothing is recovered by subtraction', () => {
    fc.assert(
      fc.property(ruleArb, tableArb, (rule, table) => {
        const t = protectTable(rule, table);
        for (const line of lines(t, table.rowTotals, table.columnTotals)) {
          assert.notEqual(line.filter(isSuppressed).length, 1, JSON.stringify({ table, line }));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every small count of the original table hidden', () => {
    fc.assert(
      fc.property(tableArb, (table) => {
        const t = protectTable(DEFAULT_DISCLOSURE_RULE, table);
        for (const [r, row] of table.cells.entries())
          for (const [c, n] of row.entries())
            if (n >= 1 && n <= 7) assert.equal(t.cells[r]![c]!.kind, 'suppressed');
      }),
      { numRuns: 300 },
    );
  });
});
