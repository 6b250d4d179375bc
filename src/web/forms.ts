/**
 * A form's fields as a schema (issue 16): each route declares what it reads — text of at most so many
 * characters, an optional text, a whole number, one of some values, a date, a checkbox, a list — and
 * gets a typed object back, or a `UseCaseError('invalid', message, field)` naming the field at fault,
 * which app.onError answers as a page or as problem details. No `as` casts and no field read twice
 * two ways. The length cap every field has (limits.ts, checked before any route) still applies.
 */
import type { Context } from 'hono';
import { UseCaseError } from '../app/use-case-error.ts';

/** A parsed body: each field's text values (files are left out; the upload routes read those). */
export type FormValues = Readonly<Record<string, readonly string[]>>;

/** One field's rule: its values in, its typed value out, or a UseCaseError naming it. */
export interface Field<T> {
  read(values: readonly string[], name: string): T;
}

export type Schema = Readonly<Record<string, Field<unknown>>>;

export type Parsed<S extends Schema> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

const invalid = (message: string, field: string): UseCaseError => new UseCaseError('invalid', message, field);

/** The value a single field gives: the last one sent, as Hono's parseBody() reads it. */
const single = (values: readonly string[]): string => values[values.length - 1] ?? '';

interface TextOptions {
  /** Trim spaces at both ends (default true). */
  trim?: boolean;
  /** Cut a longer value to the limit instead of refusing it (what the older forms did). */
  clip?: boolean;
  /** When given, an empty value is refused with this sentence. */
  required?: string;
  /** The sentence for a value over the limit (default "… must be at most N characters"). */
  tooLong?: string;
}

/** Text of at most `maxLength` characters ('' when absent). */
export function text(maxLength: number, options: TextOptions = {}): Field<string> {
  return {
    read(values, name) {
      let v = single(values);
      if (options.trim !== false) v = v.trim();
      if (v.length > maxLength) {
        if (!options.clip)
          throw invalid(options.tooLong ?? `${name} must be at most ${maxLength} characters`, name);
        v = v.slice(0, maxLength);
      }
      if (v === '' && options.required) throw invalid(options.required, name);
      return v;
    },
  };
}

/** Text of at most `maxLength` characters, or null when left empty. */
export function optionalText(
  maxLength: number,
  options: Omit<TextOptions, 'required'> = {},
): Field<string | null> {
  const inner = text(maxLength, options);
  return { read: (values, name) => inner.read(values, name) || null };
}

/** A whole number written in digits, or null when left empty; anything else is refused with `message`. */
export function integer(message: string, range: { min?: number; max?: number } = {}): Field<number | null> {
  return {
    read(values, name) {
      const v = single(values).trim();
      if (v === '') return null;
      if (!/^-?\d{1,15}$/.test(v)) throw invalid(message, name);
      const n = Number(v);
      if ((range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max))
        throw invalid(message, name);
      return n;
    },
  };
}

/** One of `values`, or null when left empty; anything else is refused with `message`. */
export function oneOf<V extends string>(values: readonly V[], message: string): Field<V | null> {
  return {
    read(raw, name) {
      const v = single(raw).trim();
      if (v === '') return null;
      if (!(values as readonly string[]).includes(v)) throw invalid(message, name);
      return v as V;
    },
  };
}

/** A calendar day, YYYY-MM-DD, or null when left empty; anything else is refused with `message`. */
export function date(message: string): Field<string | null> {
  return {
    read(values, name) {
      const v = single(values).trim();
      if (v === '') return null;
      const day = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : null;
      if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== v)
        throw invalid(message, name);
      return v;
    },
  };
}

/** A checkbox: true when sent with any value. */
export function checkbox(): Field<boolean> {
  return { read: (values) => values.some((v) => v !== '') };
}

/** Every value sent under the name (a group of checkboxes, a multiple select), each trimmed, empties left out. */
export function list(maxItems = 1000): Field<string[]> {
  return {
    read(values, name) {
      const out = values.map((v) => v.trim()).filter((v) => v !== '');
      if (out.length > maxItems) throw invalid(`${name} may hold at most ${maxItems} choices`, name);
      return out;
    },
  };
}

/** A body as parseBody({ all: true }) gives it, reduced to each field's text values. */
export function formValues(body: Record<string, unknown>): FormValues {
  const out: Record<string, readonly string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    const values = Array.isArray(value) ? value : [value];
    out[name] = values.filter((v): v is string => typeof v === 'string');
  }
  return out;
}

/** The fields of `schema` read from `values`; the first field at fault throws its UseCaseError. */
export function parseForm<S extends Schema>(values: FormValues, schema: S): Parsed<S> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema)) out[name] = field.read(values[name] ?? [], name);
  return out as Parsed<S>;
}

/** The request's form, read by `schema`. */
export async function readForm<S extends Schema>(c: Context, schema: S): Promise<Parsed<S>> {
  return parseForm(formValues(await c.req.parseBody({ all: true })), schema);
}

/** A row's id written in 1 to 9 digits, or null for anything else: the use case says what is missing. */
export function idOrNull(): Field<number | null> {
  return {
    read(values) {
      const v = single(values).trim();
      return /^\d{1,9}$/.test(v) ? Number(v) : null;
    },
  };
}

/** The text fields as sent (the last of each, the CSRF token left out), to fill a form shown again. */
export function echoValues(values: FormValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, sent] of Object.entries(values))
    if (name !== 'csrf_token' && sent.length > 0) out[name] = single(sent);
  return out;
}

/** One field whose name is made as the form is (a row's `action_3`, a follow-up's `follow_12`). */
export function readField<T>(values: FormValues, name: string, field: Field<T>): T {
  return field.read(values[name] ?? [], name);
}
