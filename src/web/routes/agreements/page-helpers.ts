/**
 * What the agreement and consultation pages share: the reader, the "may see agreements" check, how a
 * use case's refusal is shown (a forbidden or missing agreement as its page; anything else to
 * app.onError), field errors, and the document preview.
 */
import type { ActiveSession } from '../../../app/auth/sessions.ts';
import { isUseCaseError, type UseCaseError } from '../../../app/use-case-error.ts';
import type { Clause } from '../../../domain/agreements/clauses.ts';
import { parseAgreementDocument } from '../../../domain/agreements/document.ts';
import { guidanceChecks } from '../../../domain/agreements/guidance.ts';
import { can } from '../../../domain/policy.ts';
import type { FieldError } from '../../components.ts';
import type { Viewer } from '../../layout.ts';
import type { PreviewData } from '../../pages/agreements/agreement-pages.ts';
import { forbiddenPage, notFoundPage } from '../../pages/errors.ts';
import type { RouteContext } from '../../request.ts';

type Ctx = RouteContext;

export function defaultCommissioner(session: ActiveSession | null): string {
  return session?.user.roles.find((r) => r.role === 'commissioning_manager')?.organisationCode ?? '';
}

export const viewer = (c: Ctx): Viewer => c.get('viewer')!;

/** Null when the reader may see agreements; else the sign-in redirect or the 403 page. */
export const denyView = (c: Ctx): Response | null => {
  const session = c.get('session');
  const decision = can(session?.user ?? null, 'view_agreements');
  if (decision.allowed) return null;
  if (!session) return c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);
  return c.html(forbiddenPage(c.get('viewer'), decision.reason), 403);
};

/** The page for an error a use case raised; anything else is a bug and goes to app.onError. */
export const failure = (c: Ctx, error: unknown): Response => {
  if (!isUseCaseError(error)) throw error;
  if (error.kind === 'forbidden') return c.html(forbiddenPage(c.get('viewer'), error.message), 403);
  if (error.kind === 'not_found') return c.html(notFoundPage(c.get('viewer'), 'Not found'), 404);
  throw error;
};

export const fieldErrors = (error: UseCaseError, fallback: string): FieldError[] => [
  {
    field: error.field ?? fallback,
    message: error.message.charAt(0).toUpperCase() + error.message.slice(1),
  },
];

export function previewData(document: { title: string | null; clauses: Clause[] }): PreviewData {
  return { title: document.title, clauses: document.clauses, flags: guidanceChecks(document.clauses) };
}

/** The document as the guidance preview shows it, or the problems that stop it being read. */
export const previewOf = (body: string): { preview: PreviewData | null; errors: FieldError[] } => {
  const parsed = parseAgreementDocument(body);
  if (!parsed.ok) {
    return {
      preview: null,
      errors: parsed.problems.map((p) => ({
        field: 'body',
        message: `${p.line === null ? '' : `Line ${p.line}: `}${p.message}`,
      })),
    };
  }
  return { preview: previewData(parsed.document), errors: [] };
};
