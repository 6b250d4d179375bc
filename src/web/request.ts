/**
 * What every route reads from a request the same way: the variables app.ts sets on it (session, CSRF
 * token, viewer), the signed-in account as the use cases' `Actor`, a numeric path parameter and an
 * organisation's code. One copy, so a route cannot read them differently; forms are read by forms.ts.
 */
import type { Context } from 'hono';
import type { Actor } from '../app/actor.ts';
import type { ActiveSession } from '../app/auth/sessions.ts';
import type { Viewer } from './layout.ts';

/** The variables app.ts sets on every request. */
export type RouteEnv = {
  Variables: {
    session: ActiveSession | null;
    token: string | null;
    viewer: Viewer | null;
  };
};

export type RouteContext = Context<RouteEnv>;

/** An organisation's code as a path carries it (ODS codes: 2 to 10 letters and digits). */
export const ORG_CODE = /^[A-Za-z0-9]{2,10}$/;

/** The signed-in account as the acting `Actor`, or null for a visitor. */
export function actorOf(c: RouteContext): Actor | null {
  const s = c.get('session');
  return s
    ? { userId: s.user.id, username: s.user.username, displayName: s.user.displayName, roles: s.user.roles }
    : null;
}

/** A numeric path parameter (1 to 9 digits), or -1 — which no row has, so the use case says "not found". */
export function idParam(c: RouteContext, name = 'id'): number {
  const raw = c.req.param(name) ?? '';
  return /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
}
