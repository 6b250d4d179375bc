// A definition as canonical JSON (keys sorted at every level, no whitespace): equal text means an
// equal definition, so the store can tell "the same version again" from "changed without a new
// version number". Hashing the text is the caller's job (domain code does no I/O and needs no crypto).
import type { SchemeDefinition } from './definition.ts';

export function canonicalSchemeJson(definition: SchemeDefinition): string {
  return canonical(definition);
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}
