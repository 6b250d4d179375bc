/**
 * Properties of SPC charts over random series (fast-check): results do not depend on the order of
 * the input rows, and each facet is charted as if it were alone. Small integer values are used on
 * purpose so that ties, points on the mean and missing points are common.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { spc } from '../../src/stats/spc.ts';
import { spcSummary } from '../../src/stats/spc-summary.ts';
import type { SpcOptions, SpcRow } from '../../src/stats/spc-types.ts';

function month(i: number): string {
  return `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
}

const facetSeries = fc.uniqueArray(
  fc.record({
    m: fc.integer({ min: 0, max: 40 }),
    value: fc.option(fc.integer({ min: -4, max: 4 }), { freq: 8 }),
  }),
  { selector: (p) => p.m, maxLength: 30 },
);

const dataset = fc.record({
  faceted: fc.boolean(),
  series: fc.dictionary(fc.constantFrom('a', 'B', 'ä', 'z'), facetSeries, { minKeys: 1, maxKeys: 4 }),
  options: fc.record(
    {
      improvementDirection: fc.constantFrom('increase' as const, 'decrease' as const, 'neutral' as const),
      runLength: fc.constantFrom(6 as const, 7 as const),
      screenOutliers: fc.boolean(),
      fixAfterN: fc.constantFrom(12, 15),
      rebase: fc.array(fc.integer({ min: 0, max: 40 }).map(month), { maxLength: 2 }),
      target: fc.integer({ min: -3, max: 3 }),
    },
    { requiredKeys: ['runLength'] },
  ),
  shuffleKeys: fc.array(fc.double({ noNaN: true }), { minLength: 130, maxLength: 130 }),
});

function rowsOf(d: {
  faceted: boolean;
  series: Record<string, { m: number; value: number | null }[]>;
}): SpcRow[] {
  const entries = d.faceted ? Object.entries(d.series) : Object.entries(d.series).slice(0, 1);
  return entries.flatMap(([facet, points]) =>
    points.map((p) =>
      d.faceted ? { value: p.value, date: month(p.m), facet } : { value: p.value, date: month(p.m) },
    ),
  );
}

describe('SPC properties', () => {
  it('gives the same chart and summary whatever the order of the input rows', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        const rows = rowsOf(d);
        const order = rows.map((_, i) => i).sort((i, j) => d.shuffleKeys[i]! - d.shuffleKeys[j]! || i - j);
        const shuffled = order.map((i) => rows[i]!);
        const options: SpcOptions = d.options;
        const a = spc(rows, options);
        const b = spc(shuffled, options);
        // `row` is the input position, so map the shuffled chart's rows back before comparing.
        const bPoints = b.points.map((p) => ({ ...p, row: order[p.row]! }));
        assert.deepEqual(bPoints, a.points);
        assert.deepEqual(spcSummary(b), spcSummary(a));
      }),
      { numRuns: 200 },
    );
  });

  it('charts each facet as if it were alone', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        const rows = rowsOf({ ...d, faceted: true });
        const options: SpcOptions = { ...d.options, target: undefined };
        const all = spc(rows, options).points;
        for (const facet of Object.keys(d.series)) {
          const alone = spc(
            rows.filter((r) => r.facet === facet),
            options,
          ).points;
          const strip = (p: (typeof all)[number]) => ({ ...p, row: 0 });
          assert.deepEqual(all.filter((p) => p.facet === facet).map(strip), alone.map(strip));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('keeps every input row exactly once and sorts by facet then date', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        const rows = rowsOf(d);
        const points = spc(rows, d.options).points;
        assert.deepEqual(
          points.map((p) => p.row).sort((x, y) => x - y),
          rows.map((_, i) => i),
        );
        for (let i = 1; i < points.length; i++) {
          const [p, q] = [points[i - 1]!, points[i]!];
          if (p.facet === q.facet) assert.ok(p.x < q.x);
        }
      }),
      { numRuns: 100 },
    );
  });
});
