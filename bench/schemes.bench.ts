/**
 * Scheme calculation at national scale: a QOF-style scheme of 70 indicators (50 prevalence-adjusted
 * ratio indicators in 14 register groups, 10 list-adjusted ratio indicators, 7 registers, 3 declared)
 * for ~6,500 practices (every practice in England), then a what-if recalculation with every
 * threshold moved up 5 points, and the statements' CSV with its checksum. Baseline: one pass over the
 * same inputs summing every count (the least any calculation must do).
 */
import { createHash } from 'node:crypto';
import {
  calculateScheme,
  type IndicatorCounts,
  type PracticeInput,
  type QofIndicator,
  type QofScheme,
  type SchemeInputs,
  statementsCsv,
} from '../src/domain/schemes/index.ts';
import { type Harness, seededRandom } from './harness.ts';

const GROUPS = [
  'AF',
  'AST',
  'CHD',
  'CKD',
  'COPD',
  'DEM',
  'DEP',
  'DM',
  'HF',
  'HYP',
  'MH',
  'NDH',
  'PAD',
  'STIA',
];

function scheme(): QofScheme {
  const indicators: QofIndicator[] = [];
  for (let i = 0; i < 50; i++) {
    indicators.push({
      code: `CL${i}`,
      name: null,
      measure: 'ratio',
      points: 4 + (i % 12),
      lowerThreshold: 40,
      upperThreshold: 80 + (i % 3) * 5,
      prevalenceGroup: GROUPS[i % GROUPS.length]!,
    });
  }
  for (let i = 0; i < 10; i++) {
    indicators.push({
      code: `PH${i}`,
      name: null,
      measure: 'ratio',
      points: 10,
      lowerThreshold: 45,
      upperThreshold: 80,
      prevalenceGroup: null,
    });
  }
  for (let i = 0; i < 7; i++) {
    indicators.push({
      code: `REG${i}`,
      name: null,
      measure: 'register',
      points: 5,
      lowerThreshold: null,
      upperThreshold: null,
      prevalenceGroup: GROUPS[i]!,
    });
  }
  for (let i = 0; i < 3; i++) {
    indicators.push({
      code: `QI${i}`,
      name: null,
      measure: 'declared',
      points: 20,
      lowerThreshold: null,
      upperThreshold: null,
      prevalenceGroup: null,
    });
  }
  return {
    kind: 'qof',
    id: 'bench-qof',
    version: 1,
    name: 'Benchmark',
    year: '2023-24',
    description: null,
    poundsPerPoint: 213.43,
    nationalAverageListSize: 9639,
    nationalPrevalence: {},
    zeroDenominator: 'no_points',
    indicators,
  };
}

function inputs(s: QofScheme, practices: number): SchemeInputs {
  const random = seededRandom(2324);
  const list: PracticeInput[] = [];
  for (let p = 0; p < practices; p++) {
    const listSize = Math.round(2000 + random() * 18_000);
    const registers: PracticeInput['registers'] = {};
    for (const g of GROUPS)
      registers[g] = { register: Math.round(listSize * (0.005 + random() * 0.15)), listSize };
    const indicators: Record<string, IndicatorCounts> = {};
    for (const ind of s.indicators) {
      const eligible = Math.round(listSize * (0.01 + random() * 0.2));
      const exceptions = Math.round(eligible * random() * 0.1);
      const denominator = eligible - exceptions;
      indicators[ind.code] = {
        numerator: Math.round(denominator * (0.3 + random() * 0.69)),
        denominator,
        exceptions,
        register: ind.measure === 'register' ? registers[ind.prevalenceGroup!]!.register : null,
        achievedPoints: ind.measure === 'declared' ? Math.round(random() * 20) : null,
      };
    }
    list.push({
      practiceCode: `P${String(p).padStart(5, '0')}`,
      listSize,
      registers,
      indicators,
      baseline: {},
      peers: [],
      participation: null,
    });
  }
  return { period: '2023-24', source: 'benchmark', practices: list, commissioners: [] };
}

export default async function (h: Harness): Promise<void> {
  const practices = h.size(6500, 50);
  const base = scheme();
  const data = inputs(base, practices);
  const whatIf: QofScheme = {
    ...base,
    version: 2,
    indicators: base.indicators.map((i) =>
      i.measure === 'ratio'
        ? {
            ...i,
            lowerThreshold: i.lowerThreshold! + 5,
            upperThreshold: Math.min(100, i.upperThreshold! + 5),
          }
        : i,
    ),
  };
  const lines = practices * base.indicators.length;
  const small: SchemeInputs = { ...data, practices: data.practices.slice(0, 50) };

  h.group(
    `Schemes: QOF-style, ${base.indicators.length} indicators × ${practices.toLocaleString('en-GB')} practices (rows = statement lines)`,
  );
  await h.baseline('touch every count once (sum numerators and denominators)', lines, () => {
    let total = 0;
    for (const p of data.practices) {
      for (const code in p.indicators) {
        const c = p.indicators[code]!;
        total += (c.numerator ?? 0) + (c.denominator ?? 0);
      }
    }
    return total;
  });
  let first = 0;
  await h.task(
    'calculateScheme: statements for every practice',
    lines,
    () => {
      first = calculateScheme(base, data).totalAmount;
      return first;
    },
    { warmup: () => calculateScheme(base, small) },
  );
  let changed = 0;
  await h.task('what-if: thresholds +5 points, recalculated', lines, () => {
    changed = calculateScheme(whatIf, data).totalAmount;
    return changed;
  });
  await h.task('statements CSV and sha256 checksum', lines, () => {
    const csv = statementsCsv(calculateScheme(base, data));
    return createHash('sha256').update(csv).digest('hex');
  });
  const money = (x: number) => `£${x.toLocaleString('en-GB', { maximumFractionDigits: 0 })}`;
  console.log(`  total ${money(first)}; with thresholds +5: ${money(changed)} (${money(changed - first)})`);
}
