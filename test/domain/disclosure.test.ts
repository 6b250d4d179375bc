/**
 * Statistical disclosure control (src/domain/disclosure/): no published figure reveals a count of 1–7,
 * neither directly, nor by rounding, nor by subtracting the other figures of a row or column from its
 * total. Properties over random tables (fast-check), with small counts made common on purpose.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hierarchyPatternReference } from '../../src/domain/disclosure/hierarchy-reference.ts';
import {
  DEFAULT_DISCLOSURE_RULE,
  type DisclosureRule,
  describeRule,
  HIDDEN_COMPLEMENT,
  HIDDEN_DENOMINATOR,
  HIDDEN_NUMERATOR,
  type HierarchyMember,
  hierarchyPattern,
  type PublishedCount,
  protectHierarchy,
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

/** Practices in a random hierarchy: regions ⊃ ICBs ⊃ sub-ICBs ⊃ PCNs (some practices in no PCN). */
const hierarchyArb = fc
  .array(
    fc.record({
      region: fc.integer({ min: 0, max: 1 }),
      icb: fc.integer({ min: 0, max: 1 }),
      sub: fc.integer({ min: 0, max: 2 }),
      pcn: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
      numerator: count,
      extra: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 500 })),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .map((rows) =>
    rows.map((r, i): HierarchyMember => {
      const region = `R${r.region}`;
      const icb = `${region}I${r.icb}`;
      const sub = `${icb}S${r.sub}`;
      return {
        code: `P${i}`,
        numerator: r.numerator,
        denominator: r.numerator + r.extra,
        areas: [...(r.pcn === null ? [] : [`${sub}N${r.pcn}`]), sub, icb, region, 'ENG'],
      };
    }),
  );

describe('disclosure control across the hierarchy of areas (one pattern for every page)', () => {
  it("hides every small count, and never leaves exactly one hidden figure in a practice, an area or an area's parts", () => {
    fc.assert(
      fc.property(hierarchyArb, (members) => {
        const rule = DEFAULT_DISCLOSURE_RULE;
        const p = hierarchyPattern(rule, members);
        assert.ok(p.proportion);
        const maskOf = (code: string, area: boolean) => (area ? p.areas : p.practices).get(code) ?? 0;
        const bits = [HIDDEN_NUMERATOR, HIDDEN_COMPLEMENT, HIDDEN_DENOMINATOR];
        const totals = new Map<string, number[]>();
        for (const m of members) {
          const mask = maskOf(m.code, false);
          const cells = [m.numerator, m.denominator - m.numerator, m.denominator];
          // Primary: every small count hidden.
          cells.forEach((v, k) => {
            if (v >= 1 && v <= 7) assert.ok(mask & bits[k]!, `${m.code} column ${k} = ${v} shown`);
          });
          // The practice's row: counted + not counted = denominator.
          assert.notEqual(bits.filter((b) => mask & b).length, 1, `${m.code} row`);
          for (const a of m.areas) {
            const t = totals.get(a) ?? [0, 0, 0];
            cells.forEach((v, k) => {
              t[k]! += v;
            });
            totals.set(a, t);
          }
        }
        for (const [a, t] of totals) {
          const mask = maskOf(a, true);
          t.forEach((v, k) => {
            if (v >= 1 && v <= 7) assert.ok(mask & bits[k]!, `${a} column ${k} = ${v} shown`);
          });
          assert.notEqual(bits.filter((b) => mask & b).length, 1, `${a} row`);
        }
        // Each area's parts: its own practices in no smaller area and its child areas, with its total.
        const parts = new Map<string, { code: string; area: boolean }[]>();
        const add = (parent: string, part: { code: string; area: boolean }) => {
          const list = parts.get(parent) ?? [];
          if (!list.some((x) => x.code === part.code)) list.push(part);
          parts.set(parent, list);
        };
        for (const m of members) {
          add(m.areas[0]!, { code: m.code, area: false });
          for (let j = 0; j + 1 < m.areas.length; j++)
            add(m.areas[j + 1]!, { code: m.areas[j]!, area: true });
        }
        for (const [a, list] of parts)
          for (const b of bits) {
            const hidden =
              list.filter((x) => maskOf(x.code, x.area) & b).length + (maskOf(a, true) & b ? 1 : 0);
            assert.notEqual(hidden, 1, `${a} column ${b}: ${JSON.stringify(list)}`);
          }
      }),
      { numRuns: 400 },
    );
  });

  it('publishes shown counts rounded to 5 and never in the suppressed range', () => {
    fc.assert(
      fc.property(hierarchyArb, (members) => {
        const p = protectHierarchy(DEFAULT_DISCLOSURE_RULE, members);
        for (const c of [...p.practices.values(), ...p.areas.values()])
          for (const x of [c.numerator, c.denominator])
            if (x.kind === 'shown') {
              assert.equal(x.value % 5, 0);
              assert.ok(x.value === 0 || x.value > 7);
            }
      }),
      { numRuns: 200 },
    );
  });

  it('hides a one-practice PCN and a second practice of its sub-ICB, so the totals give neither back', () => {
    const members: HierarchyMember[] = [
      { code: 'A', numerator: 3, denominator: 900, areas: ['N1', 'S', 'ENG'] },
      { code: 'B', numerator: 40, denominator: 1200, areas: ['N2', 'S', 'ENG'] },
      { code: 'C', numerator: 55, denominator: 1500, areas: ['N2', 'S', 'ENG'] },
    ];
    const p = protectHierarchy(DEFAULT_DISCLOSURE_RULE, members);
    assert.equal(p.practices.get('A')!.numerator.kind, 'suppressed');
    assert.equal(p.areas.get('N1')!.numerator.kind, 'suppressed');
    // N2's total is hidden too (else S − N2 = N1), and then one of its practices.
    assert.equal(p.areas.get('N2')!.numerator.kind, 'suppressed');
    assert.equal(p.practices.get('B')!.numerator.kind, 'suppressed');
    assert.equal(p.areas.get('S')!.numerator.kind, 'shown');
  });

  it('protects a rate (numerator above its denominator) as two separate columns', () => {
    const members: HierarchyMember[] = [
      { code: 'A', numerator: 30, denominator: 5, areas: ['S', 'ENG'] },
      { code: 'B', numerator: 4, denominator: 100, areas: ['S', 'ENG'] },
      { code: 'C', numerator: 90, denominator: 100, areas: ['S', 'ENG'] },
    ];
    const p = protectHierarchy(DEFAULT_DISCLOSURE_RULE, members);
    assert.equal(p.proportion, false);
    assert.equal(p.practices.get('B')!.numerator.kind, 'suppressed');
    assert.equal(p.practices.get('A')!.denominator.kind, 'suppressed');
    assert.equal(p.practices.get('A')!.numerator.kind, 'suppressed', 'the smallest other numerator');
  });
});

describe('the fast hierarchy pattern hides exactly the cells of the plain version', () => {
  /** Like hierarchyArb, with rates (a numerator above its denominator) and areas that do not nest. */
  const messyArb = fc
    .array(
      fc.record({
        region: fc.integer({ min: 0, max: 1 }),
        icb: fc.integer({ min: 0, max: 2 }),
        sub: fc.integer({ min: 0, max: 3 }),
        pcn: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
        numerator: count,
        denominator: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 600 })),
        nested: fc.boolean(),
      }),
      { minLength: 0, maxLength: 40 },
    )
    .map((rows) =>
      rows.map((r, i): HierarchyMember => {
        const region = `R${r.region}`;
        // Not nested: the PCN and sub-ICB codes do not carry their parents, so one PCN can sit in two
        // sub-ICB locations (as some real PCNs cross a boundary).
        const icb = r.nested ? `${region}I${r.icb}` : `I${r.icb}`;
        const sub = r.nested ? `${icb}S${r.sub}` : `S${r.sub}`;
        return {
          code: `P${i}`,
          numerator: r.numerator,
          denominator: r.denominator,
          areas: [...(r.pcn === null ? [] : [`N${r.pcn}`]), sub, icb, region, 'ENG'],
        };
      }),
    );

  it('on nested hierarchies of proportions, under any rule', () => {
    fc.assert(
      fc.property(ruleArb, hierarchyArb, (rule, members) => {
        assert.deepEqual(hierarchyPattern(rule, members), hierarchyPatternReference(rule, members));
      }),
      { numRuns: 400 },
    );
  });

  it('on rates, areas that do not nest, and empty input', () => {
    fc.assert(
      fc.property(ruleArb, messyArb, (rule, members) => {
        const fast = hierarchyPattern(rule, members);
        const plain = hierarchyPatternReference(rule, members);
        assert.deepEqual(fast, plain);
        // Same insertion order too, so anything iterating the maps sees the same thing.
        assert.deepEqual([...fast.practices.keys()], [...plain.practices.keys()]);
        assert.deepEqual([...fast.areas.keys()], [...plain.areas.keys()]);
      }),
      { numRuns: 400 },
    );
  });

  it('at England scale (6,500 practices), with rare, uncommon and common counts', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const prevalence of [0.0005, 0.01, 0.2]) {
      const members: HierarchyMember[] = Array.from({ length: 6500 }, (_, i) => {
        const pcn = Math.floor(i / 5.2);
        const sub = Math.floor(pcn / 11.8);
        const d = Math.round(1000 + 29000 * random() ** 1.8);
        return {
          code: `P${i}`,
          numerator: Math.round(d * prevalence * (0.5 + random())),
          denominator: d,
          areas: [
            ...(random() < 0.03 ? [] : [`N${pcn}`]),
            `S${sub}`,
            `I${Math.floor(sub / 2.5)}`,
            `R${Math.floor(sub / 15.2)}`,
            'ENG',
          ],
        };
      });
      assert.deepEqual(
        hierarchyPattern(DEFAULT_DISCLOSURE_RULE, members),
        hierarchyPatternReference(DEFAULT_DISCLOSURE_RULE, members),
        `prevalence ${prevalence}`,
      );
    }
  });
});
