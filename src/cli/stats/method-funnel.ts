/**
 * `fairview stats funnel`: one result per input row (each row is a unit), from either family:
 * `--method wilson|poisson` → PHEindicatormethods' Fingertips funnel (pheFunnelRows);
 * `--method arcsine|shmi` → FunnelPlotR's PR and SR with random-effects over-dispersion (funnelPlotR).
 */
import type { FunnelLimits, PheFunnelRowsOptions, PlotrOptions } from '../../stats/index.ts';
import { funnelPlotR, pheFunnelRows } from '../../stats/index.ts';
import { StatsUsageError } from './errors.ts';
import type { InputTable } from './input-table.ts';
import { translateLibraryErrors } from './library-errors.ts';
import { column, confidenceOption, type StatsMethod } from './method.ts';
import { type ConfidenceLevel, limitColumns, type Options, parseConfidence } from './options.ts';
import type { Cell, StatsResult } from './result-table.ts';

type FunnelMethod = 'wilson' | 'poisson' | 'arcsine' | 'shmi';
type Kind = 'proportion' | 'ratio' | 'rate';

/** Which kinds each method handles; the first is its default. */
const KINDS: Record<FunnelMethod, Kind[]> = {
  wilson: ['proportion'],
  poisson: ['ratio', 'rate'],
  arcsine: ['proportion'],
  shmi: ['ratio'],
};

const optionNames: Record<string, string> = {
  multiplier: 'multiplier',
  target: 'target',
  trim: 'trim',
  rateType: 'rate-type',
};

function limitCells(limits: FunnelLimits | null, levels: readonly ConfidenceLevel[]): Cell[] {
  return levels.flatMap((l) =>
    l === 95
      ? [limits?.lower95 ?? null, limits?.upper95 ?? null]
      : [limits?.lower99_8 ?? null, limits?.upper99_8 ?? null],
  );
}

/** Rejects options that the chosen method would silently ignore. */
function refuse(options: Options, names: string[], why: string): void {
  for (const name of names) if (options.has(name)) throw new StatsUsageError(`--${name} ${why}`);
}

function pheFunnel(table: InputTable, options: Options, kind: Kind): StatsResult {
  refuse(options, ['trim', 'no-shmi-rounding'], `applies to --method arcsine or shmi only`);
  if (options.choice('overdispersion', ['none', 'random-effects'] as const, 'none') !== 'none') {
    throw new StatsUsageError(`--overdispersion random-effects applies to --method arcsine or shmi only`);
  }
  const levels = parseConfidence(options.string('confidence'));
  const numeratorColumn = options.required('numerator');
  const numerators = table.numbers(numeratorColumn, 'numerator');
  const columns: Record<string, string> = { numerator: numeratorColumn };
  let denominators: (number | null)[] = numerators.map(() => null);
  const denominatorColumn = kind === 'rate' ? options.string('denominator') : options.required('denominator');
  if (denominatorColumn !== undefined) {
    denominators = table.numbers(denominatorColumn, 'denominator');
    columns.denominator = denominatorColumn;
  }
  let rates: (number | null)[] | null = null;
  const libraryOptions: PheFunnelRowsOptions = { statistic: kind };
  if (kind === 'rate') {
    const rateColumn = options.required('rate');
    rates = table.numbers(rateColumn, 'rate');
    columns.rate = rateColumn;
    libraryOptions.rateType = options.choice('rate-type', ['crude', 'dsr'] as const, 'crude');
    libraryOptions.multiplier = options.positiveNumber('multiplier', 100000);
  } else {
    refuse(options, ['rate', 'rate-type', 'years'], 'applies to --kind rate only');
    libraryOptions.multiplier = options.positiveNumber('multiplier', 1);
  }
  const target = options.number('target');
  if (target !== undefined) libraryOptions.target = target;
  const years = kind === 'rate' ? options.number('years') : undefined;
  if (years !== undefined && !(years > 0)) throw new StatsUsageError(`--years must be greater than zero`);

  const rows = numerators.map((numerator, r) => ({
    numerator,
    denominator: denominators[r]!,
    rate: rates?.[r] ?? null,
  }));
  const result = translateLibraryErrors(
    { lineOf: (r) => table.line(r), columnOf: (f) => columns[f], optionOf: (f) => optionNames[f] },
    () => pheFunnelRows(rows, libraryOptions),
  );
  const multiplier = libraryOptions.multiplier;
  const out: Cell[][] = result.rows.map((u, r) => {
    const cells: Cell[] = [
      u.value,
      u.target,
      u.z,
      ...limitCells(u.value === null ? null : u.limits, levels),
      u.flag,
    ];
    if (years !== undefined) {
      // calculate_funnel_points: the annual population to chart the rate against.
      const x = rows[r]!.numerator;
      const rate = rows[r]!.rate;
      let derived: number | null = null;
      if (x !== null && u.value !== null) {
        if (libraryOptions.rateType === 'dsr')
          derived = x < 10 || rate === null ? null : (multiplier * x) / rate / years;
        else if (x === 0) derived = rows[r]!.denominator === null ? null : rows[r]!.denominator! / years;
        else derived = rate === null ? null : (multiplier * x) / rate / years;
      }
      cells.push(derived);
    }
    return cells;
  });
  return {
    echo: { table, rows: out.map((_, r) => r) },
    columns: [
      'value',
      'target',
      'z',
      ...limitColumns(levels),
      'flag',
      ...(years !== undefined ? ['denominator_derived'] : []),
    ],
    rows: out,
    summary: { phi: null, tau2: null, adjusted: false, target: result.summary.target, n: result.summary.n },
  };
}

function plotrFunnel(table: InputTable, options: Options, method: 'arcsine' | 'shmi'): StatsResult {
  refuse(options, ['rate', 'rate-type', 'years'], 'applies to --method poisson --kind rate only');
  if (method === 'arcsine') refuse(options, ['no-shmi-rounding'], 'applies to --method shmi only');
  if (method === 'shmi') refuse(options, ['target'], 'applies to proportions only (the SHMI target is 1)');
  const levels = parseConfidence(options.string('confidence'));
  const numeratorColumn = options.required('numerator');
  const denominatorColumn = options.required('denominator');
  const numerators = table.numbers(numeratorColumn, 'numerator');
  const denominators = table.numbers(denominatorColumn, 'denominator');
  const overdispersion = options.choice(
    'overdispersion',
    ['none', 'random-effects'] as const,
    'random-effects',
  );
  const libraryOptions: PlotrOptions = {
    dataType: method === 'arcsine' ? 'PR' : 'SR',
    overdispersion,
    trim: options.number('trim', 0.1),
    shmiRounding: !options.flag('no-shmi-rounding'),
    multiplier: options.positiveNumber('multiplier', 1),
  };
  const target = options.number('target');
  if (target !== undefined) libraryOptions.target = target;

  const rows = numerators.map((numerator, r) => ({ numerator, denominator: denominators[r]! }));
  const columns: Record<string, string> = { numerator: numeratorColumn, denominator: denominatorColumn };
  const result = translateLibraryErrors(
    { lineOf: (r) => table.line(r), columnOf: (f) => columns[f], optionOf: (f) => optionNames[f] },
    () => funnelPlotR(rows, libraryOptions),
  );
  const adjusted = overdispersion === 'random-effects';
  const out: Cell[][] = result.rowUnit.map((index) => {
    const u = index === null ? null : result.units[index]!;
    const cells: Cell[] = [u?.value ?? null, u === null ? result.summary.target : u.target, u?.z ?? null];
    cells.push(...limitCells(u?.limits ?? null, levels));
    if (adjusted) cells.push(...limitCells(u?.adjustedLimits ?? null, levels));
    cells.push(u?.flag ?? null);
    return cells;
  });
  return {
    echo: { table, rows: out.map((_, r) => r) },
    columns: [
      'value',
      'target',
      'z',
      ...limitColumns(levels),
      ...(adjusted ? limitColumns(levels, 'adjusted_') : []),
      'flag',
    ],
    rows: out,
    summary: {
      phi: result.summary.phi,
      tau2: result.summary.tau2,
      adjusted: result.summary.adjusted,
      target: result.summary.target,
      n: result.summary.n,
    },
  };
}

export const funnelMethod: StatsMethod = {
  name: 'funnel',
  summary: 'funnel plot significance: PHE Wilson/Poisson, or FunnelPlotR arcsine/SHMI with over-dispersion',
  options: [
    column('numerator', 'events (observed deaths for shmi and ratios)'),
    column('denominator', 'population (expected count for shmi and ratios; optional for rates)'),
    {
      name: 'method',
      kind: 'value',
      placeholder: 'wilson|poisson|arcsine|shmi',
      help: 'which funnel (required)',
    },
    {
      name: 'kind',
      kind: 'value',
      placeholder: 'proportion|ratio|rate',
      help: 'poisson only: ratio (default) or rate',
    },
    column('rate', "--kind rate: each unit's rate per --multiplier"),
    {
      name: 'rate-type',
      kind: 'value',
      placeholder: 'crude|dsr',
      help: '--kind rate: crude (default) or dsr',
    },
    {
      name: 'target',
      kind: 'value',
      placeholder: 'X',
      help: 'compare with this value instead of the pooled average (not shmi)',
    },
    {
      name: 'multiplier',
      kind: 'value',
      placeholder: 'M',
      help: 'scale of values and limits (default 1; 100000 for rates)',
    },
    {
      name: 'overdispersion',
      kind: 'value',
      placeholder: 'none|random-effects',
      help: 'arcsine/shmi: default random-effects',
    },
    {
      name: 'trim',
      kind: 'value',
      placeholder: '0.1',
      help: 'arcsine/shmi: share of z-scores trimmed in each tail before φ',
    },
    { name: 'no-shmi-rounding', kind: 'flag', help: 'shmi: do not round expected counts to 2 decimals' },
    {
      name: 'years',
      kind: 'value',
      placeholder: 'N',
      help: '--kind rate: adds denominator_derived (annual population)',
    },
    confidenceOption,
  ],
  notes: [
    'Result columns per row: value, target, z, lower_95, upper_95, lower_99_8, upper_99_8 (limits at the',
    "row's denominator without over-dispersion; exact Poisson for shmi), with random-effects also",
    'adjusted_lower_95 … adjusted_upper_99_8, then flag: high_99_8, high_95, none, low_95, low_99_8',
    '(not_applicable for dsr rates below 10 events). The flag uses the adjusted limits when they are',
    'drawn (random-effects and φ > 1). JSON summary: phi, tau2, adjusted, target, n.',
  ],
  run(table, options) {
    const method = options.choice('method', ['wilson', 'poisson', 'arcsine', 'shmi'] as const);
    if (method === undefined)
      throw new StatsUsageError(`option '--method' is required (wilson, poisson, arcsine or shmi)`);
    const allowed = KINDS[method];
    const kind = options.choice('kind', ['proportion', 'ratio', 'rate'] as const, allowed[0]!);
    if (!allowed.includes(kind)) {
      throw new StatsUsageError(`--method ${method} takes --kind ${allowed.join(' or ')}, not ${kind}`);
    }
    return method === 'wilson' || method === 'poisson'
      ? pheFunnel(table, options, kind)
      : plotrFunnel(table, options, method);
  },
};
