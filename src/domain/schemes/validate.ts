// A scheme definition from its JSON text: every problem with its path in the file, or the typed
// definition. The JSON Schema in docs/schemes/scheme.schema.json describes the same format for
// editors; this module is what Fairview enforces (it also checks what a schema cannot say well, such
// as upperThreshold > lowerThreshold and weights summing to at most 1).
import { Checker, describeProblem, type JsonObject, type SchemeProblem } from './checker.ts';
import { SCHEME_KINDS, type SchemeDefinition, type SchemeHeader } from './definition.ts';
import { LOCAL_FIELDS, readLocalScheme } from './validate-local.ts';
import { PREMIUM_FIELDS, readPremiumScheme } from './validate-premium.ts';
import { QOF_FIELDS, readQofScheme } from './validate-qof.ts';

export type { SchemeProblem };
export { describeProblem };

export type SchemeValidation =
  | { ok: true; scheme: SchemeDefinition }
  | { ok: false; problems: SchemeProblem[] };

const HEADER_FIELDS = ['$schema', 'kind', 'id', 'version', 'name', 'year', 'description'];
const ID = {
  test: /^[a-z0-9][a-z0-9_.-]{0,63}$/,
  says: 'an id of lower-case letters, digits, _ . - (e.g. qof-2023-24)',
};
const YEAR = { test: /^20\d{2}-\d{2}$/, says: 'a financial year such as 2023-24' };

/** Parses JSON text (problems name the line and column of a syntax error) and validates it. */
export function parseSchemeText(text: string): SchemeValidation {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: syntaxMessage(text, error) }] };
  }
  return validateScheme(value);
}

/** Validates an already-parsed definition. */
export function validateScheme(value: unknown): SchemeValidation {
  const c = new Checker();
  const o = c.object(value, '');
  if (!o) return { ok: false, problems: c.problems };
  const kind = c.oneOf(o, 'kind', '', SCHEME_KINDS);
  const header = readHeader(c, o);
  let scheme: SchemeDefinition | null = null;
  if (kind !== null) {
    const fields = kind === 'qof' ? QOF_FIELDS : kind === 'quality_premium' ? PREMIUM_FIELDS : LOCAL_FIELDS;
    c.onlyKeys(o, [...HEADER_FIELDS, ...fields], '');
    // The body is read even when the header has problems, so that every problem is reported at once.
    const h = header ?? { id: '', version: 0, name: '', year: '', description: null };
    scheme =
      kind === 'qof'
        ? readQofScheme(c, o, h)
        : kind === 'quality_premium'
          ? readPremiumScheme(c, o, h)
          : readLocalScheme(c, o, h);
  }
  if (scheme === null || c.problems.length > 0) {
    return {
      ok: false,
      problems: c.problems.length > 0 ? c.problems : [{ path: '', message: 'not a scheme' }],
    };
  }
  return { ok: true, scheme };
}

function readHeader(c: Checker, o: JsonObject): SchemeHeader | null {
  const id = c.text(o, 'id', '', ID);
  const version = c.number(o, 'version', '', { min: 1, integer: true }, 'a whole number of at least 1');
  const name = c.text(o, 'name', '');
  let year = c.text(o, 'year', '', YEAR);
  if (year !== null && Number(year.slice(5)) !== (Number(year.slice(2, 4)) + 1) % 100) {
    c.problem('year', `expected consecutive years such as 2023-24, found "${year}"`);
    year = null;
  }
  const description = c.optionalText(o, 'description', '');
  if (id === null || version === null || name === null || year === null) return null;
  return { id, version, name, year, description };
}

function syntaxMessage(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (!position) return `not valid JSON: ${message}`;
  const offset = Number(position[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `not valid JSON at line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
}
