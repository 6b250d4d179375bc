import { DEFAULT_DISCLOSURE_RULE, publishCount } from '../../../src/domain/disclosure/rule.ts';
import type { RuleTable } from '../rule-table.ts';

export const disclosure: RuleTable = {
  id: 'disclosure',
  title: 'Publishing a count (disclosure control)',
  says:
    'A count of 1 to 7 is not shown; every other count is rounded to the nearest 5, never down into ' +
    'the suppressed range; 0 is shown. (Totals and the figures made from counts follow from these: ' +
    'docs/security.md.)',
  source: 'src/domain/disclosure/rule.ts',
  columns: ['true count', 'published'],
  inputs: 1,
  rows: [
    ['0', '0'],
    ['1', 'suppressed'],
    ['5', 'suppressed'],
    ['7', 'suppressed'],
    ['8', '10'],
    ['9', '10'],
    ['12', '10'],
    ['13', '15'],
    ['102', '100'],
    ['103', '105'],
    ['1,234', '1,235'],
  ],
  decide: ([count]) => {
    const published = publishCount(DEFAULT_DISCLOSURE_RULE, Number(count!.replace(/,/g, '')));
    return [published.kind === 'suppressed' ? 'suppressed' : published.value.toLocaleString('en-GB')];
  },
};
