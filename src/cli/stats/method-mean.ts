/**
 * `fairview stats mean`: mean with Student's t limits (`phe_mean`). Always summarises: one row for the
 * whole file, or one per group. Missing values are left out of the count (Fairview's rule).
 */

import type { MeanResult } from '../../stats/index.ts';
import { mean, meansByGroup } from '../../stats/index.ts';
import { keyCells, limitCells } from './count-method.ts';
import { groupKeys } from './input-table.ts';
import { translateLibraryErrors } from './library-errors.ts';
import { column, confidenceOption, groupByOption, type StatsMethod } from './method.ts';
import { levelFraction, limitColumns, parseConfidence } from './options.ts';
import type { Cell } from './result-table.ts';

const cells = (r: MeanResult): Cell[] => [r.count, r.sum, r.sd, r.value, ...limitCells(r.limits)];

export const meanMethod: StatsMethod = {
  name: 'mean',
  summary: "mean with Student's t confidence limits (one row per group, or one for the file)",
  options: [column('value', 'the values to average'), groupByOption, confidenceOption],
  notes: [
    'Result columns: count, sum, sd, value, lower_95, upper_95, lower_99_8, upper_99_8.',
    'Missing values are left out (count is the number of values present). With fewer than two values sd',
    'and the limits are empty.',
  ],
  run(table, options) {
    const levels = parseConfidence(options.string('confidence'));
    const valueColumn = options.required('value');
    const values = table.numbers(valueColumn, 'value');
    const groupBy = options.list('group-by');
    const libraryOptions = { levels: levels.map(levelFraction) };
    const places = { lineOf: (r: number) => table.line(r), columnOf: () => valueColumn };
    const resultColumns = ['count', 'sum', 'sd', 'value', ...limitColumns(levels)];
    if (groupBy.length === 0) {
      const result = translateLibraryErrors(places, () => mean(values, libraryOptions));
      return { columns: resultColumns, rows: [cells(result)], summary: {} };
    }
    const { groups, groupOf } = groupKeys(table, groupBy);
    const results = translateLibraryErrors(places, () =>
      meansByGroup(
        values.map((value, r) => ({ value, group: groupOf[r]! })),
        libraryOptions,
      ),
    );
    const byGroup = new Map(results.map((r) => [r.group, r]));
    return {
      columns: [...groupBy, ...resultColumns],
      rows: groups.map((g, k) => [...keyCells(g.key), ...cells(byGroup.get(String(k))!)]),
      summary: {},
    };
  },
};
