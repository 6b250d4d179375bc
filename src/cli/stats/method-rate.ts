/** `fairview stats rate`: crude rate with exact Poisson (< 10 events) or Byar limits (`phe_rate`). */
import { rates, ratesByGroup } from '../../stats/index.ts';
import { runCountMethod } from './count-method.ts';
import { column, confidenceOption, groupByOption, multiplierOption, type StatsMethod } from './method.ts';

/**
 * The command's label for Byar's method is `Byar`, as the analyst contract's table writes it
 * (PHEindicatormethods itself writes "Byars"; the library keeps R's label).
 */
export function poissonMethodLabel(method: string | null): string | null {
  return method === 'Byars' ? 'Byar' : method;
}

export const rateMethod: StatsMethod = {
  name: 'rate',
  summary: 'crude rate with exact Poisson (below 10 events) or Byar confidence limits',
  options: [
    column('numerator', 'the number of events (>= 0)'),
    column('denominator', 'the population (> 0)'),
    multiplierOption('100000'),
    groupByOption,
    confidenceOption,
  ],
  notes: [
    'Result columns: value, lower_95, upper_95, lower_99_8, upper_99_8, method (Exact below 10 events,',
    'else Byar). --group-by sums events and populations per group.',
  ],
  run: (table, options) =>
    runCountMethod(table, options, {
      ungrouped: (rows, o) => rates(rows, o),
      grouped: (rows, o) => ratesByGroup(rows, o),
      defaultMultiplier: 100000,
      methodLabel: poissonMethodLabel,
    }),
};
