/**
 * Bad input to a statistical method: a value that is not a number, an invalid date, an option out of
 * range. The command line turns it into a message naming the data line and column, so the error
 * carries where it happened rather than only a sentence.
 *
 * `row` is the 0-based index into the input array (the CLI adds 1 for its "data line"), or null when
 * the problem is an option rather than a row. `field` names the row field or option at fault.
 */
export class StatsInputError extends Error {
  constructor(
    message: string,
    readonly row: number | null,
    readonly field: string | null,
  ) {
    super(message);
    this.name = 'StatsInputError';
  }
}
