/** Every route that changes data: the tests try each as an observer and as a visitor. */
export const SCHEME_WRITE_PATHS = [
  '/schemes/standing-rules',
  '/schemes/standing-rules/:id/delete',
  '/schemes/calculations/:id/submit',
  '/schemes/calculations/:id/override',
  '/schemes/calculations/:id/distribution',
  '/schemes/calculations/:id/statements/:code/appeals',
  '/schemes/appeals/:id/decision',
] as const;
