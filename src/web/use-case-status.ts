import type { UseCaseErrorKind } from '../app/use-case-error.ts';

/** The HTTP status of each kind of use-case error, for pages and JSON alike. */
export const USE_CASE_STATUS = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
} as const satisfies Record<UseCaseErrorKind, number>;
