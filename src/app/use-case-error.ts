/**
 * What can go wrong with a request to a use case, as one error type for every area (agreements,
 * concerns, governance, obligations, schemes): its `kind` says what the caller should do about it and
 * the web maps it to a status (src/web/use-case-status.ts); its message is written for the person who
 * asked, and `field` names the form field it is about, for the error summary's link.
 */
export type UseCaseErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict';

export class UseCaseError extends Error {
  constructor(
    readonly kind: UseCaseErrorKind,
    message: string,
    /** The form field the message is about, when there is one. */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'UseCaseError';
  }
}

/** True for a use-case error (of `kind`, when given): the one way callers test for one (not instanceof). */
export function isUseCaseError(error: unknown, kind?: UseCaseErrorKind): error is UseCaseError {
  return error instanceof UseCaseError && (kind === undefined || error.kind === kind);
}
