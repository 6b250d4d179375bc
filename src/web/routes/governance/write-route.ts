/** What a governance write declares (writes.ts registers each twice: a form post and its API twin). */
import type { Actor } from '../../../app/actor.ts';
import type { Clock } from '../../../app/clock.ts';
import type { Db } from '../../../app/db.ts';
import { optionalText, type Parsed, type Schema, text } from '../../forms.ts';
import { MAX_FIELD_CHARS } from '../../limits.ts';
import type { Problem } from '../../pages/governance/forms.ts';
import type { RouteContext } from '../../request.ts';
import type { GovernanceRenderers } from './render.ts';
import type { GovernanceWritePath } from './write-paths.ts';

type Ctx = RouteContext;

export const TEXT = text(MAX_FIELD_CHARS);
export const OPTIONAL = optionalText(MAX_FIELD_CHARS);
/** A number typed in digits, null when empty, NaN otherwise: the use case refuses NaN in its own words. */
export const intOrNull = (s: string): number | null =>
  s === '' ? null : /^\d+$/.test(s) ? Number(s) : Number.NaN;

/** One write: its form, the use case it runs, and the page to show again with a problem. */
export interface WriteRoute<S extends Schema> {
  path: GovernanceWritePath;
  summary: string;
  access: string;
  fields: string[];
  schema: S;
  /** The form on the page the fields belong to (for the error's link and the values kept). */
  form: (c: Ctx, f: Parsed<S>) => string;
  run: (
    c: Ctx,
    actor: Actor | null,
    f: Parsed<S>,
  ) => Promise<{ redirect: string; json: Record<string, unknown> }>;
  /** The page to show again with the problem, for invalid or refused submissions. */
  again: (c: Ctx, problem: Problem) => Promise<Response>;
}

export type Write = <S extends Schema>(route: WriteRoute<S>) => void;
export interface WriteDeps {
  db: Db;
  now: Clock;
  r: GovernanceRenderers;
  formFor: (name: string) => () => string;
}
