// The one error of gathering a calculation's inputs (inputs.ts, input-files.ts, standing-rules.ts).
/** A problem with the inputs a calculation asked for (no such release, no results for the period …). */
export class SchemeInputsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemeInputsError';
  }
}
