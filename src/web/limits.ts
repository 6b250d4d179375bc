/**
 * Limits on every input (issue 11, findings 5 and 6; docs/security.md): request bodies are capped
 * before anything reads them — small by default, larger only on the two routes that take a file —
 * every form field has a length cap, the `next` address after sign-in is one of our own paths, and
 * a body that cannot be parsed is the client's fault (400), never a 500.
 */

/** Every form and API body but the uploads: forms of text fields, far below this. */
export const DEFAULT_BODY_LIMIT = 256 * 1024;
/** The routes that take a file: the file cap (5 MB, src/app/obligations/returns.ts) plus the form. */
export const UPLOAD_BODY_LIMIT = 6 * 1024 * 1024;
/** The longest text any one form field may hold (an agreement's Markdown is the longest: ~10,000 words). */
export const MAX_FIELD_CHARS = 64_000;

const UPLOAD_ROUTES: readonly RegExp[] = [/^\/obligations\/items\/\d+\/returns$/, /^\/concerns\/\d+\/reply$/];

/** The body limit of a POST to `path`. */
export function bodyLimitFor(path: string): number {
  return UPLOAD_ROUTES.some((r) => r.test(path)) ? UPLOAD_BODY_LIMIT : DEFAULT_BODY_LIMIT;
}

/** The first field over the length cap, or null. Files are capped by the body limit and their use case. */
export function overlongField(body: Record<string, unknown>): string | null {
  for (const [name, value] of Object.entries(body)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && v.length > MAX_FIELD_CHARS)) return name;
  }
  return null;
}

/**
 * Only our own paths: "/" then no second slash or backslash, and nothing but the characters a URL
 * path and query may hold — no tab, newline or other control character (a browser drops tabs and
 * newlines, so "/\t/evil.example" would become "//evil.example"; a newline in a Location header is
 * refused by the server after the session is made), no backslash anywhere, no space.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return '/';
  if (!/^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]*$/.test(next)) return '/';
  // Percent-encoded control characters, slashes or backslashes could be decoded by something later.
  if (/%(0[0-9a-f]|1[0-9a-f]|7f|5c|2f%2f)/i.test(next)) return '/';
  return next;
}
