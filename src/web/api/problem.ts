/**
 * Errors under `/api/` as JSON problem details (RFC 9457, application/problem+json): `type`, `title`,
 * `status`, `detail` (a sentence for people) and, when a form field is at fault, `field`. Never the
 * HTML error page. Every /api/ error goes through `problem` — directly, through `problemOf` (a
 * use-case error, from app.onError), or through the `apiProblems` middleware, which turns whatever
 * else answers an /api/ path with an error (the CSRF and body checks) into one.
 * `error` repeats the sentence for callers written against the API's earlier `{ error, field }`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { UseCaseErrorKind } from '../../app/use-case-error.ts';
import { USE_CASE_STATUS } from '../use-case-status.ts';

export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** The title of each status Fairview answers with: what went wrong, in the same words every time. */
const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Sign in required',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Request too large',
  429: 'Too many requests',
  500: 'Server error',
  503: 'Not ready',
};

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  field?: string;
  error: string;
  [extension: string]: unknown;
}

/** The problem-details body for a status (title by status unless given). */
export function problemBody(
  status: number,
  title: string | null,
  detail?: string | null,
  extra: { field?: string | null; [key: string]: unknown } = {},
): ProblemDetails {
  const { field, ...rest } = extra;
  const t = title ?? TITLES[status] ?? 'Error';
  return {
    type: 'about:blank',
    title: t,
    status,
    ...(detail ? { detail } : {}),
    ...(field ? { field } : {}),
    ...rest,
    error: detail || t,
  };
}

/** An /api/ error answer: `title` the kind of problem, `detail` the sentence about this one. */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  title: string | null,
  detail?: string | null,
  extra: { field?: string | null; [key: string]: unknown } = {},
): Response {
  return c.body(JSON.stringify(problemBody(status, title, detail, extra)), status, {
    'Content-Type': PROBLEM_TYPE,
  });
}

/** A refusal of `kind` with its sentence (app.onError answers a use-case error with it); `forbidden` to a visitor is 401, sign in first. */
export function problemOf(
  c: Context,
  kind: UseCaseErrorKind,
  message: string,
  field: string | null = null,
  signedIn = c.get('session') != null,
): Response {
  const status = kind === 'forbidden' && !signedIn ? 401 : USE_CASE_STATUS[kind];
  return problem(c, status, null, message, { field });
}

/** 401 for a visitor calling an /api/ route that needs a session. */
export const signInRequired = (c: Context): Response =>
  problem(c, 401, null, 'Sign in to use this part of the API.');

/** The JSON API's paths: their errors are problem details, not HTML pages. */
export const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');

/** The sentence of an HTML error page, for the problem's detail. */
function sentenceOf(html: string): string | null {
  const main = html.split(/<main\b/i)[1] ?? html;
  // The refusal page's "Reason: …" (pages/errors.ts), else its first paragraph.
  const p =
    /<p\b[^>]*>\s*Reason: ([\s\S]*?)\.?\s*<\/p>/i.exec(main)?.[1] ??
    /<p\b[^>]*>([\s\S]*?)<\/p>/i.exec(main)?.[1];
  if (!p) return null;
  const text = p
    .replace(/<[^>]+>/g, '')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return text || null;
}

/**
 * Under /api/: any error answer that is not already problem details becomes one, with the same
 * status — an HTML page (the CSRF check, the body limits, a sign-in redirect is left alone) or an
 * older `{ error, field }` body. Routes should answer with `problem` themselves; this is the net.
 */
export function apiProblems(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!isApiPath(c.req.path)) return;
    // A page's "sign in first" (a redirect to the sign-in form) is a 401 to an API caller.
    if (c.res.status === 303 && (c.res.headers.get('location') ?? '').startsWith('/sign-in')) {
      c.res = undefined;
      c.res = problem(c, 401, null, 'Sign in to use this part of the API.');
      return;
    }
    if (c.res.status < 400) return;
    const type = c.res.headers.get('content-type') ?? '';
    if (type.startsWith('application/problem+json')) return;
    const status = c.res.status as ContentfulStatusCode;
    let detail: string | null = null;
    let extra: Record<string, unknown> = {};
    const text = await c.res.clone().text();
    if (type.startsWith('application/json')) {
      try {
        const { error, field, ...rest } = JSON.parse(text) as Record<string, unknown>;
        detail = typeof error === 'string' ? error : null;
        extra = { ...rest, field: typeof field === 'string' ? field : null };
      } catch {
        detail = null;
      }
    } else if (type.startsWith('text/html')) detail = sentenceOf(text);
    else detail = text.trim().slice(0, 500) || null;
    const headers = new Headers(c.res.headers);
    headers.set('Content-Type', PROBLEM_TYPE);
    headers.delete('Content-Length');
    c.res = undefined;
    c.res = new Response(JSON.stringify(problemBody(status, null, detail, extra)), { status, headers });
  };
}
