/**
 * `fairview stats spc`: an XmR chart per facet (NHSRplotthedots' `ptd_spc`), one result per input row
 * in input order (the library sorts by facet and date; each point carries its input row back).
 */
import type { SpcOptions, SpcRow } from '../../stats/index.ts';
import { spc, spcSummary } from '../../stats/index.ts';
import { StatsUsageError } from './errors.ts';
import { translateLibraryErrors } from './library-errors.ts';
import { column, type StatsMethod } from './method.ts';
import type { Options } from './options.ts';
import type { Cell, Json } from './result-table.ts';

/** `A=2021-04-01,2022-04-01;B=2021-10-01` → per-facet lists; `2021-04-01,2022-04-01` → one list. */
export function parseRebase(text: string): string[] | Record<string, string[]> {
  if (!text.includes('=')) return text.split(',').map((d) => d.trim());
  const byFacet: Record<string, string[]> = {};
  for (const entry of text.split(';')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    if (eq < 1) throw new StatsUsageError(`--rebase entry '${entry}' should be FACET=DATE[,DATE]`);
    byFacet[entry.slice(0, eq).trim()] = entry
      .slice(eq + 1)
      .split(',')
      .map((d) => d.trim());
  }
  return byFacet;
}

/** `95` → one target for every facet; `A=95;B=90` → per facet (others get none). */
export function parseTargets(text: string): number | Record<string, number> {
  const asNumber = (s: string, what: string): number => {
    const x = Number(s.trim());
    if (s.trim() === '' || !Number.isFinite(x))
      throw new StatsUsageError(`--target ${what} '${s}' is not a number`);
    return x;
  };
  if (!text.includes('=')) return asNumber(text, 'value');
  const byFacet: Record<string, number> = {};
  for (const entry of text.split(';')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    if (eq < 1) throw new StatsUsageError(`--target entry '${entry}' should be FACET=X`);
    byFacet[entry.slice(0, eq).trim()] = asNumber(
      entry.slice(eq + 1),
      `for facet '${entry.slice(0, eq).trim()}'`,
    );
  }
  return byFacet;
}

const optionNames: Record<string, string> = {
  fixAfterN: 'fix-after',
  runLength: 'run-length',
  improvementDirection: 'improvement',
  rebase: 'rebase',
  target: 'target',
  screenOutliers: 'no-screen-outliers',
};

export const spcMethod: StatsMethod = {
  name: 'spc',
  summary: 'XmR statistical process control chart with the Making Data Count rules and icons',
  options: [
    column('value', 'the measured value of each point'),
    column('date', 'the date of each point, YYYY-MM-DD'),
    column('facet', 'a series name: each facet gets its own chart'),
    {
      name: 'improvement',
      kind: 'value',
      placeholder: 'increase|decrease|neutral',
      help: 'which way is better (default increase)',
    },
    {
      name: 'rebase',
      kind: 'value',
      placeholder: 'DATE[,DATE]|FACET=DATE;...',
      help: 'dates that start a new set of limits',
    },
    {
      name: 'target',
      kind: 'value',
      placeholder: 'X|FACET=X;...',
      help: 'target value(s) for the assurance icon',
    },
    {
      name: 'fix-after',
      kind: 'value',
      placeholder: 'N',
      help: 'fix the limits on the first N points of each group (N >= 12)',
    },
    { name: 'no-screen-outliers', kind: 'flag', help: 'keep large moving ranges when computing the limits' },
    { name: 'run-length', kind: 'value', placeholder: '6|7', help: 'points in a trend or shift (default 7)' },
  ],
  notes: [
    'Result columns per point: mean, lower_limit, upper_limit, special_cause, point_type.',
    'Output keeps the input order; limits are computed per facet and rebase group in date order.',
    'A missing value keeps its row, with the group mean and limits but no special_cause or point_type.',
    'JSON summary: groups (one per facet and rebase group) with mean, lower_limit, upper_limit, n,',
    'variation, assurance and their icon names.',
  ],
  run(table, options: Options) {
    const values = table.numbers(options.required('value'), 'value');
    const dateColumn = options.required('date');
    const dates = table.texts(dateColumn, 'date').map((d) => d.trim());
    const facetColumn = options.string('facet');
    const facets = facetColumn === undefined ? null : table.texts(facetColumn, 'facet');
    const rows: SpcRow[] = values.map((value, r) => {
      const row: SpcRow = { value, date: dates[r]! };
      // An empty facet cell is missing: the library refuses a row without a facet among faceted rows.
      if (facets !== null && facets[r] !== '') row.facet = facets[r]!;
      return row;
    });
    const spcOptions: SpcOptions = {
      improvementDirection: options.choice(
        'improvement',
        ['increase', 'decrease', 'neutral'] as const,
        'increase',
      ),
      screenOutliers: !options.flag('no-screen-outliers'),
      runLength: options.choice('run-length', ['6', '7'] as const, '7') === '6' ? 6 : 7,
    };
    const fixAfter = options.integer('fix-after', undefined, 12);
    if (fixAfter !== undefined) spcOptions.fixAfterN = fixAfter;
    const rebase = options.string('rebase');
    if (rebase !== undefined) spcOptions.rebase = parseRebase(rebase);
    const target = options.string('target');
    if (target !== undefined) spcOptions.target = parseTargets(target);

    const columns: Record<string, string> = { value: options.required('value'), date: dateColumn };
    if (facetColumn !== undefined) columns.facet = facetColumn;
    const chart = translateLibraryErrors(
      {
        lineOf: (r) => table.line(r),
        columnOf: (field) => columns[field],
        optionOf: (field) => optionNames[field],
      },
      () => spc(rows, spcOptions),
    );

    const results: Cell[][] = new Array(table.length);
    for (const p of chart.points) {
      results[p.row] = [p.mean, p.lpl, p.upl, p.special_cause_type, p.point_type];
    }
    const groups: Json[] = spcSummary(chart).map((g) => ({
      facet: g.facet,
      rebase_group: g.rebase_group,
      mean: g.mean,
      lower_limit: g.lpl,
      upper_limit: g.upl,
      n: g.n,
      n_missing: g.n_missing,
      common_cause: g.common_cause,
      special_cause_improvement: g.special_cause_improvement,
      special_cause_concern: g.special_cause_concern,
      variation: g.variation_type,
      assurance: g.assurance_type,
      variation_icon: g.variation_icon,
      assurance_icon: g.assurance_icon,
    }));
    return {
      echo: { table, rows: results.map((_, r) => r) },
      columns: ['mean', 'lower_limit', 'upper_limit', 'special_cause', 'point_type'],
      rows: results,
      summary: { groups },
    };
  },
};
