/**
 * Translating the library's StatsInputError (a 0-based row index into the array the adapter passed,
 * and a field name) into the command's terms: the data line and the analyst's column name. An error
 * about an option (no row, a field the adapter knows as an option) is a usage error, exit code 2.
 */
import { StatsInputError } from '../../stats/errors.ts';
import { StatsDataError, StatsUsageError } from './errors.ts';

export interface ErrorPlaces {
  /** The data line of the row index the library reported (undefined when the row is not one line). */
  lineOf(row: number): number | undefined;
  /** The input column of a library field name, e.g. `numerator` → `deaths`. */
  columnOf(field: string): string | undefined;
  /** The option a library option field corresponds to, e.g. `fixAfterN` → `fix-after`. */
  optionOf?(field: string): string | undefined;
}

export function translateLibraryErrors<T>(places: ErrorPlaces, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    if (error.row === null) {
      // An error about an option is a usage error; one about the data as a whole (no row) is not.
      const option = error.field === null ? undefined : places.optionOf?.(error.field);
      if (option !== undefined) throw new StatsUsageError(`--${option}: ${error.message}`);
      const column = error.field === null ? undefined : places.columnOf(error.field);
      throw new StatsDataError(error.message, column === undefined ? {} : { column });
    }
    const column = error.field === null ? undefined : places.columnOf(error.field);
    const line = places.lineOf(error.row);
    throw new StatsDataError(error.message, {
      ...(line === undefined ? {} : { line }),
      ...(column === undefined ? {} : { column }),
    });
  }
}
