/**
 * What can go wrong with an agreement or consultation request, as one error type whose `kind` the
 * web maps to a status (400, 403, 404, 409) and whose message is written for the person who asked.
 */
export type AgreementErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict';

export class AgreementError extends Error {
  constructor(
    readonly kind: AgreementErrorKind,
    message: string,
    /** The form field the message is about, when there is one. */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'AgreementError';
  }
}

/** Who is acting: the signed-in account's name and roles (UserAccount satisfies it). */
export interface Actor {
  username: string;
  roles: readonly import('../../domain/roles.ts').RoleAssignment[];
}

/** PostgreSQL's unique_violation: a concurrent request got there first. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
