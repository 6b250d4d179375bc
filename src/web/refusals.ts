/**
 * How the web says no (issue 16), one copy each: `deny` asks the policy before a route does its work,
 * and `useCaseErrorResponse` is what app.onError answers a thrown `UseCaseError` with — a page, or under
 * /api/ problem details, with the status its kind maps to (use-case-status.ts). A visitor refused a
 * page they asked for (GET) is sent to sign in first; anyone else sees the reason.
 */
import type { UseCaseError } from '../app/use-case-error.ts';
import { type Action, can, type PolicyTarget } from '../domain/policy.ts';
import { isApiPath, problemOf } from './api/problem.ts';
import { forbiddenPage, notFoundPage } from './pages/errors.ts';
import type { RouteContext } from './request.ts';
import { USE_CASE_STATUS } from './use-case-status.ts';

/** The sign-in form, to come back to this page after. */
export const signInFirst = (c: RouteContext): Response =>
  c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);

/** Null when the policy allows `action`; otherwise the response to send (sign-in for visitors' GETs, 403). */
export function deny(c: RouteContext, action: Action, target: PolicyTarget = {}): Response | null {
  const session = c.get('session');
  const decision = can(session?.user ?? null, action, target);
  if (decision.allowed) return null;
  if (!session && c.req.method === 'GET') return signInFirst(c);
  return c.html(forbiddenPage(c.get('viewer'), decision.reason), 403);
}

/** A use case's refusal as the answer to the request: problem details under /api/, else a page. */
export function useCaseErrorResponse(c: RouteContext, error: UseCaseError): Response {
  if (isApiPath(c.req.path)) return problemOf(c, error.kind, error.message, error.field);
  if (error.kind === 'forbidden' && !c.get('session') && c.req.method === 'GET') return signInFirst(c);
  if (error.kind === 'not_found') return c.html(notFoundPage(c.get('viewer'), error.message), 404);
  return c.html(forbiddenPage(c.get('viewer'), error.message), USE_CASE_STATUS[error.kind]);
}
