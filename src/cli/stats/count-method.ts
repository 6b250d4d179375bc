/**
 * What `proportion` and `rate` share: a numerator and denominator column, an optional --group-by
 * (groups summed, one output row per group), --multiplier and --confidence, and result columns
 * `value`, limits, `method`.
 */
import type { CountRow, LevelLimits } from '../../stats/index.ts';
import { groupKeys, type InputTable } from './input-table.ts';
import { translateLibraryErrors } from './library-errors.ts';
import type { ConfidenceLevel } from './options.ts';
import { levelFraction, limitColumns, type Options, parseConfidence } from './options.ts';
import type { Cell, StatsResult } from './result-table.ts';

export interface CountResult {
  value: number | null;
  limits: readonly LevelLimits[];
  method: string | null;
}

export interface CountLibrary {
  /** Row by row. */
  ungrouped(rows: CountRow[], options: { levels: number[]; multiplier: number }): CountResult[];
  /** One result per group key (in any order; matched back by `group`). */
  grouped(
    rows: (CountRow & { group: string })[],
    options: { levels: number[]; multiplier: number },
  ): (CountResult & { group: string })[];
  defaultMultiplier: number;
  /** The method label as the command writes it. */
  methodLabel(method: string | null): string | null;
}

export function limitCells(limits: readonly LevelLimits[]): Cell[] {
  return limits.flatMap((l) => [l.lower, l.upper]);
}

/** Empty group-key cells are missing values (null in JSON). */
export function keyCells(key: readonly string[]): Cell[] {
  return key.map((k) => (k.trim() === '' ? null : k));
}

export function runCountMethod(table: InputTable, options: Options, library: CountLibrary): StatsResult {
  const levels: ConfidenceLevel[] = parseConfidence(options.string('confidence'));
  const multiplier = options.positiveNumber('multiplier', library.defaultMultiplier);
  const numeratorColumn = options.required('numerator');
  const denominatorColumn = options.required('denominator');
  const numerators = table.numbers(numeratorColumn, 'numerator');
  const denominators = table.numbers(denominatorColumn, 'denominator');
  const groupBy = options.list('group-by');
  const libraryOptions = { levels: levels.map(levelFraction), multiplier };
  const places = {
    lineOf: (r: number) => table.line(r),
    columnOf: (f: string) =>
      f === 'numerator' ? numeratorColumn : f === 'denominator' ? denominatorColumn : undefined,
    optionOf: (f: string) => (f === 'multiplier' || f === 'confidence' ? f : undefined),
  };
  const resultColumns = ['value', ...limitColumns(levels), 'method'];
  const cells = (r: CountResult): Cell[] => [r.value, ...limitCells(r.limits), library.methodLabel(r.method)];

  if (groupBy.length === 0) {
    const rows = numerators.map((numerator, r) => ({ numerator, denominator: denominators[r]! }));
    const results = translateLibraryErrors(places, () => library.ungrouped(rows, libraryOptions));
    return {
      echo: { table, rows: results.map((_, r) => r) },
      columns: resultColumns,
      rows: results.map(cells),
      summary: {},
    };
  }
  const { groups, groupOf } = groupKeys(table, groupBy);
  const rows = numerators.map((numerator, r) => ({
    numerator,
    denominator: denominators[r]!,
    group: groupOf[r]!,
  }));
  const results = translateLibraryErrors(places, () => library.grouped(rows, libraryOptions));
  const byGroup = new Map(results.map((r) => [r.group, r]));
  return {
    columns: [...groupBy, ...resultColumns],
    rows: groups.map((g, k) => [...keyCells(g.key), ...cells(byGroup.get(String(k))!)]),
    summary: {},
  };
}
