/**
 * The two ways `fairview stats` refuses to run, and the exit codes analysts' scripts can rely on:
 * 2 for a mistake in the command itself (usage), 1 for data the method cannot accept.
 */

/** A mistake in the command line: unknown method or option, a bad option value. Exit code 2. */
export class StatsUsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'StatsUsageError';
  }
}

/** Where in the input a data problem sits: the data line (1 = first row after the header) and column. */
export interface DataLocation {
  line?: number;
  column?: string;
}

/** Input data the method cannot accept. Exit code 1. The message names the line and column when known. */
export class StatsDataError extends Error {
  readonly exitCode = 1;
  readonly line: number | undefined;
  readonly column: string | undefined;
  constructor(message: string, where: DataLocation = {}) {
    super(message);
    this.name = 'StatsDataError';
    this.line = where.line;
    this.column = where.column;
  }
}

/** The text shown on stderr: `data line 3, column 'deaths': numerators must be ...`. */
export function describeDataError(error: StatsDataError): string {
  const place: string[] = [];
  if (error.line !== undefined && !error.message.includes(`data line ${error.line}`)) {
    place.push(`data line ${error.line}`);
  }
  if (error.column !== undefined && !error.message.includes(`'${error.column}'`)) {
    place.push(`column '${error.column}'`);
  }
  return place.length > 0 ? `${place.join(', ')}: ${error.message}` : error.message;
}
