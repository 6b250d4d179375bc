/**
 * Errors under `/api/` as JSON problem details (RFC 9457): a machine-readable status and title and a
 * sentence for people, never the HTML error page. `error` repeats the title for callers written
 * against the API's earlier `{ error, field }` answers.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export function problem(c: Context, status: ContentfulStatusCode, title: string, detail?: string): Response {
  return c.body(
    JSON.stringify({ type: 'about:blank', title, status, ...(detail ? { detail } : {}), error: title }),
    status,
    { 'Content-Type': 'application/problem+json; charset=utf-8' },
  );
}
