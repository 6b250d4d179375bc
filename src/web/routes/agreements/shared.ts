/** What the agreement pages and API share: the request environment and who acts for which practice. */
import type { ActiveSession } from '../../../app/auth/sessions.ts';
import { type AnyAction, can } from '../../../domain/policy.ts';

export const ID = /^\d{1,9}$/;

/** The practices the signed-in user may act for with `action` (partner or manager roles, not observers). */
export function practicesActedFor(session: ActiveSession | null, action: AnyAction): string[] {
  if (!session) return [];
  const codes = session.user.roles
    .filter((r) => (r.role === 'practice_partner' || r.role === 'practice_manager') && r.organisationCode)
    .map((r) => r.organisationCode!.toUpperCase());
  return [...new Set(codes)].filter((code) => can(session.user, action, { organisationCode: code }).allowed);
}

/** Whether the user manages agreements for some commissioner (shows the drafting links). */
export function managesSomewhere(session: ActiveSession | null): boolean {
  if (!session) return false;
  const scopes = session.user.roles.map((r) => r.organisationCode).filter((c): c is string => c !== null);
  if (session.user.roles.some((r) => r.role === 'administrator'))
    return can(session.user, 'manage_agreements').allowed;
  return scopes.some((code) => can(session.user, 'manage_agreements', { organisationCode: code }).allowed);
}
