/**
 * `fairview stats isr`: indirectly standardised ratio (SMR) or rate (`calculate_ISRatio` /
 * `calculate_ISRate`), one row per group. Each row is a (group, band) with its own reference count and
 * population (R's `refpoptype = "field"`).
 */
import type { IsrOptions } from '../../stats/index.ts';
import { isrByGroup } from '../../stats/index.ts';
import { keyCells, limitCells } from './count-method.ts';
import { StatsUsageError } from './errors.ts';
import { groupKeys, requireGroups } from './input-table.ts';
import { translateLibraryErrors } from './library-errors.ts';
import { column, confidenceOption, groupByOption, multiplierOption, type StatsMethod } from './method.ts';
import { poissonMethodLabel } from './method-rate.ts';
import { levelFraction, limitColumns, parseConfidence } from './options.ts';
import type { Cell } from './result-table.ts';

export const isrMethod: StatsMethod = {
  name: 'isr',
  summary: 'indirectly standardised ratio (SMR) or rate, with exact Poisson or Byar confidence limits',
  options: [
    column('count', 'observed events in the band'),
    column('population', 'population of the band'),
    column('reference-count', 'events in the reference population for the band'),
    column('reference-population', 'the reference population of the band (> 0)'),
    { ...groupByOption, help: 'one output row per group (required)' },
    { name: 'kind', kind: 'value', placeholder: 'ratio|rate', help: 'ratio (default) or rate' },
    {
      name: 'reference-value',
      kind: 'value',
      placeholder: 'X',
      help: 'ratio: scale of the ratio (default 1; 100 for SMR × 100)',
    },
    multiplierOption('100000; rate only'),
    confidenceOption,
  ],
  notes: [
    'Result columns: observed, expected, [reference_rate (rate only)], value, lower_95, upper_95,',
    'lower_99_8, upper_99_8, method (Exact below 10 observed events, else Byar).',
    "expected = Σ reference_count / reference_population × population over the group's rows.",
  ],
  run(table, options) {
    const levels = parseConfidence(options.string('confidence'));
    const groupBy = options.list('group-by');
    requireGroups(groupBy, 'isr');
    const kind = options.choice('kind', ['ratio', 'rate'] as const, 'ratio');
    const libraryOptions: IsrOptions & { levels: number[] } = { kind, levels: levels.map(levelFraction) };
    if (kind === 'ratio') {
      if (options.has('multiplier'))
        throw new StatsUsageError('--multiplier applies to --kind rate; use --reference-value');
      (libraryOptions as { referenceValue?: number }).referenceValue = options.positiveNumber(
        'reference-value',
        1,
      );
    } else {
      if (options.has('reference-value'))
        throw new StatsUsageError('--reference-value applies to --kind ratio; use --multiplier');
      (libraryOptions as { multiplier?: number }).multiplier = options.positiveNumber('multiplier', 100000);
    }
    const columns: Record<string, string> = {
      count: options.required('count'),
      population: options.required('population'),
      referenceCount: options.required('reference-count'),
      referencePopulation: options.required('reference-population'),
    };
    const counts = table.numbers(columns.count!, 'count');
    const populations = table.numbers(columns.population!, 'population');
    const referenceCounts = table.numbers(columns.referenceCount!, 'reference-count');
    const referencePopulations = table.numbers(columns.referencePopulation!, 'reference-population');

    const { groups, groupOf } = groupKeys(table, groupBy);
    const rows = counts.map((count, r) => ({
      group: groupOf[r]!,
      count,
      population: populations[r]!,
      referenceCount: referenceCounts[r]!,
      referencePopulation: referencePopulations[r]!,
    }));
    const results = translateLibraryErrors(
      {
        lineOf: (r) => table.line(r),
        columnOf: (f) => columns[f],
        optionOf: (f) => ({ multiplier: 'multiplier', referenceValue: 'reference-value' })[f],
      },
      () => isrByGroup(rows, libraryOptions),
    );
    const byGroup = new Map(results.map((r) => [r.group, r]));
    const rate = kind === 'rate';
    return {
      columns: [
        ...groupBy,
        'observed',
        'expected',
        ...(rate ? ['reference_rate'] : []),
        'value',
        ...limitColumns(levels),
        'method',
      ],
      rows: groups.map((g, k): Cell[] => {
        const r = byGroup.get(String(k))!;
        return [
          ...keyCells(g.key),
          r.observed,
          r.expected,
          ...(rate ? [r.referenceRate] : []),
          r.value,
          ...limitCells(r.limits),
          poissonMethodLabel(r.method),
        ];
      }),
      summary: {},
    };
  },
};
