/** `fairview stats proportion`: x of n with Wilson score limits (PHEindicatormethods `phe_proportion`). */
import { proportions, proportionsByGroup } from '../../stats/index.ts';
import { runCountMethod } from './count-method.ts';
import { column, confidenceOption, groupByOption, multiplierOption, type StatsMethod } from './method.ts';

export const proportionMethod: StatsMethod = {
  name: 'proportion',
  summary: 'proportion (x of n) with Wilson score confidence limits',
  options: [
    column('numerator', 'the count x (0 <= x <= n)'),
    column('denominator', 'the total n (> 0)'),
    multiplierOption('1; 100 gives percentages'),
    groupByOption,
    confidenceOption,
  ],
  notes: [
    'Result columns: value, lower_95, upper_95, lower_99_8, upper_99_8, method (Wilson).',
    'Without --group-by every input row is kept and the results appended; with it, one row per group',
    '(group columns, then results); a missing value anywhere in a group makes its result missing.',
  ],
  run: (table, options) =>
    runCountMethod(table, options, {
      ungrouped: (rows, o) => proportions(rows, o),
      grouped: (rows, o) => proportionsByGroup(rows, o),
      defaultMultiplier: 1,
      methodLabel: (m) => m,
    }),
};
