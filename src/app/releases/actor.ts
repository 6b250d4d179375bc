/** Refused by the openness rules (src/domain/openness/access.ts). */
export class OpennessForbiddenError extends Error {
  override name = 'OpennessForbiddenError';
}

/** A request that cannot be carried out as asked (no such release, query already answered …). */
export class OpennessRequestError extends Error {
  override name = 'OpennessRequestError';
}
