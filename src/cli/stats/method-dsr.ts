/**
 * `fairview stats dsr`: directly standardised rates with Dobson limits (`calculate_dsr`), one row per
 * group. Rows are (group, age band) — or (group, age band, event frequency) for non-independent events.
 */
import type { DsrRow } from '../../stats/index.ts';
import { dsrByGroup, esp2013Population } from '../../stats/index.ts';
import { keyCells, limitCells } from './count-method.ts';
import { StatsDataError, StatsUsageError } from './errors.ts';
import { groupKeys, requireGroups } from './input-table.ts';
import { translateLibraryErrors } from './library-errors.ts';
import { column, confidenceOption, groupByOption, multiplierOption, type StatsMethod } from './method.ts';
import { levelFraction, limitColumns, parseConfidence } from './options.ts';

export const dsrMethod: StatsMethod = {
  name: 'dsr',
  summary: 'directly standardised rate with Dobson confidence limits (2013 European Standard Population)',
  options: [
    column('count', 'events in the age band'),
    column('population', 'population of the age band (> 0)'),
    column('age-band', 'the age band, e.g. 0-4 … 85-89, 90+'),
    { ...groupByOption, help: 'one output row per group (required)' },
    {
      name: 'standard',
      kind: 'value',
      placeholder: 'esp2013',
      help: 'standard population by age band (default)',
    },
    column('standard-population', "the standard population of each row's age band instead"),
    multiplierOption('100000'),
    column('event-frequency', 'non-independent events: rows count persons with this many events'),
    confidenceOption,
  ],
  notes: [
    'Result columns: total_count, total_population, value, lower_95, upper_95, lower_99_8, upper_99_8,',
    'method (Dobson). Value and limits are empty when total_count < 10. A missing count counts as 0.',
    'With --standard esp2013 the age band is matched on its first age (0-4, 00-04, 5 to 9, 90+ …).',
  ],
  run(table, options) {
    const levels = parseConfidence(options.string('confidence'));
    const groupBy = options.list('group-by');
    requireGroups(groupBy, 'dsr');
    const multiplier = options.positiveNumber('multiplier', 100000);
    const standardColumn = options.string('standard-population');
    if (standardColumn !== undefined && options.has('standard')) {
      throw new StatsUsageError('give either --standard or --standard-population, not both');
    }
    options.choice('standard', ['esp2013'] as const, 'esp2013');

    const columns: Record<string, string> = {
      count: options.required('count'),
      population: options.required('population'),
      ageBand: options.required('age-band'),
    };
    const counts = table.numbers(columns.count!, 'count');
    const populations = table.numbers(columns.population!, 'population');
    const bands = table.texts(columns.ageBand!, 'age-band');
    let standards: (number | null)[];
    if (standardColumn !== undefined) {
      columns.standard = standardColumn;
      standards = table.numbers(standardColumn, 'standard-population');
    } else {
      columns.standard = columns.ageBand!;
      standards = bands.map((band, r) => {
        const population = esp2013Population(band);
        if (population === null) {
          throw new StatsDataError(
            `age band '${band}' is not one of the 2013 European Standard Population's bands (0-4, 5-9, …, 85-89, 90+)`,
            { line: table.line(r), column: columns.ageBand! },
          );
        }
        return population;
      });
    }
    const frequencyColumn = options.string('event-frequency');
    const frequencies =
      frequencyColumn === undefined ? null : table.numbers(frequencyColumn, 'event-frequency');
    if (frequencyColumn !== undefined) columns.eventFrequency = frequencyColumn;

    const { groups, groupOf } = groupKeys(table, groupBy);
    const rows: DsrRow[] = counts.map((count, r) => ({
      group: groupOf[r]!,
      count,
      population: populations[r]!,
      standard: standards[r]!,
      ageBand: bands[r]!,
      ...(frequencies === null ? {} : { eventFrequency: frequencies[r]! }),
    }));
    const results = translateLibraryErrors(
      {
        lineOf: (r) => table.line(r),
        columnOf: (f) => columns[f],
        optionOf: (f) => (f === 'multiplier' ? f : undefined),
      },
      () =>
        dsrByGroup(rows, {
          levels: levels.map(levelFraction),
          multiplier,
          independentEvents: frequencies === null,
        }),
    );
    const byGroup = new Map(results.map((r) => [r.group, r]));
    return {
      columns: [...groupBy, 'total_count', 'total_population', 'value', ...limitColumns(levels), 'method'],
      rows: groups.map((g, k) => {
        const r = byGroup.get(String(k))!;
        return [
          ...keyCells(g.key),
          r.totalCount,
          r.totalPopulation,
          r.value,
          ...limitCells(r.limits),
          r.method,
        ];
      }),
      summary: {},
    };
  },
};
